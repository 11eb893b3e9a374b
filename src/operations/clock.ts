/**
 * The time the follower lives in. The extension uses the system clock; tests and the benchmark use a
 * scaled clock (test/support/scaledClock.ts), whose milliseconds run `scale` times faster than real ones, together with an emulator
 * whose trainings run `scale` times faster (its `timeScale`), so a 600 s training can be followed in 6 s.
 * Durations the service reports (its timestamps are real time) are multiplied by `scale` to land in clock time.
 */
import { sleep } from '../face/abort';

export interface Clock {
	/** Clock ms (epoch-like; only differences matter). */
	now(): number;
	/** Resolves after `ms` clock ms; rejects with an `AbortError` when `signal` fires. */
	sleep(ms: number, signal?: AbortSignal): Promise<void>;
	/** Clock ms per real (service) ms: 1 for the system clock. */
	readonly scale: number;
}

export const systemClock: Clock = {
	now: () => Date.now(),
	sleep: (ms, signal) => sleep(ms, signal),
	scale: 1,
};
