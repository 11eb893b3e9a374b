/** Persons of PG/LPG and persisted faces of persons, FaceLists and LargeFaceLists. */
import { randomUUID } from 'node:crypto';
import { type KindInfo, MAX_FACE_USER_DATA_LENGTH } from '../../src/face/kinds';
import { containerOf, requireSomeField } from './containers';
import { type Ctx, type Reply, jsonBody, ok, optionalJsonBody, unsupportedMediaType } from './context';
import { FaceError } from './errors';
import { type ImageInput, parseTargetFace, pickFace } from './faces';
import type { FaceRecord, PersonRecord } from './store';
import { checkDetectionModel, checkName, checkUserData, pageOf, parsePaging } from './validate';

function personView(p: PersonRecord): Record<string, unknown> {
	const out: Record<string, unknown> = { personId: p.personId, name: p.name };
	if (p.userData !== undefined) {
		out.userData = p.userData;
	}
	out.persistedFaceIds = [...p.faces.keys()];
	return out;
}

function faceView(f: FaceRecord): Record<string, unknown> {
	return f.userData === undefined ? { persistedFaceId: f.persistedFaceId } : { persistedFaceId: f.persistedFaceId, userData: f.userData };
}

export function createPerson(ctx: Ctx, kind: KindInfo): Reply {
	const c = containerOf(ctx, kind);
	const body = jsonBody(ctx);
	const name = checkName(body.name, true)!;
	const userData = checkUserData(body.userData);
	const large = kind.kind === 'largePersonGroup';
	const limits = ctx.config.limits;
	if (c.persons.size >= (large ? limits.personsPerLargePersonGroup : limits.personsPerPersonGroup)) {
		throw new FaceError(403, 'QuotaExceeded', `Person number reached ${kind.noun} level limit.`);
	}
	if (ctx.store.personCount(kind) >= (large ? limits.personsAcrossLargePersonGroups : limits.personsAcrossPersonGroups)) {
		throw new FaceError(403, 'QuotaExceeded', 'Person number reached subscription level limit.');
	}
	const personId = randomUUID();
	c.persons.set(personId, { personId, name, userData, faces: new Map() });
	return ok({ personId });
}

export function listPersons(ctx: Ctx, kind: KindInfo): Reply {
	const c = containerOf(ctx, kind);
	return ok(pageOf(c.persons, (p) => p.personId, parsePaging(ctx.query)).map(personView));
}

export function getPerson(ctx: Ctx, kind: KindInfo): Reply {
	const c = containerOf(ctx, kind);
	return ok(personView(ctx.store.person(c, ctx.params.personId)));
}

export function updatePerson(ctx: Ctx, kind: KindInfo): Reply {
	const c = containerOf(ctx, kind);
	const body = optionalJsonBody(ctx);
	const name = checkName(body.name, false);
	const userData = checkUserData(body.userData);
	requireSomeField(kind, name, userData);
	const p = ctx.store.person(c, ctx.params.personId);
	if (name !== undefined) {
		p.name = name;
	}
	if (userData !== undefined) {
		p.userData = userData;
	}
	return ok();
}

export function deletePerson(ctx: Ctx, kind: KindInfo): Reply {
	const c = containerOf(ctx, kind);
	const p = ctx.store.person(c, ctx.params.personId);
	c.persons.delete(p.personId);
	return ok();
}

/** The image of an add-face or detect call: octet-stream (or image/*) bytes, or JSON `{"url": "…"}`. */
export function imageInput(ctx: Ctx): ImageInput {
	const type = ctx.contentType;
	if (type === 'application/octet-stream' || type.startsWith('image/')) {
		return { kind: 'bytes', data: ctx.body };
	}
	if (type === 'application/json' || type.endsWith('+json')) {
		const url = jsonBody(ctx).url;
		if (typeof url !== 'string' || url.length === 0) {
			throw new FaceError(400, 'InvalidURL', 'Invalid image URL.');
		}
		return { kind: 'url', url };
	}
	throw unsupportedMediaType();
}

/** Validates query and image, then stores one face in `faces` (quota `max`). */
function addFace(ctx: Ctx, faces: Map<string, FaceRecord>, max: number): Reply {
	const target = parseTargetFace(ctx.query.get('targetFace'));
	const userData = checkUserData(ctx.query.get('userData') ?? undefined, MAX_FACE_USER_DATA_LENGTH);
	checkDetectionModel(ctx.query.get('detectionModel'));
	const face = pickFace(imageInput(ctx), target);
	if (faces.size >= max) {
		throw new FaceError(403, 'QuotaExceeded', 'Persisted face number reached limit.');
	}
	const persistedFaceId = randomUUID();
	faces.set(persistedFaceId, { persistedFaceId, userData, identity: face.identity, rect: face.rect });
	return ok({ persistedFaceId });
}

/** The face collection addressed by the path: a person's faces (PG/LPG) or the list's faces (FL/LFL). */
function facesOf(ctx: Ctx, kind: KindInfo): Map<string, FaceRecord> {
	const c = containerOf(ctx, kind);
	return kind.children === 'persons' ? ctx.store.person(c, ctx.params.personId).faces : c.faces;
}

export function addMemberFace(ctx: Ctx, kind: KindInfo): Reply {
	const faces = facesOf(ctx, kind);
	const limits = ctx.config.limits;
	const max =
		kind.children === 'persons'
			? limits.facesPerPerson
			: kind.kind === 'faceList'
				? limits.facesPerFaceList
				: limits.facesPerLargeFaceList;
	return addFace(ctx, faces, max);
}

export function listMemberFaces(ctx: Ctx, kind: KindInfo): Reply {
	const faces = facesOf(ctx, kind);
	return ok(pageOf(faces, (f) => f.persistedFaceId, parsePaging(ctx.query)).map(faceView));
}

export function getMemberFace(ctx: Ctx, kind: KindInfo): Reply {
	return ok(faceView(ctx.store.face(facesOf(ctx, kind), ctx.params.persistedFaceId)));
}

export function updateMemberFace(ctx: Ctx, kind: KindInfo): Reply {
	const faces = facesOf(ctx, kind);
	const body = optionalJsonBody(ctx);
	const userData = checkUserData(body.userData, MAX_FACE_USER_DATA_LENGTH);
	const f = ctx.store.face(faces, ctx.params.persistedFaceId);
	if (userData !== undefined) {
		f.userData = userData;
	}
	return ok();
}

export function deleteMemberFace(ctx: Ctx, kind: KindInfo): Reply {
	const faces = facesOf(ctx, kind);
	const f = ctx.store.face(faces, ctx.params.persistedFaceId);
	faces.delete(f.persistedFaceId);
	return ok();
}
