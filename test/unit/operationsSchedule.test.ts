/**
 * Properties of the poll schedule (pure: simulated time, no timers). A training "ends" at T; the follower
 * would poll at each returned time until a poll comes at or after T.
 */
import * as assert from 'node:assert/strict';
import { DEFAULT_SCHEDULE, type PollOutcome, PollSchedule } from '../../src/operations/schedule';
import type { Clock } from '../../src/operations/clock';
import { followTraining, type PollEvent } from '../../src/operations/follower';
import { mulberry32 as prng } from '../emulator/images';

const RUNNING: PollOutcome = { kind: 'running' };
const S = 1000;

interface Run {
	/** Every call time: the status read and the POST at 0, then each poll. */
	calls: number[];
	polls: number[];
	detectedAt: number;
}

/** Follows a training that ends at `endMs`; `outcome` says what a non-final poll answered. */
function simulate(schedule: PollSchedule, endMs: number, outcome: (t: number) => PollOutcome = () => RUNNING, limitMs = 6 * 3600 * S): Run {
	const calls = [0, 0];
	schedule.recordCall(0);
	schedule.recordCall(0);
	const polls: number[] = [];
	let at = schedule.nextPollAt(0);
	for (;;) {
		assert.ok(at < limitMs, 'the simulated follow never ended');
		schedule.recordCall(at);
		calls.push(at);
		polls.push(at);
		const o = outcome(at);
		if (at >= endMs && o.kind === 'running') {
			return { calls, polls, detectedAt: at };
		}
		at = schedule.nextPollAt(at, o);
	}
}

/** Every call until `horizonMs`, whatever the answers (the training never ends). */
function callsUntil(schedule: PollSchedule, horizonMs: number, outcome: (t: number) => PollOutcome): number[] {
	const calls = [0, 0];
	schedule.recordCall(0);
	schedule.recordCall(0);
	for (let at = schedule.nextPollAt(0); at < horizonMs; at = schedule.nextPollAt(at, outcome(at))) {
		schedule.recordCall(at);
		calls.push(at);
	}
	return calls;
}

function maxCallsInAnyMinute(calls: readonly number[]): number {
	let max = 0;
	for (const start of calls) {
		max = Math.max(max, calls.filter((t) => t >= start && t < start + 60 * S).length);
	}
	return max;
}

function gaps(times: readonly number[]): number[] {
	return times.slice(1).map((t, i) => t - times[i]);
}

describe('operations: poll schedule', () => {
	it('polls first about one second after the train call', () => {
		for (const seed of [1, 2, 3, 4, 5]) {
			const first = new PollSchedule(undefined, {}, prng(seed)).nextPollAt(0);
			assert.ok(first >= 0.8 * S && first <= 1 * S, `first poll at ${first} ms`);
		}
	});

	it('without a prediction, gaps grow with the elapsed time up to the cap', () => {
		const run = simulate(new PollSchedule(undefined, {}, () => 0), 3600 * S);
		const g = gaps(run.polls);
		for (let i = 1; i < g.length; i++) {
			assert.ok(g[i] >= g[i - 1] - 1e-9, `gap ${i} shrank: ${g[i - 1]} → ${g[i]}`);
		}
		assert.ok(g.every((x) => x <= DEFAULT_SCHEDULE.maxIntervalMs), 'a gap exceeded the cap');
		assert.equal(g.at(-1), DEFAULT_SCHEDULE.maxIntervalMs, 'late gaps are the cap');
		assert.ok(g.slice(0, 5).every((x) => x <= 2 * S), 'early gaps are short');
	});

	it('a gap counts from when the poll was meant to go: time spent waiting for the rate budget is part of it', () => {
		const opts = { jitter: 0, lagFraction: 0.1, minIntervalMs: 2 * S };
		const waited = new PollSchedule(undefined, opts);
		waited.nextPollAt(0);
		// Meant to poll at 100 s; the budget's queue held it until its answer at 112 s. Cold bound at 112 s: 11.2 s.
		assert.equal(waited.nextPollAt(112 * S, RUNNING, 100 * S), 112 * S, 'at once: the gap has passed in the queue');
		assert.equal(waited.nextPollAt(113 * S, RUNNING, 112.5 * S), 112.5 * S + 11.3 * S, 'a short wait is taken off the gap');
		const told = new PollSchedule(undefined, opts);
		told.nextPollAt(0);
		assert.equal(told.nextPollAt(112 * S, RUNNING), 112 * S + 11.2 * S, 'without the send time, from now');
		assert.equal(told.nextPollAt(120 * S, RUNNING, 130 * S), 120 * S + 12 * S, 'a send time after now counts as now');
	});

	it('honours a configured cap', () => {
		const run = simulate(new PollSchedule(undefined, { maxIntervalMs: 10 * S }, prng(7)), 3600 * S);
		assert.ok(gaps(run.polls).every((x) => x <= 10 * S));
		assert.ok(gaps(run.polls).slice(-10).every((x) => x >= 8 * S), 'late gaps stay near the cap');
	});

	it('jitter only shortens a gap, by at most the jitter fraction', () => {
		// A budget that never binds, so every gap is the schedule's own.
		const unlimited = { burst: 1e6, refillPerMinute: 1e6, maxCallsPerMinute: 1e6 };
		const bound = new PollSchedule(undefined, unlimited, () => 0);
		for (const seed of [11, 12, 13]) {
			const s = new PollSchedule(undefined, unlimited, prng(seed));
			const run = simulate(s, 1800 * S);
			let distinct = 0;
			for (let i = 1; i < run.polls.length; i++) {
				const prev = run.polls[i - 1];
				const gap = run.polls[i] - prev;
				const max = bound.coldBound(prev);
				assert.ok(gap <= max + 1e-9, `gap ${gap} above its bound ${max}`);
				assert.ok(gap >= max * (1 - DEFAULT_SCHEDULE.jitter) - 1e-9, `gap ${gap} jittered below ${max * (1 - DEFAULT_SCHEDULE.jitter)}`);
				if (Math.abs(gap - max) > 1) {
					distinct++;
				}
			}
			assert.ok(distinct > run.polls.length / 2, 'jitter should move most gaps');
		}
	});

	it('without a prediction, sees the end within max(2 s, 10 %) up to 15 s and from 50 s, within 5 s between (the README\'s claim)', () => {
		// Every end time, in steps of 0.25 s up to 10 min, jittered and not.
		for (const random of [() => 0, prng(1), prng(2)]) {
			const run = callsUntil(new PollSchedule(undefined, {}, random), 700 * S, () => RUNNING).slice(2);
			for (let T = 250; T <= 600 * S; T += 250) {
				const lag = run.find((t) => t >= T)! - T;
				const target = T <= 15 * S || T >= 50 * S ? Math.max(2 * S, 0.1 * T) : 5 * S;
				assert.ok(lag <= target + 1e-6, `T=${T / S}s: lag ${lag} ms > ${target} ms`);
			}
		}
	});

	it('without a prediction, F0\'s 20 calls a minute are why 10 % cannot hold between 15 s and 50 s', () => {
		// max(2 s, 10 %) at every time up to 60 s needs a poll at most that long after each: count them.
		let needed = 0;
		for (let t = 1 * S; t < 60 * S; t += Math.max(2 * S, 0.1 * t)) {
			needed++;
		}
		assert.ok(needed + 1 > DEFAULT_SCHEDULE.maxCallsPerMinute, `${needed} polls and the train call fit in one minute`);
		// Unbounded, the same schedule would make them; with F0's budget the gaps stretch to 5 s (12 a minute).
		const unbounded = callsUntil(new PollSchedule(undefined, { burst: 1e6, refillPerMinute: 1e6, maxCallsPerMinute: 1e6 }, () => 0), 60 * S, () => RUNNING).slice(2);
		const bounded = callsUntil(new PollSchedule(undefined, {}, () => 0), 60 * S, () => RUNNING).slice(2);
		assert.ok(unbounded.length + 1 > 20 && bounded.length + 1 <= 20, `${unbounded.length} polls without the budget, ${bounded.length} with it`);
		const widest = Math.max(...gaps(bounded.filter((t) => t >= 17 * S && t <= 50 * S)));
		assert.ok(Math.abs(widest - 60 * S / DEFAULT_SCHEDULE.refillPerMinute) < 1, `gaps of ${widest} ms: the bucket's refill`);
	});

	it('with a prediction, polls right after the predicted end with ≤ 1/6 of a 2 s poller\'s polls', () => {
		for (const seconds of [5, 20, 60, 61, 90, 120, 600, 1800]) {
			const D = seconds * S;
			const s = new PollSchedule(D, {}, prng(seconds));
			const end = s.predictedEndMs!;
			assert.ok(end >= D && end <= D + Math.max(2 * S, 0.05 * D), `predicted end ${end} for D=${D}`);
			const run = simulate(s, D);
			assert.equal(run.detectedAt, end, `D=${seconds}s: the end is seen by the poll at the predicted end`);
			const sdkPolls = Math.floor(D / (2 * S)) + 1;
			if (D >= 60 * S) {
				assert.ok(run.polls.length * 6 <= sdkPolls, `D=${seconds}s: ${run.polls.length} polls vs ${sdkPolls} for a 2 s poller`);
			}
			assert.ok(run.detectedAt - D <= Math.max(2 * S, 0.1 * D));
			// Guard polls before the checkpoints: about one per cap, never a gap of two caps.
			assert.ok(gaps(run.polls).every((g) => g < 2 * DEFAULT_SCHEDULE.maxIntervalMs));
		}
	});

	it('an end anywhere between the earliest plausible end and the prediction is seen within max(2 s, 20 %) of its time', () => {
		for (const seconds of [10, 40, 60, 300, 600, 1800]) {
			const D = seconds * S;
			for (const fraction of [0.2, 0.5, 0.8]) {
				for (let x = fraction; x <= 1.0001; x += 0.01) {
					const T = x * D;
					const run = simulate(new PollSchedule({ predictedMs: D, earliestMs: fraction * D }, {}, prng(seconds)), T);
					const bound = Math.max(2 * S, DEFAULT_SCHEDULE.checkpointFraction * T);
					assert.ok(run.detectedAt - T <= bound + 1e-6, `D=${seconds}s, earliest ${fraction}, end ${x.toFixed(2)}×: lag ${run.detectedAt - T} ms > ${bound}`);
				}
			}
		}
	});

	it('checkpoints start at the earliest plausible end and crowd its last part; a narrower range costs fewer polls', () => {
		const D = 120 * S;
		const wide = new PollSchedule({ predictedMs: D, earliestMs: 0.3 * D });
		const usual = new PollSchedule(D);
		const narrow = new PollSchedule({ predictedMs: D, earliestMs: 0.8 * D });
		assert.ok(usual.checkpoints[0] <= 0.6 * D && usual.checkpoints[0] >= 0.5 * D, `first checkpoint ${usual.checkpoints[0]}`);
		assert.ok(wide.checkpoints.length > usual.checkpoints.length && usual.checkpoints.length > narrow.checkpoints.length);
		const run = simulate(new PollSchedule(D, {}, () => 0), D);
		const early = run.polls.filter((t) => t < 0.5 * D).length;
		const late = run.polls.filter((t) => t >= 0.5 * D).length;
		assert.ok(late > early, `${late} polls in the second half of the predicted time, ${early} in the first`);
	});

	it('a training that ends far earlier than predicted is still seen within two caps', () => {
		const s = new PollSchedule(600 * S, {}, prng(3));
		const run = simulate(s, 100 * S);
		assert.ok(run.detectedAt - 100 * S < 2 * DEFAULT_SCHEDULE.maxIntervalMs);
		assert.ok(run.detectedAt < 600 * S);
	});

	it('past the predicted end, the schedule is the no-prediction one', () => {
		const D = 60 * S;
		const s = new PollSchedule(D, {}, () => 0);
		const run = simulate(s, 200 * S);
		const after = run.polls.filter((t) => t >= s.predictedEndMs!);
		const g = gaps(after);
		assert.ok(g.length > 5);
		for (let i = 0; i < g.length; i++) {
			assert.ok(Math.abs(g[i] - s.coldBound(after[i])) < 1e-6, `gap ${i} after the predicted end is ${g[i]}, not the cold bound ${s.coldBound(after[i])}`);
		}
		for (const actual of [2, 3]) {
			const late = simulate(new PollSchedule(D, {}, prng(actual)), actual * D);
			assert.ok(late.detectedAt - actual * D <= 0.1 * actual * D, `${actual}× the prediction: lag ${late.detectedAt - actual * D}`);
		}
	});

	it('a tiny prediction (an almost empty container) does not make it poll more than once a second', () => {
		const s = new PollSchedule(200, {}, () => 0);
		const run = simulate(s, 20 * S);
		assert.ok(gaps(run.polls).every((g) => g >= 1 * S - 1e-9), 'no gap under 1 s');
	});

	it('honours Retry-After (never sooner), capped by maxRetryAfterMs', () => {
		const s = new PollSchedule(undefined, {}, () => 0.5);
		s.nextPollAt(0);
		s.recordCall(1 * S);
		assert.ok(s.nextPollAt(1 * S, { kind: 'fault', retryAfterMs: 7 * S }) >= 8 * S);
		s.recordCall(8 * S);
		assert.ok(s.nextPollAt(8 * S, { kind: 'fault', retryAfterMs: 3 * 3600 * S }) - 8 * S <= DEFAULT_SCHEDULE.maxRetryAfterMs);
		const short = new PollSchedule(undefined, { maxRetryAfterMs: 500 }, () => 0.5);
		short.nextPollAt(0);
		short.recordCall(1 * S);
		const at = short.nextPollAt(1 * S, { kind: 'fault', retryAfterMs: 60 * S });
		assert.ok(at - 1 * S <= DEFAULT_SCHEDULE.faultBaseMs, 'a long Retry-After is cut to maxRetryAfterMs (the back-off still applies)');
	});

	it('backs off exponentially on consecutive faults and keeps going; a good poll resets the back-off', () => {
		const s = new PollSchedule(undefined, {}, () => 0);
		let t = s.nextPollAt(0);
		const delays: number[] = [];
		for (let i = 0; i < 8; i++) {
			s.recordCall(t);
			const next = s.nextPollAt(t, { kind: 'fault' });
			delays.push(next - t);
			t = next;
		}
		assert.deepEqual(delays.slice(0, 5), [2, 4, 8, 16, 32].map((x) => x * S));
		assert.ok(delays.slice(5).every((d) => d === DEFAULT_SCHEDULE.faultMaxMs), 'the back-off is capped');
		s.recordCall(t);
		const next = s.nextPollAt(t, RUNNING);
		assert.ok(next - t <= DEFAULT_SCHEDULE.maxIntervalMs, 'a running answer goes back to the normal schedule');
		s.recordCall(next);
		assert.equal(s.nextPollAt(next, { kind: 'fault' }) - next, 2 * S, 'the back-off starts over');
	});

	it('never makes more than 20 calls in any minute, whatever the answers', () => {
		const answers: Array<(t: number) => PollOutcome> = [
			() => RUNNING,
			() => ({ kind: 'fault' }),
			() => ({ kind: 'fault', retryAfterMs: 0 }),
			(t) => (Math.floor(t / 7000) % 2 === 0 ? RUNNING : { kind: 'fault', retryAfterMs: 1 }),
		];
		const configs = [{}, { maxIntervalMs: 5 * S }, { minIntervalMs: 100, lagFraction: 0.01, firstPollMs: 10 }, { burst: 100, refillPerMinute: 1000 }];
		for (const answer of answers) {
			for (const config of configs) {
				for (const predicted of [undefined, 0, 3 * S, 60 * S]) {
					const calls = callsUntil(new PollSchedule(predicted, { faultBaseMs: 100, ...config }, prng(5)), 900 * S, answer);
					assert.ok(calls.length > 20);
					const max = maxCallsInAnyMinute(calls);
					assert.ok(max <= 20, `${max} calls in one minute (${JSON.stringify(config)}, predicted ${predicted})`);
				}
			}
		}
	});

	it('counts the calls it is told about (the status read and the POST) in the same budget', () => {
		const s = new PollSchedule(undefined, { minIntervalMs: 0, lagFraction: 0, firstPollMs: 0, jitter: 0 });
		for (let i = 0; i < 20; i++) {
			s.recordCall(0);
		}
		assert.equal(s.callsInLastMinute(0), 20);
		assert.ok(s.nextPollAt(0) > 60 * S, 'the 21st call waits for the minute to pass');
	});
});

describe('follower: the time a poll waited counts toward the next gap', () => {
	it('tells the schedule when each poll was meant to go (a poll held 8 s by the budget is followed at once)', async () => {
		let now = 0;
		const clock: Clock = { now: () => now, sleep: async (ms) => void (now += Math.max(0, ms)), scale: 1 };
		const events: PollEvent[] = [];
		let polls = 0;
		const result = await followTraining({
			// Each poll waits 8 s for the rate budget before its answer.
			poll: async () => ((now += 8 * S), ++polls < 3 ? { state: 'running', rawStatus: 'running' } : { state: 'succeeded', rawStatus: 'succeeded' }),
			startedAt: 0,
			clock,
			schedule: { jitter: 0, firstPollMs: S, minIntervalMs: 2 * S, lagFraction: 0.1 },
			onPoll: (e) => events.push(e),
		});
		assert.equal(result.state, 'succeeded');
		// Meant at 1 s, answered at 9 s: the 2 s gap has passed; then meant at 9 s, answered at 17 s: again.
		assert.deepEqual(events.slice(0, 2).map((e) => [e.elapsedMs, e.nextInMs]), [[S, 0], [9 * S, 0]]);
	});
});
