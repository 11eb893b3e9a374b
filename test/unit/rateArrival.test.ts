/**
 * The rate budget dates each slot at the call's estimated arrival (src/face/arrival.ts): a simulated service on a
 * hand-driven clock counts every call when it arrives (send + a one-way time) and answers it a return time
 * later; the budget sees only its sends and answers. The service's log is then checked the way the emulator and
 * the real service count: at most `limit` arrivals in any window.
 */
import * as assert from 'node:assert/strict';
import { RateBudget, TIER_LIMITS } from '../../src/face';

/** A seeded PRNG (mulberry32), so every run simulates the same link. */
function seeded(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

interface Link {
	/** One-way time to the service, and back, of the next call (ms). */
	readonly there: () => number;
	readonly back: () => number;
}

const flush = async () => {
	for (let i = 0; i < 4; i++) {
		await Promise.resolve();
	}
};

/**
 * `callers` loops send through a budget of S0's limit (default options: what the client builds) for `ms` of
 * simulated time, 1 ms a step. Returns the arrival times the service saw.
 */
async function simulate(link: Link, ms: number, callers = 20): Promise<number[]> {
	let now = 1_000_000;
	const start = now;
	const b = new RateBudget({ ...TIER_LIMITS.S0, now: () => now });
	const arrivals: number[] = [];
	const answers: { at: number; release: () => void }[] = [];
	const caller = async () => {
		while (now < start + ms) {
			const release = await b.acquire();
			const there = link.there();
			arrivals.push(now + there);
			answers.push({ at: now + there + link.back(), release });
		}
	};
	const running = Array.from({ length: callers }, caller);
	while (now < start + ms) {
		now++;
		for (let i = answers.length - 1; i >= 0; i--) {
			if (answers[i].at <= now) {
				answers.splice(i, 1)[0].release();
			}
		}
		b.recall([]); // pumps, as the budget's own timer would
		await flush();
	}
	// Let the callers finish: the clock runs on until every call has been answered and nobody waits.
	while (answers.length > 0 || b.stats().queued > 0) {
		now++;
		for (let i = answers.length - 1; i >= 0; i--) {
			if (answers[i].at <= now) {
				answers.splice(i, 1)[0].release();
			}
		}
		b.recall([]);
		await flush();
	}
	await Promise.all(running);
	return arrivals.sort((x, y) => x - y);
}

/** The most arrivals in any window of `windowMs` (a sliding window, as the emulator counts). */
function busiestWindow(arrivals: readonly number[], windowMs: number): number {
	let most = 0;
	let first = 0;
	for (let i = 0; i < arrivals.length; i++) {
		while (arrivals[first] <= arrivals[i] - windowMs) {
			first++;
		}
		most = Math.max(most, i - first + 1);
	}
	return most;
}

describe('Rate budget: slots dated at the estimated arrival', () => {
	const { limit, windowMs } = TIER_LIMITS.S0;

	it('a steady link (200 ms round trips, ±2 ms) runs at the limit: ≥ 95 % of 10 calls/s, never 11 in a second', async () => {
		const r = seeded(1);
		const arrivals = await simulate({ there: () => 100 + Math.floor(r() * 2), back: () => 100 + Math.floor(r() * 2) }, 20_000);
		const steady = arrivals.filter((t) => t >= 1_005_000 && t < 1_015_000).length; // 10 s past the start
		assert.ok(steady >= 95, `${steady} calls in 10 s, fewer than 95 % of 100`);
		assert.ok(busiestWindow(arrivals, windowMs) <= limit, `${busiestWindow(arrivals, windowMs)} arrivals in one second`);
	});

	for (const seed of [7, 8, 9]) {
		it(`a jittery link (one-way times of 20–320 ms, seed ${seed}) keeps every second of arrivals within the limit`, async () => {
			const r = seeded(seed);
			const arrivals = await simulate({ there: () => 20 + Math.floor(r() * 300), back: () => 20 + Math.floor(r() * 40) }, 20_000);
			assert.ok(arrivals.length > 100, 'the callers sent');
			assert.ok(busiestWindow(arrivals, windowMs) <= limit, `${busiestWindow(arrivals, windowMs)} arrivals in one second`);
		});
	}

	it('a link that turns jittery after a steady start keeps within the limit too (a slow answer widens the spread at once)', async () => {
		const r = seeded(3);
		let calls = 0;
		const arrivals = await simulate({ there: () => (++calls > 60 ? 20 + Math.floor(r() * 400) : 100), back: () => 30 }, 15_000);
		assert.ok(busiestWindow(arrivals, windowMs) <= limit, `${busiestWindow(arrivals, windowMs)} arrivals in one second`);
	});

	it('with no history of round trips a slot is dated at its answer, and held until a window after it', async () => {
		let now = 1_000_000;
		const b = new RateBudget({ limit: 1, windowMs: 1000, safety: 0, padMs: 0, now: () => now });
		const release = await b.acquire();
		now += 300; // the answer, 300 ms after the send
		release();
		assert.deepEqual(b.recentSpend(), [1_000_300], 'the answer: no round trips seen before, no spread to estimate');
		let second = false;
		const next = b.acquire().then((r) => {
			second = true;
			return r;
		});
		now = 1_001_299; // past a window after the send, not yet one after the answer
		b.recall([]);
		await flush();
		assert.equal(second, false);
		now = 1_001_300;
		b.recall([]);
		await flush();
		assert.equal(second, true);
		(await next)();
	});

	it('with a steady history a slot is dated a few ms after its send, and recentSpend() keeps that date', async () => {
		let now = 1_000_000;
		const b = new RateBudget({ limit: 100, windowMs: 1000, safety: 0, padMs: 0, now: () => now });
		const sends: number[] = [];
		for (let i = 0; i < 6; i++) {
			const release = await b.acquire();
			sends.push(now);
			now += 100; // every round trip 100 ms
			release();
		}
		const spend = b.recentSpend();
		assert.deepEqual(spend.slice(0, 4), [1_000_100, 1_000_200, 1_000_300, 1_000_400], 'the first four: answers (no estimate yet)');
		assert.deepEqual(spend.slice(4), [sends[4] + 10, sends[5] + 10], 'then send + twice the spread (0 ms, at least 5)');
	});
});
