/**
 * Checks the shape of 2xx bodies and turns them into the client's types. A body that is not what the API
 * sends (a list that is not an array, an object without its id) is a `MalformedResponse`, which the
 * pipeline reports as a `FaceNetworkError` with reason `malformed`.
 */
import type { ContainerKind } from './kinds';
import { kindInfo } from './routes';
import type { Container, DetectedFace, FaceListDetails, IdentifyResult, PersistedFace, Person, SimilarFace, VerifyResult } from './types';

/** Thrown by the parsers below; the pipeline adds the request and turns it into a FaceNetworkError. */
export class MalformedResponse extends Error {
	override readonly name = 'MalformedResponse' as const;
}

type Rec = Record<string, unknown>;

function fail(what: string): never {
	throw new MalformedResponse(what);
}

export function asRecord(v: unknown, what: string): Rec {
	return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Rec) : fail(`expected ${what} (a JSON object)`);
}

export function asArray(v: unknown, what: string): unknown[] {
	return Array.isArray(v) ? v : fail(`expected ${what} (a JSON array), got ${describe(v)}`);
}

function reqString(r: Rec, field: string, what: string): string {
	const v = r[field];
	return typeof v === 'string' && v !== '' ? v : fail(`${what} without '${field}'`);
}

function optString(r: Rec, field: string): string | undefined {
	const v = r[field];
	return typeof v === 'string' ? v : undefined;
}

function describe(v: unknown): string {
	return v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'an object' : typeof v;
}

export function toContainer(kind: ContainerKind, v: unknown): Container {
	const info = kindInfo(kind);
	const r = asRecord(v, `a ${info.noun}`);
	return {
		kind,
		id: reqString(r, info.idField, `a ${info.noun}`),
		// Name is required on create; tolerate a missing one rather than hide the container.
		name: optString(r, 'name') ?? '',
		userData: optString(r, 'userData'),
		recognitionModel: optString(r, 'recognitionModel'),
	};
}

export function toContainers(kind: ContainerKind, v: unknown): Container[] {
	return asArray(v, `a list of ${kindInfo(kind).noun}s`).map((c) => toContainer(kind, c));
}

export function toFace(v: unknown): PersistedFace {
	const r = asRecord(v, 'a face');
	return { persistedFaceId: reqString(r, 'persistedFaceId', 'a face'), userData: optString(r, 'userData') };
}

export function toFaces(v: unknown): PersistedFace[] {
	return asArray(v, 'a list of faces').map(toFace);
}

export function toFaceList(v: unknown): FaceListDetails {
	const container = toContainer('faceList', v);
	const faces = (v as Rec).persistedFaces;
	return { ...container, persistedFaces: faces === undefined || faces === null ? [] : toFaces(faces) };
}

export function toPerson(v: unknown): Person {
	const r = asRecord(v, 'a person');
	const ids = r.persistedFaceIds;
	return {
		personId: reqString(r, 'personId', 'a person'),
		name: optString(r, 'name') ?? '',
		userData: optString(r, 'userData'),
		persistedFaceIds:
			ids === undefined || ids === null
				? []
				: asArray(ids, "a person's face ids").map((x) => (typeof x === 'string' ? x : fail('a face id that is not a string'))),
	};
}

export function toPersons(v: unknown): Person[] {
	return asArray(v, 'a list of persons').map(toPerson);
}

export function toIdString(v: unknown, field: 'personId' | 'persistedFaceId'): string {
	return reqString(asRecord(v, 'a create answer'), field, 'a create answer');
}

export function toDetectedFaces(v: unknown): DetectedFace[] {
	return asArray(v, 'a list of detected faces').map((f) => {
		const r = asRecord(f, 'a detected face');
		const rect = asRecord(r.faceRectangle, 'a face rectangle');
		const num = (k: string) => (typeof rect[k] === 'number' ? (rect[k] as number) : fail(`a face rectangle without '${k}'`));
		return {
			faceId: optString(r, 'faceId'),
			faceRectangle: { top: num('top'), left: num('left'), width: num('width'), height: num('height') },
			recognitionModel: optString(r, 'recognitionModel'),
			faceLandmarks: r.faceLandmarks as DetectedFace['faceLandmarks'],
			faceAttributes: r.faceAttributes as DetectedFace['faceAttributes'],
		};
	});
}

export function toIdentifyResults(v: unknown): IdentifyResult[] {
	return asArray(v, 'identify results').map((x) => {
		const r = asRecord(x, 'an identify result');
		return {
			faceId: reqString(r, 'faceId', 'an identify result'),
			candidates: asArray(r.candidates ?? [], 'identify candidates').map((c) => {
				const cr = asRecord(c, 'a candidate');
				return { personId: reqString(cr, 'personId', 'a candidate'), confidence: toNumber(cr.confidence, 'a candidate') };
			}),
		};
	});
}

export function toSimilarFaces(v: unknown): SimilarFace[] {
	return asArray(v, 'similar faces').map((x) => {
		const r = asRecord(x, 'a similar face');
		return { persistedFaceId: optString(r, 'persistedFaceId'), faceId: optString(r, 'faceId'), confidence: toNumber(r.confidence, 'a similar face') };
	});
}

export function toVerifyResult(v: unknown): VerifyResult {
	const r = asRecord(v, 'a verify result');
	return {
		isIdentical: typeof r.isIdentical === 'boolean' ? r.isIdentical : fail("a verify result without 'isIdentical'"),
		confidence: toNumber(r.confidence, 'a verify result'),
	};
}

function toNumber(v: unknown, what: string): number {
	return typeof v === 'number' ? v : fail(`${what} without a numeric 'confidence'`);
}
