/**
 * The undici transport: one keep-alive dispatcher per (origin, proxy, TLS mode), an explicit proxy or the
 * environment's, strict TLS switchable, a per-request timeout combined with the caller's `AbortSignal`.
 * One call = one HTTP exchange; retries and the rate budget live above (pipeline.ts).
 */
import { Agent, ProxyAgent, request, type Dispatcher } from 'undici';
import { abortErrorFrom, linkWithTimeout } from './abort';
import { safeDelay } from './delay';
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
		const body = await res.body.text();
		return { status: res.statusCode, headers: flattenHeaders(res.headers), body };
	} catch (e) {
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
