/**
 * No usable answer: aborts, timeouts, refused connections, unknown hosts, proxies (a tiny real CONNECT
 * proxy), with a typed error and a hint — and never a key in what the user sees.
 */
import * as assert from 'node:assert/strict';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { apiKeyAuth, createFaceClient, FaceNetworkError, isAbortError, UNLIMITED_BUDGET, type FaceClientOptions, type RequestLogEntry } from '../../src/face';
import { SELF_SIGNED } from '../support/netFixtures';
import { caught, closedPort, eventually, startTinyProxy, TEST_KEY, useEmulator, visibleText, type TinyProxy } from './clientSupport';

describe('Face client: aborts and timeouts (emulator)', () => {
	const h = useEmulator({ seed: 'demo' });

	it('an already-aborted signal fails at once, without a request', async () => {
		const e = await caught(() => h.client().listContainers('personGroup', { signal: AbortSignal.abort() }));
		assert.ok(isAbortError(e));
		assert.equal((e as Error).name, 'AbortError');
		assert.equal(h.log.length, 0);
	});

	it('aborting while the request is in flight rejects with an AbortError', async () => {
		await h.emu.control.setConfig({ faults: { latencyMs: 10_000 } });
		const stop = new AbortController();
		const pending = h.client().getContainer('personGroup', 'staff', { signal: stop.signal });
		await eventually(async () => (await h.emu.control.counters()).total === 1, 'the request reached the emulator');
		stop.abort();
		const e = await pending.then(() => undefined, (x: unknown) => x);
		assert.ok(isAbortError(e));
		assert.equal(h.log[0].error, 'aborted');
		assert.equal((await h.emu.control.counters()).total, 1, 'not retried');
	});

	it('aborting during the wait before a retry rejects with an AbortError', async () => {
		await h.emu.control.setConfig({ faults: { errorRate: 1, seed: 1 } });
		const stop = new AbortController();
		// Abort as the first 503 arrives, i.e. before the (random, possibly very short) wait for the retry ends.
		const seen: number[] = [];
		const onRequest = (e: RequestLogEntry) => {
			seen.push(e.status ?? 0);
			if (e.status === 503) {
				stop.abort();
			}
		};
		const pending = h.client({ maxRetries: 10, onRequest }).listContainers('personGroup', { signal: stop.signal });
		assert.ok(isAbortError(await pending.then(() => undefined, (x: unknown) => x)));
		assert.deepEqual(seen, [503], 'no retry was sent after the abort');
	});

	it('a slow answer → FaceNetworkError timeout', async () => {
		await h.emu.control.setConfig({ faults: { latencyMs: 5_000 } });
		const e = await caught(() => h.client({ timeoutMs: 200, maxRetries: 0 }).listContainers('personGroup'));
		assert.ok(FaceNetworkError.is(e));
		assert.equal(e.reason, 'timeout');
		assert.match(e.message, /did not answer in time/);
	});
});

describe('Face client: network errors', () => {
	const log: RequestLogEntry[] = [];
	beforeEach(() => {
		log.length = 0;
	});
	const clientFor = (endpoint: string, o: Partial<FaceClientOptions> = {}) =>
		createFaceClient({ endpoint, apiVersion: 'v1.2', auth: apiKeyAuth(TEST_KEY), rateBudget: UNLIMITED_BUDGET, onRequest: (e) => log.push(e), ...o });

	it('connection refused → reason refused, with a hint; retried, then surfaced', async () => {
		const port = await closedPort();
		const e = await caught(() => clientFor(`http://127.0.0.1:${port}`, { maxRetries: 1 }).listContainers('personGroup'));
		assert.ok(FaceNetworkError.is(e));
		assert.equal(e.reason, 'refused');
		assert.equal(e.mayHaveReachedServer, false);
		assert.match(e.message, new RegExp(`127\\.0\\.0\\.1:${port}.*refused`));
		assert.match(e.hint, /endpoint/);
		assert.equal(log.length, 2);
		assert.ok(!visibleText(e, log).includes(TEST_KEY));
	});

	it('unknown host → reason dns, not retried', async () => {
		const e = await caught(() => clientFor('http://nonexistent.invalid').listContainers('personGroup'));
		assert.ok(FaceNetworkError.is(e));
		assert.equal(e.reason, 'dns');
		assert.match(e.message, /nonexistent\.invalid/);
		assert.match(e.hint, /endpoint/i);
		assert.equal(log.length, 1);
	});

	it('a self-signed certificate → reason tls with a NODE_EXTRA_CA_CERTS hint; strictSSL:false accepts it', async () => {
		const server = createHttpsServer({ cert: SELF_SIGNED.cert, key: SELF_SIGNED.key }, (_req, res) => {
			res.writeHead(200, { 'Content-Type': 'application/json' });
			res.end('[]');
		});
		await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
		const endpoint = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
		try {
			const e = await caught(() => clientFor(endpoint).listContainers('personGroup'));
			assert.ok(FaceNetworkError.is(e));
			assert.equal(e.reason, 'tls');
			assert.match(e.message, /TLS connection to 127\.0\.0\.1:\d+ failed \([A-Z_]+\)/);
			assert.match(e.hint, /NODE_EXTRA_CA_CERTS/);
			assert.match(e.hint, /azureFace\.strictSSL/);
			assert.equal(log.length, 1, 'a certificate problem is not retried');
			assert.deepEqual(await clientFor(endpoint, { proxy: { strictSSL: false } }).listContainers('personGroup'), []);
		} finally {
			server.closeAllConnections();
			await new Promise((r) => server.close(r));
		}
	});

	it('an endpoint that is not a URL is refused before any request', async () => {
		assert.throws(() => clientFor('myface.cognitiveservices.azure.com'), (e: Error) => e.name === 'FaceUsageError');
		assert.throws(() => clientFor('ftp://x'), (e: Error) => e.name === 'FaceUsageError');
	});
});

describe('Face client: proxies', () => {
	const h = useEmulator({ seed: 'demo' });
	let proxy: TinyProxy | undefined;
	const saved = { HTTP_PROXY: process.env.HTTP_PROXY, NO_PROXY: process.env.NO_PROXY };
	afterEach(async () => {
		await proxy?.close();
		proxy = undefined;
		for (const [k, v] of Object.entries(saved)) {
			if (v === undefined) {
				delete process.env[k];
			} else {
				process.env[k] = v;
			}
		}
	});

	it('with proxy.url set, requests to other hosts go through the proxy (CONNECT tunnel)', async () => {
		proxy = await startTinyProxy();
		// face-emulator.test does not resolve: only the proxy (which serves every host from loopback) can reach it.
		const groups = await h.client({ endpoint: `http://face-emulator.test:${h.emu.port}`, proxy: { url: proxy.url } }).listContainers('personGroup');
		assert.equal(groups.length, 3);
		assert.deepEqual(proxy.tunnels, [`face-emulator.test:${h.emu.port}`]);
	});

	it('without a proxy setting, loopback goes direct', async () => {
		proxy = await startTinyProxy();
		process.env.HTTP_PROXY = proxy.url;
		await h.client().listContainers('personGroup');
		assert.deepEqual(proxy.tunnels, [], 'the emulator on 127.0.0.1 is never proxied via the environment');
	});

	it('HTTP_PROXY from the environment is used for other hosts, and NO_PROXY excludes them', async () => {
		proxy = await startTinyProxy();
		process.env.HTTP_PROXY = proxy.url;
		// face-emulator.test does not resolve: only the proxy (which serves every host from loopback) can reach it.
		const endpoint = `http://face-emulator.test:${h.emu.port}`;
		const groups = await h.client({ endpoint }).listContainers('personGroup');
		assert.equal(groups.length, 3);
		assert.deepEqual(proxy.tunnels, [`face-emulator.test:${h.emu.port}`]);

		process.env.NO_PROXY = 'localhost,.test';
		const e = await caught(() => h.client({ endpoint }).listContainers('personGroup'));
		assert.ok(FaceNetworkError.is(e));
		assert.equal(e.reason, 'dns', 'went direct, so the made-up name did not resolve');
		assert.equal(proxy.tunnels.length, 1);
	});

	it('a proxy that wants credentials (407) → reason proxy, with a hint to put them in the proxy URL', async () => {
		proxy = await startTinyProxy({ refuseWith: 407 });
		const e = await caught(() => h.client({ endpoint: `http://face-emulator.test:${h.emu.port}`, proxy: { url: proxy!.url }, maxRetries: 0 }).listContainers('personGroup'));
		assert.ok(FaceNetworkError.is(e));
		assert.equal(e.reason, 'proxy');
		assert.match(e.message, /answered 407/);
		assert.match(e.hint, /credentials/);
	});

	it('a proxy that is not there → reason proxy, hint about the proxy setting, no key or proxy password', async () => {
		const port = await closedPort();
		const proxyUrl = `http://user:proxy-pass-123456@127.0.0.1:${port}`;
		const e = await caught(() => h.client({ endpoint: `http://face-emulator.test:${h.emu.port}`, proxy: { url: proxyUrl }, maxRetries: 0 }).listContainers('personGroup'));
		assert.ok(FaceNetworkError.is(e));
		assert.equal(e.reason, 'proxy');
		assert.match(e.hint, /proxy/i);
		assert.match(e.message, new RegExp(`proxy http://127\\.0\\.0\\.1:${port}`));
		const text = visibleText(e, h.log);
		assert.ok(!text.includes(TEST_KEY) && !text.includes('proxy-pass-123456'));
	});
});
