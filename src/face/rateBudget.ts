/**
 * The per-endpoint rate budget: every client of one origin (tree loads, polls, bulk adds) draws from the
 * same budget, so the extension as a whole stays inside the tier (F0: 20 calls/min, S0: 10 calls/s).
 *
 * Algorithm: a sliding-window log. A call may start when fewer than `capacity` calls started within the
 * last window (the tier's window plus a small pad for clock and latency differences between here and the
 * service). `capacity` starts at 90 % of the tier's limit (F0 18/min, S0 9/s) — a safety margin for other
 * users of the same key. Waiters are served first-in, first-out; a waiter's abort removes it.
 * Unlike a token bucket, a sliding log never lets a burst exceed the limit inside any window, whichever
 * way the service counts (fixed or sliding windows).
 *
 * Adapting (AIMD): a 429 pauses the budget for the server's `Retry-After` (or two slot intervals when it
 * sent none) and halves `capacity` (not below 1); each run of `capacity` successes without a 429 adds one
 * back, up to the starting capacity.
 */
import type { PricingTier } from './kinds';
import type { RequestBudget } from './types';
import { abortErrorFrom } from './abort';

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
	/** Calls started within the current window. */
	readonly inWindow: number;
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
	readonly resolve: () => void;
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
	private readonly started: number[] = [];
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

	/** Resizes the budget (e.g. the resource's tier changed); keeps the history of started calls. */
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

	/** Waits (FIFO) until a call may start, then counts it. Rejects with an AbortError if `signal` fires first. */
	acquire(signal?: AbortSignal): Promise<void> {
		if (signal?.aborted) {
			return Promise.reject(abortErrorFrom(signal));
		}
		return new Promise<void>((resolve, reject) => {
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
		const pause = retryAfterMs ?? Math.ceil((2 * this.windowMs) / this.limit);
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
			inWindow: this.started.length,
			queued: this.queue.length,
			granted: this.granted,
			throttled: this.throttled,
			pausedForMs: Math.max(0, this.pausedUntil - now),
		};
	}

	private prune(now: number): void {
		const horizon = now - this.effectiveWindow;
		let drop = 0;
		while (drop < this.started.length && this.started[drop] <= horizon) {
			drop++;
		}
		this.started.splice(0, drop);
	}

	/** Hands out every slot available now; arms one timer for the next slot if callers still wait. */
	private pump(): void {
		const now = this.now();
		this.prune(now);
		while (this.queue.length > 0 && now >= this.pausedUntil && this.started.length < this.capacity) {
			const w = this.queue.shift()!;
			w.signal?.removeEventListener('abort', w.onAbort);
			this.started.push(now);
			this.granted++;
			w.resolve();
		}
		if (this.queue.length === 0) {
			this.clearTimer();
			return;
		}
		const slotFreeAt =
			this.started.length < this.capacity ? now : this.started[this.started.length - this.capacity] + this.effectiveWindow + 1;
		const at = Math.max(this.pausedUntil, slotFreeAt);
		if (this.timer && this.timerAt <= at) {
			return;
		}
		this.clearTimer();
		this.timerAt = at;
		this.timer = setTimeout(() => {
			this.timer = undefined;
			this.pump();
		}, Math.max(0, at - now));
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
	acquire: (signal) => (signal?.aborted ? Promise.reject(abortErrorFrom(signal)) : Promise.resolve()),
	onSuccess: () => undefined,
	onThrottled: () => undefined,
};
