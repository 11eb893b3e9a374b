/**
 * The enrollment engine: a folder's images into a (Large) Person Group — one person per sub-folder — or into
 * a (Large) Face List, each image exactly once. Per image: local checks (size, type by content, hash), the
 * faces the holder already has (by hash: added or already there), the 248-faces limit, an optional quality
 * gate (detect with `detection_03` + `qualityForRecognition`: low quality and several faces are skipped),
 * then the add, whose ambiguous failures are settled by reading the holder's faces (enrollHolder.ts).
 * Writes to one person (or one list) are serialised; different persons run concurrently, every call drawing
 * from the endpoint's rate budget (the client's), which sets the pace. No VS Code here: unit tests and the
 * benchmark drive it against the emulator.
 */
import { FaceApiError, isAbortError } from '../face/errors';
import { type ContainerKind, KINDS, type RecognitionModel } from '../face/kinds';
import type { FaceApi } from '../face/types';
import { errorMessage } from '../shared/errors';
import { contentHash, contentProblem, faceUserData, MAX_FACES_PER_PERSON, sizeProblem } from './enrollCheck';
import { FaceHolder, isAmbiguous, isConflict, isFatal, listAllPersons, MAX_ATTEMPTS, PersonDirectory, resolvePerson } from './enrollHolder';

/** One file to enroll. */
export interface EnrollFile {
	/** Relative to the enrolled folder's parent, `/`-separated (what the face's `userData` records). */
	readonly path: string;
	readonly size: number;
	read(): Promise<Uint8Array>;
}

/** A person's folder (persons' kinds), or the whole folder (face lists). */
export interface EnrollGroup {
	/** Relative path of the folder (the person's `userData`). */
	readonly folder: string;
	/** The person's name (the folder's name). */
	readonly name: string;
	readonly files: readonly EnrollFile[];
}

export type FileOutcome = 'added' | 'existing' | 'skipped' | 'failed';

export interface FileResult {
	readonly file: string;
	readonly outcome: FileOutcome;
	/** Why skipped; the service's message when failed. */
	readonly reason?: string;
	readonly faceId?: string;
	/** An ambiguous failure was settled by reading the holder's faces (the face was there). */
	readonly reconciled?: boolean;
	/** The service refused it with 403 QuotaExceeded (the holder is full). */
	readonly quota?: boolean;
}

export interface GroupResult {
	readonly folder: string;
	readonly personId?: string;
	/** The person was created by this run. */
	readonly created?: boolean;
	/** Skipped and failed files of this group (the added and existing are only counted). */
	readonly issues: readonly FileResult[];
	readonly counts: Readonly<Record<FileOutcome, number>>;
}

export interface EnrollOptions {
	/** The operation's id, written into each face's `userData`: a resumed run counts its own faces as added. */
	readonly opId: string;
	readonly signal: AbortSignal;
	/** Detect first and skip low-quality and multi-face images (one detect call per image). */
	readonly qualityGate?: boolean;
	/** The container's recognition model (for the quality gate's detect: it needs `recognition_03`/`_04`). */
	readonly recognitionModel?: string;
	/** Persons enrolled at once (default 8; face lists: 1, their writes are serialised by the service). */
	readonly concurrency?: number;
	/** Groups finished in an earlier run of the same operation (resumed): not read or sent again. */
	readonly skipGroups?: ReadonlySet<string>;
	readonly onFile?: (group: string, result: FileResult) => void;
	readonly onGroup?: (result: GroupResult) => void;
	/** A person's face was added or read: its `userData` (undefined: none). */
	readonly onFaceKnown?: (personId: string, faceId: string, userData: string | undefined) => void;
	/** Waits between attempts after a 409 conflict (default 1 s × attempt). */
	readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

export const DEFAULT_CONCURRENCY = 8;
export const MULTI_FACE_REASON = (n: number) => `${n} faces: pick one with Add Face…`;

/** Enrolls every group; resolves with each group's result, rejects on a fatal failure (or the signal). */
export async function enroll(api: FaceApi, kind: ContainerKind, containerId: string, groups: readonly EnrollGroup[], options: EnrollOptions): Promise<GroupResult[]> {
	const persons = KINDS[kind].children === 'persons';
	const todo = groups.filter((g) => !options.skipGroups?.has(g.folder));
	const dir = persons && todo.length > 0 ? new PersonDirectory(await listAllPersons(api, kind, containerId, options.signal)) : undefined;
	const results: GroupResult[] = [];
	const inner = new AbortController();
	const onAbort = () => inner.abort(options.signal.reason);
	options.signal.addEventListener('abort', onAbort, { once: true });
	const run: EnrollOptions = { ...options, signal: inner.signal };
	let next = 0;
	let fatal: unknown;
	const worker = async () => {
		while (next < todo.length && fatal === undefined) {
			const group = todo[next++];
			try {
				const result = await enrollGroup(api, kind, containerId, group, dir, run);
				results.push(result);
				options.onGroup?.(result);
			} catch (e) {
				fatal ??= e;
				inner.abort(e);
			}
		}
	};
	const width = persons ? Math.max(1, Math.min(options.concurrency ?? DEFAULT_CONCURRENCY, todo.length)) : 1;
	try {
		await Promise.all(Array.from({ length: width }, worker));
	} finally {
		options.signal.removeEventListener('abort', onAbort);
	}
	if (options.signal.aborted) {
		throw options.signal.reason ?? fatal;
	}
	if (fatal !== undefined) {
		throw fatal;
	}
	return results;
}

async function enrollGroup(api: FaceApi, kind: ContainerKind, containerId: string, group: EnrollGroup, dir: PersonDirectory | undefined, o: EnrollOptions): Promise<GroupResult> {
	const counts: Record<FileOutcome, number> = { added: 0, existing: 0, skipped: 0, failed: 0 };
	const issues: FileResult[] = [];
	const report = (r: FileResult) => {
		counts[r.outcome] += 1;
		if (r.outcome === 'skipped' || r.outcome === 'failed') {
			issues.push(r);
		}
		o.onFile?.(group.folder, r);
	};
	let holder: FaceHolder;
	let made = false;
	try {
		if (dir) {
			const { person, created } = await resolvePerson(api, kind, containerId, dir, group.folder, group.name, o.signal);
			made = created;
			holder = new FaceHolder(api, kind, containerId, person.personId, o.onFaceKnown);
			if (!created || person.persistedFaceIds.length > 0) {
				await holder.read(o.signal, person.persistedFaceIds);
			}
		} else {
			holder = new FaceHolder(api, kind, containerId, undefined);
			await holder.read(o.signal);
		}
	} catch (e) {
		if (isFatal(e, kind)) {
			throw e;
		}
		// The person could not be made (a quota, a refused name): its images cannot go in.
		for (const f of group.files) {
			report({ file: f.path, outcome: 'failed', reason: errorMessage(e) });
		}
		return { folder: group.folder, issues, counts };
	}
	let full: string | undefined;
	for (const file of group.files) {
		if (o.signal.aborted) {
			throw o.signal.reason;
		}
		if (full) {
			// The service said the holder is full: the rest is not sent (one refusal, not a thousand).
			report({ file: file.path, outcome: 'failed', reason: `not sent: ${full}` });
			continue;
		}
		const r = await enrollFile(api, holder, file, o);
		full = r.quota ? r.reason : undefined;
		report(r);
	}
	return { folder: group.folder, personId: holder.personId, created: made, issues, counts };
}

async function enrollFile(api: FaceApi, holder: FaceHolder, file: EnrollFile, o: EnrollOptions): Promise<FileResult> {
	const tooBig = sizeProblem(file.size);
	if (tooBig) {
		return { file: file.path, outcome: 'skipped', reason: tooBig };
	}
	let bytes: Uint8Array;
	try {
		bytes = await file.read();
	} catch (e) {
		return { file: file.path, outcome: 'failed', reason: `cannot read the file: ${errorMessage(e)}` };
	}
	const problem = contentProblem(bytes);
	if (problem) {
		return { file: file.path, outcome: 'skipped', reason: problem };
	}
	const sha256 = contentHash(bytes);
	const known = holder.get(sha256);
	if (known) {
		return { file: file.path, outcome: known.mark.op === o.opId ? 'added' : 'existing', faceId: known.faceId };
	}
	if (holder.personId !== undefined && holder.count >= MAX_FACES_PER_PERSON) {
		return { file: file.path, outcome: 'skipped', reason: `the person already has ${MAX_FACES_PER_PERSON} faces, the most the service keeps` };
	}
	try {
		if (o.qualityGate) {
			const gate = await qualityGate(api, bytes, o);
			if (gate) {
				return { file: file.path, outcome: 'skipped', reason: gate };
			}
		}
		return await addOnce(api, holder, file.path, bytes, sha256, o);
	} catch (e) {
		if (isFatal(e, holder.kind)) {
			throw e;
		}
		return { file: file.path, outcome: 'failed', reason: errorMessage(e), quota: FaceApiError.is(e) && e.code === 'QuotaExceeded' ? true : undefined };
	}
}

/** Why the quality gate skips the image (several faces, none, low quality), or undefined. */
async function qualityGate(api: FaceApi, bytes: Uint8Array, o: EnrollOptions): Promise<string | undefined> {
	const model = o.recognitionModel === 'recognition_03' ? 'recognition_03' : 'recognition_04';
	const faces = await api.detect({ bytes }, {
		detectionModel: 'detection_03',
		recognitionModel: model as RecognitionModel,
		returnFaceId: false,
		returnFaceAttributes: ['qualityForRecognition'],
		signal: o.signal,
	});
	if (faces.length === 0) {
		return 'no face found';
	}
	if (faces.length > 1) {
		return MULTI_FACE_REASON(faces.length);
	}
	const quality = faces[0].faceAttributes?.qualityForRecognition;
	return typeof quality === 'string' && quality.toLowerCase() === 'low' ? 'low quality for recognition' : undefined;
}

/**
 * Adds the face. After an ambiguous failure the holder's faces are read: there → added (settled); not there →
 * sent again (at most MAX_ATTEMPTS in all). A 409 conflict waits and tries again.
 */
async function addOnce(api: FaceApi, holder: FaceHolder, path: string, bytes: Uint8Array, sha256: string, o: EnrollOptions): Promise<FileResult> {
	const mark = { file: path, sha256, op: o.opId };
	const sleep = o.sleep ?? ((ms: number, signal: AbortSignal) => new Promise<void>((resolve, reject) => {
		const t = setTimeout(resolve, ms);
		signal.addEventListener('abort', () => (clearTimeout(t), reject(signal.reason)), { once: true });
	}));
	let last: unknown;
	for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
		try {
			const userData = faceUserData(mark);
			const faceId = await api.addFace(holder.kind, holder.containerId, holder.personId, { bytes }, { detectionModel: 'detection_03', userData, signal: o.signal });
			holder.added(faceId, mark, userData);
			return { file: path, outcome: 'added', faceId };
		} catch (e) {
			last = e;
			if (isAbortError(e) || o.signal.aborted) {
				throw o.signal.reason ?? e;
			}
			if (isAmbiguous(e)) {
				await holder.read(o.signal);
				const there = holder.get(sha256);
				if (there) {
					return { file: path, outcome: 'added', faceId: there.faceId, reconciled: true };
				}
				continue;
			}
			if (isConflict(e)) {
				await sleep(1000 * attempt, o.signal);
				continue;
			}
			if (FaceApiError.is(e) && e.code === 'InvalidImage' && /more than (1|one) face/i.test(e.message)) {
				const faces = await api.detect({ bytes }, { returnFaceId: false, detectionModel: 'detection_03', signal: o.signal });
				return { file: path, outcome: 'skipped', reason: MULTI_FACE_REASON(faces.length) };
			}
			throw e;
		}
	}
	throw last;
}
