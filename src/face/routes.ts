/**
 * Paths under `/face/{version}`, derived from the kinds table: one code path for all four kinds.
 * Every id is checked (`seg`: never empty, `.`, `..`, nor holding `/ ? # %`) and URL-encoded; the checks here are the usage errors the service would otherwise answer with
 * a confusing 404 (persons of a face list, training a face list, …).
 */
import { FaceUsageError } from './errors';
import { KINDS, type ContainerKind, type KindInfo } from './kinds';

export function kindInfo(kind: ContainerKind): KindInfo {
	const info = KINDS[kind];
	if (!info) {
		throw new FaceUsageError(`Unknown container kind '${String(kind)}'.`);
	}
	return info;
}

/**
 * One id as a path segment. Ids come from people, from persisted state and from server answers; one
 * that is empty, `.` or `..`, or that holds `/ ? # % \\` or a control character would, once in a URL,
 * point at another resource (`…/persons/..` is the group itself) — refused before any request.
 */
export function seg(id: string, what = 'id'): string {
	const problem =
		typeof id !== 'string'
			? 'an id is a string'
			: id === ''
				? 'an id cannot be empty'
				: id === '.' || id === '..'
					? "an id cannot be '.' or '..'"
					: /[/?#%\\]/.test(id)
						? "an id cannot contain '/', '?', '#', '%' or '\\'"
						: // eslint-disable-next-line no-control-regex -- control characters are what is refused
							/[\u0000-\u001f\u007f]/.test(id)
							? 'an id cannot contain control characters'
							: undefined;
	if (problem) {
		throw new FaceUsageError(`Invalid ${what} ${show(id)}: ${problem}. No request was sent.`);
	}
	return encodeURIComponent(id);
}

function show(id: unknown): string {
	if (typeof id !== 'string') {
		return String(typeof id);
	}
	const printable = Array.from(id.slice(0, 40), (c) => (c < ' ' || c === '\u007f' ? '?' : c)).join('');
	return `'${printable}${id.length > 40 ? '…' : ''}'`;
}

export function containersPath(kind: ContainerKind): string {
	return `/${kindInfo(kind).route}`;
}

export function containerPath(kind: ContainerKind, id: string): string {
	return `${containersPath(kind)}/${seg(id, `${kindInfo(kind).noun} id`)}`;
}

export function personsPath(kind: ContainerKind, id: string): string {
	requireChildren(kind, 'persons');
	return `${containerPath(kind, id)}/persons`;
}

export function personPath(kind: ContainerKind, id: string, personId: string): string {
	return `${personsPath(kind, id)}/${seg(personId, 'person id')}`;
}

/** Where faces live: under the person for person groups, directly under the list for face lists. */
export function facesPath(kind: ContainerKind, id: string, personId: string | undefined): string {
	const info = kindInfo(kind);
	if (info.children === 'persons') {
		if (personId === undefined) {
			throw new FaceUsageError(`Faces of a ${info.noun} belong to a person: a person id is required.`);
		}
		return `${personPath(kind, id, personId)}/persistedfaces`;
	}
	if (personId !== undefined) {
		throw new FaceUsageError(`A ${info.noun} holds faces directly: it has no persons.`);
	}
	return `${containerPath(kind, id)}/persistedfaces`;
}

export function facePath(kind: ContainerKind, id: string, personId: string | undefined, faceId: string): string {
	return `${facesPath(kind, id, personId)}/${seg(faceId, 'face id')}`;
}

export function trainPath(kind: ContainerKind, id: string): string {
	requireTrainable(kind);
	return `${containerPath(kind, id)}/train`;
}

export function trainingPath(kind: ContainerKind, id: string): string {
	requireTrainable(kind);
	return `${containerPath(kind, id)}/training`;
}

export function operationPath(operationId: string): string {
	return `/operations/${seg(operationId, 'operation id')}`;
}

export function requireTrainable(kind: ContainerKind): KindInfo {
	const info = kindInfo(kind);
	if (!info.trainable) {
		throw new FaceUsageError(`A ${info.noun} is not trained.`);
	}
	return info;
}

/** Identify and verify-to-person work on person-holding kinds; find-similar on face-holding kinds. */
export function requireChildren(kind: ContainerKind, children: 'persons' | 'faces'): KindInfo {
	const info = kindInfo(kind);
	if (info.children !== children) {
		throw new FaceUsageError(
			children === 'persons' ? `A ${info.noun} has no persons: it holds faces directly.` : `A ${info.noun} holds persons, not faces.`,
		);
	}
	return info;
}

/** A query string from the defined entries (`?a=1&b=x`), or '' when there are none. */
export function query(params: Readonly<Record<string, string | number | boolean | undefined>>): string {
	const q = new URLSearchParams();
	for (const [k, v] of Object.entries(params)) {
		if (v !== undefined) {
			q.set(k, String(v));
		}
	}
	const s = q.toString();
	return s ? `?${s}` : '';
}
