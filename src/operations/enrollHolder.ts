/**
 * What an enrollment knows of one face holder (a person, or a face list): the faces it has, by content
 * hash, read from the service — so a re-run, or a run resumed after a reload, adds only what is missing, and
 * an ambiguous failure (a reset after the request was sent, a time-out, a 5xx) is settled by reading the
 * holder's faces again, never by a blind retry. Also: the persons of a group, found by folder or name, and
 * which failures are ambiguous, which end the whole run. No VS Code here.
 */
import { FaceApiError, FaceNetworkError, isAbortError } from '../face/errors';
import { type ContainerKind, KINDS } from '../face/kinds';
import type { FaceApi, Person } from '../face/types';
import { type FaceMark, parseFaceMark, personFolderOf, personUserData } from './enrollCheck';

const PAGE = 1000;

/** Every person of a (Large) Person Group, page by page. */
export async function listAllPersons(api: FaceApi, kind: ContainerKind, containerId: string, signal: AbortSignal): Promise<Person[]> {
	const all: Person[] = [];
	for (let start: string | undefined; ;) {
		const page = await api.listPersons(kind, containerId, { start, top: PAGE, signal });
		all.push(...page);
		if (page.length < PAGE) {
			return all;
		}
		start = page[page.length - 1].personId;
	}
}

/** The persons of a group, found by the folder in their `userData`, else by name (never created twice). */
export class PersonDirectory {
	private readonly byFolder = new Map<string, Person>();
	private readonly byName = new Map<string, Person>();

	constructor(persons: readonly Person[]) {
		for (const p of persons) {
			this.remember(p);
		}
	}

	/** The person enrolled from this folder, else the person of this name (`2024/alice` adds to the `alice` of `2023/alice`). */
	find(folder: string, name: string): Person | undefined {
		return this.byFolder.get(folder) ?? this.byName.get(name);
	}

	remember(p: Person): void {
		const folder = personFolderOf(p.userData);
		if (folder !== undefined && !this.byFolder.has(folder)) {
			this.byFolder.set(folder, p);
		}
		if (!this.byName.has(p.name)) {
			this.byName.set(p.name, p);
		}
	}
}

/**
 * The person for a folder: the one found, or a new one. A create that failed ambiguously is settled by
 * reading the persons again (the folder in `userData` says whether it went in) before it is sent again.
 */
export async function resolvePerson(
	api: FaceApi, kind: ContainerKind, containerId: string, dir: PersonDirectory, folder: string, name: string, signal: AbortSignal,
): Promise<{ person: Person; created: boolean }> {
	const found = dir.find(folder, name);
	if (found) {
		return { person: found, created: false };
	}
	for (let attempt = 1; ; attempt++) {
		try {
			const personId = await api.createPerson(kind, containerId, { name, userData: personUserData(folder) }, { signal });
			const person = { personId, name, userData: personUserData(folder), persistedFaceIds: [] };
			dir.remember(person);
			return { person, created: true };
		} catch (e) {
			if (!isAmbiguous(e) || attempt >= MAX_ATTEMPTS) {
				throw e;
			}
			for (const p of await listAllPersons(api, kind, containerId, signal)) {
				dir.remember(p);
			}
			const settled = dir.find(folder, name);
			if (settled) {
				return { person: settled, created: true };
			}
		}
	}
}

/** Attempts at one write (the first, and repeats after a settled ambiguous failure or a conflict). */
export const MAX_ATTEMPTS = 3;

export interface KnownFace {
	readonly faceId: string;
	readonly mark: FaceMark;
}

/** The faces of one holder: ids seen, and the marked ones by hash. */
export class FaceHolder {
	/** Every face id read so far (marked or not): not read again. */
	private readonly ids = new Set<string>();
	private readonly byHash = new Map<string, KnownFace>();

	constructor(
		private readonly api: FaceApi,
		readonly kind: ContainerKind,
		readonly containerId: string,
		/** The person, for persons' kinds; undefined for face lists. */
		readonly personId: string | undefined,
		/** A person's face was added or read (its `userData`, undefined when it has none). */
		private readonly onFaceKnown?: (personId: string, faceId: string, userData: string | undefined) => void,
	) {}

	/** Faces the holder has (as last read or added). */
	get count(): number {
		return this.ids.size;
	}

	get(hash: string): KnownFace | undefined {
		return this.byHash.get(hash);
	}

	added(faceId: string, mark: FaceMark, userData: string): void {
		this.ids.add(faceId);
		this.byHash.set(mark.sha256, { faceId, mark });
		if (this.personId !== undefined) {
			this.onFaceKnown?.(this.personId, faceId, userData);
		}
	}

	/**
	 * Reads the holder's faces from the service: a person's face ids (given, or read with the person) and each
	 * face not read before; a face list's faces with their `userData` (all pages).
	 */
	async read(signal: AbortSignal, faceIds?: readonly string[]): Promise<void> {
		if (this.personId === undefined) {
			const faces = await this.listFaces(signal);
			for (const f of faces) {
				this.see(f.persistedFaceId, f.userData);
			}
			return;
		}
		const ids = faceIds ?? (await this.api.getPerson(this.kind, this.containerId, this.personId, { signal })).persistedFaceIds;
		for (const id of ids.filter((i) => !this.ids.has(i))) {
			try {
				const face = await this.api.getFace(this.kind, this.containerId, this.personId, id, { signal });
				this.see(id, face.userData);
				this.onFaceKnown?.(this.personId, id, face.userData);
			} catch (e) {
				if (!FaceApiError.isNotFound(e)) {
					throw e;
				}
				// Deleted meanwhile: nothing to know.
			}
		}
	}

	private see(faceId: string, userData: string | undefined): void {
		this.ids.add(faceId);
		const mark = parseFaceMark(userData);
		if (mark && !this.byHash.has(mark.sha256)) {
			this.byHash.set(mark.sha256, { faceId, mark });
		}
	}

	private async listFaces(signal: AbortSignal): Promise<{ persistedFaceId: string; userData?: string }[]> {
		if (!KINDS[this.kind].facesPaged) {
			return this.api.listFaces(this.kind, this.containerId, { signal });
		}
		const all: { persistedFaceId: string; userData?: string }[] = [];
		for (let start: string | undefined; ;) {
			const page = await this.api.listFaces(this.kind, this.containerId, { start, top: PAGE, signal });
			all.push(...page);
			if (page.length < PAGE) {
				return all;
			}
			start = page[page.length - 1].persistedFaceId;
		}
	}
}

/**
 * A failure after which the write may or may not have happened: the connection broke after the request was
 * sent, the request timed out, or the service (or a gateway) answered 5xx / 408.
 */
export function isAmbiguous(e: unknown): boolean {
	if (FaceNetworkError.is(e)) {
		return e.mayHaveReachedServer && e.reason !== 'tls' && e.reason !== 'malformed';
	}
	return FaceApiError.is(e) && (e.status >= 500 || e.status === 408);
}

/** A write the service refused because another write to the same holder was under way: try again later. */
export function isConflict(e: unknown): boolean {
	return FaceApiError.is(e) && e.status === 409 && e.code === 'ConcurrentOperationConflict';
}

/**
 * A failure that ends the whole enrollment rather than one file: cancelled, credentials refused, the
 * container gone, the endpoint unreachable, or anything that is not an answer about this one image.
 */
export function isFatal(e: unknown, kind: ContainerKind): boolean {
	if (isAbortError(e)) {
		return true;
	}
	if (FaceNetworkError.is(e)) {
		return !isAmbiguous(e);
	}
	if (!FaceApiError.is(e)) {
		return true;
	}
	if (e.status === 401 || (e.status === 403 && e.code !== 'QuotaExceeded')) {
		return true;
	}
	return e.status === 404 && e.code === `${KINDS[kind].errorPrefix}NotFound`;
}
