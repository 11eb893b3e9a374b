/**
 * The undici transport: one keep-alive dispatcher per (origin, proxy, TLS mode), an explicit proxy or the
 * environment's, strict TLS switchable, a per-request timeout combined with the caller's `AbortSignal`.
 * One call = one HTTP exchange; retries and the rate budget live above (pipeline.ts).
 */
import { Agent, ProxyAgent, request, type Dispatcher } from 'undici';
import { abortErrorFrom, linkWithTimeout } from './abort';
import { safeDelay } from './delay';
import { FaceNetworkError } from './errors';
import { classifyNetworkError } from './networkErrors';
import { proxyForUrl } from './proxy';

export interface TransportOptions {
	/** Explicit proxy URL; else the environment's (HTTPS_PROXY, HTTP_PROXY, NO_PROXY). */
	readonly proxyUrl?: string;
	/** Verify TLS certificates (default true). */
	readonly strictSSL?: boolean;
	/** Whole-exchange timeout in ms (connect + headers + body). */
	readonly timeoutMs: number;
}

export interface HttpRequest {
	readonly method: string;
	readonly url: URL;
	readonly headers: Readonly<Record<string, string>>;
	readonly body?: string | Uint8Array;
	readonly signal?: AbortSignal;
	/** For error messages: `GET /face/v1.2/…`. */
	readonly label?: string;
	readonly clientRequestId?: string;
}

export interface HttpResponse {
	readonly status: number;
	/** Lower-case names; repeated headers joined with ", ". */
	readonly headers: Readonly<Record<string, string>>;
	readonly body: string;
}

const KEEP_ALIVE_MS = 10_000;

/**
 * The largest response body the client reads: 32 MB. The largest legitimate Face answer is a page of
 * 1,000 persons, each with a 128-character name, a 16 KB `userData` and 248 face ids: about 26 MB of
 * JSON with ASCII user data (a 1,000-entry container page with 16 KB `userData` each: about 16 MB).
 * Anything above that is not a Face response; reading stops at the cap and the connection is dropped,
 * so a server sending hundreds of megabytes costs tens of MB of memory, not gigabytes.
 */
export const MAX_RESPONSE_BYTES = 32 * 1024 * 1024;
const dispatchers = new Map<string, Dispatcher>();

/** The cached dispatcher for an origin (and proxy, and TLS mode). */
export function dispatcherFor(origin: string, proxy: string | undefined, strictSSL: boolean): Dispatcher {
	const key = `${origin}|${proxy ?? ''}|${strictSSL ? 'strict' : 'lax'}`;
	let d = dispatchers.get(key);
	if (!d) {
		const tls = { rejectUnauthorized: strictSSL };
		d = proxy
			? new ProxyAgent({ uri: proxy, requestTls: tls, proxyTls: tls, keepAliveTimeout: KEEP_ALIVE_MS })
			: new Agent({ connect: tls, keepAliveTimeout: KEEP_ALIVE_MS });
		dispatchers.set(key, d);
	}
	return d;
}

/** Closes every cached dispatcher (tests, extension deactivation). */
export async function closeDispatchers(): Promise<void> {
	const all = [...dispatchers.values()];
	dispatchers.clear();
	await Promise.allSettled(all.map((d) => d.close()));
}

/**
 * Sends one request and reads the whole body. Rejects with `FaceNetworkError` when no complete answer
 * arrives, or with an AbortError (`name === 'AbortError'`) when the caller's signal fires.
 */
export async function send(req: HttpRequest, transport: TransportOptions): Promise<HttpResponse> {
	const proxy = proxyForUrl(req.url, transport.proxyUrl);
	const dispatcher = dispatcherFor(req.url.origin, proxy, transport.strictSSL !== false);
	const linked = linkWithTimeout(req.signal, transport.timeoutMs);
	try {
		const res = await request(req.url, {
			method: req.method as Dispatcher.HttpMethod,
			headers: req.headers,
			body: req.body,
			signal: linked.signal,
			dispatcher,
			headersTimeout: safeDelay(transport.timeoutMs),
			bodyTimeout: safeDelay(transport.timeoutMs),
		});
		const headers = flattenHeaders(res.headers);
		const body = await readCapped(res.body, headers['content-length'], req, MAX_RESPONSE_BYTES);
		return { status: res.statusCode, headers, body };
	} catch (e) {
		if (FaceNetworkError.is(e)) {
			throw e; // ours: a body over the cap
		}
		if (linked.firedBy() === 'caller') {
			throw abortErrorFrom(req.signal);
		}
		const cause = linked.firedBy() === 'timeout' ? Object.assign(new Error('Request timed out'), { code: 'FACE_TIMEOUT', cause: e }) : e;
		throw classifyNetworkError(cause, { url: req.url, proxy, request: req.label, clientRequestId: req.clientRequestId });
	} finally {
		linked.dispose();
	}
}

function flattenHeaders(h: Record<string, string | string[] | undefined>): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [k, v] of Object.entries(h)) {
		if (v !== undefined) {
			out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
		}
	}
	return out;
}

/**
 * Reads the body as UTF-8 up to `cap` bytes: refuses at once when Content-Length says more, else counts
 * while streaming and destroys the body (dropping the connection) as soon as the count passes the cap.
 */
async function readCapped(body: Dispatcher.ResponseData['body'], contentLength: string | undefined, req: HttpRequest, cap: number): Promise<string> {
	const declared = contentLength !== undefined && /^\s*\d+\s*$/.test(contentLength) ? Number(contentLength) : undefined;
	if (declared !== undefined && declared > cap) {
		discard(body);
		throw tooLarge(req, declared, cap, true);
	}
	const chunks: Buffer[] = [];
	let total = 0;
	for await (const chunk of body as AsyncIterable<Buffer>) {
		total += chunk.length;
		if (total > cap) {
			discard(body);
			throw tooLarge(req, total, cap, false);
		}
		chunks.push(chunk);
	}
	return Buffer.concat(chunks, total).toString('utf8');
}

/** Stops reading and drops the connection; the body's own "aborted" error is expected and ignored. */
function discard(body: Dispatcher.ResponseData['body']): void {
	body.on('error', () => undefined);
	body.destroy();
}

function tooLarge(req: HttpRequest, bytes: number, cap: number, declared: boolean): FaceNetworkError {
	const mb = (n: number) => `${Math.round((n / (1024 * 1024)) * 10) / 10} MB`;
	const sent = declared ? `the server sent ${mb(bytes)}` : `the server sent more than ${mb(cap)}`;
	return new FaceNetworkError({
		reason: 'malformed',
		message: `The answer to ${req.label ?? `${req.method} ${req.url.pathname}`} was refused: ${sent}, more than a Face response can be (at most ${mb(cap)}).`,
		hint: `Check that ${req.url.origin} is a Face endpoint and that no proxy or gateway in between rewrites its answers.`,
		errno: 'FACE_RESPONSE_TOO_LARGE',
		mayHaveReachedServer: true,
		request: req.label,
		clientRequestId: req.clientRequestId,
	});
}
