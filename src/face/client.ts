/**
 * `FaceClient`: the `FaceApi` over undici. Routes come from the kinds table (routes.ts), bodies are
 * shape-checked (shapes.ts), every call goes through the pipeline (rate budget, auth, retries, log).
 */
import { safeDelay } from './delay';
import { locationProblem, normaliseEndpoint, sameOriginUrl } from './endpoint';
import { FaceApiError, FaceUsageError } from './errors';
import { DEFAULT_API_VERSION, type ApiVersion, type ContainerKind } from './kinds';
import { Pipeline } from './pipeline';
import { getRateBudget } from './budgets';
import * as recognition from './recognition';
import { operationTarget } from './directoryShared';
import { DynamicGroups } from './dynamicGroups';
import { partial as updateBody, PersonDirectory } from './personDirectory';
import {
	containerPath,
	containersPath,
	facePath,
	facesPath,
	kindInfo,
	personPath,
	personsPath,
	query,
	requireChildren,
	trainingPath,
	trainPath,
} from './routes';
import { MalformedResponse, toContainer, toContainers, toFace, toFaceList, toFaces, toIdString, toPerson, toPersons } from './shapes';
import { notTrainedFromError, operationToTraining, parseOperationStatus, parseTrainingStatus } from './training';
import type {
	AddFaceOptions,
	CallOptions,
	Container,
	CreateContainerInput,
	DetectedFace,
	DetectOptions,
	FaceApi,
	FaceClientOptions,
	FaceListDetails,
	FindSimilarOptions,
	IdentifyOptions,
	IdentifyResult,
	ImageSource,
	OperationStatus,
	PageOptions,
	PersistedFace,
	Person,
	SimilarFace,
	TrainingStatus,
	TrainResult,
	UpdateInput,
	VerifyResult,
} from './types';

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_RETRIES = 4;

export function createFaceClient(options: FaceClientOptions): FaceApi {
	return new FaceClient(options);
}

/**
 * Every method is `async`, so a usage error (an invalid id, a kind that has no persons) is a rejected
 * promise, like every other failure, and never a synchronous throw.
 */
export class FaceClient implements FaceApi {
	readonly endpoint: string;
	readonly apiVersion: ApiVersion;
	private readonly baseUrl: string;
	private readonly pipe: Pipeline;
	readonly directory: PersonDirectory;
	readonly dynamicGroups: DynamicGroups;

	constructor(options: FaceClientOptions) {
		this.endpoint = normaliseEndpoint(options.endpoint);
		this.apiVersion = options.apiVersion ?? DEFAULT_API_VERSION;
		this.baseUrl = `${this.endpoint}/face/${this.apiVersion}`;
		this.pipe = new Pipeline({
			baseUrl: this.baseUrl,
			auth: options.auth,
			budget: options.rateBudget ?? getRateBudget(this.endpoint, options.tier ?? 'S0'),
			transport: { proxyUrl: options.proxy?.url, strictSSL: options.proxy?.strictSSL ?? true, timeoutMs: safeDelay(options.timeoutMs ?? DEFAULT_TIMEOUT_MS) || DEFAULT_TIMEOUT_MS },
			userAgent: `${options.userAgent ?? 'face-explorer'} (Node.js ${process.version}; ${process.platform} ${process.arch})`,
			maxRetries: Math.max(0, options.maxRetries ?? DEFAULT_MAX_RETRIES),
			backoff: options.backoff,
			onRequest: options.onRequest,
		});
		const ctx = { pipe: this.pipe, baseUrl: this.baseUrl, endpoint: this.endpoint, apiVersion: this.apiVersion };
		this.directory = new PersonDirectory(ctx);
		this.dynamicGroups = new DynamicGroups(ctx);
	}

	// ---- containers ----

	async listContainers(kind: ContainerKind, o: PageOptions = {}): Promise<Container[]> {
		const paged = kindInfo(kind).paged;
		const q = query({ start: paged ? o.start : undefined, top: paged ? o.top : undefined, returnRecognitionModel: true });
		return this.pipe.callJson({ method: 'GET', target: containersPath(kind) + q, retry: 'idempotent', signal: o.signal }, (v) => toContainers(kind, v));
	}

	async getContainer(kind: ContainerKind, id: string, o: CallOptions = {}): Promise<Container> {
		const target = containerPath(kind, id) + query({ returnRecognitionModel: true });
		return this.pipe.callJson({ method: 'GET', target, retry: 'idempotent', signal: o.signal }, (v) => toContainer(kind, v));
	}

	async getFaceList(id: string, o: CallOptions = {}): Promise<FaceListDetails> {
		const target = containerPath('faceList', id) + query({ returnRecognitionModel: true });
		return this.pipe.callJson({ method: 'GET', target, retry: 'idempotent', signal: o.signal }, toFaceList);
	}

	async createContainer(kind: ContainerKind, id: string, input: CreateContainerInput, o: CallOptions = {}): Promise<void> {
		const json = { name: input.name, userData: input.userData, recognitionModel: input.recognitionModel };
		const exists = `${kindInfo(kind).errorPrefix}Exists`;
		await this.pipe.call({ method: 'PUT', target: containerPath(kind, id), json, retry: 'idempotent', signal: o.signal, doneOnRepeat: (e) => e.code === exists });
	}

	async updateContainer(kind: ContainerKind, id: string, input: UpdateInput, o: CallOptions = {}): Promise<void> {
		await this.pipe.call({ method: 'PATCH', target: containerPath(kind, id), json: updateBody(input), retry: 'idempotent', signal: o.signal });
	}

	async deleteContainer(kind: ContainerKind, id: string, o: CallOptions = {}): Promise<void> {
		const notFound = `${kindInfo(kind).errorPrefix}NotFound`;
		await this.pipe.call({ method: 'DELETE', target: containerPath(kind, id), retry: 'idempotent', signal: o.signal, doneOnRepeat: (e) => e.code === notFound });
	}

	// ---- persons ----

	async listPersons(kind: ContainerKind, containerId: string, o: PageOptions = {}): Promise<Person[]> {
		const target = personsPath(kind, containerId) + query({ start: o.start, top: o.top });
		return this.pipe.callJson({ method: 'GET', target, retry: 'idempotent', signal: o.signal }, toPersons);
	}

	async getPerson(kind: ContainerKind, containerId: string, personId: string, o: CallOptions = {}): Promise<Person> {
		return this.pipe.callJson({ method: 'GET', target: personPath(kind, containerId, personId), retry: 'idempotent', signal: o.signal }, toPerson);
	}

	async createPerson(kind: ContainerKind, containerId: string, input: CreateContainerInput, o: CallOptions = {}): Promise<string> {
		const json = { name: input.name, userData: input.userData };
		return this.pipe.callJson({ method: 'POST', target: personsPath(kind, containerId), json, retry: 'create', signal: o.signal }, (v) =>
			toIdString(v, 'personId'),
		);
	}

	async updatePerson(kind: ContainerKind, containerId: string, personId: string, input: UpdateInput, o: CallOptions = {}): Promise<void> {
		await this.pipe.call({ method: 'PATCH', target: personPath(kind, containerId, personId), json: updateBody(input), retry: 'idempotent', signal: o.signal });
	}

	async deletePerson(kind: ContainerKind, containerId: string, personId: string, o: CallOptions = {}): Promise<void> {
		const target = personPath(kind, containerId, personId);
		await this.pipe.call({ method: 'DELETE', target, retry: 'idempotent', signal: o.signal, doneOnRepeat: (e) => e.code === 'PersonNotFound' });
	}

	// ---- faces ----

	async addFace(kind: ContainerKind, containerId: string, personId: string | undefined, image: ImageSource, o: AddFaceOptions = {}): Promise<string> {
		const q = query({ userData: o.userData, targetFace: o.targetFace?.join(','), detectionModel: o.detectionModel });
		const target = facesPath(kind, containerId, personId) + q;
		return this.pipe.callJson({ method: 'POST', target, ...recognition.imageBody(image), retry: 'create', signal: o.signal }, (v) =>
			toIdString(v, 'persistedFaceId'),
		);
	}

	async getFace(kind: ContainerKind, containerId: string, personId: string | undefined, faceId: string, o: CallOptions = {}): Promise<PersistedFace> {
		if (kindInfo(kind).children === 'faces' && !kindInfo(kind).facesPaged) {
			// A Face List has no single-face GET: its faces come embedded in the list.
			facesPath(kind, containerId, personId);
			const list = await this.getFaceList(containerId, o);
			const face = list.persistedFaces.find((f) => f.persistedFaceId === faceId);
			if (!face) {
				throw new FaceApiError({ status: 404, code: 'PersistedFaceNotFound', message: `Persisted face '${faceId}' is not found.`, fromService: false });
			}
			return face;
		}
		return this.pipe.callJson({ method: 'GET', target: facePath(kind, containerId, personId, faceId), retry: 'idempotent', signal: o.signal }, toFace);
	}

	async listFaces(kind: ContainerKind, containerId: string, o: PageOptions = {}): Promise<PersistedFace[]> {
		const info = requireChildren(kind, 'faces');
		if (!info.facesPaged) {
			return [...(await this.getFaceList(containerId, o)).persistedFaces];
		}
		const target = facesPath(kind, containerId, undefined) + query({ start: o.start, top: o.top });
		return this.pipe.callJson({ method: 'GET', target, retry: 'idempotent', signal: o.signal }, toFaces);
	}

	async updateFace(kind: ContainerKind, containerId: string, personId: string | undefined, faceId: string, userData: string, o: CallOptions = {}): Promise<void> {
		if (kind === 'faceList') {
			throw new FaceUsageError("A Face List's faces cannot be updated: delete the face and add it again.");
		}
		const target = facePath(kind, containerId, personId, faceId);
		await this.pipe.call({ method: 'PATCH', target, json: { userData }, retry: 'idempotent', signal: o.signal });
	}

	async deleteFace(kind: ContainerKind, containerId: string, personId: string | undefined, faceId: string, o: CallOptions = {}): Promise<void> {
		const target = facePath(kind, containerId, personId, faceId);
		await this.pipe.call({ method: 'DELETE', target, retry: 'idempotent', signal: o.signal, doneOnRepeat: (e) => e.code === 'PersistedFaceNotFound' });
	}

	// ---- training ----

	async train(kind: ContainerKind, id: string, o: CallOptions = {}): Promise<TrainResult> {
		const res = await this.pipe.call({
			method: 'POST',
			target: trainPath(kind, id),
			retry: 'train',
			signal: o.signal,
			doneOnRepeat: (e) => e.status === 409 && e.code.endsWith('TrainingNotFinished'),
		});
		const header = res.headers['operation-location'];
		const training = `${this.baseUrl}${trainingPath(kind, id)}`;
		if (!header || res.doneOnRepeat) {
			return { pollUrl: training, fromHeader: false };
		}
		// The service has accepted the training: whatever the header says, return something to follow.
		const problem = locationProblem(header, this.baseUrl, this.endpoint);
		if (problem) {
			return { pollUrl: training, fromHeader: false, locationProblem: `${problem}; following ${training} instead.` };
		}
		return { pollUrl: new URL(header, `${this.baseUrl}/`).toString(), fromHeader: true };
	}

	async getTrainingStatus(kind: ContainerKind, id: string, o: CallOptions = {}): Promise<TrainingStatus> {
		return this.pollTraining(`${this.baseUrl}${trainingPath(kind, id)}`, o);
	}

	async pollTraining(pollUrl: string, o: CallOptions = {}): Promise<TrainingStatus> {
		const url = sameOriginUrl(pollUrl, this.baseUrl, this.endpoint);
		try {
			if (/\/operations\/[^/]+\/?$/.test(url.pathname)) {
				const op = await this.pipe.callJson({ method: 'GET', target: url, retry: 'idempotent', signal: o.signal, background: o.background, priority: o.priority }, requireStatus(parseOperationStatus));
				return operationToTraining(op);
			}
			return await this.pipe.callJson({ method: 'GET', target: url, retry: 'idempotent', signal: o.signal, background: o.background, priority: o.priority }, requireStatus(parseTrainingStatus));
		} catch (e) {
			const notTrained = notTrainedFromError(e);
			if (notTrained) {
				return notTrained;
			}
			throw e;
		}
	}

	async getOperation(operationIdOrUrl: string, o: CallOptions = {}): Promise<OperationStatus> {
		const target = operationTarget(operationIdOrUrl, this.baseUrl, this.endpoint);
		return this.pipe.callJson({ method: 'GET', target, retry: 'idempotent', signal: o.signal, background: o.background, priority: o.priority }, requireStatus(parseOperationStatus));
	}

	// ---- recognition ----

	async detect(image: ImageSource, o?: DetectOptions): Promise<DetectedFace[]> {
		return recognition.detect(this.pipe, image, o);
	}

	async identify(faceIds: readonly string[], target: { kind: ContainerKind; id: string }, o?: IdentifyOptions): Promise<IdentifyResult[]> {
		return recognition.identify(this.pipe, faceIds, target, o);
	}

	async findSimilar(faceId: string, target: { kind: ContainerKind; id: string } | { faceIds: readonly string[] }, o?: FindSimilarOptions): Promise<SimilarFace[]> {
		return recognition.findSimilar(this.pipe, faceId, target, o);
	}

	async verify(faceId1: string, faceId2: string, o?: CallOptions): Promise<VerifyResult> {
		return recognition.verify(this.pipe, faceId1, faceId2, o);
	}

	async verifyToPerson(faceId: string, target: { kind: ContainerKind; id: string; personId: string }, o?: CallOptions): Promise<VerifyResult> {
		return recognition.verifyToPerson(this.pipe, faceId, target, o);
	}
}

function requireStatus<T>(parse: (v: unknown) => T | undefined): (v: unknown) => T {
	return (v) => {
		const out = parse(v);
		if (out === undefined) {
			throw new MalformedResponse("a status body without 'status'");
		}
		return out;
	};
}
