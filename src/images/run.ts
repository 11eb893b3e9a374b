/**
 * Tries a picture against a container: one detect with the container's recognition model (and
 * `detection_03`, which also rates each face's quality for recognition), then identify (10 faces a call),
 * find similar or verify (one call a face). Names come from what the tree already holds, else one read per
 * person (or one Face List read). Every call goes through the resource's client: its rate budget, its
 * billed-call count. A face of another recognition model than the container's (the model the caller
 * thought it used was stale) is detected again with the container's model, and the result says so.
 */
import * as vscode from 'vscode';
import { qualityAttributes } from '../face/attributes';
import { FaceApiError } from '../face/errors';
import { KINDS, type ContainerKind, type DetectionModel, type RecognitionModel } from '../face/kinds';
import type { DetectedFace, FaceApi } from '../face/types';
import type { TryFace, TryMatch, TryMode, TryResult, TryTarget } from './model';

/** identify takes up to 10 faces a call; find similar and verify one, so at most this many are sent. */
export const MAX_FACES_PER_CALL = 10;
/** Candidates asked for per face: the slider can then show the next ones without a new call. */
const CANDIDATES = 3;

export interface TrySpec {
	readonly mode: TryMode;
	readonly target: TryTarget;
	/** The container's recognition model when known (tree, picker); else it is read. */
	readonly recognitionModel?: string;
	readonly image: { readonly name: string; readonly path: string; readonly mime: string; readonly bytes: Uint8Array };
}

/** Names the tree already knows (no call): a person's name, a face's userData (`null`: the tree has the face, it has none). */
export interface KnownNames {
	person(personId: string): string | undefined;
	face(persistedFaceId: string): string | null | undefined;
}

const NO_NAMES: KnownNames = { person: () => undefined, face: () => undefined };

/** Counts the calls made through it, for the panel's "N billed calls". */
class Counted {
	calls = 0;
	constructor(readonly api: FaceApi) {}
	run<T>(call: (api: FaceApi) => Promise<T>): Promise<T> {
		this.calls++;
		return call(this.api);
	}
}

export async function runTry(client: FaceApi, spec: TrySpec, known: KnownNames = NO_NAMES, signal?: AbortSignal): Promise<TryResult> {
	const face = new Counted(client);
	const { target } = spec;
	const notes: string[] = [];
	let model = (spec.recognitionModel ?? (spec.mode === 'detect' ? 'recognition_04' : await containerModel(face, target, signal))) as RecognitionModel;
	const detectionModel: DetectionModel = spec.mode === 'detect' ? 'detection_01' : 'detection_03';
	let faces: TryFace[];
	for (let attempt = 0; ; attempt++) {
		const detected = await face.run((api) =>
			api.detect({ bytes: spec.image.bytes }, {
				returnFaceId: spec.mode !== 'detect',
				recognitionModel: model,
				detectionModel,
				returnFaceAttributes: qualityAttributes(detectionModel, model, client.apiVersion),
				signal,
			}),
		);
		try {
			faces = await matchFaces(face, spec, detected, known, notes, signal);
			break;
		} catch (e) {
			const actual = attempt === 0 && spec.recognitionModel !== undefined && isModelMismatch(e) ? await containerModel(face, target, signal) : undefined;
			if (!actual || actual === model) {
				throw e;
			}
			notes.push(vscode.l10n.t('{0} uses {1}: the picture was detected again with it.', target.label ?? target.containerId ?? '', actual));
			model = actual as RecognitionModel;
		}
	}
	return {
		version: 1,
		mode: spec.mode,
		target,
		image: { name: spec.image.name, path: spec.image.path, mime: spec.image.mime },
		faces,
		recognitionModel: model,
		detectionModel,
		notes,
		at: new Date().toISOString(),
		calls: face.calls,
	};
}

/** A 400 about the faces' recognition model not being the container's. */
export function isModelMismatch(e: unknown): boolean {
	return FaceApiError.is(e) && e.status === 400 && /recognition ?model/i.test(e.message);
}

async function containerModel(face: Counted, target: TryTarget, signal?: AbortSignal): Promise<string> {
	const container = await face.run((api) => api.getContainer(target.kind!, target.containerId!, { signal }));
	return container.recognitionModel ?? 'recognition_01';
}

async function matchFaces(face: Counted, spec: TrySpec, detected: readonly DetectedFace[], known: KnownNames, notes: string[], signal?: AbortSignal): Promise<TryFace[]> {
	const { target } = spec;
	const base = (d: DetectedFace, i: number): TryFace => ({
		rect: d.faceRectangle,
		matches: [],
		attributes: d.faceAttributes,
		skipped: spec.mode !== 'detect' && spec.mode !== 'identify' && i >= MAX_FACES_PER_CALL ? vscode.l10n.t('not sent: at most {0} faces a picture', MAX_FACES_PER_CALL) : undefined,
	});
	const faces = detected.map(base);
	const kind = target.kind as ContainerKind;
	const id = target.containerId!;
	if (spec.mode === 'detect' || detected.length === 0) {
		return faces;
	}
	if (spec.mode === 'identify') {
		const names = new Map<string, string | undefined>();
		for (let at = 0; at < detected.length; at += MAX_FACES_PER_CALL) {
			const chunk = detected.slice(at, at + MAX_FACES_PER_CALL).map((d) => d.faceId!);
			const results = await face.run((api) => api.identify(chunk, { kind, id }, { maxNumOfCandidatesReturned: CANDIDATES, confidenceThreshold: 0, signal }));
			for (const r of results) {
				const i = detected.findIndex((d) => d.faceId === r.faceId);
				if (i >= 0) {
					faces[i] = { ...faces[i], matches: r.candidates.map((c) => ({ id: c.personId, confidence: c.confidence })) };
				}
			}
		}
		for (const personId of new Set(faces.flatMap((f) => f.matches.map((m) => m.id)))) {
			names.set(personId, known.person(personId) ?? (await personName(face, kind, id, personId, signal)));
		}
		return faces.map((f) => ({ ...f, matches: f.matches.map((m) => ({ ...m, name: names.get(m.id) })) }));
	}
	const sent = detected.slice(0, MAX_FACES_PER_CALL);
	if (detected.length > sent.length) {
		notes.push(vscode.l10n.t('{0} faces found: the first {1} (the largest) were sent.', detected.length, sent.length));
	}
	if (spec.mode === 'verify') {
		for (const [i, d] of sent.entries()) {
			const v = await face.run((api) => api.verifyToPerson(d.faceId!, { kind, id, personId: target.personId! }, { signal }));
			faces[i] = { ...faces[i], matches: [{ id: target.personId!, name: target.personName, confidence: v.confidence, isIdentical: v.isIdentical }] };
		}
		return faces;
	}
	// Find similar.
	for (const [i, d] of sent.entries()) {
		const similar = await face.run((api) => api.findSimilar(d.faceId!, { kind, id }, { mode: target.matchMode ?? 'matchPerson', maxNumOfCandidatesReturned: CANDIDATES * 2, signal }));
		faces[i] = { ...faces[i], matches: similar.map((s) => ({ id: s.persistedFaceId ?? s.faceId ?? '', confidence: s.confidence })) };
	}
	const userData = await faceUserData(face, kind, id, faces.flatMap((f) => f.matches.map((m) => m.id)), known, signal);
	return faces.map((f) => ({ ...f, matches: f.matches.map((m): TryMatch => ({ ...m, name: userData.get(m.id) })) }));
}

async function personName(face: Counted, kind: ContainerKind, id: string, personId: string, signal?: AbortSignal): Promise<string | undefined> {
	try {
		return (await face.run((api) => api.getPerson(kind, id, personId, { signal }))).name;
	} catch (e) {
		if (FaceApiError.isNotFound(e)) {
			return undefined; // deleted since the training: the id is all there is
		}
		throw e;
	}
}

/** userData of the matched faces: a Face List in one read, a Large Face List one read per face the tree does not hold. */
async function faceUserData(face: Counted, kind: ContainerKind, id: string, faceIds: readonly string[], known: KnownNames, signal?: AbortSignal): Promise<Map<string, string | undefined>> {
	const out = new Map<string, string | undefined>();
	const unknown = [...new Set(faceIds)].filter((f) => {
		const name = known.face(f);
		out.set(f, name ?? undefined);
		return name === undefined;
	});
	if (unknown.length === 0) {
		return out;
	}
	if (kind === KINDS.faceList.kind) {
		const list = await face.run((api) => api.getFaceList(id, { signal }));
		for (const f of list.persistedFaces) {
			if (unknown.includes(f.persistedFaceId)) {
				out.set(f.persistedFaceId, f.userData);
			}
		}
		return out;
	}
	for (const f of unknown) {
		try {
			out.set(f, (await face.run((api) => api.getFace(kind, id, undefined, f, { signal }))).userData);
		} catch (e) {
			if (!FaceApiError.isNotFound(e)) {
				throw e;
			}
		}
	}
	return out;
}
