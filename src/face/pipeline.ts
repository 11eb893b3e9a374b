/**
 * One Face call, end to end: for each attempt take a slot from the endpoint's rate budget, get the auth
 * headers, send, log one `RequestLogEntry`, and on failure decide (retry.ts) whether and when to repeat.
 * Secrets: auth header values are never logged and are blanked out of any body before it becomes an error.
 */
import { randomUUID } from 'node:crypto';
import { sleep, throwIfAborted } from './abort';
import { parseErrorResponse } from './errorBody';
import { FaceApiError, FaceNetworkError, isAbortError } from './errors';
import { send, type HttpResponse, type TransportOptions } from './http';
import { isRetriable, retryDelayMs, type BackoffOptions, type RetryClass } from './retry';
import { cleanRequestId, redact, redactHeaders, secretsOf } from './sanitize';
import { MalformedResponse } from './shapes';
import type { AuthProvider, RequestBudget, RequestLogEntry } from './types';

export interface PipelineOptions {
	/** `${endpoint}/face/${apiVersion}`, no trailing slash. */
	readonly baseUrl: string;
	readonly auth: AuthProvider;
	readonly budget: RequestBudget;
	readonly transport: TransportOptions;
	readonly userAgent: string;
	readonly maxRetries: number;
	readonly backoff?: BackoffOptions;
	readonly onRequest?: (entry: RequestLogEntry) => void;
}

export interface CallSpec {
	readonly method: 'GET' | 'PUT' | 'PATCH' | 'DELETE' | 'POST';
	/** A path under the base URL (starting with `/`, query included), or an absolute URL (polls). */
	readonly target: string | URL;
	readonly json?: unknown;
	readonly bytes?: Uint8Array;
	readonly retry: RetryClass;
	readonly signal?: AbortSignal;
	/** Draw from the budget after every other waiting call (CallOptions.background). */
	readonly background?: boolean;
	/** Draw from the budget ahead of waiting first attempts (CallOptions.priority). */
	readonly priority?: boolean;
	/**
	 * After an attempt that may have done the work (a reset, a timeout, a 502/504), an error on a repeat
	 * that this returns true for means "the earlier attempt succeeded": 409 `…Exists` on a PUT create,
	 * 404 on a DELETE, 409 `…TrainingNotFinished` on train.
	 */
	readonly doneOnRepeat?: (e: FaceApiError) => boolean;
}

export interface CallResult extends HttpResponse {
	/** True when the answer is an error that `doneOnRepeat` accepted as success. */
	readonly doneOnRepeat: boolean;
}

const AMBIGUOUS_STATUSES = new Set([408, 502, 504]);

export class Pipeline {
	constructor(private readonly options: PipelineOptions) {}

	resolve(target: string | URL): URL {
		return typeof target === 'string' ? new URL(this.options.baseUrl + target) : target;
	}

	/** Sends with retries; resolves with a 2xx answer, rejects with FaceApiError / FaceNetworkError / AbortError. */
	async call(spec: CallSpec): Promise<CallResult> {
		const o = this.options;
		const url = this.resolve(spec.target);
		const path = url.pathname + url.search;
		const label = `${spec.method} ${path}`;
		let ambiguous = false;
		for (let attempt = 1; ; attempt++) {
			throwIfAborted(spec.signal);
			const release = await o.budget.acquire(spec.signal, { retry: attempt > 1, background: spec.background === true && attempt === 1, priority: spec.priority === true && attempt === 1 });
			const clientRequestId = randomUUID();
			let authHeaders: Record<string, string>;
			try {
				authHeaders = await o.auth(spec.signal);
			} catch (e) {
				release();
				throw e;
			}
			const secrets = secretsOf(authHeaders);
			const headers: Record<string, string> = {
				...authHeaders,
				'user-agent': o.userAgent,
				'client-request-id': clientRequestId,
				accept: 'application/json',
			};
			let body: string | Uint8Array | undefined;
			if (spec.bytes !== undefined) {
				headers['content-type'] = 'application/octet-stream';
				body = spec.bytes;
			} else if (spec.json !== undefined) {
				headers['content-type'] = 'application/json';
				body = JSON.stringify(spec.json);
			}
			const started = performance.now();
			const log = (entry: Omit<RequestLogEntry, 'method' | 'path' | 'ms' | 'clientRequestId' | 'attempt'>) =>
				o.onRequest?.({ method: spec.method, path, ms: Math.round(performance.now() - started), clientRequestId, attempt, ...entry });

			let res: HttpResponse;
			try {
				res = await send({ method: spec.method, url, headers, body, signal: spec.signal, label, clientRequestId }, o.transport);
				release();
			} catch (e) {
				release();
				if (isAbortError(e) || !FaceNetworkError.is(e)) {
					log({ billed: false, error: isAbortError(e) ? 'aborted' : 'failed' });
					throw e;
				}
				const retry = attempt <= o.maxRetries && isRetriable(spec.retry, { kind: 'network', reason: e.reason, mayHaveReachedServer: e.mayHaveReachedServer, errno: e.errno });
				const delay = retry ? retryDelayMs(attempt - 1, undefined, o.backoff) : undefined;
				log({ billed: false, error: `${e.reason}: ${e.message}`, retryInMs: delay });
				if (delay === undefined) {
					throw e;
				}
				ambiguous ||= e.mayHaveReachedServer;
				await sleep(delay, spec.signal);
				continue;
			}

			// A server may reflect the key in any header or in the body: blank it out before anything else sees them.
			res = { status: res.status, headers: redactHeaders(res.headers, secrets), body: res.body };
			if (res.status >= 200 && res.status < 300) {
				o.budget.onSuccess();
				log({ status: res.status, apimRequestId: cleanRequestId(res.headers['apim-request-id']), billed: true });
				return { ...res, doneOnRepeat: false };
			}
			const err = parseErrorResponse({
				status: res.status,
				headers: res.headers,
				body: redact(res.body, secrets),
				request: label,
				clientRequestId,
				secrets,
			});
			const apimRequestId = err.apimRequestId;
			const billed = res.headers['csp-billing-usage'] !== undefined || (err.fromService && res.status < 500 && res.status !== 401 && res.status !== 429);
			if (res.status === 429) {
				o.budget.onThrottled(err.retryAfterMs);
			} else if (res.status < 500) {
				o.budget.onSuccess(); // the service answered within its limits
			}
			if (attempt > 1 && ambiguous && spec.doneOnRepeat?.(err)) {
				log({ status: res.status, apimRequestId, billed, error: `${err.code} (the earlier attempt did it)` });
				return { ...res, doneOnRepeat: true };
			}
			const retry = attempt <= o.maxRetries && isRetriable(spec.retry, { kind: 'status', status: res.status });
			const delay = retry ? retryDelayMs(attempt - 1, err.retryAfterMs, o.backoff) : undefined;
			const clamped = err.retryAfterRequestedMs;
			log({
				status: res.status,
				apimRequestId,
				billed,
				error: clamped === undefined ? err.code : `${err.code} (Retry-After ${seconds(clamped)} cut to ${seconds(err.retryAfterMs ?? 0)})`,
				retryInMs: delay,
				waitClampedFromMs: clamped,
			});
			if (delay === undefined) {
				throw err;
			}
			ambiguous ||= AMBIGUOUS_STATUSES.has(res.status);
			await sleep(delay, spec.signal);
		}
	}

	/** `call`, then JSON-parse and shape-check the body; a body that is not what the API sends → `malformed`. */
	async callJson<T>(spec: CallSpec, parse: (v: unknown) => T): Promise<T> {
		return (await this.callParsed(spec, parse)).value;
	}

	/** `callJson` that also returns the answer (its status and headers: a `202`'s `operation-Location`). */
	async callParsed<T>(spec: CallSpec, parse: (v: unknown) => T): Promise<{ readonly value: T; readonly res: CallResult }> {
		const res = await this.call(spec);
		const url = this.resolve(spec.target);
		const label = `${spec.method} ${url.pathname}${url.search}`;
		let json: unknown;
		try {
			json = JSON.parse(res.body);
		} catch {
			throw malformed(label, url, res.status, res.body.trim() === '' ? 'an empty body' : 'a body that is not JSON');
		}
		try {
			return { value: parse(json), res };
		} catch (e) {
			if (e instanceof MalformedResponse) {
				throw malformed(label, url, res.status, `an unexpected body: ${e.message}`);
			}
			throw e;
		}
	}
}

function seconds(ms: number): string {
	return `${Math.round(ms / 1000)} s`;
}

function malformed(label: string, url: URL, status: number, what: string): FaceNetworkError {
	return new FaceNetworkError({
		reason: 'malformed',
		message: `The server answered ${status} to ${label} with ${what}.`,
		hint: `Check that ${url.origin} is a Face endpoint (no path after the host) and that no proxy rewrites its answers.`,
		mayHaveReachedServer: true,
		request: label,
	});
}
