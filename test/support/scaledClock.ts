/**
 * A clock running `scale` times faster than real time, starting at the real `Date.now()`: with an emulator
 * whose trainings run `scale` times faster (its `timeScale`), a 600 s training is followed in 6 s.
 */
import { sleep } from '../../src/face/abort';
import type { Clock } from '../../src/operations/clock';

export function scaledClock(scale: number): Clock {
	if (!(scale > 0)) {
		throw new RangeError('scale must be > 0');
	}
	const origin = Date.now();
	return {
		now: () => origin + (Date.now() - origin) * scale,
		sleep: (ms, signal) => sleep(ms / scale, signal),
		scale,
	};
}
