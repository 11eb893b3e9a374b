/**
 * Every wait inside the Face client goes through here, so that no server answer can stall an origin for
 * a day or overflow a timer.
 *
 * - Node's `setTimeout` takes at most 2^31-1 ms (about 24.8 days). Past that it logs a
 *   `TimeoutOverflowWarning` and fires after 1 ms, which turns a long wait into a busy loop. `safeDelay`
 *   keeps every timer in [0, MAX_TIMER_MS]; NaN counts as 0.
 * - `Retry-After` (and `retry-after-ms`, and the 429 message's "try again in N seconds") is honoured up to
 *   `MAX_RETRY_AFTER_MS` = 60 s. The service's own 429s ask for a few seconds (F0 counts per minute), so a
 *   longer value is a misconfigured gateway or a hostile server; waiting longer would freeze every call to
 *   the origin (the rate budget is shared). The request that asked is still retried only `maxRetries` times.
 *   When a value is cut, the error carries `retryAfterRequestedMs` and the log line `waitClampedFromMs`.
 * - Back-off ceilings are at most `MAX_BACKOFF_MS` = 60 s whatever the options say.
 */

/** The largest delay `setTimeout` accepts (2^31-1 ms). */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** The longest `Retry-After` the client honours: 60 s. */
export const MAX_RETRY_AFTER_MS = 60_000;

/** The largest back-off ceiling: 60 s. */
export const MAX_BACKOFF_MS = 60_000;

/** A delay any timer can take: finite, in [0, MAX_TIMER_MS]. */
export function safeDelay(ms: number): number {
	if (Number.isNaN(ms) || ms <= 0) {
		return 0;
	}
	return Math.min(Math.round(ms), MAX_TIMER_MS);
}

/** `ms` cut to `max`; `clampedFromMs` is the asked-for value when it was cut. */
export function clampWait(ms: number, max: number): { readonly ms: number; readonly clampedFromMs?: number } {
	const wanted = Number.isNaN(ms) ? 0 : Math.max(0, ms);
	const ceiling = safeDelay(max);
	return wanted > ceiling ? { ms: ceiling, clampedFromMs: Number.isFinite(wanted) ? Math.round(wanted) : Number.MAX_SAFE_INTEGER } : { ms: Math.round(wanted) };
}
