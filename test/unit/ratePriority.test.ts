/**
 * The poll expected to see a training's end goes ahead of the tree's reads and the edits waiting for the rate
 * budget (budgetQueue.ts), within the limit, its pace and a 429's pause, a few per window; the schedule marks
 * one poll per training as that poll, and the follower and the client pass the mark on. Hand-driven clocks:
 * the tests never assert on durations.
 */
import * as assert from 'node:assert/strict';
import { setMaxListeners } from 'node:events';
import { RateBudget, TIER_LIMITS, type AcquireOptions, type RequestBudget } from '../../src/face';
import { priorityPerWindow } from '../../src/face/budgetQueue';
import type { Clock } from '../../src/operations/clock';
import { followTraining } from '../../src/operations/follower';
import { PollSchedule } from '../../src/operations/schedule';
import { startOrJoinTraining } from '../../src/operations/starter';
import { useEmulator } from './clientSupport';

const S = 1000;
const F0 = TIER_LIMITS.F0;
/** F0's pace past half its capacity: the window (with its 120 ms pad) over 20. */
const PACE = (F0.windowMs + 120) / F0.limit;

const budgets: AbortController[] = [];

/** An F0 budget on a hand-driven clock; `tick` pumps it as its timer would and lets the grants resolve. */
function f0Budget() {
	const clock = { now: 1_000_000 };
	const b = new RateBudget({ ...F0, now: () => clock.now });
	const granted: Array<{ name: string; at: number }> = [];
	// Aborted after each test: a waiter left in the queue would keep the budget's timer (and mocha) going.
	const stop = new AbortController();
	setMaxListeners(1000, stop.signal);
	const take = (name: string, options?: AcquireOptions) =>
		b.acquire(stop.signal, options).then((release) => {
			granted.push({ name, at: clock.now });
			release(); // answered at once: the slot holds a window from now
		}, () => undefined);
	budgets.push(stop);
	const tick = async (ms = 0) => {
		clock.now += ms;
		b.recall([]);
		for (let i = 0; i < 4; i++) {
			await Promise.resolve();
		}
	};
	return { b, clock, granted, take, tick };
}

/** Most grants within any window of `windowMs`. */
function mostInWindow(times: readonly number[], windowMs: number): number {
	let most = 0;
	for (const t of times) {
		most = Math.max(most, times.filter((u) => u >= t && u < t + windowMs).length);
	}
	return most;
}

describe('rate budget: the poll expected to see the end (priority)', () => {
	afterEach(() => {
		for (const b of budgets.splice(0)) {
			b.abort();
		}
	});

	it('a priority call queued behind the tree\'s reads and edits gets the next slot; they keep their order after it', async () => {
		const f = f0Budget();
		// Half of 20 at once: the budget is now in its paced part (one slot per 3.0 s).
		await Promise.all(Array.from({ length: 10 }, (_, i) => f.take(`burst ${i}`)));
		const waiting = [f.take('list 1'), f.take('edit 1'), f.take('status', { background: true }), f.take('list 2'), f.take('end poll', { priority: true }), f.take('edit 2')];
		await f.tick();
		assert.equal(f.b.stats().queued, 6);
		for (let i = 0; i < 6; i++) {
			await f.tick(PACE + 1);
		}
		await Promise.all(waiting);
		assert.deepEqual(f.granted.slice(10).map((g) => g.name), ['end poll', 'list 1', 'edit 1', 'list 2', 'edit 2', 'status']);
	});

	it('a retry still goes first; a priority call waits out the pace and a 429\'s pause like any other', async () => {
		const f = f0Budget();
		await Promise.all(Array.from({ length: 10 }, (_, i) => f.take(`burst ${i}`)));
		const lastGrant = f.clock.now;
		const waiting = [f.take('edit'), f.take('end poll', { priority: true }), f.take('retry', { retry: true })];
		await f.tick(PACE - 10);
		assert.equal(f.granted.length, 10, 'not before the pace allows');
		f.b.onThrottled(10 * S); // a 429 elsewhere: 10 s for everyone
		await f.tick(20);
		assert.equal(f.granted.length, 10, 'not through the pause');
		await f.tick(10 * S);
		assert.equal(f.granted.length, 10, 'the 429 halved the capacity to 10: the minute is full');
		await f.tick(F0.windowMs + 120 - 10 * S); // the burst ages out
		await Promise.all(waiting);
		assert.deepEqual(f.granted.slice(10).map((g) => g.name), ['retry', 'end poll', 'edit']);
		assert.ok(f.granted[10].at >= lastGrant + 10 * S, 'after the pause');
	});

	it('never more than the limit in a window, and first attempts are not starved: at most a quarter of the capacity jumps them per window', async () => {
		const f = f0Budget();
		// Seven and a half minutes of a saturated F0 budget: 150 reads and edits queued first, and priority calls that
		// never run out (three always waiting: far more than one training's single end poll). Every priority
		// grant passes earlier first attempts over.
		const all = Array.from({ length: 150 }, (_, i) => f.take(`normal ${i}`));
		let p = 0;
		let pending = 0;
		for (let step = 0; step < 150; step++) {
			while (pending < 3) {
				pending++;
				all.push(f.take(`priority ${p++}`, { priority: true }).then(() => void pending--));
			}
			await f.tick(step === 0 ? 0 : PACE + 1); // as the budget's timer would
		}
		const times = f.granted.map((g) => g.at);
		assert.ok(f.granted.length > 120, `${f.granted.length} granted`);
		assert.ok(mostInWindow(times, F0.windowMs) <= F0.limit, `${mostInWindow(times, F0.windowMs)} in a minute`);
		const paced = times.slice(10);
		for (let i = 1; i < paced.length; i++) {
			assert.ok(paced[i] - paced[i - 1] >= PACE - 1, `grants ${i + 9} and ${i + 10} ${paced[i] - paced[i - 1]} ms apart (past the first 10, one per pace)`);
		}
		const quota = priorityPerWindow(F0.limit);
		assert.equal(quota, 5, 'F0: 5 a minute');
		const priority = f.granted.filter((g) => g.name.startsWith('priority')).map((g) => g.at);
		assert.ok(priority.length >= 30, `${priority.length} priority grants: the quota is used window after window`);
		assert.equal(mostInWindow(priority, F0.windowMs + 120), quota, 'never more than the quota jumps within a window');
		// So the reads and edits get the rest of every minute: past the first one (whose burst of 10 held half
		// of it), 15 of F0's 20.
		const normal = f.granted.filter((g) => g.name.startsWith('normal')).map((g) => g.at);
		for (let from = times[0]; from + F0.windowMs <= times[times.length - 1]; from += 5 * S) {
			const inMinute = (ts: readonly number[]) => ts.filter((t) => t >= from && t < from + F0.windowMs).length;
			const n = inMinute(normal);
			assert.ok(n >= inMinute(times) - quota, `the minute from ${(from - times[0]) / S} s: ${n} reads and edits of ${inMinute(times)}`);
			if (from >= times[0] + F0.windowMs) {
				assert.ok(n >= 14, `the minute from ${(from - times[0]) / S} s: ${n} reads and edits`);
			}
		}
		void all;
	});

	it('a priority call with nobody ahead of it uses no quota', async () => {
		const f = f0Budget();
		for (let i = 0; i < 8; i++) {
			await f.take(`poll ${i}`, { priority: true }); // alone in the queue each time
		}
		await Promise.all(Array.from({ length: 2 }, (_, i) => f.take(`burst ${i}`)));
		const waiting = [f.take('edit'), f.take('end poll', { priority: true })];
		await f.tick(PACE + 1);
		await f.tick(PACE + 1);
		await Promise.all(waiting);
		assert.deepEqual(f.granted.slice(10).map((g) => g.name), ['end poll', 'edit']);
	});
});

describe('poll schedule: the end-expected poll', () => {
	it('is the first poll at or after the predicted end, once per training', () => {
		const s = new PollSchedule(20 * S, { jitter: 0 });
		const end = s.predictedEndMs!;
		assert.equal(end, 20 * S + 400, 'the prediction and its margin');
		for (const c of s.checkpoints.slice(0, -1)) {
			assert.equal(s.endExpected(c), false, `the checkpoint at ${c} ms is no end-expected poll`);
		}
		assert.equal(s.endExpected(end), true);
		assert.equal(s.endExpected(end + 2 * S), false, 'the fallback polls after it are not');
	});

	it('a late first poll (a resumed training past its predicted end) is the one; no prediction, no such poll', () => {
		assert.equal(new PollSchedule(20 * S).endExpected(45 * S), true);
		const cold = new PollSchedule(undefined);
		assert.deepEqual([S, 20 * S, 60 * S, 600 * S].map((t) => cold.endExpected(t)), [false, false, false, false]);
	});

	it('the follower marks exactly the poll planned at the predicted end', async () => {
		let now = 0;
		const clock: Clock = { now: () => now, sleep: async (ms) => void (now += Math.max(0, ms)), scale: 1 };
		const marked: Array<[number, boolean]> = [];
		const result = await followTraining({
			poll: async (_signal, endExpected) => {
				marked.push([now, endExpected]);
				return now >= 22 * S ? { state: 'succeeded', rawStatus: 'succeeded' } : { state: 'running', rawStatus: 'running' };
			},
			startedAt: 0,
			predictedMs: 20 * S,
			clock,
			schedule: { jitter: 0 },
		});
		assert.equal(result.state, 'succeeded');
		assert.deepEqual(marked.filter(([, m]) => m).map(([t]) => t), [20 * S + 400]);
		assert.ok(marked.length >= 4, `${marked.length} polls: before, at and after the predicted end`);
	});
});

describe('starter: the training\'s clock starts at the train call\'s answer', () => {
	it('a train call that waited 6 s for the budget (F0 under load) does not move the predicted end 6 s early', async () => {
		let now = 0;
		const clock: Clock = { now: () => now, sleep: async (ms) => void (now += Math.max(0, ms)), scale: 1 };
		const api = {
			endpoint: 'https://example.cognitiveservices.azure.com',
			apiVersion: 'v1.2' as const,
			// Two slots of 3.0 s behind a list read and an edit, then the POST's round trip.
			train: async () => ((now += 6 * S + 100), { pollUrl: 'https://example.cognitiveservices.azure.com/face/v1.2/persongroups/staff/training', fromHeader: true }),
			getTrainingStatus: () => Promise.reject(new Error('the status is known: no read')),
		};
		const start = await startOrJoinTraining(api, 'personGroup', 'staff', { clock, known: { state: 'succeeded', rawStatus: 'succeeded' } });
		assert.equal(start.startedAt, 6 * S + 100, 'counted from the answer, not from before the wait');
		assert.deepEqual(start.calls, [0]);
	});
});

describe('Face client: the priority reaches the budget (emulator)', () => {
	const h = useEmulator({ seed: 'demo' });

	it('pollTraining with `priority` takes its slot as a priority call; its retry as a retry; other calls not', async () => {
		const asked: AcquireOptions[] = [];
		const budget: RequestBudget = {
			acquire: (_signal, options) => (asked.push({ ...options }), Promise.resolve(() => undefined)),
			onSuccess: () => undefined,
			onThrottled: () => undefined,
		};
		const client = h.client({ rateBudget: budget, backoff: { baseMs: 1, capMs: 1 } });
		const url = (await client.train('personGroup', 'staff')).pollUrl;
		asked.length = 0;
		await client.pollTraining(url, { priority: true });
		await client.pollTraining(url);
		await client.getContainer('personGroup', 'staff');
		assert.deepEqual(asked.map((o) => o.priority === true), [true, false, false]);
		await h.emu.control.setConfig({ faults: { errorRate: 1, resetRate: 0, latencyMs: 0, seed: 1, match: '/training' } });
		asked.length = 0;
		await client.pollTraining(url, { priority: true }).catch(() => undefined);
		assert.ok(asked.length >= 2, 'the 503 was retried');
		assert.deepEqual(asked.map((o) => [o.priority === true, o.retry === true]), [[true, false], ...asked.slice(1).map(() => [false, true])]);
	});
});
