import * as assert from 'node:assert/strict';
import { type Emulator, startEmulator } from '../emulator/server';
import { RawFace } from '../emulator/testClient';

describe('emulator: server, auth, headers, versions, control', () => {
	let emu: Emulator;
	let face: RawFace;

	before(async () => {
		emu = await startEmulator({ seed: 'demo' });
		face = new RawFace(emu.endpoint, emu.key);
	});
	after(() => emu.close());

	it('listens on loopback with a random port and the default key', () => {
		assert.match(emu.endpoint, /^http:\/\/127\.0\.0\.1:\d+$/);
		assert.notEqual(emu.port, 0);
		assert.equal(emu.key, 'emulator-key');
	});

	it('serves the demo data set', async () => {
		const groups = await face.get('/persongroups');
		assert.deepEqual(
			(groups.body as Array<{ personGroupId: string }>).map((g) => g.personGroupId),
			['empty-group', 'staff', 'visitors'],
		);
		const staff = await face.get('/persongroups/staff/persons');
		assert.equal((staff.body as unknown[]).length, 3);
		assert.equal(((await face.get('/largepersongroups/employees/persons')).body as unknown[]).length, 4);
		const vip = (await face.get('/facelists/vip-faces')).body as { name: string; persistedFaces: unknown[] };
		assert.equal(vip.name, 'VIP Faces');
		assert.equal(vip.persistedFaces.length, 3);
		assert.equal(((await face.get('/largefacelists/catalog/persistedfaces')).body as unknown[]).length, 5);
		assert.deepEqual((await face.get('/largefacelists/empty-catalog/persistedfaces')).body, []);
		assert.equal((await face.get('/persongroups/visitors/training')).status, 200);
		assert.equal((await face.get('/persongroups/staff/training')).code, 'PersonGroupNotTrained');
	});

	it('rejects a missing or wrong key with the documented 401 body and no billing header', async () => {
		for (const res of [await face.get('/persongroups', { noKey: true }), await new RawFace(emu.endpoint, 'wrong').get('/persongroups')]) {
			assert.equal(res.status, 401);
			assert.deepEqual(res.body, {
				error: {
					code: '401',
					message:
						'Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.',
				},
			});
			assert.equal(res.headers.get('csp-billing-usage'), null);
		}
	});

	it('accepts any bearer token unless acceptBearer is false', async () => {
		const bearer = { noKey: true, headers: { Authorization: 'Bearer some.jwt.token' } };
		assert.equal((await face.get('/persongroups', bearer)).status, 200);
		await emu.control.setConfig({ acceptBearer: false });
		try {
			assert.equal((await face.get('/persongroups', bearer)).status, 401);
		} finally {
			await emu.control.setConfig({ acceptBearer: true });
		}
	});

	it('accepts a key changed through the control surface', async () => {
		await emu.control.setConfig({ key: 'other-key' });
		try {
			assert.equal((await face.get('/persongroups')).status, 401);
			assert.equal((await new RawFace(emu.endpoint, 'other-key').get('/persongroups')).status, 200);
		} finally {
			await emu.control.setConfig({ key: 'emulator-key' });
		}
	});

	it('sends apim-request-id, x-ms-region, billing and echoes client-request-id', async () => {
		const res = await face.get('/persongroups/staff', { headers: { 'client-request-id': 'abc-123' } });
		assert.match(res.headers.get('apim-request-id') ?? '', /^[0-9a-f-]{36}$/);
		assert.equal(res.headers.get('x-ms-region'), 'westus');
		assert.equal(res.headers.get('csp-billing-usage'), 'CognitiveServices.Face.Transaction=1');
		assert.equal(res.headers.get('client-request-id'), 'abc-123');
		const other = await face.get('/persongroups/staff');
		assert.notEqual(other.headers.get('apim-request-id'), res.headers.get('apim-request-id'));
	});

	it('answers empty successes with Content-Length 0 and no Content-Type', async () => {
		const res = await face.patch('/persongroups/staff', { userData: 'x' });
		assert.equal(res.status, 200);
		assert.equal(res.headers.get('content-length'), '0');
		assert.equal(res.headers.get('content-type'), null);
		assert.equal(res.text, '');
	});

	it('puts x-ms-error-code on errors from v1.1 on, not on v1.0', async () => {
		const modern = await face.get('/persongroups/nope');
		assert.equal(modern.status, 404);
		assert.equal(modern.headers.get('x-ms-error-code'), 'PersonGroupNotFound');
		const legacy = await face.withVersion('v1.0').get('/persongroups/nope');
		assert.equal(legacy.code, 'PersonGroupNotFound');
		assert.equal(legacy.headers.get('x-ms-error-code'), null);
	});

	it('serves every supported version and 404s an unknown one with a JSON error', async () => {
		for (const v of ['v1.0', 'v1.0-preview', 'v1.1-preview.1', 'v1.2-preview.1', 'v1.2']) {
			assert.equal((await face.withVersion(v).get('/persongroups/staff')).status, 200, v);
		}
		const res = await face.withVersion('v9.9').get('/persongroups');
		assert.equal(res.status, 404);
		assert.equal(res.code, '404');
	});

	it('404s unknown routes and methods with a JSON error', async () => {
		for (const res of [await face.get('/nothing/here'), await face.call('PUT', '/persongroups'), await face.get('/facelists/vip-faces/persistedfaces')]) {
			assert.equal(res.status, 404);
			assert.equal(typeof res.code, 'string');
			assert.equal(typeof res.message, 'string');
		}
	});

	it('counts requests per route template, polls per container, total and billed', async () => {
		await emu.control.resetCounters();
		await face.get('/persongroups/visitors/training');
		await face.get('/persongroups/visitors/training');
		await face.get('/largepersongroups/employees/training');
		await face.get('/persongroups', { noKey: true });
		const c = await emu.control.counters();
		assert.equal(c.requests['GET /persongroups/{personGroupId}/training'], 2);
		assert.equal(c.requests['GET /largepersongroups/{largePersonGroupId}/training'], 1);
		assert.equal(c.requests['GET /persongroups'], 1);
		assert.deepEqual(c.polls, { 'persongroups/visitors': 2, 'largepersongroups/employees': 1 });
		assert.equal(c.total, 4);
		assert.equal(c.billed, 3, 'the 404 NotTrained is billed (the service answered it), the 401 is not');
	});

	it('does not count control calls and rejects unknown control endpoints and bad config', async () => {
		await emu.control.resetCounters();
		await emu.control.state();
		assert.equal((await emu.control.counters()).total, 0);
		const res = await fetch(`${emu.endpoint}/_emulator/nope`);
		assert.equal(res.status, 404);
		await assert.rejects(emu.control.setConfig({ profile: 'x' as 's0' }), /profile/);
		await assert.rejects(emu.control.setConfig({ faults: { errorRate: 2 } }), /errorRate/);
	});

	it('reset deletes all data; seed brings the demo back', async () => {
		await emu.control.reset();
		assert.deepEqual((await face.get('/persongroups')).body, []);
		await emu.control.seed('demo');
		assert.equal(((await face.get('/persongroups')).body as unknown[]).length, 3);
	});

	it('gives demo entities the same ids in every emulator', async () => {
		const other = await startEmulator({ seed: 'demo' });
		try {
			const a = await face.get('/persongroups/staff/persons');
			const b = await new RawFace(other.endpoint, other.key).get('/persongroups/staff/persons');
			assert.deepEqual(a.body, b.body);
		} finally {
			await other.close();
		}
	});
});
