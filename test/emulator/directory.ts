/**
 * Person Directory routes (`/persons…`; v1.0-preview, v1.1-preview.1, v1.2-preview.1 only: other versions
 * answer 404 like an unknown route). Creating and deleting persons and adding and deleting faces answer
 * `202` with an operation (operations.ts); their effect waits for its success.
 */
import { randomUUID } from 'node:crypto';
import { MAX_FACE_USER_DATA_LENGTH, RECOGNITION_MODELS } from '../../src/face/kinds';
import { type Ctx, type Reply, jsonBody, ok, optionalJsonBody } from './context';
import { FaceError, badArgument } from './errors';
import { parseTargetFace, pickFace } from './faces';
import { imageInput } from './members';
import { startWrite, writeAccepted } from './operations';
import type { DirectoryFaceRecord, DirectoryPersonRecord } from './directoryStore';
import { checkDetectionModel, checkName, checkUserData, isUuid, page, parsePaging } from './validate';

/** The versions that have the Person Directory and Dynamic Person Groups. */
export const DIRECTORY_VERSIONS: readonly string[] = ['v1.0-preview', 'v1.1-preview.1', 'v1.2-preview.1'];

export function requireDirectory(ctx: Ctx): void {
	if (!DIRECTORY_VERSIONS.includes(ctx.version)) {
		throw new FaceError(404, '404', 'Resource not found');
	}
}

/** `start` of a list of persons: empty, or a person id. */
export function personPaging(ctx: Ctx): ReturnType<typeof parsePaging> {
	const paging = parsePaging(ctx.query);
	if (paging.start !== undefined && !isUuid(paging.start)) {
		throw badArgument("'start' is not a valid person ID.");
	}
	return paging;
}

function personView(p: DirectoryPersonRecord): Record<string, unknown> {
	return p.userData === undefined ? { personId: p.personId, name: p.name } : { personId: p.personId, name: p.name, userData: p.userData };
}

function faceView(f: DirectoryFaceRecord): Record<string, unknown> {
	return f.userData === undefined ? { persistedFaceId: f.persistedFaceId } : { persistedFaceId: f.persistedFaceId, userData: f.userData };
}

function model(ctx: Ctx): string {
	const m = ctx.params.recognitionModel.toLowerCase();
	if (!(RECOGNITION_MODELS as readonly string[]).includes(m)) {
		throw badArgument('Invalid recognition model.');
	}
	return m;
}

function personUrl(ctx: Ctx, personId: string): string {
	return `${ctx.origin}/face/${ctx.version}/persons/${personId}`;
}

export function createDirectoryPerson(ctx: Ctx): Reply {
	requireDirectory(ctx);
	const body = jsonBody(ctx);
	const name = checkName(body.name, true)!;
	const userData = checkUserData(body.userData);
	const dir = ctx.store.directory;
	if (dir.persons.size >= ctx.config.limits.directoryPersons) {
		throw new FaceError(403, 'QuotaExceeded', 'Person number reached person directory level limit.');
	}
	const personId = randomUUID();
	const person: DirectoryPersonRecord = { personId, name, userData, faces: new Map(), ready: false };
	dir.persons.set(personId, person);
	const op = startWrite(ctx.store, ctx.config, {
		kind: 'createPerson',
		serialKey: `person/${personId}`,
		apply: () => {
			person.ready = true;
		},
		revert: () => dir.removePerson(personId),
	});
	return writeAccepted(ctx, op, { personId }, personUrl(ctx, personId));
}

export function listDirectoryPersons(ctx: Ctx): Reply {
	requireDirectory(ctx);
	return ok(page(ctx.store.directory.persons.values(), (p) => p.personId, personPaging(ctx)).map(personView));
}

export function getDirectoryPerson(ctx: Ctx): Reply {
	requireDirectory(ctx);
	return ok(personView(ctx.store.directory.person(ctx.params.personId)));
}

export function updateDirectoryPerson(ctx: Ctx): Reply {
	requireDirectory(ctx);
	const body = optionalJsonBody(ctx);
	const name = checkName(body.name, false);
	const userData = checkUserData(body.userData);
	if (name === undefined && userData === undefined) {
		throw badArgument("Both 'name' and 'userData' are empty.");
	}
	const p = ctx.store.directory.person(ctx.params.personId);
	if (name !== undefined) {
		p.name = name;
	}
	if (userData !== undefined) {
		p.userData = userData;
	}
	return ok();
}

export function deleteDirectoryPerson(ctx: Ctx): Reply {
	requireDirectory(ctx);
	const dir = ctx.store.directory;
	const p = dir.person(ctx.params.personId);
	const op = startWrite(ctx.store, ctx.config, { kind: 'deletePerson', serialKey: `person/${p.personId}`, apply: () => dir.removePerson(p.personId) });
	return writeAccepted(ctx, op);
}

export function listGroupReferences(ctx: Ctx): Reply {
	requireDirectory(ctx);
	const p = ctx.store.directory.person(ctx.params.personId);
	const ids = [...ctx.store.directory.groups.values()].filter((g) => g.personIds.has(p.personId)).map((g) => g.id);
	const body: Record<string, unknown> = { dynamicPersonGroupIds: page(ids, (id) => id, parsePaging(ctx.query)) };
	if (ctx.legacy) {
		body.personId = p.personId; // v1.0-preview's answer names the person too
	}
	return ok(body);
}

// ---- faces, per recognition model ----

function facesOf(ctx: Ctx): { person: DirectoryPersonRecord; faces: Map<string, DirectoryFaceRecord> } {
	const m = model(ctx);
	const person = ctx.store.directory.person(ctx.params.personId);
	return { person, faces: ctx.store.directory.facesOf(person, m) };
}

function faceOf(ctx: Ctx): { person: DirectoryPersonRecord; faces: Map<string, DirectoryFaceRecord>; face: DirectoryFaceRecord } {
	const { person, faces } = facesOf(ctx);
	const face = faces.get(ctx.params.persistedFaceId.toLowerCase());
	if (!face) {
		throw new FaceError(404, 'PersistedFaceNotFound', `Persisted face '${ctx.params.persistedFaceId}' is not found.`);
	}
	return { person, faces, face };
}

export function addDirectoryFace(ctx: Ctx): Reply {
	requireDirectory(ctx);
	const { person, faces } = facesOf(ctx);
	const target = parseTargetFace(ctx.query.get('targetFace'));
	const userData = checkUserData(ctx.query.get('userData') ?? undefined, MAX_FACE_USER_DATA_LENGTH);
	checkDetectionModel(ctx.query.get('detectionModel'));
	const picked = pickFace(imageInput(ctx), target);
	if (faces.size >= ctx.config.limits.facesPerPerson) {
		throw new FaceError(403, 'QuotaExceeded', 'Persisted face number reached limit.');
	}
	const persistedFaceId = randomUUID();
	const face: DirectoryFaceRecord = { persistedFaceId, userData, identity: picked.identity, rect: picked.rect, ready: false };
	faces.set(persistedFaceId, face);
	const op = startWrite(ctx.store, ctx.config, {
		kind: 'addFace',
		serialKey: `person/${person.personId}`,
		apply: () => {
			face.ready = true;
		},
		revert: () => faces.delete(persistedFaceId),
	});
	const location = `${personUrl(ctx, person.personId)}/recognitionModels/${model(ctx)}/persistedfaces/${persistedFaceId}`;
	return writeAccepted(ctx, op, { persistedFaceId }, location);
}

export function listDirectoryFaces(ctx: Ctx): Reply {
	requireDirectory(ctx);
	const { person, faces } = facesOf(ctx);
	return ok({ personId: person.personId, persistedFaceIds: [...faces.keys()] });
}

export function getDirectoryFace(ctx: Ctx): Reply {
	requireDirectory(ctx);
	return ok(faceView(faceOf(ctx).face));
}

export function updateDirectoryFace(ctx: Ctx): Reply {
	requireDirectory(ctx);
	const body = optionalJsonBody(ctx);
	const userData = checkUserData(body.userData, MAX_FACE_USER_DATA_LENGTH);
	const { face } = faceOf(ctx);
	if (userData !== undefined) {
		face.userData = userData;
	}
	return ok();
}

export function deleteDirectoryFace(ctx: Ctx): Reply {
	requireDirectory(ctx);
	const { person, faces, face } = faceOf(ctx);
	const op = startWrite(ctx.store, ctx.config, {
		kind: 'deleteFace',
		serialKey: `person/${person.personId}`,
		apply: () => faces.delete(face.persistedFaceId),
	});
	return writeAccepted(ctx, op);
}
