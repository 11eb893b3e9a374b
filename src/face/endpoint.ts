/**
 * Endpoint URLs on the client side: normalising what is configured, and the checks that keep the key on
 * the resource's own origin (an `operation-Location` or a persisted poll URL pointing elsewhere).
 */
import { FaceUsageError } from './errors';
import { cleanMessage } from './sanitize';

/** The longest endpoint accepted: 2,048 characters (a real one is under 100). */
export const MAX_ENDPOINT_LENGTH = 2048;

/** `s` without its trailing `/`s, in linear time (the regex `/\/+$/` is quadratic on `////…/x`). */
export function trimTrailingSlashes(s: string): string {
	let end = s.length;
	while (end > 0 && s.charCodeAt(end - 1) === 0x2f) {
		end--;
	}
	return s.slice(0, end);
}

/**
 * Strips trailing slashes and a pasted `/face/{version}`; refuses anything but an absolute http(s) URL,
 * and anything longer than MAX_ENDPOINT_LENGTH.
 */
export function normaliseEndpoint(endpoint: string): string {
	if (endpoint.length > MAX_ENDPOINT_LENGTH) {
		throw new FaceUsageError(
			`The endpoint is ${grouped(endpoint.length)} characters long; an endpoint URL has at most ${grouped(MAX_ENDPOINT_LENGTH)} (e.g. https://<resource>.cognitiveservices.azure.com).`,
		);
	}
	let url: URL;
	try {
		url = new URL(endpoint.trim());
	} catch {
		throw new FaceUsageError(`The endpoint '${endpoint}' is not a URL (expected https://<resource>.cognitiveservices.azure.com).`);
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') {
		throw new FaceUsageError(`The endpoint must start with https:// (got ${url.protocol}).`);
	}
	return trimTrailingSlashes(`${url.origin}${url.pathname}`).replace(/\/face(\/v[^/]*)?$/i, '');
}

/** 40017 → '40,017' (without Intl: its first use loads locale data). */
function grouped(n: number): string {
	const digits = String(n);
	let out = '';
	for (let i = 0; i < digits.length; i++) {
		out += (i > 0 && (digits.length - i) % 3 === 0 ? ',' : '') + digits[i];
	}
	return out;
}

/** Why an `operation-Location` value cannot be polled, or undefined when it can. */
export function locationProblem(header: string, baseUrl: string, endpoint: string, what = 'the training'): string | undefined {
	const shown = `'${cleanMessage(header).slice(0, 200)}'`;
	let url: URL;
	try {
		url = new URL(header, `${baseUrl}/`);
	} catch {
		return `The service accepted ${what}, but its operation-Location ${shown} is not a URL`;
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') {
		return `The service accepted ${what}, but its operation-Location ${shown} is not an http(s) URL`;
	}
	if (url.origin !== new URL(endpoint).origin) {
		return `The service accepted ${what}, but its operation-Location points at ${url.origin}, not this resource's endpoint (the key is never sent there)`;
	}
	return undefined;
}

/** Poll URLs come from a response header (or persisted state): never send the key to another origin. */
export function sameOriginUrl(pollUrl: string, baseUrl: string, endpoint: string): URL {
	let url: URL;
	try {
		url = new URL(pollUrl, `${baseUrl}/`);
	} catch {
		throw new FaceUsageError(`'${pollUrl}' is not a URL.`);
	}
	if (url.origin !== new URL(endpoint).origin) {
		throw new FaceUsageError(`Refusing to poll ${url.origin}: it is not this resource's endpoint (${new URL(endpoint).origin}), and the request would carry its key.`);
	}
	return url;
}
