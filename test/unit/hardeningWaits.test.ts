/**
 * Issue 9, row 3: a server's `Retry-After` (86400 s, 3000000 s) must not pause an origin for a day nor
 * overflow a timer. Every wait inside src/face is clamped (delay.ts) and the clamp shows in the log line.
 */
import * as assert from 'node:assert/strict';
import { apiKeyAuth, createFaceClient, parseErrorResponse, RateBudget, retryDelayMs, UNLIMITED_BUDGET, type RequestLogEntry } from '../../src/face';
import { sleep } from '../../src/face/abort';
import { clampWait, MAX_RETRY_AFTER_MS, MAX_TIMER_MS, safeDelay } from '../../src/face/delay';
import { caught, eventually, startTinyServer, TEST_KEY, type TinyServer } from './clientSupport';

/** Collects the process warnings emitted while `fn` runs (TimeoutOverflowWarning among them). */
async function warningsDuring(fn: () => Promise<void>): Promise<string[]> {
	const seen: string[] = [];
	const onWarning = (w: Error) => seen.push(w.name);
	process.on('warning', onWarning);
	try {
		await fn();
		await new Promise((r) => setTimeout(r, 20)); // warnings are emitted on a later tick
	} finally {
		process.off('warning', onWarning);
	}
	return seen;
}

describe('hardening (row 3): every wait in the Face client is clamped', () => {
	let server: TinyServer | undefined;
	afterEach(async () => {
		await server?.close();
		server = undefined;
	});

	for (const retryAfter of ['86400', '3000000']) {
		it(`Retry-After: ${retryAfter} → the retry waits at most 60 s (+10 % jitter), no timer overflow, and the log says it was cut`, async () => {
			server = await startTinyServer((_req, res) => {
				res.writeHead(429, { 'content-type': 'application/json', 'retry-after': retryAfter });
				res.end('{"error":{"code":"429","message":"Rate limit is exceeded."}}');
			});
			const log: RequestLogEntry[] = [];
			const stop = new AbortController();
			const client = createFaceClient({
				endpoint: server.url,
				apiVersion: 'v1.2',
				auth: apiKeyAuth(TEST_KEY),
				rateBudget: UNLIMITED_BUDGET,
				maxRetries: 1,
				onRequest: (e) => log.push(e),
			});
			const warnings = await warningsDuring(async () => {
				const pending = caught(() => client.listContainers('personGroup', { signal: stop.signal }));
				await eventually(() => log.length >= 1, 'the first attempt was logged');
				stop.abort();
				await pending;
			});
			assert.equal(server.requests.length, 1, 'the retry waits: it is not sent at once');
			const entry = log[0];
			assert.equal(entry.status, 429);
			assert.ok(entry.retryInMs !== undefined && entry.retryInMs >= MAX_RETRY_AFTER_MS && entry.retryInMs <= MAX_RETRY_AFTER_MS * 1.1, `retryInMs ${entry.retryInMs}`);
			assert.equal(entry.waitClampedFromMs, Number(retryAfter) * 1000);
			assert.equal(entry.error, `429 (Retry-After ${retryAfter} s cut to 60 s)`);
			assert.deepEqual(warnings.filter((w) => w === 'TimeoutOverflowWarning'), []);
		});
	}

	it('the error carries the honoured wait and what the server asked for', () => {
		const e = parseErrorResponse({ status: 429, headers: { 'retry-after': '86400' }, body: '{"error":{"code":"429","message":"x"}}' });
		assert.equal(e.retryAfterMs, 60_000);
		assert.equal(e.retryAfterRequestedMs, 86_400_000);
		const small = parseErrorResponse({ status: 429, headers: { 'retry-after': '3' }, body: '{"error":{"code":"429","message":"x"}}' });
		assert.equal(small.retryAfterMs, 3000);
		assert.equal(small.retryAfterRequestedMs, undefined);
		const hint = parseErrorResponse({ status: 429, headers: {}, body: '{"error":{"code":"429","message":"Try again in 999999 seconds."}}' });
		assert.equal(hint.retryAfterMs, 60_000);
	});

	it('back-off: Retry-After and the ceiling are cut to 60 s whatever the options say', () => {
		assert.ok(retryDelayMs(0, 3_000_000_000, { random: () => 1 }) <= 66_000);
		assert.equal(retryDelayMs(40, undefined, { capMs: 1e12, baseMs: 1e9, random: () => 1 }), 60_000);
	});

	it('the rate budget pauses at most 60 s after a 429 that asks for days', () => {
		const budget = new RateBudget({ limit: 10, windowMs: 1000 });
		budget.onThrottled(3_000_000_000);
		assert.ok(budget.stats().pausedForMs <= 60_000, `paused for ${budget.stats().pausedForMs} ms`);
	});

	it('timers: safeDelay keeps every delay within [0, 2^31-1]; sleep never overflows', async () => {
		assert.equal(safeDelay(3e12), MAX_TIMER_MS);
		assert.equal(safeDelay(Number.POSITIVE_INFINITY), MAX_TIMER_MS);
		assert.equal(safeDelay(Number.NaN), 0);
		assert.equal(safeDelay(-5), 0);
		assert.deepEqual(clampWait(90_000, 60_000), { ms: 60_000, clampedFromMs: 90_000 });
		assert.deepEqual(clampWait(1_000, 60_000), { ms: 1_000 });
		const warnings = await warningsDuring(async () => {
			const stop = new AbortController();
			const pending = sleep(3e12, stop.signal).catch(() => undefined);
			stop.abort();
			await pending;
		});
		assert.deepEqual(warnings.filter((w) => w === 'TimeoutOverflowWarning'), []);
	});
});
