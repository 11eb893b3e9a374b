/** The rate budgets of this extension host: one per origin, shared by every client of it (rateBudget.ts). */
import { abortErrorFrom } from './abort';
import type { PricingTier } from './kinds';
import { RateBudget, TIER_LIMITS } from './rateBudget';
import type { RequestBudget } from './types';

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
