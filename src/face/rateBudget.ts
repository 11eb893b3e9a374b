/**
 * The per-endpoint rate budget: every client of one origin (tree loads, polls, bulk adds) draws from the
 * same budget, so the extension as a whole stays inside the tier (F0: 20 calls/min, S0: 10 calls/s).
 *
 * Algorithm: a sliding-window log of slots. A call may start when fewer than `capacity` slots are taken;
 * a slot stays taken while its call is in flight and, once answered, for one window (plus a small pad) after
 * the call's estimated *arrival* (arrival.ts). The service counts a call when it arrives, somewhere between
 * our send and its answer, and two calls sent a window apart can arrive less than a window apart when the
 * first took longer to get there. So a slot is dated `min(answer, send + 2 × spread)`, the spread being max − min
 * of this budget's last 20 round trips (at least 5 ms): on a steady link that is a few ms after the send and
 * calls run at the limit (S0 with 200 ms round trips: ≈ 10/s, where dating at the answer held each slot
 * 1.2 s and allowed 7.5/s); a jittery link widens the spread and falls back towards the answer, which is safe
 * whatever the latency. Until 5 round trips are known (and whenever the spread exceeds the round trip) the
 * slot is dated at the answer. What it cannot see: one-way times that vary while the round trip does not
 * (a slow way there, a fast way back); the pad and the 429 handling below are for that. `capacity` starts at
 * the tier's limit (F0 20/min, S0 10/s): no call is kept back for other users of the same key (one would be
 * 10 % of S0, and on F0 it measured 94.0 % of the limit, under the 95 %); their calls show as 429s,
 * which halve it (below). The pad is
 * 0.2 % of the window, at least 10 ms (F0 120 ms, S0 10 ms). Waiters are served first-in,
 * first-out by rank (budgetQueue.ts: retries, a few priority polls, first attempts, background reads); a
 * waiter's abort removes it. Half the capacity may go at once; past that, slots
 * are handed out at most one per `window / capacity` (F0: 3.0 s). Without that pace a busy budget hands out
 * whole clusters as old ones age out, and the clusters repeat every window: a call that just missed one
 * waited a whole minute on F0 (the fault bench saw 54 s gaps between polls with 7 calls queued). Unlike a
 * token bucket, a sliding log never lets a burst exceed the limit inside any window, whichever way the
 * service counts (fixed or sliding windows).
 *
 * Adapting (AIMD, rateAdapt.ts): a 429 pauses the budget for the server's `Retry-After` (or two slot
 * intervals when it sent none) and halves `capacity` (not below half the start) — once per window, however
 * many 429s a burst brings; each run of `capacity` successes adds one back, and each whole window without a 429 doubles
 * it, up to the starting capacity.
 *
 * Memory: a budget lives as long as the extension host, so a window reload used to start with a fresh one
 * that knew nothing of the calls of the last minute and sent a full window more (the fault bench measured 21
 * and 22 calls in a minute on F0). `recentSpend()` gives the slots taken in the current window and
 * `recall()` takes them back into a new budget; `onDidSpend` tells when to store them
 * (src/resources/spendMemory.ts keeps them in globalState per origin).
 */
import type { AcquireOptions, RequestBudget } from './types';
import { abortErrorFrom } from './abort';
import { RoundTrips } from './arrival';
import { DEFAULT_SAFETY, capacityFor, defaultPadMs, type RateBudgetOptions, type RateBudgetStats, type RateLimit } from './budgetTypes';
import { MAX_RETRY_AFTER_MS, clampWait, safeDelay } from './delay';
import { CapacityControl } from './rateAdapt';
import { Rank, WaitQueue, priorityPerWindow } from './budgetQueue';

export { DEFAULT_SAFETY, TIER_LIMITS, defaultPadMs, type RateBudgetOptions, type RateBudgetStats, type RateLimit } from './budgetTypes';

interface Waiter {
	readonly resolve: (release: () => void) => void;
	readonly reject: (e: unknown) => void;
	readonly signal?: AbortSignal;
	/** Served in order of rank (budgetQueue.ts), first-in first-out within one. */
	readonly rank: Rank;
	readonly onAbort: () => void;
}

export class RateBudget implements RequestBudget {
	private limit!: number;
	private windowMs!: number;
	private control!: CapacityControl;
	private readonly safety: number;
	private readonly padOption?: number;
	private readonly now: () => number;
	/** One entry per taken slot: `Infinity` while in flight, then the call's estimated arrival (arrival.ts). */
	private readonly slots: { at: number }[] = [];
	private readonly roundTrips = new RoundTrips();
	private readonly queue = new WaitQueue<Waiter>();
	private pausedUntil = 0;
	private lastGrantAt = -Infinity;
	private granted = 0;
	private readonly spendListeners = new Set<() => void>();
	private throttled = 0;
	private timer: ReturnType<typeof setTimeout> | undefined;
	private timerAt = 0;

	constructor(options: RateBudgetOptions) {
		this.safety = options.safety ?? DEFAULT_SAFETY;
		this.padOption = options.padMs;
		this.now = options.now ?? Date.now;
		this.setLimit(options);
	}

	/** Resizes the budget (e.g. the resource's tier changed); keeps the slots already taken. */
	setLimit(limit: RateLimit): void {
		if (limit.limit === this.limit && limit.windowMs === this.windowMs) {
			return;
		}
		this.limit = Math.max(1, Math.floor(limit.limit));
		this.windowMs = Math.max(1, limit.windowMs);
		const max = capacityFor(this.limit, this.safety);
		if (this.control) {
			this.control.reset(max, this.effectiveWindow);
		} else {
			this.control = new CapacityControl(max, this.effectiveWindow);
		}
		this.pump();
	}

	private get effectiveWindow(): number {
		return this.windowMs + (this.padOption ?? defaultPadMs(this.windowMs));
	}

	/**
	 * Waits (FIFO) until a call may start and takes a slot; call the returned `release` when the call's
	 * answer (or failure) arrives. Rejects with an AbortError if `signal` fires first. A `retry` (the next
	 * attempt of a call whose attempt failed) goes ahead of first attempts: it waited its turn once already,
	 * and behind a full queue every fault in a row would cost a whole round of it (on F0, a minute or more).
	 * A `background` read (nobody waits for it) goes behind every other waiting call; a `priority` call (a poll
	 * expected to see an operation's end) ahead of first attempts, a few per window (budgetQueue.ts).
	 */
	acquire(signal?: AbortSignal, options?: AcquireOptions): Promise<() => void> {
		if (signal?.aborted) {
			return Promise.reject(abortErrorFrom(signal));
		}
		return new Promise<() => void>((resolve, reject) => {
			const waiter: Waiter = {
				resolve,
				reject,
				signal,
				rank: options?.retry === true ? Rank.Retry : options?.priority === true ? Rank.Priority : options?.background === true ? Rank.Background : Rank.Normal,
				onAbort: () => {
					if (this.queue.remove(waiter)) {
						reject(abortErrorFrom(signal));
						this.pump();
					}
				},
			};
			signal?.addEventListener('abort', waiter.onAbort, { once: true });
			this.queue.push(waiter);
			this.pump();
		});
	}

	onSuccess(): void {
		if (this.control.onSuccess(this.now())) {
			this.pump();
		}
	}

	onThrottled(retryAfterMs?: number): void {
		this.throttled++;
		this.control.onThrottled(this.now());
		// A server's pause is honoured up to MAX_RETRY_AFTER_MS (delay.ts): it stops every call to the origin.
		const pause = clampWait(retryAfterMs ?? Math.ceil((2 * this.windowMs) / this.limit), MAX_RETRY_AFTER_MS).ms;
		this.pausedUntil = Math.max(this.pausedUntil, this.now() + pause);
		this.pump();
	}

	/**
	 * Listens for slots taken and answered (to store `recentSpend()`, say). Returns the unsubscribe function.
	 */
	onDidSpend(listener: () => void): () => void {
		this.spendListeners.add(listener);
		return () => this.spendListeners.delete(listener);
	}

	/**
	 * The slots taken in the current window, as times on the budget's clock: the call's estimated arrival (at
	 * the latest its answer), or now for a call still in flight. A new budget given them (`recall`) holds them as this one would.
	 */
	recentSpend(): number[] {
		const now = this.now();
		this.prune(now);
		return this.slots.map((s) => (s.at === Infinity ? now : s.at)).sort((a, b) => a - b);
	}

	/**
	 * Takes slots spent elsewhere (this origin's budget before a window reload) into this budget: each holds
	 * until a window after its time. Times that are not numbers, older than a window or further ahead than a
	 * window are ignored, and so are the times of slots this budget holds already (its own spend, stored and
	 * read back); a future time counts as now; at most `limit` are taken.
	 */
	recall(times: readonly unknown[]): void {
		const now = this.now();
		const held = new Set(this.slots.map((s) => s.at));
		const valid = times
			.filter((t): t is number => typeof t === 'number' && Number.isFinite(t) && t > now - this.effectiveWindow && t < now + this.effectiveWindow && !held.has(t))
			.map((t) => Math.min(t, now))
			.sort((a, b) => b - a)
			.slice(0, this.limit);
		for (const at of valid) {
			this.slots.push({ at });
		}
		this.pump();
	}

	stats(): RateBudgetStats {
		const now = this.now();
		this.prune(now);
		this.control.refresh(now);
		return {
			limit: this.limit,
			windowMs: this.windowMs,
			capacity: this.control.capacity,
			maxCapacity: this.control.maxCapacity,
			inWindow: this.slots.length,
			inFlight: this.slots.filter((s) => s.at === Infinity).length,
			queued: this.queue.length,
			granted: this.granted,
			throttled: this.throttled,
			pausedForMs: Math.max(0, this.pausedUntil - now),
		};
	}

	private prune(now: number): void {
		const horizon = now - this.effectiveWindow;
		for (let i = this.slots.length - 1; i >= 0; i--) {
			if (this.slots[i].at <= horizon) {
				this.slots.splice(i, 1);
			}
		}
	}

	private take(): () => void {
		const slot = { at: Infinity };
		const sentAt = this.now();
		this.slots.push(slot);
		this.granted++;
		let released = false;
		this.spent();
		return () => {
			if (!released) {
				released = true;
				slot.at = this.roundTrips.arrivalOf(sentAt, this.now());
				this.spent();
				this.pump();
			}
		};
	}

	private spent(): void {
		for (const l of this.spendListeners) {
			try {
				l();
			} catch {
				// A listener's failure is its own; the budget goes on.
			}
		}
	}

	/** Hands out every slot available now; arms one timer for the next slot to age out if callers still wait. */
	private pump(): void {
		const now = this.now();
		this.prune(now);
		this.control.refresh(now);
		const capacity = this.control.capacity;
		// Half the capacity may go at once; past that, one slot per `window / capacity` (see the header).
		const spacing = this.effectiveWindow / capacity;
		const paced = () => this.slots.length >= Math.ceil(capacity / 2) && now < this.lastGrantAt + spacing;
		while (this.queue.length > 0 && now >= this.pausedUntil && this.slots.length < capacity && !paced()) {
			const w = this.queue.shift(now, this.effectiveWindow, priorityPerWindow(capacity))!;
			w.signal?.removeEventListener('abort', w.onAbort);
			this.lastGrantAt = now;
			w.resolve(this.take());
		}
		if (this.queue.length === 0) {
			this.clearTimer();
			return;
		}
		let at = this.pausedUntil;
		const excess = this.slots.length - capacity + 1;
		if (excess > 0) {
			// The `excess`-th answered slot to age out frees the next place; in-flight slots wait for `release`.
			// Or the capacity doubles back after a quiet window, whichever comes first.
			const answered = this.slots.map((s) => s.at).filter((t) => t !== Infinity).sort((a, b) => a - b);
			const growth = this.control.nextGrowthAt();
			if (answered.length < excess && growth === undefined) {
				this.clearTimer();
				return; // a release() will pump again
			}
			const aged = answered.length < excess ? Infinity : answered[excess - 1] + this.effectiveWindow + 1;
			at = Math.max(at, Math.min(aged, growth ?? Infinity));
		} else if (paced()) {
			at = Math.max(at, this.lastGrantAt + spacing);
		}
		if (this.timer && this.timerAt <= at) {
			return;
		}
		this.clearTimer();
		this.timerAt = at;
		this.timer = setTimeout(() => {
			this.timer = undefined;
			this.pump();
		}, safeDelay(at - now)); // a timer cut short just pumps and re-arms
	}

	private clearTimer(): void {
		if (this.timer) {
			clearTimeout(this.timer);
			this.timer = undefined;
		}
	}
}
