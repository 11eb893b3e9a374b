/**
 * The shapes of the Person Directory (one directory of persons per resource, faces per recognition model,
 * no training) and of Dynamic Person Groups (references to directory persons). Their writes are
 * asynchronous: `202` with an `operation-Location` of `…/operations/{id}` to follow to its end.
 */
import type { DetectionModel, RecognitionModel } from './kinds';
import type { IdentifyOptions, IdentifyResult, VerifyResult } from './recognitionTypes';
import type { CallOptions, ImageSource, PageOptions, UpdateInput } from './callTypes';

/** A person of the resource's Person Directory. */
export interface DirectoryPerson {
	readonly personId: string;
	readonly name: string;
	readonly userData?: string;
}

export interface DirectoryFace {
	readonly persistedFaceId: string;
	readonly userData?: string;
}

export interface DynamicPersonGroup {
	readonly dynamicPersonGroupId: string;
	readonly name: string;
	readonly userData?: string;
}

/**
 * What an asynchronous write answered. `operationUrl` is the `operation-Location` header's value (any
 * header case) when it is a usable URL on the resource's origin, `operationId` its last segment; both are
 * undefined when the service answered `200` (done at once: a Dynamic Person Group created or renamed
 * without person changes) or sent no usable header (`locationProblem` then says why, for the log).
 */
export interface DirectoryWrite {
	readonly operationUrl?: string;
	readonly operationId?: string;
	readonly locationProblem?: string;
}

export interface CreatedDirectoryPerson extends DirectoryWrite {
	readonly personId: string;
}

export interface AddedDirectoryFace extends DirectoryWrite {
	readonly persistedFaceId: string;
}

export interface CreatePersonInput {
	readonly name: string;
	readonly userData?: string;
}

export interface AddDirectoryFaceOptions extends CallOptions {
	readonly targetFace?: readonly [number, number, number, number];
	readonly userData?: string;
	readonly detectionModel?: DetectionModel;
}

export interface CreateDynamicGroupInput {
	readonly name: string;
	readonly userData?: string;
	/** Directory persons to reference from the start: the service then answers `202` + operation. */
	readonly addPersonIds?: readonly string[];
}

export interface UpdateDynamicGroupInput extends UpdateInput {
	readonly addPersonIds?: readonly string[];
	readonly removePersonIds?: readonly string[];
}

/** Every directory person (`"*"`) or a list of 1–30 person ids. */
export type DirectoryScope = '*' | readonly string[];

export interface PersonDirectoryApi {
	listPersons(options?: PageOptions): Promise<DirectoryPerson[]>;
	getPerson(personId: string, options?: CallOptions): Promise<DirectoryPerson>;
	/** `202` + operation: the person exists once its operation succeeded. */
	createPerson(input: CreatePersonInput, options?: CallOptions): Promise<CreatedDirectoryPerson>;
	updatePerson(personId: string, input: UpdateInput, options?: CallOptions): Promise<void>;
	deletePerson(personId: string, options?: CallOptions): Promise<DirectoryWrite>;
	/** The Dynamic Person Groups that reference the person (paged). */
	listGroupReferences(personId: string, options?: PageOptions): Promise<string[]>;

	/** The person's face ids for one recognition model (a person holds faces per model). */
	listFaces(personId: string, model: RecognitionModel, options?: CallOptions): Promise<string[]>;
	getFace(personId: string, model: RecognitionModel, faceId: string, options?: CallOptions): Promise<DirectoryFace>;
	/** `202` + operation: the face is not searchable until its operation succeeded. */
	addFace(personId: string, model: RecognitionModel, image: ImageSource, options?: AddDirectoryFaceOptions): Promise<AddedDirectoryFace>;
	updateFace(personId: string, model: RecognitionModel, faceId: string, userData: string, options?: CallOptions): Promise<void>;
	deleteFace(personId: string, model: RecognitionModel, faceId: string, options?: CallOptions): Promise<DirectoryWrite>;

	/** Identify detected faces among directory persons: all (`'*'`) or the given ones. */
	identify(faceIds: readonly string[], scope: DirectoryScope, options?: IdentifyOptions): Promise<IdentifyResult[]>;
	/** Whether a detected face belongs to a directory person. */
	verify(faceId: string, personId: string, options?: CallOptions): Promise<VerifyResult>;
}

export interface DynamicGroupsApi {
	list(options?: PageOptions): Promise<DynamicPersonGroup[]>;
	get(groupId: string, options?: CallOptions): Promise<DynamicPersonGroup>;
	/** `200` without persons, `202` + operation with `addPersonIds`. */
	create(groupId: string, input: CreateDynamicGroupInput, options?: CallOptions): Promise<DirectoryWrite>;
	/** `200` for name / userData only, `202` + operation with person changes. */
	update(groupId: string, input: UpdateDynamicGroupInput, options?: CallOptions): Promise<DirectoryWrite>;
	delete(groupId: string, options?: CallOptions): Promise<DirectoryWrite>;
	/** The ids of the directory persons the group references (paged). */
	listPersons(groupId: string, options?: PageOptions): Promise<string[]>;
	identify(faceIds: readonly string[], groupId: string, options?: IdentifyOptions): Promise<IdentifyResult[]>;
}
