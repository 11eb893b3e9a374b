/**
 * Identify against the Person Directory (`personIds`: 1–30 ids, or `["*"]` for every person) or a Dynamic
 * Person Group (`dynamicPersonGroupId`), and verify a face against a directory person (`personId` without a
 * group). Only searchable faces count: those of the query face's recognition model whose add-face (and
 * create-person) operation succeeded. Other bodies go to the Person Group / Large Person Group handlers.
 */
import { type Ctx, type Reply, jsonBody, ok } from './context';
import { FaceError, badArgument } from './errors';
import { DIRECTORY_VERSIONS } from './directory';
import type { DirectoryPersonRecord } from './directoryStore';
import { confidence, detected, identify, intArg, verify } from './recognition';
import { isUuid } from './validate';

/** Identify against at most this many listed directory persons. */
const MAX_PERSON_IDS = 30;

function inDirectory(ctx: Ctx): boolean {
	return DIRECTORY_VERSIONS.includes(ctx.version);
}

/** The persons an identify body names: the listed ones, every one (`*`), or a group's. */
function scope(ctx: Ctx, body: Record<string, unknown>): DirectoryPersonRecord[] {
	const dir = ctx.store.directory;
	if (body.personIds !== undefined && body.dynamicPersonGroupId !== undefined) {
		throw badArgument("Only one of 'personIds' and 'dynamicPersonGroupId' can be given.");
	}
	if (body.dynamicPersonGroupId !== undefined) {
		if (typeof body.dynamicPersonGroupId !== 'string') {
			throw badArgument('Dynamic person group ID is invalid.');
		}
		const g = dir.group(body.dynamicPersonGroupId, 400);
		return [...g.personIds].map((id) => dir.persons.get(id)).filter((p): p is DirectoryPersonRecord => !!p);
	}
	const ids = body.personIds;
	if (!Array.isArray(ids) || ids.length < 1 || ids.length > MAX_PERSON_IDS) {
		throw badArgument(`'personIds' is invalid, it should contain 1 to ${MAX_PERSON_IDS} person IDs, or "*".`);
	}
	if (ids.length === 1 && ids[0] === '*') {
		return [...dir.persons.values()];
	}
	return ids.map((id) => {
		if (!isUuid(id)) {
			throw badArgument('Person ID is invalid.');
		}
		const p = dir.persons.get(id.toLowerCase());
		if (!p) {
			throw new FaceError(400, 'PersonNotFound', `Person '${id}' is not found.`);
		}
		return p;
	});
}

export function identifyAny(ctx: Ctx): Reply {
	const body = jsonBody(ctx);
	if (!inDirectory(ctx) || (body.personIds === undefined && body.dynamicPersonGroupId === undefined)) {
		return identify(ctx);
	}
	const ids = body.faceIds;
	if (!Array.isArray(ids) || ids.length < 1 || ids.length > 10) {
		throw badArgument("'faceIds' is invalid, it should contain 1 to 10 face IDs.");
	}
	const max = intArg(body.maxNumOfCandidatesReturned, 'maxNumOfCandidatesReturned', 1, 100, 10);
	const threshold = body.confidenceThreshold ?? 0.5;
	if (typeof threshold !== 'number' || threshold < 0 || threshold > 1) {
		throw badArgument("'confidenceThreshold' is invalid, it should be between 0 and 1.");
	}
	const persons = scope(ctx, body);
	const faces = ids.map((id) => detected(ctx, id));
	return ok(
		faces.map((f) => ({
			faceId: f.faceId,
			candidates: persons
				.filter((p) => ctx.store.directory.searchable(p, f.recognitionModel).some((x) => x.identity === f.identity))
				.map((p) => ({ personId: p.personId, confidence: confidence(f.identity, true) }))
				.filter((c) => c.confidence >= threshold)
				.slice(0, max),
		})),
	);
}

export function verifyAny(ctx: Ctx): Reply {
	const body = jsonBody(ctx);
	const directoryPerson = body.faceId !== undefined && body.personId !== undefined && body.personGroupId === undefined && body.largePersonGroupId === undefined;
	if (!inDirectory(ctx) || !directoryPerson) {
		return verify(ctx);
	}
	const face = detected(ctx, body.faceId);
	if (!isUuid(body.personId)) {
		throw badArgument('Person ID is invalid.');
	}
	const person = ctx.store.directory.person(body.personId);
	const same = ctx.store.directory.searchable(person, face.recognitionModel).some((f) => f.identity === face.identity);
	return ok({ isIdentical: same, confidence: confidence(face.identity, same) });
}
