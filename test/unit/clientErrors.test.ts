/**
 * What a user sees when a call fails: FaceApiError from the emulator's error bodies, from legacy and
 * foreign bodies (tiny real servers), malformed 2xx answers, and what every request carries.
 */
import * as assert from 'node:assert/strict';
import {
	apiKeyAuth,
	bearerAuth,
	createFaceClient,
	FaceApiError,
	FaceNetworkError,
	UNLIMITED_BUDGET,
	type FaceClientOptions,
	type RequestLogEntry,
} from '../../src/face';
import { makeTestImage } from '../emulator/images';
import { caught, startTinyServer, TEST_KEY, useEmulator, visibleText, type TinyServer } from './clientSupport';

describe('Face client: errors from the emulator', () => {
	const h = useEmulator({ seed: 'demo' });

	it('a wrong key → 401 FaceApiError with code, apim-request-id, and no key anywhere', async () => {
		const wrongKey = 'wrong-key-abcdef0123456789-SECRET';
		const client = h.client({ auth: apiKeyAuth(wrongKey) });
		const e = await caught(() => client.listContainers('personGroup'));
		assert.ok(FaceApiError.is(e));
		assert.equal(e.status, 401);
		assert.equal(e.code, '401');
		assert.match(e.message, /invalid subscription key/);
		assert.match(e.apimRequestId ?? '', /^[0-9a-f-]{36}$/);
		assert.equal(e.clientRequestId, h.log[0].clientRequestId);
		assert.equal(h.log.length, 1, '401 is not retried');
		assert.equal(h.log[0].status, 401);
		assert.equal(h.log[0].billed, false);
		assert.equal(h.log[0].apimRequestId, e.apimRequestId);
		const text = visibleText(e, h.log);
		assert.ok(!text.includes(wrongKey) && !text.includes(TEST_KEY), 'no key in the error or the log');
	});

	it('a bearer token is sent as Authorization and never logged', async () => {
		const token = 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.payload.signature';
		const client = h.client({ auth: bearerAuth(async () => token) });
		const groups = await client.listContainers('personGroup');
		assert.deepEqual(groups.map((g) => g.id), ['empty-group', 'staff', 'visitors']);
		assert.ok(!JSON.stringify(h.log).includes(token));
	});

	it('404 …NotFound carries the Face code and message; billed per CSP-Billing-Usage', async () => {
		const client = h.client();
		const e = await caught(() => client.getContainer('largePersonGroup', 'missing'));
		assert.ok(FaceApiError.is(e));
		assert.equal(e.status, 404);
		assert.equal(e.code, 'LargePersonGroupNotFound');
		assert.ok(e.fromService);
		assert.match(e.request ?? '', /^GET \/face\/v1\.2\/largepersongroups\/missing/);
		await client.getContainer('personGroup', 'staff');
		assert.equal(h.log[1].billed, true, '2xx with CSP-Billing-Usage');
	});

	it('400 on a bad image: InvalidImageSize', async () => {
		const client = h.client();
		const e = await caught(() => client.addFace('personGroup', 'staff', undefined as unknown as string, { bytes: makeTestImage('x') }));
		assert.equal((e as Error).name, 'FaceUsageError');
		const p = (await client.listPersons('personGroup', 'staff'))[0].personId;
		const small = await caught(() => client.addFace('personGroup', 'staff', p, { bytes: makeTestImage('x', 1, { exactBytes: 500 }) }));
		assert.ok(FaceApiError.is(small));
		assert.equal(small.status, 400);
		assert.equal(small.code, 'InvalidImageSize');
	});
});

describe('Face client: foreign and legacy answers (tiny real servers)', () => {
	let server: TinyServer | undefined;
	const log: RequestLogEntry[] = [];
	afterEach(async () => {
		await server?.close();
		server = undefined;
		log.length = 0;
	});
	const clientFor = (s: TinyServer, o: Partial<FaceClientOptions> = {}) =>
		createFaceClient({
			endpoint: s.url,
			apiVersion: 'v1.2',
			auth: apiKeyAuth(TEST_KEY),
			rateBudget: UNLIMITED_BUDGET,
			maxRetries: 0,
			onRequest: (e) => log.push(e),
			...o,
		});
	const answer = (status: number, body: string, headers: Record<string, string> = {}) => async () => {
		server = await startTinyServer((_req, res) => {
			res.writeHead(status, headers);
			res.end(body);
		});
		return server;
	};

	it("a proxy's HTML 502 page → a clear message with the status, no HTML quoted", async () => {
		const s = await answer(502, `<!DOCTYPE html><html><head><title>Bad Gateway</title></head><body>${TEST_KEY}</body></html>`, {
			'Content-Type': 'text/html',
		})();
		const e = await caught(() => clientFor(s).listContainers('personGroup'));
		assert.ok(FaceApiError.is(e));
		assert.equal(e.status, 502);
		assert.equal(e.code, '502');
		assert.equal(e.fromService, false);
		assert.equal(e.message, 'The server answered 502 with an HTML page, not a Face API response — is a proxy in the way?');
		assert.equal(log[0].billed, false);
		assert.ok(!visibleText(e, log).includes(TEST_KEY));
	});

	it('an idempotent GET is retried on 502, then the error surfaces', async () => {
		const s = await answer(502, '<html>bad gateway</html>', { 'Content-Type': 'text/html' })();
		const e = await caught(() => clientFor(s, { maxRetries: 2 }).listContainers('faceList'));
		assert.ok(FaceApiError.is(e));
		assert.equal(s.requests.length, 3);
		assert.deepEqual(log.map((l) => l.attempt), [1, 2, 3]);
		assert.ok(log[0].retryInMs !== undefined && log[1].retryInMs !== undefined && log[2].retryInMs === undefined);
	});

	it('the legacy {"error":{"statusCode",…}} body → code and Retry hint from the message', async () => {
		const s = await answer(429, JSON.stringify({ error: { statusCode: 429, message: 'Rate limit is exceeded. Try again in 26 seconds.' } }), {
			'Content-Type': 'application/json',
		})();
		const e = await caught(() => clientFor(s).getContainer('personGroup', 'x'));
		assert.ok(FaceApiError.is(e));
		assert.equal(e.code, '429');
		assert.equal(e.message, 'Rate limit is exceeded. Try again in 26 seconds.');
		assert.equal(e.retryAfterMs, 26_000);
	});

	it("the gateway's top-level {statusCode, message} body", async () => {
		const s = await answer(401, JSON.stringify({ statusCode: 401, message: 'Access denied due to invalid subscription key.' }), {
			'Content-Type': 'application/json',
			'apim-request-id': '11111111-2222-3333-4444-555555555555',
		})();
		const e = await caught(() => clientFor(s).listContainers('personGroup'));
		assert.ok(FaceApiError.is(e));
		assert.equal(e.code, '401');
		assert.equal(e.message, 'Access denied due to invalid subscription key.');
		assert.equal(e.apimRequestId, '11111111-2222-3333-4444-555555555555');
	});

	it('JSON without an error field, and an empty body, still give a readable message', async () => {
		let s = await answer(500, JSON.stringify({ oops: true }), { 'Content-Type': 'application/json' })();
		let e = await caught(() => clientFor(s).listContainers('personGroup'));
		assert.ok(FaceApiError.is(e));
		assert.equal(e.code, '500');
		assert.match(e.message, /500/);
		await s.close();
		s = await answer(503, '')();
		e = await caught(() => clientFor(s).listContainers('personGroup'));
		assert.ok(FaceApiError.is(e));
		assert.match(e.message, /unavailable.*empty body/i);
	});

	it('a 2xx list that is not an array → FaceNetworkError malformed', async () => {
		const s = await answer(200, JSON.stringify({ value: [] }), { 'Content-Type': 'application/json' })();
		const e = await caught(() => clientFor(s).listContainers('personGroup'));
		assert.ok(FaceNetworkError.is(e));
		assert.equal(e.reason, 'malformed');
		assert.match(e.message, /200 to GET \/face\/v1\.2\/persongroups.*JSON array/);
		assert.ok(e.hint.length > 0);
	});

	it('a 2xx body that is not JSON, and a status body without status → malformed', async () => {
		let s = await answer(200, '<html>captive portal</html>', { 'Content-Type': 'text/html' })();
		let e = await caught(() => clientFor(s).getContainer('personGroup', 'x'));
		assert.ok(FaceNetworkError.is(e) && e.reason === 'malformed');
		await s.close();
		s = await answer(200, JSON.stringify({ createdDateTime: 'x' }), { 'Content-Type': 'application/json' })();
		e = await caught(() => clientFor(s).getTrainingStatus('personGroup', 'x'));
		assert.ok(FaceNetworkError.is(e) && e.reason === 'malformed');
	});

	it('any 2xx is success (HTTP 299)', async () => {
		const s = await answer(299, JSON.stringify([{ personGroupId: 'a', name: 'A' }]), { 'Content-Type': 'application/json' })();
		const groups = await clientFor(s).listContainers('personGroup');
		assert.deepEqual(groups.map((g) => g.id), ['a']);
		assert.equal(log[0].status, 299);
	});

	it('without CSP-Billing-Usage: 4xx from the service counts as billed, 401/429 and 5xx do not', async () => {
		let status = 404;
		server = await startTinyServer((_req, res) => {
			res.writeHead(status, { 'Content-Type': 'application/json' });
			res.end(JSON.stringify({ error: { code: status === 404 ? 'PersonGroupNotFound' : String(status), message: 'x' } }));
		});
		const client = clientFor(server);
		for (const s of [404, 401, 429, 500]) {
			status = s;
			await caught(() => client.getContainer('personGroup', 'x'));
		}
		assert.deepEqual(
			log.map((l) => [l.status, l.billed]),
			[
				[404, true],
				[401, false],
				[429, false],
				[500, false],
			],
		);
	});

	it('every request carries User-Agent, a fresh client-request-id, the key, and the right Content-Type', async () => {
		server = await startTinyServer((req, res) => {
			const train = req.url.endsWith('/train');
			res.writeHead(train ? 202 : 200, { 'Content-Type': 'application/json' });
			res.end(train ? '' : JSON.stringify({ persistedFaceId: '5d1c8d2a-7f1e-4a8e-9a53-2d5b8b1f0c11' }));
		});
		const client = clientFor(server, { userAgent: 'face-explorer/9.9.9 vscode/1.99.0' });
		await client.addFace('largeFaceList', 'l', undefined, { bytes: makeTestImage('ua') });
		await client.addFace('largeFaceList', 'l', undefined, { url: 'https://example.test/a.jpg' }, { targetFace: [1, 2, 3, 4], userData: 'u d' });
		const trained = await client.train('largeFaceList', 'l');
		assert.equal(trained.fromHeader, false);
		assert.equal(trained.pollUrl, `${server.url}/face/v1.2/largefacelists/l/training`);

		const [bytes, url, train] = server.requests;
		for (const r of server.requests) {
			assert.match(String(r.headers['user-agent']), /^face-explorer\/9\.9\.9 vscode\/1\.99\.0 \(Node\.js v\d+/);
			assert.match(String(r.headers['client-request-id']), /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
			assert.equal(r.headers['ocp-apim-subscription-key'], TEST_KEY);
		}
		assert.equal(new Set(server.requests.map((r) => r.headers['client-request-id'])).size, 3, 'one id per request');
		assert.deepEqual(log.map((l) => l.clientRequestId), server.requests.map((r) => r.headers['client-request-id']));
		assert.equal(bytes.headers['content-type'], 'application/octet-stream');
		assert.ok(bytes.body.equals(makeTestImage('ua')));
		assert.equal(url.headers['content-type'], 'application/json');
		assert.deepEqual(JSON.parse(url.body.toString()), { url: 'https://example.test/a.jpg' });
		const q = new URL(url.url, server.url).searchParams;
		assert.equal(q.get('targetFace'), '1,2,3,4');
		assert.equal(q.get('userData'), 'u d');
		assert.equal(train.method, 'POST');
		assert.equal(train.headers['content-length'], '0', 'empty POST sends Content-Length: 0');
		assert.equal(train.body.length, 0);
	});

	it('operation-Location in any case, relative or absolute, becomes the poll URL', async () => {
		server = await startTinyServer((_req, res) => {
			res.writeHead(202, { 'OPERATION-LOCATION': '/face/v1.2/persongroups/g/training' });
			res.end();
		});
		const r = await clientFor(server).train('personGroup', 'g');
		assert.deepEqual(r, { pollUrl: `${server.url}/face/v1.2/persongroups/g/training`, fromHeader: true });
	});
});
