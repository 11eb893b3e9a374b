/**
 * The per-endpoint rate budget against the emulator's rate limits: callers share it, it keeps the whole
 * extension under the tier's limit (counted by the emulator, not timed), and it shrinks on 429s.
 */
import * as assert from 'node:assert/strict';
import { setMaxListeners } from 'node:events';
import { apiKeyAuth, createFaceClient, getRateBudget, isAbortError, RateBudget, type FaceApi } from '../../src/face';
import { eventually, TEST_KEY, useEmulator, type Harness } from './clientSupport';

/** A client that draws from the endpoint's shared budget (the harness default bypasses it). */
function sharedClient(h: Harness, tier: 'F0' | 'S0'): FaceApi {
	return createFaceClient({ endpoint: h.emu.endpoint, apiVersion: 'v1.2', auth: apiKeyAuth(TEST_KEY), tier, onRequest: (e) => h.log.push(e) });
}

describe('Face client: rate budget, S0 (emulator)', () => {
	const h = useEmulator({ profile: 's0', rateLimit: true, seed: 'demo' });

	it('25 concurrent calls through the shared S0 budget: no 429', async () => {
		const client = sharedClient(h, 'S0');
		const results = await Promise.all(Array.from({ length: 25 }, () => client.getContainer('personGroup', 'staff')));
		assert.equal(results.length, 25);
		const c = await h.emu.control.counters();
		assert.equal(c.total, 25, 'no call was repeated');
		assert.equal(c.statuses['429'], undefined, 'the service never pushed back');
	});
});

describe('Face client: rate budget, F0 (emulator)', () => {
	const h = useEmulator({ profile: 'f0', seed: 'demo' });

	it('two clients of one endpoint share the F0 budget: 10 calls go out at once, the next after 3.0 s, the rest wait (FIFO) and can be aborted', async () => {
		const a = sharedClient(h, 'F0');
		const b = sharedClient(h, 'F0');
		const budget = getRateBudget(h.emu.endpoint, 'F0');
		assert.equal(budget.stats().maxCapacity, 20, 'the whole 20/min');
		const stop = new AbortController();
		setMaxListeners(50, stop.signal); // one signal for 24 concurrent calls, like a bulk command's cancel
		const calls = Array.from({ length: 24 }, (_, i) => (i % 2 ? a : b).getContainer('personGroup', 'staff', { signal: stop.signal }));
		const settled = Promise.allSettled(calls);
		await eventually(async () => (await h.emu.control.counters()).total === 10 && budget.stats().queued === 14, '10 sent, 14 waiting');
		await eventually(async () => (await h.emu.control.counters()).total === 11, 'the 11th sent (60.12 s / 20 = 3.0 s later)');
		assert.equal(budget.stats().queued, 13);
		const c = await h.emu.control.counters();
		assert.equal(c.statuses['429'], undefined);
		assert.equal(c.statuses['200'], 11);

		stop.abort();
		const outcomes = await settled;
		assert.equal(outcomes.filter((o) => o.status === 'fulfilled').length, 11);
		const aborted = outcomes.filter((o) => o.status === 'rejected');
		assert.equal(aborted.length, 13);
		for (const o of aborted) {
			assert.ok(isAbortError((o as PromiseRejectedResult).reason));
		}
		assert.equal(budget.stats().queued, 0);
		assert.equal((await h.emu.control.counters()).total, 11, 'aborted waiters never reached the service');
	});

	it('a 429 pauses and halves the budget (another app used the same key)', async () => {
		// A budget that thinks it may send 100/min; the F0 service allows 20.
		const budget = new RateBudget({ limit: 100, windowMs: 60_000, safety: 0 });
		const client = createFaceClient({
			endpoint: h.emu.endpoint,
			apiVersion: 'v1.2',
			auth: apiKeyAuth(TEST_KEY),
			rateBudget: budget,
			maxRetries: 0,
		});
		const outcomes = await Promise.allSettled(Array.from({ length: 21 }, () => client.getContainer('personGroup', 'staff')));
		assert.equal(outcomes.filter((o) => o.status === 'rejected').length, 1);
		const s = budget.stats();
		assert.equal(s.throttled, 1);
		assert.ok(s.capacity <= 50, `capacity halved (${s.capacity})`);
		assert.ok(s.pausedForMs > 0, 'paused for what the service asked ("Try again in N seconds")');

		// The next call waits for the pause instead of hitting the service again.
		const stop = new AbortController();
		const waiting = client.getContainer('personGroup', 'staff', { signal: stop.signal });
		await eventually(() => budget.stats().queued === 1, 'queued behind the pause');
		stop.abort();
		assert.ok(isAbortError(await waiting.then(() => undefined, (e: unknown) => e)));
		assert.equal((await h.emu.control.counters()).total, 21);
	});
});
