/**
 * The shapes the Face client speaks. The extension codes against `FaceApi`; `FaceClient` (client.ts)
 * implements it over undici. Nothing here imports `vscode`.
 */
import type { ApiVersion, ContainerKind, DetectionModel, PricingTier, RecognitionModel } from './kinds';
import type { BackoffOptions } from './retry';
import type { CallOptions, ImageSource, PageOptions, UpdateInput } from './callTypes';
import type { DetectedFace, DetectOptions, FindSimilarOptions, IdentifyOptions, IdentifyResult, SimilarFace, VerifyResult } from './recognitionTypes';
import type { DynamicGroupsApi, PersonDirectoryApi } from './directoryTypes';

export * from './callTypes';
export * from './recognitionTypes';
export * from './directoryTypes';

/** Yields the auth header(s) for one request: `{ 'Ocp-Apim-Subscription-Key': key }` or `{ Authorization: 'Bearer …' }`. */
export type AuthProvider = (signal?: AbortSignal) => Promise<Record<string, string>>;

export function apiKeyAuth(key: string): AuthProvider {
	return async () => ({ 'Ocp-Apim-Subscription-Key': key });
}

export function bearerAuth(getToken: (signal?: AbortSignal) => Promise<string>): AuthProvider {
	return async (signal) => ({ Authorization: `Bearer ${await getToken(signal)}` });
}

/** One line per HTTP exchange, for the log (never contains a key, a token or a body). */
export interface RequestLogEntry {
	readonly method: string;
	/** Path and query after the origin, e.g. `/face/v1.2/persongroups?top=100`. */
	readonly path: string;
	/** HTTP status; undefined when the request failed before a response. */
	readonly status?: number;
	readonly ms: number;
	readonly apimRequestId?: string;
	readonly clientRequestId: string;
	/**
	 * Whether the call counts as a billed transaction: the response carried `CSP-Billing-Usage`; or, absent
	 * that header, it was a 2xx, or a Face error (JSON error body) below 500 other than 401 and 429 (the
	 * gateway rejects those before the service works). No answer, 5xx and non-Face bodies: not billed.
	 */
	readonly billed: boolean;
	readonly attempt: number;
	readonly error?: string;
	/** Set when this attempt failed and will be repeated: the wait before the next attempt, in ms. */
	readonly retryInMs?: number;
	/**
	 * Set when the server asked for a longer wait (`Retry-After`) than the client honours (60 s): what it
	 * asked for, in ms. `error` then says so too ("Retry-After 86400 s cut to 60 s").
	 */
	readonly waitClampedFromMs?: number;
}

export interface AcquireOptions {
	/** The next attempt of a call whose attempt failed: served before first attempts. */
	readonly retry?: boolean;
	/** A read nobody waits for (the tree's training states): served after every other waiting call. */
	readonly background?: boolean;
	/** A poll expected to see an operation's end: served before first attempts, a few per window (budgetQueue.ts). */
	readonly priority?: boolean;
}

/** A rate budget the client draws from before each attempt (default: the endpoint's shared `getRateBudget`). */
export interface RequestBudget {
	/**
	 * Waits until a call may start (rejects with an AbortError when `signal` fires first). Resolves with
	 * `release`, to call once the call's answer or failure has arrived.
	 */
	acquire(signal?: AbortSignal, options?: AcquireOptions): Promise<() => void>;
	onSuccess(): void;
	/** A 429 arrived; `retryAfterMs` is what the service asked for, if it said. */
	onThrottled(retryAfterMs?: number): void;
}

export interface ProxyOptions {
	/** Explicit proxy URL (`http://host:port`); when absent, HTTPS_PROXY / HTTP_PROXY / NO_PROXY apply. */
	readonly url?: string;
	/** Verify TLS certificates (default true). */
	readonly strictSSL?: boolean;
}

export interface FaceClientOptions {
	/** Resource endpoint, e.g. `https://myface.cognitiveservices.azure.com` (no `/face/…`). */
	readonly endpoint: string;
	readonly apiVersion: ApiVersion;
	readonly auth: AuthProvider;
	/** Tier used to size the per-endpoint rate budget (default S0). */
	readonly tier?: PricingTier;
	/** Product token(s) first in `User-Agent`, e.g. `face-explorer/0.1.0 vscode/1.90.0` (default `face-explorer`). */
	readonly userAgent?: string;
	/** Per-request timeout in ms (default 30 000). */
	readonly timeoutMs?: number;
	/** Retries for safe requests on 429/503/connection faults (default 4). */
	readonly maxRetries?: number;
	/** Back-off between retries when the server names no wait (default: full jitter, 500 ms doubling up to 20 s). */
	readonly backoff?: BackoffOptions;
	readonly proxy?: ProxyOptions;
	readonly onRequest?: (entry: RequestLogEntry) => void;
	/** Overrides the endpoint's shared rate budget (benchmarks, tests); `UNLIMITED_BUDGET` never waits. */
	readonly rateBudget?: RequestBudget;
}

/** A container of any kind, normalised: `id` is the kind's id field. */
export interface Container {
	readonly kind: ContainerKind;
	readonly id: string;
	readonly name: string;
	readonly userData?: string;
	readonly recognitionModel?: RecognitionModel | string;
}

export interface FaceListDetails extends Container {
	readonly persistedFaces: readonly PersistedFace[];
}

export interface Person {
	readonly personId: string;
	readonly name: string;
	readonly userData?: string;
	readonly persistedFaceIds: readonly string[];
}

export interface PersistedFace {
	readonly persistedFaceId: string;
	readonly userData?: string;
}

export interface CreateContainerInput {
	readonly name: string;
	readonly userData?: string;
	readonly recognitionModel?: RecognitionModel;
}

export interface AddFaceOptions extends CallOptions {
	/** `left,top,width,height` of the face to add when the image has several. */
	readonly targetFace?: readonly [number, number, number, number];
	readonly userData?: string;
	readonly detectionModel?: DetectionModel;
}

/** Normalised training status. `state` is lower-cased and unified (`notstarted` for nonstarted/notStarted). */
export type TrainingState = 'nottrained' | 'notstarted' | 'running' | 'succeeded' | 'failed';

export interface TrainingStatus {
	readonly state: TrainingState;
	/** The raw `status` string as the service sent it (undefined for never-trained). */
	readonly rawStatus?: string;
	/** When this training run was queued. */
	readonly createdDateTime?: string;
	readonly lastActionDateTime?: string;
	readonly lastSuccessfulTrainingDateTime?: string;
	readonly message?: string;
	/** True when `rawStatus` is a status the client does not know (`"Paused"`): `state` is then `running`;
	 * a follower counts such answers to stop after a few (`pollAnswerProblem`). */
	readonly unrecognised?: true;
}

export interface TrainResult {
	/**
	 * The URL to poll: the `operation-Location` header's value when it is a usable URL on this resource's
	 * origin, else `…/{id}/training` (the service accepted the training either way: it must be followed).
	 */
	readonly pollUrl: string;
	/** Whether `pollUrl` is the `operation-Location` header's value. */
	readonly fromHeader: boolean;
	/**
	 * Set when the service sent an `operation-Location` the client does not follow (not a URL, not http(s),
	 * another origin): why, in a sentence for the log. `pollUrl` is then the `…/training` URL.
	 */
	readonly locationProblem?: string;
}

export interface OperationStatus {
	readonly operationId?: string;
	readonly state: TrainingState;
	readonly rawStatus: string;
	readonly createdTime?: string;
	readonly lastActionTime?: string;
	readonly finishedTime?: string;
	readonly resourceLocation?: string;
	readonly message?: string;
	/** True when `rawStatus` is a status the client does not know (see TrainingStatus.unrecognised). */
	readonly unrecognised?: true;
}

/** Everything the tree and the commands need from the Face service. */
export interface FaceApi {
	readonly endpoint: string;
	readonly apiVersion: ApiVersion;

	// Containers, for all four kinds (FaceList ignores start/top: it is not paged).
	listContainers(kind: ContainerKind, options?: PageOptions): Promise<Container[]>;
	getContainer(kind: ContainerKind, id: string, options?: CallOptions): Promise<Container>;
	/** FaceList only: the list with its embedded faces. */
	getFaceList(id: string, options?: CallOptions): Promise<FaceListDetails>;
	createContainer(kind: ContainerKind, id: string, input: CreateContainerInput, options?: CallOptions): Promise<void>;
	updateContainer(kind: ContainerKind, id: string, input: UpdateInput, options?: CallOptions): Promise<void>;
	deleteContainer(kind: ContainerKind, id: string, options?: CallOptions): Promise<void>;

	// Persons (Person Group, Large Person Group).
	listPersons(kind: ContainerKind, containerId: string, options?: PageOptions): Promise<Person[]>;
	getPerson(kind: ContainerKind, containerId: string, personId: string, options?: CallOptions): Promise<Person>;
	createPerson(kind: ContainerKind, containerId: string, input: CreateContainerInput, options?: CallOptions): Promise<string>;
	updatePerson(kind: ContainerKind, containerId: string, personId: string, input: UpdateInput, options?: CallOptions): Promise<void>;
	deletePerson(kind: ContainerKind, containerId: string, personId: string, options?: CallOptions): Promise<void>;

	// Faces. `personId` is given for person-holding kinds and omitted for face lists.
	addFace(kind: ContainerKind, containerId: string, personId: string | undefined, image: ImageSource, options?: AddFaceOptions): Promise<string>;
	getFace(kind: ContainerKind, containerId: string, personId: string | undefined, faceId: string, options?: CallOptions): Promise<PersistedFace>;
	/** Large Face List faces (paged). */
	listFaces(kind: ContainerKind, containerId: string, options?: PageOptions): Promise<PersistedFace[]>;
	updateFace(kind: ContainerKind, containerId: string, personId: string | undefined, faceId: string, userData: string, options?: CallOptions): Promise<void>;
	deleteFace(kind: ContainerKind, containerId: string, personId: string | undefined, faceId: string, options?: CallOptions): Promise<void>;

	// Training (trainable kinds).
	train(kind: ContainerKind, id: string, options?: CallOptions): Promise<TrainResult>;
	getTrainingStatus(kind: ContainerKind, id: string, options?: CallOptions): Promise<TrainingStatus>;
	/** GET an absolute poll URL (an `operation-Location` value): a `/training` or an `/operations/{id}` URL. */
	pollTraining(pollUrl: string, options?: CallOptions): Promise<TrainingStatus>;
	/** `GET /operations/{id}`, by id or by the absolute URL a Person Directory write answered (same origin only). */
	getOperation(operationIdOrUrl: string, options?: CallOptions): Promise<OperationStatus>;

	// Recognition.
	detect(image: ImageSource, options?: DetectOptions): Promise<DetectedFace[]>;
	identify(faceIds: readonly string[], target: { kind: ContainerKind; id: string }, options?: IdentifyOptions): Promise<IdentifyResult[]>;
	findSimilar(faceId: string, target: { kind: ContainerKind; id: string } | { faceIds: readonly string[] }, options?: FindSimilarOptions): Promise<SimilarFace[]>;
	verify(faceId1: string, faceId2: string, options?: CallOptions): Promise<VerifyResult>;
	verifyToPerson(faceId: string, target: { kind: ContainerKind; id: string; personId: string }, options?: CallOptions): Promise<VerifyResult>;

	/** The Person Directory and Dynamic Person Groups (preview versions only: see `PERSON_DIRECTORY_VERSIONS`). */
	readonly directory: PersonDirectoryApi;
	readonly dynamicGroups: DynamicGroupsApi;
}
