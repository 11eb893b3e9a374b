/**
 * When a failed attempt may be repeated, and after how long.
 *
 * Safety classes (what repeating a request can do on the service):
 * - `idempotent`: GET, PUT (create with a caller-chosen id), PATCH (sets fields to given values), DELETE, and
 *   the read-only recognition POSTs (detect / identify / findsimilars / verify). Repeating them leaves the
 *   same state, so they are retried on 408/429/502/503/504 and on every connection fault, including a reset
 *   or a timeout after the request was sent.
 * - `train`: `POST …/train`. A repeat either starts a training (the first attempt never arrived, or its
 *   training already ended: retraining the same data is harmless) or gets 409 `…TrainingNotFinished`
 *   because the first attempt's training is running — and the pipeline treats that 409 on a repeat as
 *   success, since there is now a training to follow. So train is retried like an idempotent request
 *   (429/503 — rejected before any work —, 408/502/504, and every connection fault, even after sending);
 *   the only cost of a needless repeat is one more billed transaction.
 * - `create`: `POST …/persons`, `POST …/persistedfaces` (server-assigned ids). A repeat after the service
 *   did the work would create a duplicate person or face, so only 429 (rejected by the gateway before
 *   anything happened) and faults before the request was sent are retried.
 */
import { MAX_BACKOFF_MS, MAX_RETRY_AFTER_MS, safeDelay } from './delay';
import type { NetworkErrorReason } from './errors';

export type RetryClass = 'idempotent' | 'train' | 'create';

export type AttemptOutcome =
	| { readonly kind: 'status'; readonly status: number }
	| { readonly kind: 'network'; readonly reason: NetworkErrorReason; readonly mayHaveReachedServer: boolean; readonly errno?: string };

const IDEMPOTENT_STATUSES = new Set([408, 429, 502, 503, 504]);
const TRANSIENT_REASONS = new Set<NetworkErrorReason>(['refused', 'reset', 'timeout', 'proxy', 'aborted', 'dns']);

export function isRetriable(cls: RetryClass, outcome: AttemptOutcome): boolean {
	if (outcome.kind === 'status') {
		switch (cls) {
			case 'idempotent':
			case 'train':
				return IDEMPOTENT_STATUSES.has(outcome.status);
			case 'create':
				return outcome.status === 429;
		}
	}
	// A name that does not exist will not exist a moment later; only the resolver's "try again" is transient.
	if (outcome.reason === 'dns' && outcome.errno !== 'EAI_AGAIN') {
		return false;
	}
	if (!TRANSIENT_REASONS.has(outcome.reason)) {
		return false; // tls, malformed, other: repeating gives the same answer
	}
	return cls !== 'create' || !outcome.mayHaveReachedServer;
}

export interface BackoffOptions {
	/** First backoff ceiling (default 500 ms). */
	readonly baseMs?: number;
	/** Largest backoff ceiling (default 20 s, at most MAX_BACKOFF_MS = 60 s). */
	readonly capMs?: number;
	readonly random?: () => number;
}

/**
 * Delay before retry number `retry` (0 for the first retry): the server's `Retry-After` when it sent one
 * (plus up to 10 % so that callers told the same time don't return in lockstep), else "full jitter":
 * uniform in [0, min(cap, base · 2^retry)]. `Retry-After` counts up to MAX_RETRY_AFTER_MS (60 s) and the
 * back-off ceiling up to MAX_BACKOFF_MS (60 s): see delay.ts.
 */
export function retryDelayMs(retry: number, retryAfterMs: number | undefined, options: BackoffOptions = {}): number {
	const random = options.random ?? Math.random;
	if (retryAfterMs !== undefined && retryAfterMs >= 0) {
		return safeDelay(Math.min(retryAfterMs, MAX_RETRY_AFTER_MS) * (1 + 0.1 * random()));
	}
	const ceiling = Math.min(options.capMs ?? 20_000, MAX_BACKOFF_MS, (options.baseMs ?? 500) * 2 ** Math.min(retry, 30));
	return safeDelay(random() * ceiling);
}
