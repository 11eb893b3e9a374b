/**
 * Retries: 503 faults and connection resets (emulator fault injection), what is and is not repeated,
 * 429 with Retry-After, and "the earlier attempt did it" after a lost answer (tiny real server).
 */
import * as assert from 'node:assert/strict';
import {
	apiKeyAuth,
	createFaceClient,
	FaceApiError,
	FaceNetworkError,
	RateBudget,
	UNLIMITED_BUDGET,
	type RequestLogEntry,
} from '../../src/face';
import { caught, startTinyServer, TEST_KEY, useEmulator, type TinyServer } from './clientSupport';

const TRAIN = 'POST /persongroups/{personGroupId}/train';
const CREATE_PERSON = 'POST /persongroups/{personGroupId}/persons';
const LIST_PG = 'GET /persongroups';

describe('Face client: retries (emulator faults)', () => {
	const h = useEmulator({ seed: 'demo' });

	it('GETs survive injected 503s: every call succeeds, the 503s are visible in the log', async () => {
		// Seed 7, rate 0.5: the first two rolls fault, the third passes.
		await h.emu.control.setConfig({ faults: { errorRate: 0.5, seed: 7, match: LIST_PG } });
		const groups = await h.client().listContainers('personGroup');
		assert.equal(groups.length, 3);
		const c = await h.emu.control.counters();
		assert.equal(c.requests[LIST_PG], 3);
		assert.equal(c.statuses['503'], 2);
		assert.deepEqual(h.log.map((l) => l.status), [503, 503, 200]);
		assert.ok(h.log[0].retryInMs !== undefined && h.log[1].retryInMs !== undefined);
	});

	it('GETs survive connection resets', async () => {
		await h.emu.control.setConfig({ faults: { resetRate: 0.5, seed: 7, match: LIST_PG } });
		const groups = await h.client().listContainers('personGroup');
		assert.equal(groups.length, 3);
		assert.equal((await h.emu.control.counters()).statuses['-1'], 2);
		assert.deepEqual(h.log.map((l) => l.status), [undefined, undefined, 200]);
		assert.match(h.log[0].error ?? '', /^reset: /);
	});

	it('each retry asks the rate budget as a retry (served before first attempts); a first attempt does not', async () => {
		await h.emu.control.setConfig({ faults: { errorRate: 0.5, seed: 7, match: LIST_PG } });
		const asked: boolean[] = [];
		const budget = { ...UNLIMITED_BUDGET, acquire: (signal?: AbortSignal, o?: { retry?: boolean }) => (asked.push(o?.retry === true), UNLIMITED_BUDGET.acquire(signal)) };
		await createFaceClient({ endpoint: h.emu.endpoint, apiVersion: 'v1.2', auth: apiKeyAuth(TEST_KEY), rateBudget: budget }).listContainers('personGroup');
		assert.deepEqual(asked, [false, true, true], 'two 503s, then the answer');
	});

	it('gives up after maxRetries and surfaces the last error', async () => {
		await h.emu.control.setConfig({ faults: { errorRate: 1, seed: 1, match: LIST_PG } });
		const e = await caught(() => h.client({ maxRetries: 2 }).listContainers('personGroup'));
		assert.ok(FaceApiError.is(e));
		assert.equal(e.status, 503);
		assert.equal(e.code, 'ServiceUnavailable');
		assert.equal((await h.emu.control.counters()).requests[LIST_PG], 3);
	});

	it('train is retried on 503 (the service did not accept it)', async () => {
		// Seed 8, rate 0.5: the first roll faults, the second passes.
		await h.emu.control.setConfig({ faults: { errorRate: 0.5, seed: 8, match: TRAIN } });
		const r = await h.client().train('personGroup', 'staff');
		assert.equal(r.fromHeader, true);
		assert.equal((await h.emu.control.counters()).requests[TRAIN], 2);
		assert.deepEqual(h.log.map((l) => l.status), [503, 202]);
	});

	it('create person is NOT retried on 503 or on a reset (a repeat could create a duplicate)', async () => {
		const client = h.client();
		await h.emu.control.setConfig({ faults: { errorRate: 1, seed: 1, match: CREATE_PERSON } });
		const e503 = await caught(() => client.createPerson('personGroup', 'empty-group', { name: 'X' }));
		assert.ok(FaceApiError.is(e503) && e503.status === 503);
		await h.emu.control.setConfig({ faults: { errorRate: 0, resetRate: 1, seed: 1, match: CREATE_PERSON } });
		const reset = await caught(() => client.createPerson('personGroup', 'empty-group', { name: 'X' }));
		assert.ok(FaceNetworkError.is(reset));
		assert.equal(reset.reason, 'reset');
		assert.ok(reset.hint.length > 0);
		assert.equal((await h.emu.control.counters()).requests[CREATE_PERSON], 2, 'one request each');
	});

	it('create person IS retried on 429 (rejected before anything happened), honouring Retry-After', async () => {
		await h.emu.control.setConfig({ rateLimit: true, retryAfter: true });
		const client = h.client();
		// Use up the S0 second (10 calls) without a budget, then create.
		await Promise.all(Array.from({ length: 10 }, () => client.getContainer('personGroup', 'empty-group')));
		const personId = await client.createPerson('personGroup', 'empty-group', { name: 'Late' });
		const creates = h.log.filter((l) => l.method === 'POST');
		assert.equal(creates[0].status, 429);
		assert.ok((creates[0].retryInMs ?? 0) >= 1000, `waited the Retry-After second (planned ${creates[0].retryInMs} ms)`);
		assert.equal(creates[creates.length - 1].status, 200);
		const persons = await client.listPersons('personGroup', 'empty-group');
		assert.deepEqual(persons.map((p) => p.personId), [personId], 'exactly one person');
	});

	it('429 with Retry-After: every call ends well, each 429 waits at least what the service asked', async () => {
		await h.emu.control.setConfig({ rateLimit: true, retryAfter: true });
		const budget = new RateBudget({ limit: 1000, windowMs: 1000 }); // far too generous: the service pushes back
		const client = h.client({ rateBudget: budget });
		const results = await Promise.all(Array.from({ length: 14 }, () => client.getContainer('personGroup', 'staff')));
		assert.equal(results.length, 14);
		const throttled = h.log.filter((l) => l.status === 429);
		assert.ok(throttled.length >= 4, `at least 4 calls were over the 10/s limit (${throttled.length})`);
		for (const t of throttled) {
			assert.ok((t.retryInMs ?? 0) >= 1000, `retry planned after ${t.retryInMs} ms`);
			assert.equal(t.billed, false);
		}
		assert.equal(budget.stats().throttled, throttled.length, 'the budget heard every 429');
	});

	it('429 without Retry-After: the "Try again in N seconds" message sets the wait', async () => {
		await h.emu.control.setConfig({ rateLimit: true, retryAfter: false });
		const client = h.client({ maxRetries: 0 });
		const calls = await Promise.allSettled(Array.from({ length: 11 }, () => client.getContainer('personGroup', 'staff')));
		const rejected = calls.filter((c) => c.status === 'rejected').map((c) => (c as PromiseRejectedResult).reason);
		assert.equal(rejected.length, 1);
		const e = rejected[0];
		assert.ok(FaceApiError.is(e));
		assert.equal(e.status, 429);
		assert.equal(e.code, '429');
		assert.match(e.message, /Rate limit is exceeded/);
		assert.ok((e.retryAfterMs ?? 0) >= 1000);
	});
});

describe('Face client: a lost answer, then a repeat (tiny real server)', () => {
	let server: TinyServer | undefined;
	afterEach(async () => {
		await server?.close();
		server = undefined;
	});
	const log: RequestLogEntry[] = [];
	beforeEach(() => {
		log.length = 0;
	});

	/** First request: the connection drops with no answer (as if the work was done); then `status` + a Face error. */
	async function dropThen(status: number, code: string): Promise<TinyServer> {
		server = await startTinyServer((_req, res) => {
			if (server!.requests.length === 1) {
				res.socket?.destroy();
				return;
			}
			res.writeHead(status, { 'Content-Type': 'application/json' });
			res.end(JSON.stringify({ error: { code, message: `${code}.` } }));
		});
		return server;
	}
	const clientFor = (s: TinyServer) =>
		createFaceClient({ endpoint: s.url, apiVersion: 'v1.2', auth: apiKeyAuth(TEST_KEY), rateBudget: UNLIMITED_BUDGET, onRequest: (e) => log.push(e) });

	it('DELETE: a 404 on the repeat means the first attempt deleted it', async () => {
		const s = await dropThen(404, 'PersonGroupNotFound');
		await clientFor(s).deleteContainer('personGroup', 'g');
		assert.equal(s.requests.length, 2);
		assert.deepEqual(log.map((l) => l.status), [undefined, 404]);
	});

	it('PUT create: a 409 …Exists on the repeat means the first attempt created it', async () => {
		const s = await dropThen(409, 'LargeFaceListExists');
		await clientFor(s).createContainer('largeFaceList', 'l', { name: 'L' });
		assert.equal(s.requests.length, 2);
	});

	it('train: a 409 …TrainingNotFinished on the repeat means a training runs — follow …/training', async () => {
		const s = await dropThen(409, 'PersonGroupTrainingNotFinished');
		const r = await clientFor(s).train('personGroup', 'g');
		assert.deepEqual(r, { pollUrl: `${s.url}/face/v1.2/persongroups/g/training`, fromHeader: false });
	});

	it('a 409 …Exists on a first attempt is still an error', async () => {
		server = await startTinyServer((_req, res) => {
			res.writeHead(409, { 'Content-Type': 'application/json' });
			res.end(JSON.stringify({ error: { code: 'PersonGroupExists', message: 'Exists.' } }));
		});
		const e = await caught(() => clientFor(server!).createContainer('personGroup', 'g', { name: 'G' }));
		assert.ok(FaceApiError.is(e) && e.code === 'PersonGroupExists');
	});
});
