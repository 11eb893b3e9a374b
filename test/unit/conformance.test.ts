/**
 * Replays the official OpenAPI examples (`../shared/face-api/<version>/examples/`) against the emulator:
 * for every PG / LPG / FL / LFL / person / face / train / training example, every Person Directory and Dynamic
 * Person Group example (and `GET /operations/{id}`, identify and verify from PG / LPG / the directory / a dynamic
 * group, find-similar from FL / LFL), sets up
 * what the example implies, sends its request, and checks the status and the body shape. Examples outside that
 * scope are listed as skipped with the reason.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { kindByRoute } from '../../src/face/kinds';
import { makeTestImage } from '../emulator/images';
import { type Emulator, startEmulator } from '../emulator/server';
import { type ExampleCase, compareShape, loadExampleCases } from '../emulator/specExamples';
import { RawFace } from '../emulator/testClient';

/** `../shared/face-api` beside the repository; `FACE_API_SPECS` points elsewhere (and lets a test of this test hide it). */
const ROOT = process.env.FACE_API_SPECS ?? path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'face-api');
const VERSIONS = ['v1.0', 'v1.0-preview', 'v1.1-preview.1', 'v1.2-preview.1'];
/**
 * How many examples each version must replay (sent and checked, not skipped): today's counts. A run
 * that replays fewer — a folder gone, examples newly skipped — fails instead of passing quietly.
 */
const MIN_REPLAYED: Readonly<Record<string, number>> = { 'v1.0': 62, 'v1.0-preview': 80, 'v1.1-preview.1': 86, 'v1.2-preview.1': 86 };
/** Under CI the examples must be there: a missing folder is a failure, not a skip. */
const REQUIRED = /^(1|true|yes)$/i.test(process.env.CI ?? '');

type Json = Record<string, unknown>;

/** Why an example is not replayed, or undefined when it is in scope. */
function skipReason(c: ExampleCase): string | undefined {
	const first = c.template.split('/')[1];
	if (first === 'snapshots') {
		return 'Snapshot API is retired and not emulated';
	}
	if (/liveness|session/i.test(c.template)) {
		return 'liveness sessions are not emulated';
	}
	if (first === 'group') {
		return '/group is not emulated';
	}
	const body = (c.values.body ?? {}) as Record<string, unknown>;
	if (first === 'detect' && body.sessionImageId !== undefined) {
		return 'detect from a liveness session image is not emulated';
	}
	if (first === 'identify' && !body.personGroupId && !body.largePersonGroupId && !body.personIds && !body.dynamicPersonGroupId) {
		return 'identify without a target is not an example of anything emulated';
	}
	if (first === 'findsimilars') {
		const results = (c.responses['200']?.body ?? []) as Array<Record<string, unknown>>;
		const byList = !!(body.faceListId || body.largeFaceListId);
		if (results.some((r) => (byList ? 'faceId' in r : 'persistedFaceId' in r))) {
			return "the example's result swaps faceId and persistedFaceId (the spec: faceId when searching faceIds, persistedFaceId when searching a list)";
		}
	}
	if (['identify', 'findsimilars', 'verify'].includes(first)) {
		return undefined;
	}
	if (first === 'operations' || first === 'persons' || first === 'dynamicpersongroups' || first === 'detect' || kindByRoute(first)) {
		return undefined;
	}
	return `no emulated route for ${c.template}`;
}

const str = (v: unknown, fallback: string) => (typeof v === 'string' && v.length > 0 ? v : fallback);
const okBody = (r: { status: number; text: string }) => {
	assert.ok(r.status < 300, `setup failed: ${r.status} ${r.text}`);
	return r.text ? (JSON.parse(r.text) as Json) : {};
};

/**
 * Recognition examples: containers with faces of known seeds, trained, and fresh detected faceIds of the same seeds
 * in place of the example's. Returns the request body to send.
 */
async function setUpRecognition(c: ExampleCase, face: RawFace, emu: Emulator): Promise<Json> {
	const body = { ...(c.values.body as Json) };
	const detect = async (seed: string) =>
		((okBody(await face.post('/detect', { bytes: makeTestImage(seed, 1, { variant: 1 }) })) as unknown as Json[])[0].faceId as string);
	const groupKind = body.largePersonGroupId ? 'largepersongroups' : 'persongroups';
	const groupId = (body.personGroupId ?? body.largePersonGroupId) as string | undefined;
	const group = async (seeds: string[]) => {
		okBody(await face.put(`/${groupKind}/${groupId}`, { name: 'Conformance' }));
		const personIds: string[] = [];
		for (const seed of seeds) {
			const { personId } = okBody(await face.post(`/${groupKind}/${groupId}/persons`, { json: { name: seed } })) as { personId: string };
			okBody(await face.post(`/${groupKind}/${groupId}/persons/${personId}/persistedfaces`, { bytes: makeTestImage(seed) }));
			personIds.push(personId);
		}
		return personIds;
	};
	const trainAll = async (base: string) => {
		assert.equal((await face.post(`${base}/train`)).status, 202);
		await emu.control.finishTraining();
	};
	const directory = await setUpDirectoryRecognition(body, face, detect);
	if (directory) {
		return directory;
	}
	if (Array.isArray(body.faceIds) && groupId) {
		// identify
		const seeds = body.faceIds.map((_, i) => `conformance-person-${i}`);
		await group(seeds);
		await trainAll(`/${groupKind}/${groupId}`);
		body.faceIds = await Promise.all(seeds.map(detect));
	} else if (body.faceId1) {
		body.faceId1 = await detect('conformance-same');
		body.faceId2 = await detect('conformance-same');
	} else if (body.personId && groupId) {
		[body.personId] = await group(['conformance-verify']);
		body.faceId = await detect('conformance-verify');
	} else {
		// find-similar
		const seed = 'conformance-similar';
		if (body.faceListId || body.largeFaceListId) {
			const route = body.faceListId ? 'facelists' : 'largefacelists';
			const base = `/${route}/${(body.faceListId ?? body.largeFaceListId) as string}`;
			okBody(await face.put(base, { name: 'Conformance' }));
			okBody(await face.post(`${base}/persistedfaces`, { bytes: makeTestImage(seed) }));
			if (route === 'largefacelists') {
				await trainAll(base);
			}
		} else if (Array.isArray(body.faceIds)) {
			body.faceIds = await Promise.all(body.faceIds.map((_, i) => detect(i === 0 ? seed : `conformance-other-${i}`)));
		}
		body.faceId = await detect(seed);
	}
	return body;
}

/**
 * Identify against the Person Directory (`personIds`) or a Dynamic Person Group, verify against a directory
 * person: directory persons with a face of a known seed (recognition_01, as detect's default), and fresh
 * faceIds of the same seeds. Undefined for bodies of the other kinds.
 */
async function setUpDirectoryRecognition(body: Json, face: RawFace, detect: (seed: string) => Promise<string>): Promise<Json | undefined> {
	const verifying = typeof body.faceId === 'string' && typeof body.personId === 'string' && !body.personGroupId && !body.largePersonGroupId;
	if (!body.personIds && !body.dynamicPersonGroupId && !verifying) {
		return undefined;
	}
	const person = async (seed: string) => {
		const { personId } = okBody(await face.post('/persons', { json: { name: seed } })) as { personId: string };
		okBody(await face.post(`/persons/${personId}/recognitionModels/recognition_01/persistedfaces`, { bytes: makeTestImage(seed) }));
		return personId;
	};
	if (verifying) {
		return { ...body, personId: await person('conformance-verify'), faceId: await detect('conformance-verify') };
	}
	const seeds = (body.faceIds as unknown[]).map((_, i) => `conformance-directory-${i}`);
	const personIds = await Promise.all(seeds.map(person));
	const out: Json = { ...body, faceIds: await Promise.all(seeds.map(detect)) };
	if (body.dynamicPersonGroupId) {
		okBody(await face.put(`/dynamicpersongroups/${body.dynamicPersonGroupId as string}`, { name: 'Conformance', addPersonIds: personIds }));
	} else {
		out.personIds = personIds;
	}
	return out;
}

/** A directory person (with `faces` faces of `model`); its id. */
async function directoryPerson(face: RawFace, name: unknown, userData: unknown, model: string, faces: number): Promise<{ personId: string; faceIds: string[] }> {
	const { personId } = okBody(await face.post('/persons', { json: { name: str(name, 'Person'), userData: userData ?? undefined } })) as { personId: string };
	const faceIds: string[] = [];
	for (let i = 0; i < faces; i++) {
		const added = okBody(await face.post(`/persons/${personId}/recognitionModels/${model}/persistedfaces`, { bytes: makeTestImage(`conformance-${personId}-${i}`) }));
		faceIds.push(added.persistedFaceId as string);
	}
	return { personId, faceIds };
}

/**
 * Person Directory and Dynamic Person Group examples: the persons, faces and groups the example implies.
 * Returns the server ids for the path, and `=<example id>` → server id for person ids inside the body.
 * Group ids are lower-cased (v1.0-preview's examples use `dynamicPersonGroup1`; the id pattern is `^[a-z0-9-_]+$`).
 */
async function setUpDirectory(c: ExampleCase, face: RawFace): Promise<Record<string, string>> {
	const ids: Record<string, string> = {};
	const segs = c.template.split('/').slice(1);
	const body200 = c.responses['200']?.body;
	const items = Array.isArray(body200) ? (body200 as Json[]) : [];
	const one = (!Array.isArray(body200) && body200 && typeof body200 === 'object' ? body200 : {}) as Json;
	const start = typeof c.values.start === 'string' ? c.values.start : '';
	const model = /^recognition_0[1-4]$/.test(String(c.values.recognitionModel)) ? String(c.values.recognitionModel) : 'recognition_01';
	ids.recognitionModel = model;
	const body = (c.values.body ?? {}) as Json;
	const mapPersons = async (list: unknown) => {
		for (const exampleId of Array.isArray(list) ? (list as string[]) : []) {
			ids[`=${exampleId}`] = (await directoryPerson(face, 'Member', undefined, model, 0)).personId;
		}
	};
	if (segs[0] === 'persons') {
		if (segs.length === 1) {
			if (c.method === 'GET') {
				for (const item of items.length > 0 ? items : [{}]) {
					await directoryPerson(face, item.name, item.userData, model, 0);
				}
			}
			return ids;
		}
		const faces = Array.isArray(one.persistedFaceIds) ? Math.min(3, one.persistedFaceIds.length) : 0;
		const person = await directoryPerson(face, one.name, one.userData, model, faces);
		ids.personId = person.personId;
		if (segs[2] === 'dynamicPersonGroupReferences') {
			const groups = Array.isArray(one.dynamicPersonGroupIds) ? (one.dynamicPersonGroupIds as string[]) : [];
			for (const g of groups.length > 0 ? groups : ['conformance']) {
				okBody(await face.put(`/dynamicpersongroups/${g.toLowerCase()}`, { name: 'Group', addPersonIds: [person.personId] }));
			}
		}
		if (c.template.endsWith('{persistedFaceId}')) {
			const q = typeof one.userData === 'string' ? `?userData=${encodeURIComponent(one.userData)}` : '';
			const added = okBody(await face.post(`/persons/${person.personId}/recognitionModels/${model}/persistedfaces${q}`, { bytes: makeTestImage('conformance-face') }));
			ids.persistedFaceId = added.persistedFaceId as string;
		}
		return ids;
	}
	// dynamicpersongroups
	if (segs.length === 1) {
		const created: string[] = [];
		for (const item of items) {
			const id = str(item.dynamicPersonGroupId, 'conformance').toLowerCase();
			okBody(await face.put(`/dynamicpersongroups/${id}`, { name: str(item.name, 'n'), userData: item.userData ?? undefined }));
			created.push(id);
		}
		if (items.length > 0 && start && !created.some((id) => id > start)) {
			okBody(await face.put(`/dynamicpersongroups/${start}_next`, { name: 'n', userData: items[0].userData ?? undefined }));
		}
		return ids;
	}
	const groupId = str(c.values.dynamicPersonGroupId, 'conformance').toLowerCase();
	ids.dynamicPersonGroupId = groupId;
	await mapPersons(body.addPersonIds);
	if (c.method === 'PUT') {
		return ids; // create: the group must not exist yet
	}
	const members: string[] = [];
	if (segs[2] === 'persons') {
		while (members.length < 2 || (start && !members.some((p) => p > start) && members.length < 40)) {
			members.push((await directoryPerson(face, 'Member', undefined, model, 0)).personId);
		}
	}
	const create: Json = { name: str(one.name, 'Conformance'), userData: one.userData ?? undefined };
	if (members.length > 0) {
		create.addPersonIds = members;
	}
	okBody(await face.put(`/dynamicpersongroups/${groupId}`, create));
	return ids;
}

/** Creates what the example needs and returns the server ids to use instead of the example's. */
async function setUp(c: ExampleCase, face: RawFace, emu: Emulator): Promise<Record<string, string>> {
	const ids: Record<string, string> = {};
	const segs = c.template.split('/').slice(1);
	const body200 = c.responses['200']?.body;
	const items = Array.isArray(body200) ? (body200 as Json[]) : [];
	const one = (!Array.isArray(body200) && body200 && typeof body200 === 'object' ? body200 : {}) as Json;
	const start = typeof c.values.start === 'string' ? c.values.start : '';
	if (segs[0] === 'operations') {
		const { operationId } = await emu.control.createOperation({ resourceLocation: typeof one.resourceLocation === 'string' ? one.resourceLocation : undefined });
		await face.get(`/operations/${operationId}`); // the first poll says running; the replayed one sees it finished
		ids.operationId = operationId;
		return ids;
	}
	if (segs[0] === 'persons' || segs[0] === 'dynamicpersongroups') {
		return setUpDirectory(c, face);
	}
	const kind = kindByRoute(segs[0])!;
	if (segs.length === 1) {
		// List: create the containers the example lists, and one after `start` if none of them is.
		const created: string[] = [];
		for (const item of items) {
			const id = str(item[kind.idField], 'conformance');
			okBody(await face.put(`/${kind.route}/${id}`, { name: str(item.name, 'n'), userData: item.userData ?? undefined, recognitionModel: item.recognitionModel ?? undefined }));
			created.push(id);
		}
		if (items.length > 0 && start && !created.some((id) => id > start)) {
			const model = items[0].recognitionModel ?? undefined;
			okBody(await face.put(`/${kind.route}/${start}_next`, { name: str(items[0].name, 'n'), userData: items[0].userData ?? undefined, recognitionModel: model }));
		}
		return ids;
	}
	if (c.method === 'PUT' && segs.length === 2) {
		return ids; // create: the container must not exist yet
	}
	const containerId = str(c.values[kind.idField], 'conformance');
	const base = `/${kind.route}/${containerId}`;
	okBody(await face.put(base, { name: str(one.name, 'Conformance'), userData: one.userData ?? undefined, recognitionModel: one.recognitionModel ?? undefined }));
	let seed = 0;
	const addFace = async (target: string, userData?: unknown) =>
		(okBody(await face.post(`${target}/persistedfaces${typeof userData === 'string' ? `?userData=${encodeURIComponent(userData)}` : ''}`, { bytes: makeTestImage(`conformance-${seed++}`) })) as { persistedFaceId: string }).persistedFaceId;
	const addPerson = async (name: unknown, userData?: unknown) =>
		(okBody(await face.post(`${base}/persons`, { json: { name: str(name, 'Person'), userData: userData ?? undefined } })) as { personId: string }).personId;
	const rest = segs.slice(2).join('/');
	if (kind.children === 'persons' && rest === 'persons' && c.method === 'GET') {
		// List persons: the example's persons, and at least one after `start`.
		const created: string[] = [];
		for (const item of items) {
			const personId = await addPerson(item.name, item.userData);
			created.push(personId);
			await addFace(`${base}/persons/${personId}`);
		}
		// Extra persons copy the example's first one (userData, a face), since any of them may sort first.
		const template = items[0] ?? {};
		while (!created.some((p) => p > start) && created.length < 40) {
			const personId = await addPerson(template.name ?? 'Extra', template.userData);
			created.push(personId);
			await addFace(`${base}/persons/${personId}`);
		}
		return ids;
	}
	if (rest.startsWith('persons/{personId}')) {
		ids.personId = await addPerson(one.name, one.userData);
		for (let i = 0; i < Math.min(3, Array.isArray(one.persistedFaceIds) ? one.persistedFaceIds.length : 0); i++) {
			await addFace(`${base}/persons/${ids.personId}`);
		}
		if (rest.includes('{persistedFaceId}')) {
			ids.persistedFaceId = await addFace(`${base}/persons/${ids.personId}`, one.userData);
		}
		return ids;
	}
	if (kind.children === 'faces' && rest === 'persistedfaces' && c.method === 'GET') {
		const created: string[] = [];
		for (const item of items) {
			created.push(await addFace(base, item.userData));
		}
		while (!created.some((f) => f > start) && created.length < 40) {
			created.push(await addFace(base, (items[0] ?? {}).userData));
		}
		return ids;
	}
	if (rest === 'persistedfaces/{persistedFaceId}') {
		ids.persistedFaceId = await addFace(base, one.userData);
		return ids;
	}
	if (rest === '' && Array.isArray(one.persistedFaces)) {
		for (const f of one.persistedFaces as Json[]) {
			await addFace(base, f.userData);
		}
	}
	if (rest === 'train' || rest === 'training') {
		// A trainable container with something in it; for the status example, trained to the end.
		await (kind.children === 'persons' ? addFace(`${base}/persons/${await addPerson('Trainee')}`) : addFace(base));
		if (rest === 'training') {
			assert.equal((await face.post(`${base}/train`)).status, 202);
			for (let i = 0; i < 10 && ((await face.get(`${base}/training`)).body as Json).status === 'running'; i++) {
				await new Promise((r) => setTimeout(r, 10));
			}
		}
	}
	return ids;
}

/** The example's request with server ids substituted. */
function request(c: ExampleCase, ids: Record<string, string>): { path: string; init: Parameters<RawFace['call']>[2] } {
	let p = c.template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(ids[name] ?? String(c.values[name])));
	const query = new URLSearchParams();
	let init: Parameters<RawFace['call']>[2] = {};
	for (const param of c.parameters) {
		const v = c.values[param.name];
		if (param.in === 'query' && v !== undefined && param.name !== 'apiVersion') {
			// v1.0-preview writes targetFace as "[10, 10, 100, 100]": the wire form is "10,10,100,100".
			const text = Array.isArray(v) ? v.join(',') : String(v);
			query.set(param.name, param.name === 'targetFace' ? text.replace(/[[\]\s]/g, '') : text);
		}
		if (param.in === 'body') {
			if (param.stream) {
				init = { bytes: makeTestImage(`conformance-upload-${c.file}`) };
			} else if (v !== undefined) {
				const body = { ...(v as Json) };
				if (typeof body.url === 'string' && !/^https?:\/\//.test(body.url)) {
					body.url = 'https://example.com/conformance.jpg'; // a template placeholder such as "{Image Url here}"
				}
				// Person ids inside the body (a group's addPersonIds) become the ones set up.
				const swapped = Object.entries(ids)
					.filter(([k]) => k.startsWith('='))
					.reduce((text, [k, id]) => text.split(k.slice(1)).join(id), JSON.stringify(body));
				init = { json: JSON.parse(swapped) as Json };
			}
		}
	}
	const first = ((c.responses['200']?.body ?? []) as Json[])[0];
	if (c.template === '/detect' && first?.faceLandmarks && !query.has('returnFaceLandmarks')) {
		// The v1.0 examples answer with landmarks their parameters do not ask for: ask for them.
		query.set('returnFaceLandmarks', 'true');
	}
	const q = query.toString();
	if (q) {
		p += `?${q}`;
	}
	return { path: p, init };
}

describe('conformance: official examples replayed against the emulator', function () {
	this.timeout(60_000);
	const present = fs.existsSync(ROOT);
	if (!present) {
		it('examples folder', function () {
			if (REQUIRED) {
				assert.fail(`${ROOT} is absent: under CI the conformance test must replay the official examples (../shared/face-api beside the repository, or FACE_API_SPECS).`);
			}
			console.log(`      skipped: ${ROOT} is absent; the conformance test needs ../shared/face-api beside the repository`);
			this.skip();
		});
		return;
	}
	let emu: Emulator;
	let face: RawFace;
	const tally: Record<string, { passed: number; failed: number; skipped: number }> = {};

	before(async () => {
		emu = await startEmulator({ trainingMs: 0, operationMs: 0 });
		face = new RawFace(emu.endpoint, emu.key);
	});
	after(async () => {
		await emu?.close();
		console.log('\n      conformance summary (per spec version):');
		for (const [v, t] of Object.entries(tally)) {
			console.log(`        ${v.padEnd(15)} replayed ${t.passed + t.failed} (passed ${t.passed}, failed ${t.failed}), skipped ${t.skipped}`);
		}
	});

	for (const version of VERSIONS) {
		if (!fs.existsSync(path.join(ROOT, version, 'openapi.json'))) {
			continue; // the count below fails for it
		}
		describe(version, () => {
			tally[version] = { passed: 0, failed: 0, skipped: 0 };
			afterEach(function () {
				const state = this.currentTest?.state;
				const t = tally[version];
				if (state === 'passed') {
					t.passed++;
				} else if (state === 'failed') {
					t.failed++;
				} else {
					t.skipped++;
				}
			});
			for (const c of loadExampleCases(ROOT, version)) {
				const name = `${c.method} ${c.template} — ${c.operationId} (${c.file})`;
				const reason = skipReason(c);
				it(name, async function () {
					if (reason) {
						console.log(`      skipped: ${reason}`);
						this.skip();
					}
					await emu.control.reset();
					const recognition = ['/identify', '/findsimilars', '/verify'].includes(c.template);
					// Detect needs nothing stored: the request's image (a test image, or the URL) is all there is.
					const ids = recognition || c.template === '/detect' ? {} : await setUp(c, face.withVersion(version), emu);
					const { path: p, init } = request(c, ids);
					if (recognition) {
						init!.json = await setUpRecognition(c, face.withVersion(version), emu);
					}
					const res = await face.withVersion(version).call(c.method, p, init);
					const listed = Object.keys(c.responses).filter((s) => s !== 'default');
					assert.ok(listed.includes(String(res.status)), `status ${res.status} not in the example's ${listed.join('/')}: ${res.text}`);
					const expected = c.responses[String(res.status)];
					if (expected.body === undefined) {
						assert.equal(res.text, '', 'the example has no body');
						assert.equal(res.headers.get('content-length'), '0');
					} else {
						const problems = compareShape(c.spec, expected.body, res.body, c.schemas[String(res.status)]);
						assert.deepEqual(problems, [], `body ${res.text}`);
					}
					for (const header of Object.keys(expected.headers ?? {})) {
						assert.match(res.headers.get(header) ?? '', /^https?:\/\/\S+$/, `header ${header}`);
					}
				});
			}
		});
	}

	describe('replay count', () => {
		for (const version of VERSIONS) {
			it(`${version}: replayed at least ${MIN_REPLAYED[version]} examples`, () => {
				const t = tally[version];
				assert.ok(t, `${version}: no examples found under ${path.join(ROOT, version)}`);
				const replayed = t.passed + t.failed;
				assert.ok(replayed >= MIN_REPLAYED[version], `${version}: replayed ${replayed} examples, expected at least ${MIN_REPLAYED[version]}`);
			});
		}
	});
});
