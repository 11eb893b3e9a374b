/**
 * The typed errors of the Face client. Each carries a brand (`name`) and a static `is()` so that code in
 * the other bundle (`dist/extension.js` vs `dist/face.js`) can recognise it without `instanceof`.
 * No error ever carries a key, a token or a request body.
 */

export interface FaceApiErrorInit {
	readonly status: number;
	readonly code: string;
	readonly message: string;
	readonly apimRequestId?: string;
	readonly clientRequestId?: string;
	readonly retryAfterMs?: number;
	/** What the server asked for when it was more than the client honours (`retryAfterMs` is then the cap). */
	readonly retryAfterRequestedMs?: number;
	/** `GET /face/v1.2/persongroups/x`: what was asked (path only, never a header or a body). */
	readonly request?: string;
	/** True when the body was a Face error body (`{"error":{…}}`), false for proxies' pages and other bodies. */
	readonly fromService?: boolean;
}

/** The service (or something in its place) answered with a non-2xx status. */
export class FaceApiError extends Error {
	override readonly name = 'FaceApiError' as const;
	readonly status: number;
	/** Face error code, e.g. `PersonGroupNotFound`, `"401"`, `"429"`; the status as a string when the body had none. */
	readonly code: string;
	readonly apimRequestId?: string;
	readonly clientRequestId?: string;
	/**
	 * From `Retry-After` (seconds or HTTP date), `retry-after-ms`, or the message's "Try again in N seconds";
	 * at most MAX_RETRY_AFTER_MS (60 s, delay.ts).
	 */
	readonly retryAfterMs?: number;
	/** Set when the server asked for a longer wait than the client honours: what it asked for, in ms. */
	readonly retryAfterRequestedMs?: number;
	readonly request?: string;
	readonly fromService: boolean;

	constructor(init: FaceApiErrorInit) {
		super(init.message);
		this.status = init.status;
		this.code = init.code;
		this.apimRequestId = init.apimRequestId;
		this.clientRequestId = init.clientRequestId;
		this.retryAfterMs = init.retryAfterMs;
		this.retryAfterRequestedMs = init.retryAfterRequestedMs;
		this.request = init.request;
		this.fromService = init.fromService ?? true;
	}

	static is(e: unknown): e is FaceApiError {
		return isNamed(e, 'FaceApiError') && typeof (e as { status?: unknown }).status === 'number';
	}

	/** 404 whose code ends in `NotFound` (the container, person or face is gone). */
	static isNotFound(e: unknown): boolean {
		return FaceApiError.is(e) && e.status === 404 && e.code.endsWith('NotFound');
	}

	/** 404/400 whose code ends in `NotTrained`. */
	static isNotTrained(e: unknown): boolean {
		return FaceApiError.is(e) && e.code.endsWith('NotTrained');
	}
}

export type NetworkErrorReason = 'dns' | 'refused' | 'reset' | 'timeout' | 'tls' | 'proxy' | 'aborted' | 'malformed' | 'other';

export interface FaceNetworkErrorInit {
	readonly reason: NetworkErrorReason;
	readonly message: string;
	readonly hint: string;
	/** The low-level code (`ECONNREFUSED`, `UND_ERR_HEADERS_TIMEOUT`, `CERT_HAS_EXPIRED`, …). */
	readonly errno?: string;
	/**
	 * False when the request certainly never reached the server (DNS, refused, proxy CONNECT refused, TLS
	 * handshake): retrying is then safe even for a non-idempotent call.
	 */
	readonly mayHaveReachedServer: boolean;
	readonly request?: string;
	readonly clientRequestId?: string;
	readonly cause?: unknown;
}

/** No usable HTTP answer: DNS, refused, reset, timeout, TLS, proxy, or a 2xx whose body is not what the API sends. */
export class FaceNetworkError extends Error {
	override readonly name = 'FaceNetworkError' as const;
	readonly reason: NetworkErrorReason;
	/** What the user can do about it. */
	readonly hint: string;
	readonly errno?: string;
	readonly mayHaveReachedServer: boolean;
	readonly request?: string;
	readonly clientRequestId?: string;

	constructor(init: FaceNetworkErrorInit) {
		super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
		this.reason = init.reason;
		this.hint = init.hint;
		this.errno = init.errno;
		this.mayHaveReachedServer = init.mayHaveReachedServer;
		this.request = init.request;
		this.clientRequestId = init.clientRequestId;
	}

	static is(e: unknown): e is FaceNetworkError {
		return isNamed(e, 'FaceNetworkError') && typeof (e as { reason?: unknown }).reason === 'string';
	}
}

/** A call the client refuses to make (wrong kind for the operation, a poll URL on another host, …). */
export class FaceUsageError extends Error {
	override readonly name = 'FaceUsageError' as const;

	static is(e: unknown): e is FaceUsageError {
		return isNamed(e, 'FaceUsageError');
	}
}

/**
 * The resource's API version has no such operation (the Person Directory and Dynamic Person Groups exist
 * only in preview versions): refused before any request, saying which versions have it.
 */
export class FaceUnsupportedVersionError extends Error {
	override readonly name = 'FaceUnsupportedVersionError' as const;
	readonly apiVersion: string;
	readonly feature: string;
	readonly supportedVersions: readonly string[];

	constructor(feature: string, apiVersion: string, supportedVersions: readonly string[]) {
		super(
			`${feature} is not available in Face API version ${apiVersion}: only ${supportedVersions.join(', ')} have it. Change the resource's API version to one of them. No request was sent.`,
		);
		this.feature = feature;
		this.apiVersion = apiVersion;
		this.supportedVersions = supportedVersions;
	}

	static is(e: unknown): e is FaceUnsupportedVersionError {
		return isNamed(e, 'FaceUnsupportedVersionError');
	}
}

/** The caller's `AbortSignal` fired. `name === 'AbortError'`, like DOM aborts. */
export class FaceAbortError extends Error {
	override readonly name = 'AbortError' as const;

	constructor(message = 'The operation was aborted.', cause?: unknown) {
		super(message, cause === undefined ? undefined : { cause });
	}
}

/** True for any abort (ours, DOM's `AbortError`, undici's). */
export function isAbortError(e: unknown): boolean {
	return isNamed(e, 'AbortError');
}

/** True when `e` is an error-like object branded `name` (errors cross bundles, so no `instanceof`). */
export function isNamed(e: unknown, name: string): boolean {
	return typeof e === 'object' && e !== null && (e as { name?: unknown }).name === name;
}
