/** The rate budget's limits, options and statistics (rateBudget.ts). */
import type { PricingTier } from './kinds';

export interface RateLimit {
	readonly limit: number;
	readonly windowMs: number;
}

export const TIER_LIMITS: Readonly<Record<PricingTier, RateLimit>> = {
	F0: { limit: 20, windowMs: 60_000 },
	S0: { limit: 10, windowMs: 1_000 },
};

/**
 * Fraction of the limit kept back for other users of the key (rounded in the limit's favour): none. The issue's
 * target is 95 % of the limit with no configuration, and one call kept back is 10 % of S0's 10 and measured
 * 94.0 % of F0's 20 (`npm run bench:enroll`: 19 calls per window plus its pad, and the run's start and end);
 * another user of the key shows as 429s, which halve the budget (rateAdapt.ts).
 */
export const DEFAULT_SAFETY = 0;

/** What a budget adds to its window by default: 0.2 % of it, at least 10 ms (F0 120 ms, S0 10 ms). */
export function defaultPadMs(windowMs: number): number {
	return Math.max(10, Math.round(windowMs * 0.002));
}

/** The calls a budget allows per window with `safety` kept back: at least 1, and at least (1 − safety) of the limit. */
export function capacityFor(limit: number, safety: number): number {
	return Math.max(1, Math.ceil(limit * (1 - safety) - 1e-9));
}

export interface RateBudgetOptions extends RateLimit {
	/** Fraction of the limit kept back (default `DEFAULT_SAFETY`, 0; rounded in the limit's favour). */
	readonly safety?: number;
	/** Added to the window (default `defaultPadMs`: 0.2 % of it, at least 10 ms). */
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
