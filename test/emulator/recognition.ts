/**
 * Synthetic detect / identify / findsimilars / verify. Faces come from `faces.ts`; two faces "match" when their
 * identities are equal (same `makeTestImage` seed, same file, same URL). Confidences are deterministic:
 * 0.85–0.94 for a match, 0.05–0.34 otherwise.
 */
import { randomUUID } from 'node:crypto';
import { KINDS, type KindInfo } from '../../src/face/kinds';
import { checkDetectRequest, faceAttributes, faceLandmarks } from './attributes';
import { type Ctx, type Reply, jsonBody, ok } from './context';
import { FaceError, badArgument, capitalize } from './errors';
import { detectFaces } from './faces';
import { hashString } from './images';
import { imageInput } from './members';
import type { ContainerRecord, DetectedFace } from './store';
import { requireTrained } from './training';
import { checkContainerId, checkDetectionModel, checkRecognitionModel, isUuid, queryBool } from './validate';

export function confidence(identity: string, match: boolean): number {
	const h = hashString(identity) % 10;
	return match ? 0.85 + h / 100 : 0.05 + (hashString(`${identity}~`) % 30) / 100;
}

/** Without Limited Access approval the service refuses identification and verification (FACE-API.md §2). */
function requireApproval(ctx: Ctx): void {
	if (!ctx.config.limitedAccess) {
		throw new FaceError(
			403,
			'UnsupportedFeature',
			'Feature is not supported, missing approval for one or more of the following features: Identification,Verification. Please apply for access at https://aka.ms/facerecognition',
		);
	}
}

export function detect(ctx: Ctx): Reply {
	const returnFaceId = queryBool(ctx.query, 'returnFaceId', true);
	const returnModel = queryBool(ctx.query, 'returnRecognitionModel');
	const landmarks = queryBool(ctx.query, 'returnFaceLandmarks');
	const recognitionModel = checkRecognitionModel(ctx.query.get('recognitionModel') ?? undefined);
	const detectionModel = checkDetectionModel(ctx.query.get('detectionModel'));
	const wanted = checkDetectRequest(ctx.query, detectionModel, recognitionModel, ctx.legacy, landmarks);
	if (returnFaceId) {
		requireApproval(ctx);
	}
	const faces = detectFaces(imageInput(ctx)).sort((a, b) => b.rect.width * b.rect.height - a.rect.width * a.rect.height);
	return ok(
		faces.map((f) => {
			const out: Record<string, unknown> = {};
			if (returnFaceId) {
				const faceId = randomUUID();
				ctx.store.detected.set(faceId, { faceId, identity: f.identity, recognitionModel });
				out.faceId = faceId;
			}
			if (returnModel) {
				out.recognitionModel = recognitionModel;
			}
			out.faceRectangle = f.rect;
			if (wanted.landmarks) {
				out.faceLandmarks = faceLandmarks(f.rect);
			}
			if (wanted.attributes.length > 0) {
				out.faceAttributes = faceAttributes(f.identity, f.rect, wanted.attributes, ctx.legacy);
			}
			return out;
		}),
	);
}

export function detected(ctx: Ctx, faceId: unknown): DetectedFace {
	if (!isUuid(faceId)) {
		throw badArgument('Face ID is invalid.');
	}
	const f = ctx.store.detected.get(faceId.toLowerCase());
	if (!f) {
		throw new FaceError(400, 'FaceNotFound', `Face '${faceId}' is not found.`);
	}
	return f;
}

export function intArg(value: unknown, name: string, min: number, max: number, fallback: number): number {
	if (value === undefined || value === null) {
		return fallback;
	}
	if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
		throw badArgument(`'${name}' is invalid, it should be between ${min} and ${max}.`);
	}
	return value;
}

/** The one container a recognition body names (`personGroupId` | `largePersonGroupId` | …); 400 when missing. */
function namedContainer(ctx: Ctx, body: Record<string, unknown>, kinds: KindInfo[]): ContainerRecord | undefined {
	const given = kinds.filter((k) => body[k.idField] !== undefined && body[k.idField] !== null);
	if (given.length > 1) {
		throw badArgument(`Only one of ${kinds.map((k) => `'${k.idField}'`).join(', ')} can be given.`);
	}
	if (given.length === 0) {
		return undefined;
	}
	const kind = given[0];
	const id = body[kind.idField];
	if (typeof id !== 'string') {
		throw badArgument(`${capitalize(kind.noun)} ID is invalid.`);
	}
	checkContainerId(kind, id);
	const c = ctx.store.of(kind).get(id);
	if (!c) {
		throw new FaceError(400, `${kind.errorPrefix}NotFound`, `${capitalize(kind.noun)} '${id}' is not found.`);
	}
	return c;
}

function checkModel(face: DetectedFace, c: ContainerRecord): void {
	if (face.recognitionModel !== c.recognitionModel) {
		throw badArgument(
			`The recognition model '${face.recognitionModel}' of face '${face.faceId}' is not the recognition model '${c.recognitionModel}' of ${c.kind.noun} '${c.id}'.`,
		);
	}
}

export function identify(ctx: Ctx): Reply {
	requireApproval(ctx);
	const body = jsonBody(ctx);
	const ids = body.faceIds;
	if (!Array.isArray(ids) || ids.length < 1 || ids.length > 10) {
		throw badArgument("'faceIds' is invalid, it should contain 1 to 10 face IDs.");
	}
	const max = intArg(body.maxNumOfCandidatesReturned, 'maxNumOfCandidatesReturned', 1, 100, 1);
	const threshold = body.confidenceThreshold ?? 0.5;
	if (typeof threshold !== 'number' || threshold < 0 || threshold > 1) {
		throw badArgument("'confidenceThreshold' is invalid, it should be between 0 and 1.");
	}
	const c = namedContainer(ctx, body, [KINDS.personGroup, KINDS.largePersonGroup]);
	if (!c) {
		throw badArgument("'personGroupId' or 'largePersonGroupId' is required.");
	}
	const faces = ids.map((id) => detected(ctx, id));
	faces.forEach((f) => checkModel(f, c));
	const trained = requireTrained(c);
	return ok(
		faces.map((f) => {
			const personIds = [...new Set(trained.filter((e) => e.identity === f.identity).map((e) => e.personId!))];
			const candidates = personIds
				.filter((p) => c.persons.has(p))
				.map((personId) => ({ personId, confidence: confidence(f.identity, true) }))
				.filter((x) => x.confidence >= threshold)
				.slice(0, max);
			return { faceId: f.faceId, candidates };
		}),
	);
}

export function findSimilar(ctx: Ctx): Reply {
	requireApproval(ctx);
	const body = jsonBody(ctx);
	const query = detected(ctx, body.faceId);
	const max = intArg(body.maxNumOfCandidatesReturned, 'maxNumOfCandidatesReturned', 1, 1000, 20);
	const mode = body.mode ?? 'matchPerson';
	if (mode !== 'matchPerson' && mode !== 'matchFace') {
		throw badArgument("'mode' is invalid.");
	}
	const c = namedContainer(ctx, body, [KINDS.faceList, KINDS.largeFaceList]);
	if (c && body.faceIds !== undefined) {
		throw badArgument("Only one of 'faceIds', 'faceListId' and 'largeFaceListId' can be given.");
	}
	let matches: Array<Record<string, unknown>>;
	if (c) {
		checkModel(query, c);
		let entries: Array<{ identity: string; persistedFaceId: string }>;
		if (c.kind.kind === 'faceList') {
			if (c.faces.size === 0) {
				throw new FaceError(400, 'FaceListNotReady', `Face list '${c.id}' is empty.`);
			}
			entries = [...c.faces.values()];
		} else {
			entries = requireTrained(c).map((e) => ({ identity: e.identity, persistedFaceId: e.persistedFaceId! }));
		}
		matches = entries
			.filter((e) => e.identity === query.identity)
			.map((e) => ({ persistedFaceId: e.persistedFaceId, confidence: confidence(query.identity, true) }));
	} else {
		const ids = body.faceIds;
		if (!Array.isArray(ids) || ids.length < 1 || ids.length > 1000) {
			throw badArgument("'faceIds', 'faceListId' or 'largeFaceListId' is required.");
		}
		matches = ids
			.map((id) => detected(ctx, id))
			.filter((f) => f.identity === query.identity)
			.map((f) => ({ faceId: f.faceId, confidence: confidence(query.identity, true) }));
	}
	return ok(matches.slice(0, max));
}

export function verify(ctx: Ctx): Reply {
	requireApproval(ctx);
	const body = jsonBody(ctx);
	if (body.faceId1 !== undefined || body.faceId2 !== undefined) {
		const a = detected(ctx, body.faceId1);
		const b = detected(ctx, body.faceId2);
		const same = a.identity === b.identity;
		return ok({ isIdentical: same, confidence: confidence(a.identity, same) });
	}
	const face = detected(ctx, body.faceId);
	const c = namedContainer(ctx, body, [KINDS.personGroup, KINDS.largePersonGroup]);
	if (!c) {
		throw badArgument("'faceId2' or 'personId' with 'personGroupId' or 'largePersonGroupId' is required.");
	}
	if (!isUuid(body.personId)) {
		throw badArgument('Person ID is invalid.');
	}
	checkModel(face, c);
	const person = ctx.store.person(c, body.personId);
	const same = [...person.faces.values()].some((f) => f.identity === face.identity);
	return ok({ isIdentical: same, confidence: confidence(face.identity, same) });
}
