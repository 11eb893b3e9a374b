/**
 * When to poll a training next. Pure (no VS Code, no timers): the follower asks, then sleeps.
 *
 * Every status poll is a billed transaction and F0 allows 20 calls a minute, so the schedule spends few:
 * - the first poll ~1 s after the 202 (the service's first answer always says `running`; it catches
 *   trainings that end at once, such as an empty group's failure);
 * - with a prediction (prediction.ts: a predicted duration P and the earliest plausible end, P × 0.5 unless
 *   past errors say otherwise): checkpoints between the earliest end and P + a small margin, each at most
 *   `checkpointFraction` later than the one before (denser in time as the end approaches, and each end in
 *   that range is seen within max(`minIntervalMs`, `checkpointFraction` × its time)); before the first
 *   checkpoint only guard polls about every `maxIntervalMs` (each gap between 1× and 2× it); after the last
 *   one (the prediction was short) the no-prediction schedule below;
 * - without a prediction (cold): gaps of at most max(`minIntervalMs`, `lagFraction` × elapsed), capped at
 *   `maxIntervalMs`, so the end is seen within max(2 s, 10 %) of the training's duration — except where the
 *   rate limits below stretch a gap: F0's 20 calls a minute cannot hold 10 % through the first minute (that
 *   takes ~21 polls), and between ~15 s and ~60 s the bucket spaces polls 5 s apart (README, Rate limits);
 * - jitter only shortens a gap (by up to `jitter`), so the bounds above hold for every jittered gap; the
 *   planned polls up to a predicted end are not jittered (jitter would add one);
 * - faults (429, 5xx, network) back off exponentially (`Retry-After` honoured, never sooner) and keep going;
 * - a token bucket (`burst` + `refillPerMinute`) and a sliding one-minute window (`maxCallsPerMinute`) keep
 *   the schedule's own calls (polls and the calls it is told about) within F0's 20 a minute.
 * The poll due right after the predicted end is marked "end expected" (`endExpected`) and jumps the rate
 * budget's queue; no other poll does.
 * Terminal states (`succeeded`, `failed`) end the follow; the schedule is never asked again.
 * Times are ms elapsed since the train call was sent.
 */

export interface ScheduleOptions {
	/** Delay of the first poll after the train call (upper bound; jitter shortens it). */
	readonly firstPollMs: number;
	/** Cold gaps are at most this fraction of the elapsed time… */
	readonly lagFraction: number;
	/** …but may always be this long (the 2 s floor of the lag target). */
	readonly minIntervalMs: number;
	/**
	 * The longest gap between two successful polls (the `azureFace.training.maxPollIntervalSeconds` setting);
	 * guard polls before a predicted end come about this often (each gap between 1× and 2× it).
	 */
	readonly maxIntervalMs: number;
	/** Fraction (0–1) by which a random draw may shorten a gap. */
	readonly jitter: number;
	/** Token bucket: calls that may go at once… */
	readonly burst: number;
	/** …and tokens regained per minute. burst + refillPerMinute ≤ maxCallsPerMinute keeps any minute within it. */
	readonly refillPerMinute: number;
	/** Hard limit of calls in any sliding minute (F0: 20). */
	readonly maxCallsPerMinute: number;
	/** First back-off after a fault, doubled per consecutive fault… */
	readonly faultBaseMs: number;
	/** …up to this. */
	readonly faultMaxMs: number;
	/** A `Retry-After` longer than this is cut to it (a stuck header must not park the operation for hours). */
	readonly maxRetryAfterMs: number;
	/** The poll after the predicted end comes this fraction of the prediction late… */
	readonly marginFraction: number;
	readonly minMarginMs: number;
	readonly maxMarginMs: number;
	/** Each checkpoint before a predicted end is at most this fraction later than the previous one. */
	readonly checkpointFraction: number;
}

/** A prediction as the schedule takes it: the expected duration and the earliest end to guard for. */
export interface SchedulePrediction {
	readonly predictedMs: number;
	/** Default: half the prediction. */
	readonly earliestMs?: number;
}

export const DEFAULT_SCHEDULE: ScheduleOptions = {
	firstPollMs: 1000,
	lagFraction: 0.1,
	minIntervalMs: 2000,
	maxIntervalMs: 30_000,
	jitter: 0.2,
	burst: 8,
	refillPerMinute: 12,
	maxCallsPerMinute: 20,
	faultBaseMs: 2000,
	faultMaxMs: 60_000,
	maxRetryAfterMs: 10 * 60_000,
	marginFraction: 0.02,
	minMarginMs: 250,
	maxMarginMs: 3000,
	checkpointFraction: 0.2,
};

/** What the last poll said. */
export type PollOutcome =
	/** A non-terminal status (`running`, `notStarted`, a not-yet-visible run). */
	| { readonly kind: 'running' }
	/** 429, 5xx, a network fault: back off and keep going. */
	| { readonly kind: 'fault'; readonly retryAfterMs?: number };

const MINUTE = 60_000;

export class PollSchedule {
	readonly options: ScheduleOptions;
	/** When the poll right after the predicted end is due, if there is a prediction. */
	readonly predictedEndMs: number | undefined;
	/** The planned polls up to the predicted end, ascending (empty without a prediction). */
	readonly checkpoints: readonly number[];
	private readonly calls: number[] = [];
	private tokens: number;
	private tokensAt = 0;
	private faults = 0;
	private started = false;
	private endPollTaken = false;

	/**
	 * @param prediction how long this training is expected to take (ms, or with its earliest plausible end), if known
	 * @param random a source of [0, 1) draws (injected for tests)
	 */
	constructor(prediction?: number | SchedulePrediction, options?: Partial<ScheduleOptions>, private readonly random: () => number = Math.random) {
		this.options = { ...DEFAULT_SCHEDULE, ...options };
		this.tokens = this.options.burst;
		const p = typeof prediction === 'number' ? { predictedMs: prediction } : prediction;
		const predictedMs = p !== undefined && Number.isFinite(p.predictedMs) && p.predictedMs >= 0 ? p.predictedMs : undefined;
		this.predictedEndMs = predictedMs === undefined ? undefined : predictedMs + this.marginFor(predictedMs);
		if (predictedMs === undefined || this.predictedEndMs === undefined) {
			this.checkpoints = [];
		} else {
			const earliest = p?.earliestMs !== undefined && Number.isFinite(p.earliestMs) && p.earliestMs >= 0 ? Math.min(p.earliestMs, predictedMs) : predictedMs / 2;
			this.checkpoints = this.plan(this.predictedEndMs, earliest);
		}
	}

	/**
	 * Checkpoints from the predicted end back to the earliest end: each gap at most max(floor, fraction × the
	 * earlier checkpoint), so an end anywhere in [earliest, end] is seen within that of its time; none before
	 * the first poll.
	 */
	private plan(endMs: number, earliestMs: number): number[] {
		const o = this.options;
		const out = [endMs];
		let x = endMs;
		while (x - earliestMs > Math.max(o.minIntervalMs, o.checkpointFraction * earliestMs)) {
			x -= Math.max(o.minIntervalMs, x - x / (1 + o.checkpointFraction));
			if (x <= o.firstPollMs) {
				break;
			}
			out.push(x);
		}
		return out.reverse();
	}

	/**
	 * Whether the poll planned for `plannedMs` is the one expected to see the end: the first at or after the
	 * predicted end (1 ms of rounding spared) — one per training, none without a prediction. Ask once per poll;
	 * the follower sends that poll with priority (CallOptions.priority: ahead of the tree's reads and edits
	 * waiting for the rate budget). The fallback polls of a training that runs past its prediction are not.
	 */
	endExpected(plannedMs: number): boolean {
		if (this.predictedEndMs === undefined || this.endPollTaken || plannedMs < this.predictedEndMs - 1) {
			return false;
		}
		this.endPollTaken = true;
		return true;
	}

	/** How late after the predicted end the check comes. */
	marginFor(predictedMs: number): number {
		const o = this.options;
		return Math.min(o.maxMarginMs, Math.max(o.minMarginMs, o.marginFraction * predictedMs));
	}

	/** The cold bound on a gap at `elapsedMs`: max(floor, fraction × elapsed), capped. */
	coldBound(elapsedMs: number): number {
		const o = this.options;
		return Math.min(o.maxIntervalMs, Math.max(o.minIntervalMs, o.lagFraction * elapsedMs));
	}

	/** Counts a call made at `atMs` (every poll, and other calls on the same budget such as the train POST). */
	recordCall(atMs: number): void {
		this.refill(atMs);
		this.tokens -= 1;
		this.calls.push(atMs);
		while (this.calls.length > 0 && this.calls[0] <= atMs - MINUTE) {
			this.calls.shift();
		}
	}

	/** Calls recorded in the minute up to `atMs`. */
	callsInLastMinute(atMs: number): number {
		return this.calls.filter((t) => t > atMs - MINUTE && t <= atMs).length;
	}

	/**
	 * When (elapsed ms) to poll next. Call with no outcome for the first poll (also on resume, when the
	 * elapsed time may already be long: then at once, within the rate limits), then after each non-terminal
	 * poll with what it said, and when that poll was meant to go (`sentAtMs`): a gap counts from then, so the
	 * time a poll waited for the rate budget (F0's 20 a minute shared by every training and tree load) is part
	 * of the gap, not added to it.
	 */
	nextPollAt(nowMs: number, outcome?: PollOutcome, sentAtMs?: number): number {
		let at: number;
		if (!this.started || outcome === undefined) {
			this.started = true;
			// A training resumed or taken over late (after a reload, from a window that went away): its
			// status is overdue, so the first poll goes at once.
			const first = this.jittered(this.options.firstPollMs);
			at = nowMs < this.options.firstPollMs ? Math.max(nowMs, first) : nowMs;
		} else if (outcome.kind === 'fault') {
			this.faults += 1;
			at = nowMs + this.faultDelay(outcome.retryAfterMs);
		} else {
			this.faults = 0;
			at = this.afterRunning(nowMs, Math.min(nowMs, sentAtMs ?? nowMs));
		}
		return Math.max(at, this.allowedAt(nowMs));
	}

	private afterRunning(nowMs: number, sentAtMs: number): number {
		const o = this.options;
		const next = this.checkpoints.find((c) => c > nowMs);
		if (next !== undefined) {
			// Up to the next checkpoint: guard polls about every `maxIntervalMs`, evenly spaced, the last one
			// landing on the checkpoint, each gap between 1× and 2× the cap (one guard per cap of predicted
			// time). No jitter here: it would add a poll, and each container's own prediction already spreads
			// these polls.
			const remaining = next - nowMs;
			return nowMs + remaining / Math.max(1, Math.floor(remaining / o.maxIntervalMs));
		}
		// No prediction, or past the predicted end and still running: the no-prediction schedule.
		return Math.max(nowMs, sentAtMs + this.jittered(this.coldBound(nowMs)));
	}

	private faultDelay(retryAfterMs: number | undefined): number {
		const o = this.options;
		const backoff = this.jittered(Math.min(o.faultMaxMs, o.faultBaseMs * 2 ** (this.faults - 1)));
		if (retryAfterMs !== undefined && Number.isFinite(retryAfterMs) && retryAfterMs > 0) {
			return Math.max(backoff, Math.min(retryAfterMs, o.maxRetryAfterMs));
		}
		return backoff;
	}

	/** Shortens `ms` by a random fraction of at most `jitter`. */
	private jittered(ms: number): number {
		return ms * (1 - this.options.jitter * this.random());
	}

	/** The earliest time a call is allowed by the token bucket and the sliding minute. */
	private allowedAt(nowMs: number): number {
		const o = this.options;
		this.refill(nowMs);
		let at = nowMs;
		if (this.tokens < 1) {
			at = nowMs + ((1 - this.tokens) / o.refillPerMinute) * MINUTE;
		}
		const recent = this.calls.filter((t) => t > nowMs - MINUTE);
		if (recent.length >= o.maxCallsPerMinute) {
			// The call that would make the window too full leaves it one minute after it was made.
			at = Math.max(at, recent[recent.length - o.maxCallsPerMinute] + MINUTE + 1);
		}
		return at;
	}

	private refill(atMs: number): void {
		const o = this.options;
		if (atMs > this.tokensAt) {
			this.tokens = Math.min(o.burst, this.tokens + ((atMs - this.tokensAt) / MINUTE) * o.refillPerMinute);
			this.tokensAt = atMs;
		}
	}
}
