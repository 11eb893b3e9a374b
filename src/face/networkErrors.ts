/**
 * Maps what Node and undici throw when no HTTP answer arrives to a `FaceNetworkError` with a reason and a
 * hint a person can act on.
 */
import { FaceNetworkError, type NetworkErrorReason } from './errors';

export interface NetworkContext {
	/** Target URL (origin shown in messages; never a query with secrets: we put none there). */
	readonly url: URL;
	/** The proxy the request went through, if any (credentials stripped before display). */
	readonly proxy?: string;
	readonly request?: string;
	readonly clientRequestId?: string;
}

const TLS_CODES = new Set([
	'CERT_HAS_EXPIRED',
	'CERT_NOT_YET_VALID',
	'DEPTH_ZERO_SELF_SIGNED_CERT',
	'SELF_SIGNED_CERT_IN_CHAIN',
	'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
	'UNABLE_TO_GET_ISSUER_CERT',
	'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
	'ERR_TLS_CERT_ALTNAME_INVALID',
	'CERT_UNTRUSTED',
	'CERT_REVOKED',
	'EPROTO',
	'UND_ERR_PRX_TLS',
]);

/** Codes found on the error or its `cause` / `errors` chain, outermost first. */
function codesOf(e: unknown, depth = 0): { codes: string[]; messages: string[] } {
	const out = { codes: [] as string[], messages: [] as string[] };
	if (typeof e !== 'object' || e === null || depth > 4) {
		return out;
	}
	const err = e as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
	if (typeof err.code === 'string') {
		out.codes.push(err.code);
	}
	if (typeof err.message === 'string') {
		out.messages.push(err.message);
	}
	const nested = [err.cause, ...(Array.isArray(err.errors) ? err.errors : [])];
	for (const n of nested) {
		const sub = codesOf(n, depth + 1);
		out.codes.push(...sub.codes);
		out.messages.push(...sub.messages);
	}
	return out;
}

export function classifyNetworkError(e: unknown, ctx: NetworkContext): FaceNetworkError {
	const { codes, messages } = codesOf(e);
	const has = (...c: string[]) => codes.some((x) => c.includes(x));
	const text = messages.join(' | ');
	const host = ctx.url.host;
	const via = ctx.proxy ? ` through the proxy ${displayProxy(ctx.proxy)}` : '';
	const make = (reason: NetworkErrorReason, message: string, hint: string, mayHaveReachedServer: boolean) =>
		new FaceNetworkError({
			reason,
			message,
			hint,
			errno: codes[0],
			mayHaveReachedServer,
			request: ctx.request,
			clientRequestId: ctx.clientRequestId,
			cause: e,
		});

	const proxyStatus = /Proxy response \((\d+)\)/.exec(text);
	if (ctx.proxy && (proxyStatus || has('ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT') || /proxy/i.test(text))) {
		const what = proxyStatus
			? `the proxy answered ${proxyStatus[1]} to the tunnel request for ${host}`
			: `the proxy could not be reached (${codes[0] ?? 'connection failed'})`;
		return make(
			'proxy',
			`Could not connect to ${host}${via}: ${what}.`,
			proxyStatus?.[1] === '407'
				? 'The proxy asks for credentials: put them in the proxy URL (http://user:password@host:port).'
				: 'Check the azureFace.proxy setting (or, when it is empty, HTTPS_PROXY/HTTP_PROXY/NO_PROXY) and that the proxy is running.',
			false,
		);
	}
	if (has('ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL')) {
		return make(
			'dns',
			`Could not resolve the host name ${ctx.url.hostname}.`,
			'Check the endpoint URL (e.g. https://<resource>.cognitiveservices.azure.com) and your network or DNS.',
			false,
		);
	}
	if (has('ECONNREFUSED')) {
		return make(
			'refused',
			`The connection to ${host} was refused.`,
			'Nothing is listening there: check the endpoint URL and port (for the local emulator: is it running?).',
			false,
		);
	}
	if (has(...TLS_CODES) || codes.some((c) => c.startsWith('ERR_SSL_') || c.startsWith('ERR_TLS_')) || /certificate|SSL routines|TLS/i.test(text)) {
		return make(
			'tls',
			`The TLS connection to ${host} failed (${codes.find((c) => TLS_CODES.has(c) || /SSL|TLS|CERT/.test(c)) ?? 'certificate or handshake error'}).`,
			'If a corporate proxy or firewall re-signs TLS, add its root certificate with NODE_EXTRA_CA_CERTS, ' +
				'or turn off the azureFace.strictSSL setting at your own risk.',
			false,
		);
	}
	if (has('UND_ERR_CONNECT_TIMEOUT')) {
		return make('timeout', `Connecting to ${host} timed out.`, 'Check the endpoint, your network, and whether a proxy is required.', false);
	}
	if (has('UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT', 'FACE_TIMEOUT')) {
		return make('timeout', `${host} did not answer in time.`, 'The service or the network is slow; try again later.', true);
	}
	if (has('ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'ECONNABORTED', 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH') || /other side closed|socket hang up/i.test(text)) {
		return make('reset', `The connection to ${host} was closed before an answer arrived.`, 'A network fault or a proxy dropped the connection; try again.', true);
	}
	if (has('UND_ERR_ABORTED', 'UND_ERR_DESTROYED', 'UND_ERR_CLOSED')) {
		return make('aborted', `The request to ${host} was aborted by the HTTP layer.`, 'Try again; if it persists, reload the window.', true);
	}
	return make('other', `The request to ${host} failed${codes[0] ? ` (${codes[0]})` : ''}.`, 'Check the endpoint and your network.', true);
}

/** A proxy URL without credentials. */
export function displayProxy(proxy: string): string {
	try {
		const u = new URL(proxy);
		return `${u.protocol}//${u.host}`;
	} catch {
		return '(invalid proxy URL)';
	}
}
