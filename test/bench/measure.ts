/** What one followed training cost and how late its end was seen, in emulated (virtual) time. */

export interface Measured {
	readonly poller: string;
	/** Emulated duration of the training, ms. */
	readonly durationMs: number;
	/** Time scale of the run (emulated ms per real ms). */
	readonly scale: number;
	/** Status GETs after the train call. */
	readonly polls: number;
	/** Every billed call for this training: status read (ours), POST, polls. */
	readonly calls: number;
	/** Emulated ms between the true end and the poll that saw it. */
	readonly lagMs: number;
	/** Most calls in any emulated minute. */
	readonly maxPerMinute: number;
	readonly state: string;
	/** What our schedule predicted (emulated ms), if anything. */
	readonly predictedMs?: number;
	/** The duration by the service's timestamps (emulated ms), as the tracker records it. */
	readonly measuredMs?: number;
}

/** Most calls within any window of `windowMs` (times in ms, any origin). */
export function maxInWindow(times: readonly number[], windowMs = 60_000): number {
	const sorted = [...times].sort((a, b) => a - b);
	let max = 0;
	let from = 0;
	for (let i = 0; i < sorted.length; i++) {
		while (sorted[i] - sorted[from] >= windowMs) {
			from++;
		}
		max = Math.max(max, i - from + 1);
	}
	return max;
}

/** `5 s`, `60 s`, `10 min`. */
export function formatSeconds(ms: number): string {
	const s = ms / 1000;
	if (s >= 600 && s % 60 === 0) {
		return `${s / 60} min`;
	}
	return s >= 10 ? `${Math.round(s)} s` : `${s.toFixed(1)} s`;
}
