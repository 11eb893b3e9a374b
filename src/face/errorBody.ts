/**
 * Turns a non-2xx response into a `FaceApiError`: the Face body `{"error":{"code","message"}}`, the legacy
 * `{"error":{"statusCode","message"}}`, the gateway's `{"statusCode","message"}`, any other JSON, and
 * bodies that are not JSON at all (a proxy's HTML page). Never quotes a non-Face body: it may be large,
 * or reflect request headers.
 */
import { clampWait, MAX_RETRY_AFTER_MS } from './delay';
import { FaceApiError } from './errors';
import { cleanCode, cleanMessage, cleanRequestId, redact } from './sanitize';

export interface ErrorResponse {
	readonly status: number;
	/** Lower-case header names. */
	readonly headers: Readonly<Record<string, string | undefined>>;
	readonly body: string;
	readonly request?: string;
	readonly clientRequestId?: string;
	readonly now?: number;
	/** Values to blank out of everything parsed (the auth header values). */
	readonly secrets?: readonly string[];
}

export function parseErrorResponse(res: ErrorResponse): FaceApiError {
	// Blank out secrets (again: JSON escapes like \u0041 only become the key once parsed), then bound
	// what is left: a code of 64 safe characters, a one-line message of 1,000 (sanitize.ts).
	const secrets = res.secrets ?? [];
	const clean = (v: string | undefined) => (v === undefined ? undefined : redact(v, secrets));
	const apimRequestId = cleanRequestId(clean(res.headers['apim-request-id']));
	const headerCode = cleanCode(clean(res.headers['x-ms-error-code']));
	const parsed = parseFaceBody(res.body);
	let code: string;
	let message: string;
	let fromService = true;
	if (parsed) {
		code = cleanCode(clean(parsed.code)) ?? headerCode ?? String(res.status);
		message = clean(parsed.message) ?? defaultMessage(res.status, 'a JSON body without a message');
	} else {
		fromService = res.headers['x-ms-error-code'] !== undefined;
		code = headerCode ?? String(res.status);
		message = describeForeignBody(res.status, res.headers['content-type'], res.body);
	}
	message = cleanMessage(message) || defaultMessage(res.status, 'an empty message');
	const asked = parseRetryAfter(res.headers, res.now) ?? parseRetryHint(message);
	const wait = asked === undefined ? undefined : clampWait(asked, MAX_RETRY_AFTER_MS);
	return new FaceApiError({
		status: res.status,
		code,
		message,
		apimRequestId,
		clientRequestId: res.clientRequestId,
		retryAfterMs: wait?.ms,
		retryAfterRequestedMs: wait?.clampedFromMs,
		request: res.request,
		fromService,
	});
}

interface FaceBody {
	readonly code?: string;
	readonly message?: string;
}

/** Returns undefined when the body is not JSON or is JSON of no known error shape. */
function parseFaceBody(text: string): FaceBody | undefined {
	if (!/^\s*[{[]/.test(text)) {
		return undefined;
	}
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch {
		return undefined;
	}
	if (!isRecord(json)) {
		return undefined;
	}
	// `{"error": {...}}` (current and legacy), else the fields at the top level (`{"statusCode":401,"message":…}`).
	const inner = isRecord(json.error) ? json.error : typeof json.error === 'string' ? { message: json.error } : json;
	const code = asCode(inner.code) ?? asCode(inner.statusCode);
	const message = typeof inner.message === 'string' ? inner.message : typeof json.message === 'string' ? json.message : undefined;
	if (code === undefined && message === undefined) {
		return { message: undefined, code: undefined };
	}
	return { code, message };
}

function describeForeignBody(status: number, contentType: string | undefined, body: string): string {
	// The content type is quoted: only when it looks like one (a header can carry anything).
	const raw = (contentType ?? '').split(';')[0].trim().toLowerCase();
	const type = /^[a-z0-9.+-]{1,40}\/[a-z0-9.+-]{1,60}$/.test(raw) ? raw : '';
	if (body.trim().length === 0) {
		return defaultMessage(status, 'an empty body');
	}
	if (type === 'text/html' || /^\s*(<!doctype html|<html|<head|<body)/i.test(body)) {
		return `The server answered ${status} with an HTML page, not a Face API response — is a proxy in the way?`;
	}
	return `The server answered ${status} with ${type ? `a ${type} body` : 'a body'} that is not a Face API response — is a proxy in the way, or is the endpoint right?`;
}

function defaultMessage(status: number, what: string): string {
	const known: Record<number, string> = {
		401: 'Access denied: the key or token is not valid for this endpoint.',
		403: 'Forbidden.',
		404: 'Not found: check the endpoint and the API version.',
		429: 'Rate limit is exceeded.',
		502: 'Bad gateway.',
		503: 'The service is unavailable.',
		504: 'Gateway timeout.',
	};
	return `${known[status] ?? `The server answered ${status}.`} (The response had ${what}.)`;
}

/** `Retry-After` (delta-seconds or HTTP date), `retry-after-ms`, `x-ms-retry-after-ms`; undefined when absent or unusable. */
export function parseRetryAfter(headers: Readonly<Record<string, string | undefined>>, now = Date.now()): number | undefined {
	for (const name of ['retry-after-ms', 'x-ms-retry-after-ms']) {
		const v = headers[name];
		if (v !== undefined && /^\s*\d+(\.\d+)?\s*$/.test(v)) {
			return Math.round(Number(v));
		}
	}
	const value = headers['retry-after'];
	if (value === undefined) {
		return undefined;
	}
	if (/^\s*\d+(\.\d+)?\s*$/.test(value)) {
		return Math.round(Number(value) * 1000);
	}
	const date = Date.parse(value);
	if (Number.isNaN(date)) {
		return undefined;
	}
	return Math.max(0, date - now);
}

/** The 429 body's "Try again in 26 seconds." (sent by the real service without a `Retry-After` header). */
export function parseRetryHint(message: string): number | undefined {
	const m = /try again in (\d+(?:\.\d+)?)\s*(second|sec|s\b|millisecond|ms\b)/i.exec(message);
	if (!m) {
		return undefined;
	}
	const n = Number(m[1]);
	return Math.round(/^m/i.test(m[2]) ? n : n * 1000);
}

function asCode(v: unknown): string | undefined {
	if (typeof v === 'string' && v.length > 0) {
		return v;
	}
	if (typeof v === 'number' && Number.isFinite(v)) {
		return String(v);
	}
	return undefined;
}

function isRecord(v: unknown): v is Record<string, unknown> {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}
