/**
 * Rate limiting per profile (F0 20 calls/min sliding window, S0 10 calls/s; on the emulated clock with
 * `scaleRateLimit`) and seeded fault injection (503s, resets, 429 bursts, stalls).
 */
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
		const windowMs = (f0 ? 60_000 : 1000) / (config.scaleRateLimit ? config.timeScale : 1);
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

export type Fault = 'reset' | 'error' | 'lostAnswer' | undefined;

export class Faults {
	private rand: () => number = mulberry32(1);
	private seed: number | undefined;
	/** Until when (real epoch ms) the current injected 429 burst lasts. */
	private burstUntil = -Infinity;

	reset(): void {
		this.seed = undefined;
		this.burstUntil = -Infinity;
	}

	/** The next draw of the seeded sequence (restarted whenever `faults.seed` changes or on reset). */
	private draw(f: FaultConfig): number {
		if (this.seed !== f.seed) {
			this.seed = f.seed;
			this.rand = mulberry32(f.seed);
			this.burstUntil = -Infinity;
		}
		return this.rand();
	}

	/** Whether this call gets an injected 429: it is inside a burst, or starts one (`throttleRate`). */
	throttle(f: FaultConfig, routeKey: string, timeScale: number, now = Date.now()): boolean {
		if (f.match && !routeKey.includes(f.match)) {
			return false;
		}
		if (now < this.burstUntil) {
			return true;
		}
		if (f.throttleRate <= 0 || this.draw(f) >= f.throttleRate) {
			return false;
		}
		this.burstUntil = now + f.throttleBurstMs / timeScale;
		return true;
	}

	/** Whether this call stalls (`stallRate`) before it is answered. */
	stall(f: FaultConfig, routeKey: string): boolean {
		if (f.stallRate <= 0 || f.stallMs <= 0 || (f.match && !routeKey.includes(f.match))) {
			return false;
		}
		return this.draw(f) < f.stallRate;
	}

	/** Rolls the dice for one call: a 503, a reset, an answer lost after the work, or nothing. */
	roll(f: FaultConfig, routeKey: string): Fault {
		const lost = f.lostAnswerRate ?? 0;
		if (f.errorRate <= 0 && f.resetRate <= 0 && lost <= 0) {
			return undefined;
		}
		if (f.match && !routeKey.includes(f.match)) {
			return undefined;
		}
		const r = this.draw(f);
		if (r < f.resetRate) {
			return 'reset';
		}
		if (r < f.resetRate + f.errorRate) {
			return 'error';
		}
		if (r < f.resetRate + f.errorRate + lost) {
			return 'lostAnswer';
		}
		return undefined;
	}
}
