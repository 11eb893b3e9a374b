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
