/** Rate limiting per profile (F0 20 calls/min sliding window, S0 10 calls/s) and seeded fault injection. */
import type { EmulatorConfig, FaultConfig } from './config';
import { mulberry32 } from './images';

export class RateLimiter {
	private calls: number[] = [];

	reset(): void {
		this.calls = [];
	}

	/** Records a call; returns undefined when allowed, else the seconds until one is allowed again (≥ 1). */
	take(config: EmulatorConfig, now = Date.now()): number | undefined {
		const f0 = config.profile === 'f0';
		const windowMs = f0 ? 60_000 : 1000;
		const limit = f0 ? 20 : 10;
		this.calls = this.calls.filter((t) => t > now - windowMs);
		if (!config.rateLimit) {
			this.calls.push(now);
			return undefined;
		}
		if (this.calls.length >= limit) {
			return Math.max(1, Math.ceil((this.calls[0] + windowMs - now) / 1000));
		}
		this.calls.push(now);
		return undefined;
	}
}

export type Fault = 'reset' | 'error' | undefined;

export class Faults {
	private rand: () => number = mulberry32(1);
	private seed: number | undefined;

	reset(): void {
		this.seed = undefined;
	}

	/** Rolls the dice for one call (the sequence restarts whenever `faults.seed` changes or on reset). */
	roll(f: FaultConfig, routeKey: string): Fault {
		if (f.errorRate <= 0 && f.resetRate <= 0) {
			return undefined;
		}
		if (f.match && !routeKey.includes(f.match)) {
			return undefined;
		}
		if (this.seed !== f.seed) {
			this.seed = f.seed;
			this.rand = mulberry32(f.seed);
		}
		const r = this.rand();
		if (r < f.resetRate) {
			return 'reset';
		}
		if (r < f.resetRate + f.errorRate) {
			return 'error';
		}
		return undefined;
	}
}
