/**
 * The per-endpoint rate budget: every client of one origin (tree loads, polls, bulk adds) draws from the
 * same budget, so the extension as a whole stays inside the tier (F0: 20 calls/min, S0: 10 calls/s).
 *
 * Algorithm: a sliding-window log of slots. A call may start when fewer than `capacity` slots are taken;
 * a slot stays taken while its call is in flight and for one window (plus a small pad) after its answer
 * arrived. Counting from the answer, not from the send, is what makes it hold on the service's side: the
 * service counts a call when it arrives, which is after we send it and before we get its answer, so a
 * call we send a window after the previous answer arrives a window after the previous arrival, whatever
 * the latency (new connections, proxies, a busy event loop). `capacity` starts at 90 % of the tier's
 * limit (F0 18/min, S0 9/s): a margin for other users of the same key. Waiters are served first-in,
 * first-out; a waiter's abort removes it. Unlike a token bucket, a sliding log never lets a burst exceed
 * the limit inside any window, whichever way the service counts (fixed or sliding windows).
 *
 * Adapting (AIMD): a 429 pauses the budget for the server's `Retry-After` (or two slot intervals when it
 * sent none) and halves `capacity` (not below 1); each run of `capacity` successes without a 429 adds one
 * back, up to the starting capacity.
 */
import type { PricingTier } from './kinds';
import type { RequestBudget } from './types';
import { abortErrorFrom } from './abort';
import { MAX_RETRY_AFTER_MS, clampWait, safeDelay } from './delay';

export interface RateLimit {
	readonly limit: number;
	readonly windowMs: number;
}

export const TIER_LIMITS: Readonly<Record<PricingTier, RateLimit>> = {
	F0: { limit: 20, windowMs: 60_000 },
	S0: { limit: 10, windowMs: 1_000 },
};

export interface RateBudgetOptions extends RateLimit {
	/** Fraction of the limit kept back (default 0.1). */
	readonly safety?: number;
	/** Added to the window (default 2 % of it, at least 50 ms). */
	readonly padMs?: number;
	readonly now?: () => number;
}

export interface RateBudgetStats {
	readonly limit: number;
	readonly windowMs: number;
	/** Calls allowed per window now (lowered after 429s). */
	readonly capacity: number;
	/** Calls allowed per window when no 429 has been seen. */
	readonly maxCapacity: number;
	/** Slots taken: calls in flight, and calls answered within the last window. */
	readonly inWindow: number;
	/** Calls in flight (slot taken, answer not yet arrived). */
	readonly inFlight: number;
	/** Callers waiting for a slot. */
	readonly queued: number;
	/** Slots handed out since creation. */
	readonly granted: number;
	/** 429s reported since creation. */
	readonly throttled: number;
	/** Remaining pause after a 429, in ms (0 when not paused). */
	readonly pausedForMs: number;
}


interface Waiter {
	readonly resolve: (release: () => void) => void;
	readonly reject: (e: unknown) => void;
	readonly signal?: AbortSignal;
	readonly onAbort: () => void;
}

export class RateBudget implements RequestBudget {
	private limit!: number;
	private windowMs!: number;
	private maxCapacity!: number;
	private capacity!: number;
	private readonly safety: number;
	private readonly padOption?: number;
	private readonly now: () => number;
	/** One entry per taken slot: `Infinity` while in flight, then the time its answer arrived. */
	private readonly slots: { at: number }[] = [];
	private readonly queue: Waiter[] = [];
	private pausedUntil = 0;
	private streak = 0;
	private granted = 0;
	private throttled = 0;
	private timer: ReturnType<typeof setTimeout> | undefined;
	private timerAt = 0;

	constructor(options: RateBudgetOptions) {
		this.safety = options.safety ?? 0.1;
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
		this.maxCapacity = Math.max(1, Math.floor(this.limit * (1 - this.safety)));
		this.capacity = this.maxCapacity;
		this.streak = 0;
		this.pump();
	}

	private get effectiveWindow(): number {
		return this.windowMs + (this.padOption ?? Math.max(50, Math.round(this.windowMs * 0.02)));
	}

	/**
	 * Waits (FIFO) until a call may start and takes a slot; call the returned `release` when the call's
	 * answer (or failure) arrives. Rejects with an AbortError if `signal` fires first.
	 */
	acquire(signal?: AbortSignal): Promise<() => void> {
		if (signal?.aborted) {
			return Promise.reject(abortErrorFrom(signal));
		}
		return new Promise<() => void>((resolve, reject) => {
			const waiter: Waiter = {
				resolve,
				reject,
				signal,
				onAbort: () => {
					const i = this.queue.indexOf(waiter);
					if (i >= 0) {
						this.queue.splice(i, 1);
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
		if (this.capacity < this.maxCapacity && ++this.streak >= this.capacity) {
			this.capacity++;
			this.streak = 0;
			this.pump();
		}
	}

	onThrottled(retryAfterMs?: number): void {
		this.throttled++;
		this.streak = 0;
		this.capacity = Math.max(1, Math.floor(this.capacity / 2));
		// A server's pause is honoured up to MAX_RETRY_AFTER_MS (delay.ts): it stops every call to the origin.
		const pause = clampWait(retryAfterMs ?? Math.ceil((2 * this.windowMs) / this.limit), MAX_RETRY_AFTER_MS).ms;
		this.pausedUntil = Math.max(this.pausedUntil, this.now() + pause);
		this.pump();
	}

	stats(): RateBudgetStats {
		const now = this.now();
		this.prune(now);
		return {
			limit: this.limit,
			windowMs: this.windowMs,
			capacity: this.capacity,
			maxCapacity: this.maxCapacity,
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
		this.slots.push(slot);
		this.granted++;
		let released = false;
		return () => {
			if (!released) {
				released = true;
				slot.at = this.now();
				this.pump();
			}
		};
	}

	/** Hands out every slot available now; arms one timer for the next slot to age out if callers still wait. */
	private pump(): void {
		const now = this.now();
		this.prune(now);
		while (this.queue.length > 0 && now >= this.pausedUntil && this.slots.length < this.capacity) {
			const w = this.queue.shift()!;
			w.signal?.removeEventListener('abort', w.onAbort);
			w.resolve(this.take());
		}
		if (this.queue.length === 0) {
			this.clearTimer();
			return;
		}
		let at = this.pausedUntil;
		const excess = this.slots.length - this.capacity + 1;
		if (excess > 0) {
			// The `excess`-th answered slot to age out frees the next place; in-flight slots wait for `release`.
			const answered = this.slots.map((s) => s.at).filter((t) => t !== Infinity).sort((a, b) => a - b);
			if (answered.length < excess) {
				this.clearTimer();
				return; // a release() will pump again
			}
			at = Math.max(at, answered[excess - 1] + this.effectiveWindow + 1);
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

const registry = new Map<string, RateBudget>();

/** The budget shared by every client of `origin` (scheme://host:port), sized for `tier` (default S0). */
export function getRateBudget(origin: string, tier: PricingTier = 'S0'): RateBudget {
	const key = new URL(origin).origin;
	let budget = registry.get(key);
	if (!budget) {
		budget = new RateBudget(TIER_LIMITS[tier]);
		registry.set(key, budget);
	} else {
		budget.setLimit(TIER_LIMITS[tier]);
	}
	return budget;
}

/** A budget that never waits (benchmarks against a local server, or a caller that limits itself). */
export const UNLIMITED_BUDGET: RequestBudget = {
	acquire: (signal) => (signal?.aborted ? Promise.reject(abortErrorFrom(signal)) : Promise.resolve(() => undefined)),
	onSuccess: () => undefined,
	onThrottled: () => undefined,
};
