/** Facts about operations the presenters show (durations themselves: src/shared/time.ts). */
import type { Operation } from './types';

/**
 * How long the operation has run (until its end, or until `now`); for an ended training, the service's own
 * duration when its final status gave one (not when the end was noticed).
 */
export function elapsedMs(op: Operation, now = Date.now()): number {
	if (op.state !== 'running' && op.trainedMs !== undefined) {
		return op.trainedMs;
	}
	const end = op.endedAt ? Date.parse(op.endedAt) : now;
	return Math.max(0, end - Date.parse(op.startedAt));
}

/** The path of a poll URL (for the log: no origin noise, never a query). */
export function pollPath(url: string): string {
	try {
		return new URL(url).pathname;
	} catch {
		return url.split('?')[0];
	}
}
