/** The emulator's Person Directory and Dynamic Person Groups over HTTP: routes, ids, validation, paging, limits. */
import * as assert from 'node:assert/strict';
import { makeTestImage } from '../emulator/images';
import { type Emulator, startEmulator } from '../emulator/server';
import { RawFace } from '../emulator/testClient';

type Json = Record<string, unknown>;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('emulator: Person Directory and Dynamic Person Groups', () => {
	let emu: Emulator;
	let face: RawFace;

	before(async () => {
		emu = await startEmulator({ operationMs: 0 });
		face = new RawFace(emu.endpoint, emu.key, 'v1.2-preview.1');
	});
	after(() => emu.close());
	beforeEach(async () => {
		await emu.control.reset();
		await emu.control.setConfig({ operationMs: 0, operationQueueMs: 0, operationFailure: '', timeScale: 1, limits: { directoryPersons: 75_000_000, facesPerPerson: 248 } });
	});

	async function person(name: string, f = face): Promise<string> {
		const res = await f.post('/persons', { json: { name } });
		assert.equal(res.status, 202, res.text);
		return (res.body as Json).personId as string;
	}

	async function addFace(personId: string, seed: string, model = 'recognition_01', f = face): Promise<{ persistedFaceId: string; operation: string }> {
		const res = await f.post(`/persons/${personId}/recognitionModels/${model}/persistedfaces`, { bytes: makeTestImage(seed) });
		assert.equal(res.status, 202, res.text);
		return { persistedFaceId: (res.body as Json).persistedFaceId as string, operation: res.headers.get('operation-location')! };
	}

	async function detect(seed: string, model = 'recognition_01'): Promise<string> {
		const res = await face.post(`/detect?recognitionModel=${model}`, { bytes: makeTestImage(seed, 1, { variant: 3 }) });
		return ((res.body as Json[])[0].faceId as string);
	}

	async function candidates(faceId: string, scope: Json): Promise<string[]> {
		const res = await face.post('/identify', { json: { faceIds: [faceId], ...scope } });
		assert.equal(res.status, 200, res.text);
		return ((res.body as Json[])[0].candidates as Json[]).map((c) => c.personId as string);
	}

	it('exists in v1.0-preview, v1.1-preview.1 and v1.2-preview.1 only: v1.0 and v1.2 answer 404 as for an unknown route', async () => {
		for (const v of ['v1.0', 'v1.2']) {
			for (const [method, path] of [['GET', '/persons'], ['POST', '/persons'], ['GET', '/dynamicpersongroups'], ['PUT', '/dynamicpersongroups/g']]) {
				const res = await face.withVersion(v).call(method, path, method === 'GET' ? {} : { json: { name: 'x' } });
				assert.equal(res.status, 404, `${v} ${method} ${path}`);
				assert.equal(res.code, '404');
			}
		}
		for (const v of ['v1.0-preview', 'v1.1-preview.1', 'v1.2-preview.1']) {
			assert.equal((await face.withVersion(v).get('/persons')).status, 200, v);
		}
	});

	it('create person: 202, {personId}, an absolute operation-location …/operations/{uuid} and a Location of the person', async () => {
		const res = await face.post('/persons', { json: { name: 'Uma', userData: 'u' } });
		assert.equal(res.status, 202);
		const personId = (res.body as Json).personId as string;
		assert.match(personId, UUID);
		assert.match(res.headers.get('operation-location') ?? '', new RegExp(`^${emu.endpoint}/face/v1.2-preview.1/operations/[0-9a-f-]{36}$`));
		assert.equal(res.headers.get('location'), `${emu.endpoint}/face/v1.2-preview.1/persons/${personId}`);
		assert.deepEqual((await face.get(`/persons/${personId}`)).body, { personId, name: 'Uma', userData: 'u' });
		const op = (await face.get(res.headers.get('operation-location')!)).body as Json;
		assert.equal(op.status, 'succeeded');
		assert.equal(typeof op.finishedTime, 'string');
	});

	it('the operation goes notStarted → running → succeeded on the configured clock (v1.0-preview says notstarted)', async () => {
		await emu.control.setConfig({ operationQueueMs: 300, operationMs: 300 });
		for (const [v, first] of [['v1.2-preview.1', 'notStarted'], ['v1.0-preview', 'notstarted']]) {
			const res = await face.withVersion(v).post('/persons', { json: { name: 'Q' } });
			const url = res.headers.get('operation-location')!;
			const seen: string[] = [];
			for (let i = 0; i < 100 && seen.at(-1) !== 'succeeded'; i++) {
				const status = ((await face.get(url)).body as Json).status as string;
				if (seen.at(-1) !== status) {
					seen.push(status);
				}
				await new Promise((r) => setTimeout(r, 20));
			}
			assert.deepEqual(seen, [first, 'running', 'succeeded'], v);
		}
	});

	it('writes to one person run in order: a second face waits (notStarted) while the first runs', async () => {
		await emu.control.setConfig({ operationMs: 400 });
		const personId = await person('Serial');
		await emu.control.finishOperations();
		const a = await addFace(personId, 'serial-a');
		const b = await addFace(personId, 'serial-b');
		assert.equal(((await face.get(a.operation)).body as Json).status, 'running');
		assert.equal(((await face.get(b.operation)).body as Json).status, 'notStarted');
		const pending = (await emu.control.directory()).pending.map((p) => p.kind);
		assert.deepEqual(pending, ['addFace', 'addFace']);
	});

	it('a face added is listed at once but not searchable (identify, verify) until its operation succeeded', async () => {
		const personId = await person('Vera');
		await emu.control.setConfig({ operationMs: 60_000 });
		const { persistedFaceId, operation } = await addFace(personId, 'vera');
		const listed = (await face.get(`/persons/${personId}/recognitionModels/recognition_01/persistedfaces`)).body as Json;
		assert.deepEqual(listed, { personId, persistedFaceIds: [persistedFaceId] });
		const query = await detect('vera');
		assert.deepEqual(await candidates(query, { personIds: ['*'] }), [], 'pending: not found');
		assert.equal(((await face.post('/verify', { json: { faceId: query, personId } })).body as Json).isIdentical, false);
		assert.equal(((await face.get(operation)).body as Json).status, 'running');
		await emu.control.finishOperations();
		assert.equal(((await face.get(operation)).body as Json).status, 'succeeded');
		assert.deepEqual(await candidates(query, { personIds: ['*'] }), [personId]);
		assert.deepEqual(await candidates(query, { personIds: [personId] }), [personId]);
		assert.equal(((await face.post('/verify', { json: { faceId: query, personId } })).body as Json).isIdentical, true);
	});

	it('a failing operation (operationFailure) says failed with its message and undoes the write', async () => {
		await emu.control.setConfig({ operationFailure: 'addFace', operationFailureMessage: 'No face could be processed.' });
		const personId = await person('Failing');
		const { operation } = await addFace(personId, 'failing');
		const op = (await face.get(operation)).body as Json;
		assert.equal(op.status, 'failed');
		assert.equal(op.message, 'No face could be processed.');
		assert.deepEqual(((await face.get(`/persons/${personId}/recognitionModels/recognition_01/persistedfaces`)).body as Json).persistedFaceIds, []);
		assert.equal((await face.get(`/persons/${personId}`)).status, 200, 'the person itself was created');
		await emu.control.setConfig({ operationFailure: '*' });
		const res = await face.post('/persons', { json: { name: 'Never' } });
		assert.equal((await face.get(`/persons/${(res.body as Json).personId as string}`)).code, 'PersonNotFound');
	});

	it('the control surface ends pending operations now, with a forced outcome', async () => {
		await emu.control.setConfig({ operationMs: 60_000 });
		const personId = await person('Forced');
		const finished = await emu.control.finishOperations({ outcome: 'failed', message: 'Forced.' });
		assert.equal(finished.length, 1);
		assert.equal((await face.get(`/persons/${personId}`)).status, 404);
		assert.deepEqual((await emu.control.directory()).pending, []);
	});

	it('faces are kept per recognition model: lists, limits and identify see only the query face’s model', async () => {
		await emu.control.setConfig({ limits: { facesPerPerson: 1 } });
		const personId = await person('Models');
		const r4 = await addFace(personId, 'models', 'recognition_04');
		const r1 = await addFace(personId, 'models', 'recognition_01');
		const list = async (m: string) => ((await face.get(`/persons/${personId}/recognitionModels/${m}/persistedfaces`)).body as Json).persistedFaceIds;
		assert.deepEqual(await list('recognition_04'), [r4.persistedFaceId]);
		assert.deepEqual(await list('recognition_01'), [r1.persistedFaceId]);
		assert.deepEqual(await list('recognition_02'), []);
		const full = await face.post(`/persons/${personId}/recognitionModels/recognition_04/persistedfaces`, { bytes: makeTestImage('more') });
		assert.equal(full.status, 403);
		assert.equal(full.code, 'QuotaExceeded');
		assert.equal((await face.get(`/persons/${personId}/recognitionModels/recognition_09/persistedfaces`)).status, 400);
		await face.call('DELETE', `/persons/${personId}/recognitionModels/recognition_01/persistedfaces/${r1.persistedFaceId}`);
		assert.deepEqual(await candidates(await detect('models', 'recognition_01'), { personIds: ['*'] }), []);
		assert.deepEqual(await candidates(await detect('models', 'recognition_04'), { personIds: ['*'] }), [personId]);
	});

	it('face get / update / delete, and the errors of unknown persons and faces', async () => {
		const personId = await person('Faces');
		const { persistedFaceId } = await addFace(personId, 'faces');
		const base = `/persons/${personId}/recognitionModels/recognition_01/persistedfaces/${persistedFaceId}`;
		assert.equal((await face.patch(base, { userData: 'tag' })).status, 200);
		assert.deepEqual((await face.get(base)).body, { persistedFaceId, userData: 'tag' });
		const del = await face.delete(base);
		assert.equal(del.status, 202);
		assert.match(del.headers.get('operation-location') ?? '', /\/operations\//);
		assert.equal((await face.get(base)).code, 'PersistedFaceNotFound');
		const unknown = await face.get('/persons/00000000-0000-4000-8000-000000000000');
		assert.deepEqual([unknown.status, unknown.code, unknown.message], [404, 'PersonNotFound', "Person '00000000-0000-4000-8000-000000000000' is not found."]);
		assert.equal((await face.patch(`/persons/${personId}`, {})).message, "Both 'name' and 'userData' are empty.");
		assert.equal((await face.post('/persons', { json: { name: '' } })).status, 400);
		assert.equal((await face.post('/persons', { json: { name: 'x'.repeat(129) } })).status, 400);
	});

	it('persons page by id with start (a person id) and top', async () => {
		const ids: string[] = [];
		for (let i = 0; i < 5; i++) {
			ids.push(await person(`P${i}`));
		}
		ids.sort();
		const page = async (q: string) => ((await face.get(`/persons${q}`)).body as Json[]).map((p) => p.personId);
		assert.deepEqual(await page('?top=2'), ids.slice(0, 2));
		assert.deepEqual(await page(`?start=${ids[1]}&top=2`), ids.slice(2, 4));
		assert.deepEqual(await page(`?start=${ids[3]}`), ids.slice(4));
		assert.equal((await face.get('/persons?top=0')).message, "'top' is invalid.");
		assert.equal((await face.get('/persons?top=1001')).status, 400);
		assert.equal((await face.get('/persons?start=not-a-person')).message, "'start' is not a valid person ID.");
	});

	it('the directory person limit → 403 QuotaExceeded', async () => {
		await emu.control.setConfig({ limits: { directoryPersons: 2 } });
		await person('A');
		await person('B');
		const res = await face.post('/persons', { json: { name: 'C' } });
		assert.deepEqual([res.status, res.code], [403, 'QuotaExceeded']);
	});

	it('dynamic group: created without persons → 200 at once; with persons → 202, members after the operation', async () => {
		await emu.control.setConfig({ operationMs: 60_000 });
		const [a, b] = [await person('A'), await person('B')];
		await emu.control.finishOperations();
		const plain = await face.put('/dynamicpersongroups/plain', { name: 'Plain' });
		assert.equal(plain.status, 200);
		assert.equal(plain.text, '');
		const withPersons = await face.put('/dynamicpersongroups/team', { name: 'Team', addPersonIds: [a, b] });
		assert.equal(withPersons.status, 202);
		assert.deepEqual((await face.get('/dynamicpersongroups/team/persons')).body, { personIds: [] }, 'not yet');
		await emu.control.finishOperations();
		assert.deepEqual((await face.get('/dynamicpersongroups/team/persons')).body, { personIds: [a, b].sort() });
		const op = (await face.get(withPersons.headers.get('operation-location')!)).body as Json;
		assert.equal(op.resourceLocation, `${emu.endpoint}/face/v1.2-preview.1/dynamicpersongroups/team`);
		assert.deepEqual((await face.get(`/persons/${a}/dynamicPersonGroupReferences`)).body, { dynamicPersonGroupIds: ['team'] });
		assert.deepEqual((await face.get('/dynamicpersongroups')).body, [{ dynamicPersonGroupId: 'plain', name: 'Plain' }, { dynamicPersonGroupId: 'team', name: 'Team' }]);
	});

	it('dynamic group errors: invalid id, exists, not found, unknown or malformed persons, empty addPersonIds', async () => {
		assert.equal((await face.put('/dynamicpersongroups/Bad', { name: 'x' })).message, 'Dynamic person group ID is invalid.');
		await face.put('/dynamicpersongroups/g', { name: 'G' });
		const dup = await face.put('/dynamicpersongroups/g', { name: 'G' });
		assert.deepEqual([dup.status, dup.code, dup.message], [409, 'DynamicPersonGroupExists', "Dynamic person group ID 'g' already exists."]);
		const missing = await face.get('/dynamicpersongroups/nope');
		assert.deepEqual([missing.status, missing.code], [404, 'DynamicPersonGroupNotFound']);
		assert.equal((await face.put('/dynamicpersongroups/h', { name: 'H', addPersonIds: ['00000000-0000-4000-8000-000000000000'] })).code, 'PersonNotFound');
		assert.equal((await face.put('/dynamicpersongroups/h', { name: 'H', addPersonIds: ['x'] })).status, 400);
		assert.equal((await face.put('/dynamicpersongroups/h', { name: 'H', addPersonIds: [] })).status, 400);
		assert.equal((await face.get('/dynamicpersongroups/h')).status, 404, 'a refused create leaves nothing');
		assert.equal((await face.patch('/dynamicpersongroups/g', {})).message, "Both 'name' and 'userData' are empty.");
	});

	it('dynamic group update: a rename answers 200; person changes 202 and apply on success; delete 202, gone after', async () => {
		const [a, b, c] = [await person('A'), await person('B'), await person('C')];
		await face.put('/dynamicpersongroups/g', { name: 'G', addPersonIds: [a, b] });
		const rename = await face.patch('/dynamicpersongroups/g', { name: 'G2' });
		assert.equal(rename.status, 200);
		await emu.control.setConfig({ operationMs: 60_000 });
		const change = await face.patch('/dynamicpersongroups/g', { userData: 'u', addPersonIds: [c], removePersonIds: [a] });
		assert.equal(change.status, 202);
		assert.deepEqual((await face.get('/dynamicpersongroups/g')).body, { dynamicPersonGroupId: 'g', name: 'G2' }, 'unchanged while pending');
		await emu.control.finishOperations();
		assert.deepEqual((await face.get('/dynamicpersongroups/g')).body, { dynamicPersonGroupId: 'g', name: 'G2', userData: 'u' });
		assert.deepEqual(((await face.get('/dynamicpersongroups/g/persons')).body as Json).personIds, [b, c].sort());
		const del = await face.delete('/dynamicpersongroups/g');
		assert.equal(del.status, 202);
		assert.equal((await face.get('/dynamicpersongroups/g')).status, 200, 'still there while the delete runs');
		await emu.control.finishOperations();
		assert.equal((await face.get('/dynamicpersongroups/g')).status, 404);
	});

	it('dynamic groups and their persons page with start/top; deleting a person removes it from its groups', async () => {
		for (const id of ['d', 'a', 'c', 'b']) {
			await face.put(`/dynamicpersongroups/${id}`, { name: id });
		}
		const groups = async (q: string) => ((await face.get(`/dynamicpersongroups${q}`)).body as Json[]).map((g) => g.dynamicPersonGroupId);
		assert.deepEqual(await groups('?top=2'), ['a', 'b']);
		assert.deepEqual(await groups('?start=b&top=5'), ['c', 'd']);
		const ids = [await person('1'), await person('2'), await person('3')].sort();
		await face.put('/dynamicpersongroups/team', { name: 'Team', addPersonIds: ids });
		const members = async (q: string) => ((await face.get(`/dynamicpersongroups/team/persons${q}`)).body as Json).personIds;
		assert.deepEqual(await members('?top=2'), ids.slice(0, 2));
		assert.deepEqual(await members(`?start=${ids[1]}`), ids.slice(2));
		assert.equal((await face.delete(`/persons/${ids[0]}`)).status, 202);
		assert.deepEqual(await members(''), ids.slice(1));
		assert.equal((await face.get(`/persons/${ids[0]}`)).status, 404);
	});

	it('identify against a dynamic group finds its members only; the errors of identify against the directory', async () => {
		const [inside, outside] = [await person('Inside'), await person('Outside')];
		await addFace(inside, 'inside');
		await addFace(outside, 'outside');
		await face.put('/dynamicpersongroups/members', { name: 'Members', addPersonIds: [inside] });
		assert.deepEqual(await candidates(await detect('inside'), { dynamicPersonGroupId: 'members' }), [inside]);
		assert.deepEqual(await candidates(await detect('outside'), { dynamicPersonGroupId: 'members' }), []);
		assert.deepEqual(await candidates(await detect('outside'), { personIds: ['*'] }), [outside]);
		const q = await detect('inside');
		const tooMany = await face.post('/identify', { json: { faceIds: [q], personIds: Array.from({ length: 31 }, () => inside) } });
		assert.deepEqual([tooMany.status, tooMany.code], [400, 'BadArgument']);
		const unknown = await face.post('/identify', { json: { faceIds: [q], personIds: ['00000000-0000-4000-8000-000000000000'] } });
		assert.deepEqual([unknown.status, unknown.code], [400, 'PersonNotFound']);
		const noGroup = await face.post('/identify', { json: { faceIds: [q], dynamicPersonGroupId: 'nope' } });
		assert.deepEqual([noGroup.status, noGroup.code], [400, 'DynamicPersonGroupNotFound']);
	});

	it('the demo seed has a directory (Uma, Victor, Wendy) and the group night-shift; Uma is identified from a new photo', async () => {
		await emu.control.seed('demo');
		const persons = (await face.get('/persons')).body as Json[];
		assert.deepEqual(persons.map((p) => p.name).sort(), ['Uma Patel', 'Victor Chen', 'Wendy Brooks']);
		const uma = persons.find((p) => p.name === 'Uma Patel')!.personId as string;
		assert.equal(((await face.get(`/persons/${uma}/recognitionModels/recognition_04/persistedfaces`)).body as Json & { persistedFaceIds: string[] }).persistedFaceIds.length, 2);
		assert.equal(((await face.get('/dynamicpersongroups/night-shift/persons')).body as { personIds: string[] }).personIds.length, 2);
		const res = await face.post('/detect?recognitionModel=recognition_04', { bytes: makeTestImage('directory/uma', 1, { variant: 9 }) });
		const faceId = (res.body as Json[])[0].faceId as string;
		assert.deepEqual(await candidates(faceId, { dynamicPersonGroupId: 'night-shift' }), [uma]);
		assert.deepEqual((await emu.control.directory()).pending, []);
	});
});
