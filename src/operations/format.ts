/** Short human texts about operations, shared by the status bar, the quick pick, the log and notifications. */
import type { Operation } from './types';

/** `12s`, `2m 5s`, `1h 2m`. */
export function formatDuration(ms: number): string {
	const s = Math.max(0, Math.round(ms / 1000));
	if (s < 60) {
		return `${s}s`;
	}
	if (s < 3600) {
		const rest = s % 60;
		return rest === 0 ? `${Math.floor(s / 60)}m` : `${Math.floor(s / 60)}m ${rest}s`;
	}
	const m = Math.floor((s % 3600) / 60);
	return m === 0 ? `${Math.floor(s / 3600)}h` : `${Math.floor(s / 3600)}h ${m}m`;
}

/** How long the operation has run (until its end, or until `now`). */
export function elapsedMs(op: Operation, now = Date.now()): number {
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
