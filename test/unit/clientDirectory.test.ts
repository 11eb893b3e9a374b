/** The Face client's Person Directory and Dynamic Person Groups, against the emulator and tiny servers. */
import * as assert from 'node:assert/strict';
import {
	FaceApiError,
	FaceUnsupportedVersionError,
	FaceUsageError,
	PERSON_DIRECTORY_VERSIONS,
	type ApiVersion,
	type FaceApi,
} from '../../src/face';
import { makeTestImage } from '../emulator/images';
import { caught, startTinyServer, TEST_KEY, useEmulator } from './clientSupport';
import { apiKeyAuth, createFaceClient, UNLIMITED_BUDGET } from '../../src/face';

const OPERATION_URL = /^http:\/\/127\.0\.0\.1:\d+\/face\/v1\.2-preview\.1\/operations\/[0-9a-f-]{36}$/;

describe('Face client: Person Directory and Dynamic Person Groups (emulator)', () => {
	const h = useEmulator({ operationMs: 0, operationQueueMs: 0, operationFailure: '' }, 'v1.2-preview.1');

	async function detect(client: FaceApi, seed: string, model: 'recognition_01' | 'recognition_04' = 'recognition_04'): Promise<string> {
		return (await client.detect({ bytes: makeTestImage(seed, 1, { variant: 2 }) }, { recognitionModel: model }))[0].faceId!;
	}

	it('persons: create (202 + operation URL), get, list, rename, delete (202 + operation URL)', async () => {
		const { directory } = h.client();
		const created = await directory.createPerson({ name: 'Uma', userData: 'u' });
		assert.match(created.personId, /^[0-9a-f-]{36}$/);
		assert.match(created.operationUrl ?? '', OPERATION_URL);
		assert.equal(created.operationUrl?.endsWith(`/operations/${created.operationId}`), true);
		assert.equal(created.locationProblem, undefined);
		assert.deepEqual(await directory.getPerson(created.personId), { personId: created.personId, name: 'Uma', userData: 'u' });
		await directory.updatePerson(created.personId, { name: 'Uma P.' });
		assert.deepEqual((await directory.listPersons()).map((p) => [p.name, p.userData]), [['Uma P.', 'u']]);
		const deleted = await directory.deletePerson(created.personId);
		assert.match(deleted.operationUrl ?? '', OPERATION_URL);
		const e = await caught(() => directory.getPerson(created.personId));
		assert.ok(FaceApiError.is(e) && e.status === 404 && e.code === 'PersonNotFound', String(e));
	});

	it('getOperation by URL and by id follows notStarted → running → succeeded', async () => {
		await h.emu.control.setConfig({ operationQueueMs: 250, operationMs: 250 });
		const client = h.client();
		const { operationUrl, operationId } = await client.directory.createPerson({ name: 'Queued' });
		const states: string[] = [];
		for (let i = 0; i < 100 && states.at(-1) !== 'succeeded'; i++) {
			const op = await client.getOperation(i % 2 === 0 ? operationUrl! : operationId!);
			if (states.at(-1) !== op.state) {
				states.push(op.state);
			}
			await new Promise((r) => setTimeout(r, 20));
		}
		assert.deepEqual(states, ['notstarted', 'running', 'succeeded']);
		const end = await client.getOperation(operationUrl!);
		assert.equal(end.rawStatus, 'succeeded');
		assert.ok(end.createdTime && end.finishedTime);
	});

	it('a failed operation reads failed with the service message; the face it added is gone', async () => {
		const client = h.client();
		const { personId } = await client.directory.createPerson({ name: 'Failing' });
		await h.emu.control.setConfig({ operationFailure: 'addFace', operationFailureMessage: 'The image could not be processed.' });
		const added = await client.directory.addFace(personId, 'recognition_04', { bytes: makeTestImage('failing') });
		const op = await client.getOperation(added.operationUrl!);
		assert.equal(op.state, 'failed');
		assert.equal(op.message, 'The image could not be processed.');
		assert.deepEqual(await client.directory.listFaces(personId, 'recognition_04'), []);
	});

	it('faces per recognition model: add (202 + operation), list, get, update, delete; identify and verify once searchable', async () => {
		const client = h.client();
		const { directory } = client;
		const { personId } = await directory.createPerson({ name: 'Vera' });
		await h.emu.control.setConfig({ operationMs: 60_000 });
		const added = await directory.addFace(personId, 'recognition_04', { bytes: makeTestImage('vera') }, { userData: 'badge' });
		assert.match(added.operationUrl ?? '', OPERATION_URL);
		assert.deepEqual(await directory.listFaces(personId, 'recognition_04'), [added.persistedFaceId]);
		assert.deepEqual(await directory.listFaces(personId, 'recognition_01'), []);
		assert.deepEqual(await directory.getFace(personId, 'recognition_04', added.persistedFaceId), { persistedFaceId: added.persistedFaceId, userData: 'badge' });
		const query = await detect(client, 'vera');
		assert.deepEqual((await directory.identify([query], '*'))[0].candidates, [], 'not searchable while its operation runs');
		assert.equal((await client.getOperation(added.operationId!)).state, 'running');
		await h.emu.control.finishOperations();
		assert.equal((await client.getOperation(added.operationId!)).state, 'succeeded');
		assert.deepEqual((await directory.identify([query], '*'))[0].candidates.map((c) => c.personId), [personId]);
		assert.deepEqual((await directory.identify([query], [personId]))[0].candidates.map((c) => c.personId), [personId]);
		assert.equal((await directory.verify(query, personId)).isIdentical, true);
		await directory.updateFace(personId, 'recognition_04', added.persistedFaceId, 'renamed');
		assert.equal((await directory.getFace(personId, 'recognition_04', added.persistedFaceId)).userData, 'renamed');
		await h.emu.control.setConfig({ operationMs: 0 });
		const deleted = await directory.deleteFace(personId, 'recognition_04', added.persistedFaceId);
		assert.match(deleted.operationUrl ?? '', OPERATION_URL);
		assert.deepEqual(await directory.listFaces(personId, 'recognition_04'), []);
	});

	it('paging: persons, dynamic groups, their persons and a person’s group references (start/top)', async () => {
		const { directory, dynamicGroups } = h.client();
		const ids: string[] = [];
		for (let i = 0; i < 5; i++) {
			ids.push((await directory.createPerson({ name: `P${i}` })).personId);
		}
		ids.sort();
		assert.deepEqual((await directory.listPersons({ top: 2 })).map((p) => p.personId), ids.slice(0, 2));
		assert.deepEqual((await directory.listPersons({ start: ids[1], top: 2 })).map((p) => p.personId), ids.slice(2, 4));
		for (const g of ['c', 'a', 'b']) {
			await dynamicGroups.create(g, { name: g.toUpperCase(), addPersonIds: g === 'a' ? ids : undefined });
		}
		assert.deepEqual((await dynamicGroups.list({ top: 2 })).map((g) => g.dynamicPersonGroupId), ['a', 'b']);
		assert.deepEqual((await dynamicGroups.list({ start: 'b' })).map((g) => g.dynamicPersonGroupId), ['c']);
		assert.deepEqual(await dynamicGroups.listPersons('a', { top: 3 }), ids.slice(0, 3));
		assert.deepEqual(await dynamicGroups.listPersons('a', { start: ids[2] }), ids.slice(3));
		assert.deepEqual(await directory.listGroupReferences(ids[0]), ['a']);
		assert.deepEqual(await directory.listGroupReferences(ids[0], { start: 'a' }), []);
	});

	it('dynamic groups: create without persons (200, no operation), with persons and person changes (202), rename, delete', async () => {
		const client = h.client();
		const { directory, dynamicGroups } = client;
		const [a, b] = [(await directory.createPerson({ name: 'A' })).personId, (await directory.createPerson({ name: 'B' })).personId];
		assert.deepEqual(await dynamicGroups.create('plain', { name: 'Plain' }), {});
		const team = await dynamicGroups.create('team', { name: 'Team', userData: 'u', addPersonIds: [a] });
		assert.match(team.operationUrl ?? '', OPERATION_URL);
		assert.deepEqual(await dynamicGroups.get('team'), { dynamicPersonGroupId: 'team', name: 'Team', userData: 'u' });
		assert.deepEqual(await dynamicGroups.update('team', { name: 'Team 2' }), {});
		const changed = await dynamicGroups.update('team', { addPersonIds: [b], removePersonIds: [a] });
		assert.match(changed.operationUrl ?? '', OPERATION_URL);
		assert.deepEqual(await dynamicGroups.listPersons('team'), [b]);
		assert.equal((await dynamicGroups.get('team')).name, 'Team 2');
		const query = await detect(client, 'member-b');
		await directory.addFace(b, 'recognition_04', { bytes: makeTestImage('member-b') });
		assert.deepEqual((await dynamicGroups.identify([query], 'team'))[0].candidates.map((c) => c.personId), [b]);
		assert.deepEqual((await dynamicGroups.identify([query], 'plain'))[0].candidates, []);
		const exists = await caught(() => dynamicGroups.create('team', { name: 'Again' }));
		assert.ok(FaceApiError.is(exists) && exists.status === 409 && exists.code === 'DynamicPersonGroupExists', String(exists));
		assert.match((await dynamicGroups.delete('team')).operationUrl ?? '', OPERATION_URL);
		const gone = await caught(() => dynamicGroups.get('team'));
		assert.ok(FaceApiError.is(gone) && gone.code === 'DynamicPersonGroupNotFound', String(gone));
	});

	it('bad input is refused before any request: ids, models, person-id counts, empty changes, foreign operation URLs', async () => {
		const client = h.client();
		const { directory, dynamicGroups } = client;
		const refused: Array<[string, () => Promise<unknown>, RegExp]> = [
			['person id ..', () => directory.getPerson('..'), /Invalid person id '\.\.'/],
			['face id a/b', () => directory.getFace('p', 'recognition_04', 'a/b'), /Invalid face id 'a\/b'/],
			['model', () => directory.listFaces('p', 'recognition_9' as 'recognition_01'), /Unknown recognition model 'recognition_9'/],
			['no person ids', () => directory.identify(['f'], []), /1 to 30 person ids, or '\*'/],
			['31 person ids', () => directory.identify(['f'], Array.from({ length: 31 }, (_, i) => `p${i}`)), /got 31/],
			['group id', () => dynamicGroups.get('a?b'), /Invalid dynamic person group id/],
			['empty update', () => dynamicGroups.update('g', {}), /Nothing to change/],
			['empty addPersonIds', () => dynamicGroups.create('g', { name: 'G', addPersonIds: [] }), /at least one person id/],
			['foreign URL', () => client.getOperation('https://elsewhere.example/face/v1.2-preview.1/operations/x'), /not this resource's endpoint/],
			['not an operation URL', () => client.getOperation(`${h.emu.endpoint}/face/v1.2-preview.1/persons`), /not an operation URL/],
		];
		for (const [what, call, message] of refused) {
			const e = await caught(call);
			assert.ok(FaceUsageError.is(e), `${what}: ${String(e)}`);
			assert.match((e as Error).message, message, what);
		}
		assert.equal(h.log.length, 0, 'no request was sent');
	});
});

describe('Face client: versions without the Person Directory', () => {
	const h = useEmulator({}, 'v1.2');

	for (const version of ['v1.0', 'v1.2'] as ApiVersion[]) {
		it(`${version}: every directory and dynamic group call is refused with FaceUnsupportedVersionError, and nothing is sent`, async () => {
			const { directory: d, dynamicGroups: g } = h.client({ apiVersion: version });
			const img = { bytes: makeTestImage('x') };
			const p = '00000000-0000-4000-8000-000000000000';
			const calls: Array<() => Promise<unknown>> = [
				() => d.listPersons(), () => d.getPerson(p), () => d.createPerson({ name: 'n' }), () => d.updatePerson(p, { name: 'n' }),
				() => d.deletePerson(p), () => d.listGroupReferences(p), () => d.listFaces(p, 'recognition_04'), () => d.getFace(p, 'recognition_04', p),
				() => d.addFace(p, 'recognition_04', img), () => d.updateFace(p, 'recognition_04', p, 'u'), () => d.deleteFace(p, 'recognition_04', p),
				() => d.identify([p], '*'), () => d.verify(p, p),
				() => g.list(), () => g.get('g'), () => g.create('g', { name: 'n' }), () => g.update('g', { name: 'n' }), () => g.delete('g'),
				() => g.listPersons('g'), () => g.identify([p], 'g'),
			];
			for (const call of calls) {
				const e = await caught(call);
				assert.ok(FaceUnsupportedVersionError.is(e), String(e));
				assert.equal(e.apiVersion, version);
				assert.deepEqual(e.supportedVersions, PERSON_DIRECTORY_VERSIONS);
				assert.match(e.message, new RegExp(`not available in Face API version ${version.replace('.', '\\.')}: only v1\\.1-preview\\.1, v1\\.2-preview\\.1 have it.*No request was sent\\.$`));
			}
			assert.equal(h.log.length, 0);
			assert.equal((await h.emu.control.counters()).total, 0, 'the emulator saw nothing');
		});
	}
});

describe('Face client: what a Person Directory write answers on the wire', () => {
	it('reads operation-Location in any header case, and says why it does not follow one on another origin', async () => {
		let header = ['OPERATION-LOCATION', '/face/v1.2-preview.1/operations/abc'];
		const server = await startTinyServer((_req, res) => {
			res.writeHead(202, { [header[0]]: header[1], 'content-type': 'application/json' });
			res.end(JSON.stringify({ personId: '11111111-1111-4111-8111-111111111111' }));
		});
		try {
			const client = createFaceClient({ endpoint: server.url, apiVersion: 'v1.1-preview.1', auth: apiKeyAuth(TEST_KEY), rateBudget: UNLIMITED_BUDGET });
			const relative = await client.directory.createPerson({ name: 'n' });
			assert.equal(relative.operationUrl, `${server.url}/face/v1.2-preview.1/operations/abc`);
			assert.equal(relative.operationId, 'abc');
			header = ['Operation-Location', 'https://elsewhere.example/face/v1.1-preview.1/operations/abc'];
			const foreign = await client.directory.createPerson({ name: 'n' });
			assert.equal(foreign.personId, '11111111-1111-4111-8111-111111111111');
			assert.equal(foreign.operationUrl, undefined);
			assert.match(foreign.locationProblem ?? '', /accepted the write, but its operation-Location points at https:\/\/elsewhere\.example/);
			assert.equal(server.requests.length, 2);
			assert.equal(server.requests[0].url, '/face/v1.1-preview.1/persons');
		} finally {
			await server.close();
		}
	});

	it('compares operation statuses case-insensitively (NotStarted, RUNNING, Succeeded)', async () => {
		const statuses = ['NotStarted', 'RUNNING', 'Succeeded', 'FAILED'];
		const server = await startTinyServer((_req, res) => {
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end(JSON.stringify({ status: statuses.shift(), createdTime: '2024-01-01T00:00:00Z' }));
		});
		try {
			const client = createFaceClient({ endpoint: server.url, apiVersion: 'v1.2-preview.1', auth: apiKeyAuth(TEST_KEY), rateBudget: UNLIMITED_BUDGET });
			const states = [];
			for (let i = 0; i < 4; i++) {
				states.push((await client.getOperation(`${server.url}/face/v1.2-preview.1/operations/op-1`)).state);
			}
			assert.deepEqual(states, ['notstarted', 'running', 'succeeded', 'failed']);
			assert.equal(server.requests[0].url, '/face/v1.2-preview.1/operations/op-1');
			assert.equal(server.requests[0].headers['ocp-apim-subscription-key'], TEST_KEY);
		} finally {
			await server.close();
		}
	});
});
