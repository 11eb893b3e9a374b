/**
 * What the Person Directory and Dynamic Person Group clients share: which API versions have them (the
 * check runs before any request), the `202` + `operation-Location` answer of their asynchronous writes,
 * operation URLs, and the shapes of their bodies.
 */
import { locationProblem, sameOriginUrl } from './endpoint';
import { FaceUnsupportedVersionError, FaceUsageError } from './errors';
import { RECOGNITION_MODELS, type ApiVersion, type RecognitionModel } from './kinds';
import type { CallResult, Pipeline } from './pipeline';
import { operationPath, seg } from './routes';
import { asArray, asRecord, MalformedResponse } from './shapes';
import type { DirectoryPerson, DirectoryWrite, DynamicPersonGroup } from './directoryTypes';

/**
 * The client's API versions that have the Person Directory and Dynamic Person Groups (FACE-API.md §3.5:
 * v1.0 never had them, v1.2 GA removed them; the legacy v1.0-preview has them but is not a client version).
 */
export const PERSON_DIRECTORY_VERSIONS: readonly ApiVersion[] = ['v1.1-preview.1', 'v1.2-preview.1'];

export function hasPersonDirectory(version: string): boolean {
	return (PERSON_DIRECTORY_VERSIONS as readonly string[]).includes(version);
}

/** What a directory client needs from the Face client. */
export interface DirectoryContext {
	readonly pipe: Pipeline;
	/** `${endpoint}/face/${apiVersion}` */
	readonly baseUrl: string;
	readonly endpoint: string;
	readonly apiVersion: ApiVersion;
}

/** Refuses, before any request, an operation the resource's API version does not have. */
export function requireDirectory(ctx: DirectoryContext, feature: 'The Person Directory' | 'Dynamic Person Groups'): void {
	if (!hasPersonDirectory(ctx.apiVersion)) {
		throw new FaceUnsupportedVersionError(feature, ctx.apiVersion, PERSON_DIRECTORY_VERSIONS);
	}
}

export function modelSeg(model: RecognitionModel): string {
	if (!(RECOGNITION_MODELS as readonly string[]).includes(model)) {
		throw new FaceUsageError(`Unknown recognition model '${String(model).slice(0, 40)}' (use one of ${RECOGNITION_MODELS.join(', ')}). No request was sent.`);
	}
	return model;
}

export function personSeg(personId: string): string {
	return `/persons/${seg(personId, 'person id')}`;
}

export function groupSeg(groupId: string): string {
	return `/dynamicpersongroups/${seg(groupId, 'dynamic person group id')}`;
}

/**
 * The operation a write answered: none for a `200`; for a `202` its `operation-Location` (headers are
 * lower-cased by the transport, so any spelling is found), when it is a URL on this resource's origin.
 */
export function writeResult(ctx: DirectoryContext, res: CallResult): DirectoryWrite {
	if (res.status !== 202 || res.doneOnRepeat) {
		return {};
	}
	const header = res.headers['operation-location'];
	if (!header) {
		return { locationProblem: 'The service accepted the write (202) without an operation-Location to follow.' };
	}
	const problem = locationProblem(header, ctx.baseUrl, ctx.endpoint, 'the write');
	if (problem) {
		return { locationProblem: `${problem}.` };
	}
	const url = new URL(header, `${ctx.baseUrl}/`);
	const id = /\/operations\/([^/]+)\/?$/.exec(url.pathname)?.[1];
	return { operationUrl: url.toString(), operationId: id === undefined ? undefined : decodeURIComponent(id) };
}

/** The `/operations/{id}` target of an id or of an absolute operation URL (same origin only). */
export function operationTarget(idOrUrl: string, baseUrl: string, endpoint: string): string | URL {
	if (typeof idOrUrl === 'string' && /^https?:\/\//i.test(idOrUrl.trim())) {
		const url = sameOriginUrl(idOrUrl.trim(), baseUrl, endpoint);
		if (!/\/operations\/[^/]+\/?$/.test(url.pathname)) {
			throw new FaceUsageError(`'${url.pathname.slice(0, 120)}' is not an operation URL (…/operations/{id}). No request was sent.`);
		}
		return url;
	}
	return operationPath(idOrUrl);
}

function optString(r: Record<string, unknown>, field: string): string | undefined {
	return typeof r[field] === 'string' ? (r[field] as string) : undefined;
}

function reqString(r: Record<string, unknown>, field: string, what: string): string {
	const v = r[field];
	if (typeof v !== 'string' || v === '') {
		throw new MalformedResponse(`${what} without '${field}'`);
	}
	return v;
}

export function toDirectoryPerson(v: unknown): DirectoryPerson {
	const r = asRecord(v, 'a directory person');
	return { personId: reqString(r, 'personId', 'a directory person'), name: optString(r, 'name') ?? '', userData: optString(r, 'userData') };
}

export function toDirectoryPersons(v: unknown): DirectoryPerson[] {
	return asArray(v, 'a list of directory persons').map(toDirectoryPerson);
}

export function toDynamicGroup(v: unknown): DynamicPersonGroup {
	const r = asRecord(v, 'a dynamic person group');
	return {
		dynamicPersonGroupId: reqString(r, 'dynamicPersonGroupId', 'a dynamic person group'),
		name: optString(r, 'name') ?? '',
		userData: optString(r, 'userData'),
	};
}

export function toDynamicGroups(v: unknown): DynamicPersonGroup[] {
	return asArray(v, 'a list of dynamic person groups').map(toDynamicGroup);
}

/** `{ [field]: ["id", …] }` → the ids. */
export function toIdList(field: 'personIds' | 'persistedFaceIds' | 'dynamicPersonGroupIds'): (v: unknown) => string[] {
	return (v) =>
		asArray(asRecord(v, `a list of ${field}`)[field], field).map((x) => {
			if (typeof x !== 'string') {
				throw new MalformedResponse(`an id in '${field}' that is not a string`);
			}
			return x;
		});
}
