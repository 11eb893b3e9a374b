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
 * Fraction of the limit kept back for other users of the key, rounded in the limit's favour: F0 keeps one call
 * of 20 back (19/min), S0 none of 10 (10/s) — a whole call would be 10 % of it, and the target is 95 %.
 */
export const DEFAULT_SAFETY = 0.05;

/** What a budget adds to its window by default: 0.2 % of it, at least 10 ms (F0 120 ms, S0 10 ms). */
export function defaultPadMs(windowMs: number): number {
	return Math.max(10, Math.round(windowMs * 0.002));
}

/** The calls a budget allows per window with `safety` kept back: at least 1, and at least (1 − safety) of the limit. */
export function capacityFor(limit: number, safety: number): number {
	return Math.max(1, Math.ceil(limit * (1 - safety) - 1e-9));
}

export interface RateBudgetOptions extends RateLimit {
	/** Fraction of the limit kept back (default `DEFAULT_SAFETY`, 0.05, rounded in the limit's favour). */
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
