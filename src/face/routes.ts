/**
 * Paths under `/face/{version}`, derived from the kinds table: one code path for all four kinds.
 * Every id is URL-encoded; the checks here are the usage errors the service would otherwise answer with
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

const seg = encodeURIComponent;

export function containersPath(kind: ContainerKind): string {
	return `/${kindInfo(kind).route}`;
}

export function containerPath(kind: ContainerKind, id: string): string {
	return `${containersPath(kind)}/${seg(id)}`;
}

export function personsPath(kind: ContainerKind, id: string): string {
	requireChildren(kind, 'persons');
	return `${containerPath(kind, id)}/persons`;
}

export function personPath(kind: ContainerKind, id: string, personId: string): string {
	return `${personsPath(kind, id)}/${seg(personId)}`;
}

/** Where faces live: under the person for person groups, directly under the list for face lists. */
export function facesPath(kind: ContainerKind, id: string, personId: string | undefined): string {
	const info = kindInfo(kind);
	if (info.children === 'persons') {
		if (personId === undefined || personId === '') {
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
	return `${facesPath(kind, id, personId)}/${seg(faceId)}`;
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
	return `/operations/${seg(operationId)}`;
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
