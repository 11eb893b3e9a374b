/**
 * The time the follower lives in. The extension uses the system clock; tests and the benchmark use a
 * scaled clock, whose milliseconds run `scale` times faster than real ones, together with an emulator
 * whose trainings run `scale` times faster (its `timeScale`), so a 600 s training can be followed in 6 s.
 * Durations the service reports (its timestamps are real time) are multiplied by `scale` to land in clock time.
 */

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
	sleep: (ms, signal) => sleepReal(ms, signal),
	scale: 1,
};

/** A clock running `scale` times faster than real time, starting at the real `Date.now()`. */
export function scaledClock(scale: number): Clock {
	if (!(scale > 0)) {
		throw new RangeError('scale must be > 0');
	}
	const origin = Date.now();
	return {
		now: () => origin + (Date.now() - origin) * scale,
		sleep: (ms, signal) => sleepReal(ms / scale, signal),
		scale,
	};
}

function abortError(signal: AbortSignal | undefined): Error {
	const e = new Error('The operation was aborted.', signal?.reason === undefined ? undefined : { cause: signal.reason });
	e.name = 'AbortError';
	return e;
}

function sleepReal(ms: number, signal?: AbortSignal): Promise<void> {
	return new Promise((resolve, reject) => {
		if (signal?.aborted) {
			reject(abortError(signal));
			return;
		}
		const onAbort = () => {
			clearTimeout(timer);
			reject(abortError(signal));
		};
		const timer = setTimeout(() => {
			signal?.removeEventListener('abort', onAbort);
			resolve();
		}, Math.max(0, ms));
		signal?.addEventListener('abort', onAbort, { once: true });
	});
}
