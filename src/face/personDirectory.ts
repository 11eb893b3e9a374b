/**
 * The Person Directory: `/persons…` (v1.1-preview.1, v1.2-preview.1). Creating or deleting a person and
 * adding or deleting a face answer `202` with the operation to follow (`DirectoryWrite`); reads and
 * renames answer at once. Every call goes through the client's pipeline (rate budget, retries, log);
 * a version without the directory is refused before any request.
 */
import { FaceUsageError } from './errors';
import type { RecognitionModel } from './kinds';
import { imageBody } from './recognition';
import { query, seg } from './routes';
import { toFace, toIdentifyResults, toIdString, toVerifyResult } from './shapes';
import {
	modelSeg,
	personSeg,
	requireDirectory,
	toDirectoryPerson,
	toDirectoryPersons,
	toIdList,
	writeResult,
	type DirectoryContext,
} from './directoryShared';
import type {
	AddDirectoryFaceOptions,
	AddedDirectoryFace,
	CreatedDirectoryPerson,
	CreatePersonInput,
	DirectoryFace,
	DirectoryPerson,
	DirectoryScope,
	DirectoryWrite,
	PersonDirectoryApi,
} from './directoryTypes';
import type { IdentifyOptions, IdentifyResult, VerifyResult } from './recognitionTypes';
import type { CallOptions, ImageSource, PageOptions, UpdateInput } from './types';

const FEATURE = 'The Person Directory';
/** Identify against at most 30 listed directory persons (or all of them with `'*'`). */
export const MAX_IDENTIFY_PERSON_IDS = 30;

export class PersonDirectory implements PersonDirectoryApi {
	constructor(private readonly ctx: DirectoryContext) {}

	private get pipe() {
		return this.ctx.pipe;
	}

	async listPersons(o: PageOptions = {}): Promise<DirectoryPerson[]> {
		requireDirectory(this.ctx, FEATURE);
		const target = `/persons${query({ start: o.start, top: o.top })}`;
		return this.pipe.callJson({ method: 'GET', target, retry: 'idempotent', signal: o.signal, background: o.background }, toDirectoryPersons);
	}

	async getPerson(personId: string, o: CallOptions = {}): Promise<DirectoryPerson> {
		requireDirectory(this.ctx, FEATURE);
		return this.pipe.callJson({ method: 'GET', target: personSeg(personId), retry: 'idempotent', signal: o.signal, background: o.background }, toDirectoryPerson);
	}

	async createPerson(input: CreatePersonInput, o: CallOptions = {}): Promise<CreatedDirectoryPerson> {
		requireDirectory(this.ctx, FEATURE);
		const json = { name: input.name, userData: input.userData };
		const { value, res } = await this.pipe.callParsed({ method: 'POST', target: '/persons', json, retry: 'create', signal: o.signal }, (v) => toIdString(v, 'personId'));
		return { personId: value, ...writeResult(this.ctx, res) };
	}

	async updatePerson(personId: string, input: UpdateInput, o: CallOptions = {}): Promise<void> {
		requireDirectory(this.ctx, FEATURE);
		await this.pipe.call({ method: 'PATCH', target: personSeg(personId), json: partial(input), retry: 'idempotent', signal: o.signal });
	}

	async deletePerson(personId: string, o: CallOptions = {}): Promise<DirectoryWrite> {
		requireDirectory(this.ctx, FEATURE);
		const res = await this.pipe.call({
			method: 'DELETE',
			target: personSeg(personId),
			retry: 'idempotent',
			signal: o.signal,
			doneOnRepeat: (e) => e.code === 'PersonNotFound',
		});
		return writeResult(this.ctx, res);
	}

	async listGroupReferences(personId: string, o: PageOptions = {}): Promise<string[]> {
		requireDirectory(this.ctx, FEATURE);
		const target = `${personSeg(personId)}/dynamicPersonGroupReferences${query({ start: o.start, top: o.top })}`;
		return this.pipe.callJson({ method: 'GET', target, retry: 'idempotent', signal: o.signal, background: o.background }, toIdList('dynamicPersonGroupIds'));
	}

	// ---- faces, per recognition model ----

	private facesPath(personId: string, model: RecognitionModel): string {
		return `${personSeg(personId)}/recognitionModels/${modelSeg(model)}/persistedfaces`;
	}

	private facePath(personId: string, model: RecognitionModel, faceId: string): string {
		return `${this.facesPath(personId, model)}/${seg(faceId, 'face id')}`;
	}

	async listFaces(personId: string, model: RecognitionModel, o: CallOptions = {}): Promise<string[]> {
		requireDirectory(this.ctx, FEATURE);
		return this.pipe.callJson({ method: 'GET', target: this.facesPath(personId, model), retry: 'idempotent', signal: o.signal, background: o.background }, toIdList('persistedFaceIds'));
	}

	async getFace(personId: string, model: RecognitionModel, faceId: string, o: CallOptions = {}): Promise<DirectoryFace> {
		requireDirectory(this.ctx, FEATURE);
		return this.pipe.callJson({ method: 'GET', target: this.facePath(personId, model, faceId), retry: 'idempotent', signal: o.signal, background: o.background }, toFace);
	}

	async addFace(personId: string, model: RecognitionModel, image: ImageSource, o: AddDirectoryFaceOptions = {}): Promise<AddedDirectoryFace> {
		requireDirectory(this.ctx, FEATURE);
		const q = query({ targetFace: o.targetFace?.join(','), detectionModel: o.detectionModel, userData: o.userData });
		const spec = { method: 'POST' as const, target: this.facesPath(personId, model) + q, ...imageBody(image), retry: 'create' as const, signal: o.signal };
		const { value, res } = await this.pipe.callParsed(spec, (v) => toIdString(v, 'persistedFaceId'));
		return { persistedFaceId: value, ...writeResult(this.ctx, res) };
	}

	async updateFace(personId: string, model: RecognitionModel, faceId: string, userData: string, o: CallOptions = {}): Promise<void> {
		requireDirectory(this.ctx, FEATURE);
		await this.pipe.call({ method: 'PATCH', target: this.facePath(personId, model, faceId), json: { userData }, retry: 'idempotent', signal: o.signal });
	}

	async deleteFace(personId: string, model: RecognitionModel, faceId: string, o: CallOptions = {}): Promise<DirectoryWrite> {
		requireDirectory(this.ctx, FEATURE);
		const res = await this.pipe.call({
			method: 'DELETE',
			target: this.facePath(personId, model, faceId),
			retry: 'idempotent',
			signal: o.signal,
			doneOnRepeat: (e) => e.code === 'PersistedFaceNotFound',
		});
		return writeResult(this.ctx, res);
	}

	// ---- recognition ----

	async identify(faceIds: readonly string[], scope: DirectoryScope, o: IdentifyOptions = {}): Promise<IdentifyResult[]> {
		requireDirectory(this.ctx, FEATURE);
		const personIds = scope === '*' ? ['*'] : [...scope];
		if (personIds.length === 0 || personIds.length > MAX_IDENTIFY_PERSON_IDS) {
			throw new FaceUsageError(
				`Identify against the Person Directory takes 1 to ${MAX_IDENTIFY_PERSON_IDS} person ids, or '*' for every person (got ${personIds.length}). No request was sent.`,
			);
		}
		const json = { faceIds, personIds, maxNumOfCandidatesReturned: o.maxNumOfCandidatesReturned, confidenceThreshold: o.confidenceThreshold };
		return this.pipe.callJson({ method: 'POST', target: '/identify', json, retry: 'idempotent', signal: o.signal }, toIdentifyResults);
	}

	async verify(faceId: string, personId: string, o: CallOptions = {}): Promise<VerifyResult> {
		requireDirectory(this.ctx, FEATURE);
		return this.pipe.callJson({ method: 'POST', target: '/verify', json: { faceId, personId }, retry: 'idempotent', signal: o.signal }, toVerifyResult);
	}
}

/** PATCH bodies are partial: only the fields given. */
export function partial(input: { readonly name?: string; readonly userData?: string }): Record<string, string> {
	const body: Record<string, string> = {};
	if (input.name !== undefined) {
		body.name = input.name;
	}
	if (input.userData !== undefined) {
		body.userData = input.userData;
	}
	return body;
}
