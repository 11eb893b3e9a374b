/**
 * The `userData` of persons' faces, as Face Explorer wrote or read it. The service lists a person's faces by
 * id only (`persistedFaceIds`); each face's `userData` — where an enrollment or *Add Face* records the file
 * it came from — costs one billed call to read. So the faces this machine added, and every face read once
 * (on hover, by *Reveal in Explorer*, by an enrollment settling what a person has), are kept here, and a
 * person's rows show their file names without a call.
 *
 * Kept in one JSON file in the extension's global storage rather than in `globalState`: thousands of entries
 * would be loaded with every activation; the file is read when the first person is expanded. Every save
 * reads the file again and lays this window's changes over it, so windows add to one journal (an entry a
 * race loses costs one read on hover, nothing else). The most recently touched persons are kept, up to
 * MAX_FACES faces. No VS Code here.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import * as path from 'node:path';

/** Faces remembered (the most recently touched persons' faces first). About 150 bytes each. */
export const MAX_FACES = 10_000;
/** A face's `userData` is at most 1 KB; a longer string is not a face's. */
const MAX_USER_DATA_LENGTH = 1024;
/** A save reads and writes the whole file (10,000 faces: ~1.8 MB, ~30 ms of JSON): at most one per 2 s. */
const SAVE_DELAY_MS = 2000;

/** Where the journal lives (a file; a stand-in in tests). */
export interface TextFile {
	/** The file's text, or undefined when there is none. */
	read(): Promise<string | undefined>;
	/** Replaces the file's text (whole: never half-written). */
	write(text: string): Promise<void>;
}

/** A file on disk, written to a temporary file and renamed over the old one. */
export function diskFile(file: string): TextFile {
	return {
		async read() {
			try {
				return await readFile(file, 'utf8');
			} catch (e) {
				if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
					return undefined;
				}
				throw e;
			}
		},
		async write(text) {
			await mkdir(path.dirname(file), { recursive: true });
			const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
			await writeFile(temp, text, 'utf8');
			await rename(temp, file);
		},
	};
}

/** `resourceId/kind/containerId/personId`: the person holding the faces. */
export function faceHolderKey(h: { readonly resourceId: string; readonly kind: string; readonly containerId: string; readonly personId: string }): string {
	return `${h.resourceId}/${h.kind}/${h.containerId}/${h.personId}`;
}

/** `resourceId/personDirectory/model/personId`: a Person Directory person's faces of one recognition model. */
export function directoryHolderKey(resourceId: string, model: string, personId: string): string {
	return faceHolderKey({ resourceId, kind: 'personDirectory', containerId: model, personId });
}

type Holders = Map<string, Map<string, string>>;

export class FaceFiles {
	/** Holder → face id → `userData` ('' when the face has none). Map order: least recently touched first. */
	private holders: Holders = new Map();
	/** Changes not yet saved: holder → face id → `userData`, or undefined for a face forgotten. */
	private pending: Map<string, Map<string, string | undefined>> = new Map();
	private loaded: Promise<void> | undefined;
	private saving: Promise<void> = Promise.resolve();
	private timer: ReturnType<typeof setTimeout> | undefined;

	constructor(
		private readonly file: TextFile,
		/** A failed read or write (the journal then only misses entries: rows show ids, hovers read). */
		private readonly onError: (message: string) => void = () => undefined,
		private readonly saveDelayMs = SAVE_DELAY_MS,
	) {}

	/** Reads the journal once; never fails (a missing or damaged file is an empty journal). */
	ready(): Promise<void> {
		this.loaded ??= this.readStored().then((stored) => {
			this.holders = merge(stored ?? new Map(), this.pending);
		});
		return this.loaded;
	}

	/** Whether the face's `userData` is known (written or read here). */
	has(holder: string, faceId: string): boolean {
		return this.holders.get(holder)?.has(faceId) ?? false;
	}

	/** The face's `userData` as recorded: undefined when unknown, '' when the face has none. */
	get(holder: string, faceId: string): string | undefined {
		return this.holders.get(holder)?.get(faceId);
	}

	/** Records a face's `userData` (undefined: the face has none). */
	record(holder: string, faceId: string, userData: string | undefined): void {
		if (userData !== undefined && (typeof userData !== 'string' || userData.length > MAX_USER_DATA_LENGTH)) {
			return;
		}
		this.change(holder, faceId, userData ?? '');
	}

	/** The face was deleted. */
	forget(holder: string, faceId: string): void {
		if (this.has(holder, faceId)) {
			this.change(holder, faceId, undefined);
		}
	}

	/** How many faces are remembered. */
	get size(): number {
		let n = 0;
		for (const faces of this.holders.values()) {
			n += faces.size;
		}
		return n;
	}

	/** Saves what is pending now (also done on its own, shortly after each change). */
	flush(): Promise<void> {
		if (this.timer) {
			clearTimeout(this.timer);
			this.timer = undefined;
		}
		this.saving = this.saving.then(() => this.save());
		return this.saving;
	}

	private change(holder: string, faceId: string, userData: string | undefined): void {
		apply(this.holders, holder, faceId, userData);
		// Pending holders in the order last touched: a save lays them over the file in that order.
		const changes = this.pending.get(holder) ?? new Map<string, string | undefined>();
		this.pending.delete(holder);
		this.pending.set(holder, changes.set(faceId, userData));
		this.timer ??= setTimeout(() => {
			this.timer = undefined;
			void this.flush();
		}, this.saveDelayMs);
	}

	private async save(): Promise<void> {
		if (this.pending.size === 0) {
			return;
		}
		const changes = this.pending;
		this.pending = new Map();
		const stored = await this.readStored();
		if (!stored) {
			// Not read: writing would drop other windows' entries. The changes wait for the next save.
			this.requeue(changes);
			return;
		}
		// Other windows' entries, as saved now, with this window's changes over them.
		const merged = merge(stored, changes);
		// Changes made while the file was read are in `this.pending` and the next save.
		for (const [holder, faces] of this.pending) {
			for (const [id, userData] of faces) {
				apply(merged, holder, id, userData);
			}
		}
		this.holders = merged;
		try {
			await this.file.write(JSON.stringify({ version: 1, holders: Object.fromEntries([...merged].map(([h, f]) => [h, Object.fromEntries(f)])) }));
		} catch (e) {
			this.onError(`Face file names not saved: ${e instanceof Error ? e.message : String(e)}`);
			this.requeue(changes);
		}
	}

	/** Changes a save could not write go with the next one (behind any made since). */
	private requeue(changes: Map<string, Map<string, string | undefined>>): void {
		for (const [holder, faces] of changes) {
			const later = this.pending.get(holder);
			this.pending.set(holder, later ? new Map([...faces, ...later]) : faces);
		}
	}

	/** The saved journal; undefined when the file could not be read (a missing file is an empty journal). */
	private async readStored(): Promise<Holders | undefined> {
		let text: string | undefined;
		try {
			text = await this.file.read();
		} catch (e) {
			this.onError(`Face file names not read: ${e instanceof Error ? e.message : String(e)}`);
			return undefined;
		}
		return parse(text, this.onError);
	}
}

function parse(text: string | undefined, onError: (message: string) => void): Holders {
	const out: Holders = new Map();
	if (text === undefined || text === '') {
		return out;
	}
	let raw: unknown;
	try {
		raw = JSON.parse(text);
	} catch {
		onError('Face file names: the saved journal is damaged; starting a new one.');
		return out;
	}
	const holders = (raw as { version?: unknown; holders?: unknown } | null)?.holders;
	if ((raw as { version?: unknown } | null)?.version !== 1 || typeof holders !== 'object' || holders === null) {
		return out;
	}
	for (const [holder, faces] of Object.entries(holders)) {
		if (typeof faces !== 'object' || faces === null) {
			continue;
		}
		const kept = new Map<string, string>();
		for (const [id, userData] of Object.entries(faces)) {
			if (typeof userData === 'string' && userData.length <= MAX_USER_DATA_LENGTH) {
				kept.set(id, userData);
			}
		}
		if (kept.size > 0) {
			out.set(holder, kept);
		}
	}
	return out;
}

/** `base` with `changes` laid over it (touched holders move to the end), cut to MAX_FACES. */
function merge(base: Holders, changes: ReadonlyMap<string, ReadonlyMap<string, string | undefined>>): Holders {
	for (const [holder, faces] of changes) {
		for (const [id, userData] of faces) {
			apply(base, holder, id, userData);
		}
	}
	let total = 0;
	for (const faces of base.values()) {
		total += faces.size;
	}
	for (const [holder, faces] of base) {
		if (total <= MAX_FACES) {
			break;
		}
		base.delete(holder);
		total -= faces.size;
	}
	return base;
}

function apply(holders: Holders, holder: string, faceId: string, userData: string | undefined): void {
	const faces = holders.get(holder) ?? new Map<string, string>();
	holders.delete(holder);
	if (userData === undefined) {
		faces.delete(faceId);
	} else {
		faces.set(faceId, userData);
	}
	if (faces.size > 0) {
		holders.set(holder, faces);
	}
}
