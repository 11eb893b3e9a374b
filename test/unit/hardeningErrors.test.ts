/**
 * Issue 9, rows 7 and 8: what a hostile server puts in an error answer. The key reflected in a header or
 * spelt with `\uXXXX` escapes in the body never reaches an error or a log line; codes and messages are
 * bounded in length and character set.
 */
import * as assert from 'node:assert/strict';
import { apiKeyAuth, bearerAuth, createFaceClient, FaceApiError, parseErrorResponse, UNLIMITED_BUDGET, type FaceClientOptions, type RequestLogEntry } from '../../src/face';
import { caught, startTinyServer, TEST_KEY, visibleText, type RecordedRequest, type TinyServer } from './clientSupport';
import type { ServerResponse } from 'node:http';

/** `s` with every character written as a JSON `\uXXXX` escape. */
const escaped = (s: string) => [...s].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');

describe('hardening (rows 7, 8): hostile error answers', () => {
	let server: TinyServer | undefined;
	afterEach(async () => {
		await server?.close();
		server = undefined;
	});
	const start = async (answer: (req: RecordedRequest, res: ServerResponse) => void) => {
		server = await startTinyServer(answer);
		const log: RequestLogEntry[] = [];
		const client = (o: Partial<FaceClientOptions> = {}) =>
			createFaceClient({ endpoint: server!.url, apiVersion: 'v1.2', auth: apiKeyAuth(TEST_KEY), rateBudget: UNLIMITED_BUDGET, maxRetries: 0, onRequest: (e) => log.push(e), ...o });
		return { log, client };
	};

	it('row 7: the key reflected in x-ms-error-code and apim-request-id is blanked out of the error and the log', async () => {
		const { log, client } = await start((req, res) => {
			const key = String(req.headers['ocp-apim-subscription-key']);
			res.writeHead(401, { 'content-type': 'text/plain', 'x-ms-error-code': key, 'apim-request-id': key });
			res.end('denied');
		});
		const e = await caught(() => client().listContainers('personGroup'));
		assert.ok(FaceApiError.is(e));
		const text = visibleText(e, log);
		assert.ok(!text.includes(TEST_KEY), `the key leaked: ${text.slice(0, 400)}`);
		assert.ok(!TEST_KEY.includes(e.code) || e.code.length < 8, `code ${e.code}`);
		assert.equal(e.apimRequestId, undefined, 'a request id that was only the key is dropped');
	});

	it('row 7: the key spelt with \\uXXXX escapes in the JSON error body is blanked out after parsing', async () => {
		const { log, client } = await start((req, res) => {
			const key = escaped(String(req.headers['ocp-apim-subscription-key']));
			res.writeHead(401, { 'content-type': 'application/json' });
			res.end(`{"error":{"code":"${key}","message":"The key ${key} is not valid."}}`);
		});
		const e = await caught(() => client().listContainers('personGroup'));
		assert.ok(FaceApiError.is(e));
		assert.ok(!visibleText(e, log).includes(TEST_KEY), e.message);
		assert.equal(e.message, 'The key *** is not valid.');
		assert.equal(e.code, '401', 'a code that was only the key falls back to the status');
	});

	it('row 7: a bearer token reflected in a 2xx answer header never reaches the log', async () => {
		const token = 'eyJhbGciOiJub25lIn0.secret-token-payload';
		const { log, client } = await start((req, res) => {
			res.writeHead(200, { 'content-type': 'application/json', 'apim-request-id': String(req.headers.authorization) });
			res.end('[]');
		});
		assert.deepEqual(await client({ auth: bearerAuth(async () => token) }).listContainers('personGroup'), []);
		assert.ok(!JSON.stringify(log).includes(token), JSON.stringify(log));
	});

	it('row 8: a 5 MB error code and a 2 MB message full of control characters are cut to size', async () => {
		const hugeCode = 'A'.repeat(5 * 1024 * 1024);
		const hugeMessage = 'line\u0000one\r\nforged log line\u202e'.repeat(80_000);
		const { log, client } = await start((_req, res) => {
			res.writeHead(400, { 'content-type': 'application/json', 'x-ms-error-code': `Bad<script>${'x'.repeat(10_000)}` });
			res.end(JSON.stringify({ error: { code: hugeCode, message: hugeMessage } }));
		});
		const e = await caught(() => client().listContainers('personGroup'));
		assert.ok(FaceApiError.is(e));
		assert.match(e.code, /^[A-Za-z0-9_.-]{1,64}$/);
		assert.ok(e.message.length <= 1001, `message of ${e.message.length} chars`);
		// eslint-disable-next-line no-control-regex -- looking for control characters is the point
		assert.doesNotMatch(e.message, /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
		assert.ok((log[0].error ?? '').length <= 64, `log error of ${(log[0].error ?? '').length} chars`);
		assert.ok(JSON.stringify(log).length < 2000);
	});

	it('row 8: an x-ms-error-code with markup keeps only the safe characters; a foreign content type is not quoted', () => {
		const e = parseErrorResponse({ status: 502, headers: { 'x-ms-error-code': 'Bad<script>alert(1)</script>', 'content-type': `text/${'x'.repeat(5000)}` }, body: 'oops' });
		assert.equal(e.code, 'Badscriptalert1script');
		assert.ok(e.message.length < 300, e.message);
	});
});
