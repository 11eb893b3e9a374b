/**
 * Endpoint URLs: parsing, normalising, and the one security rule: `https:`, or plain `http:` only to a
 * loopback host (the emulator). Pure functions, no VS Code.
 */
import { MAX_ENDPOINT_LENGTH } from '../face/endpoint';
import { EndpointError } from './errors';

export interface ParsedEndpoint {
	/** Normalised endpoint: origin plus any path prefix, no trailing slash, no `/face/…` suffix. */
	readonly endpoint: string;
	/** `https://host[:port]`: what the API key is bound to. */
	readonly origin: string;
	readonly host: string;
}

/** 127.0.0.0/8, `localhost`, `[::1]`. */
export function isLoopbackHost(hostname: string): boolean {
	const host = hostname.toLowerCase();
	if (host === 'localhost' || host === '[::1]' || host === '::1') {
		return true;
	}
	const m = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
	return m !== null && m.slice(1).every((o) => Number(o) <= 255);
}

/** Whether a stored endpoint is on this machine (the emulator): no portal link, another icon. */
export function isLoopbackEndpoint(endpoint: string): boolean {
	try {
		return isLoopbackHost(new URL(endpoint).hostname);
	} catch {
		return false;
	}
}

/** Parses and normalises what a person typed; throws `EndpointError` with a message fit to show. */
export function parseEndpoint(input: string): ParsedEndpoint {
	const text = input.trim();
	if (text.length === 0) {
		throw new EndpointError('Enter the endpoint URL of the Face resource.');
	}
	if (text.length > MAX_ENDPOINT_LENGTH) {
		throw new EndpointError(`This URL has ${text.length} characters; an endpoint has at most ${MAX_ENDPOINT_LENGTH}, e.g. https://NAME.cognitiveservices.azure.com`);
	}
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		throw new EndpointError('Enter a full URL, e.g. https://NAME.cognitiveservices.azure.com');
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') {
		throw new EndpointError(`Use an https:// URL (not ${url.protocol}//).`);
	}
	if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
		throw new EndpointError('Plain http:// is only allowed for a local endpoint (localhost, 127.x.x.x, [::1]); use https://.');
	}
	if (url.username || url.password) {
		throw new EndpointError('Remove the user name and password from the URL; the key is asked for separately.');
	}
	if (url.search || url.hash) {
		throw new EndpointError('Remove the query (?…) and fragment (#…) from the endpoint URL.');
	}
	// Accept a pasted `…/face/v1.2/` (or `…/face`) and keep only what precedes it.
	let end = url.pathname.length; // trailing '/'s, in linear time (the regex /\/+$/ is quadratic)
	while (end > 0 && url.pathname.charCodeAt(end - 1) === 0x2f) {
		end--;
	}
	const path = url.pathname.slice(0, end).replace(/\/face(\/v[^/]*)?$/i, '');
	return { endpoint: `${url.origin}${path}`, origin: url.origin, host: url.host };
}

/** For `validateInput`: a message, or undefined when the value is acceptable. */
export function endpointProblem(input: string): string | undefined {
	try {
		parseEndpoint(input);
		return undefined;
	} catch (e) {
		return EndpointError.is(e) ? e.message : String(e);
	}
}

export function originOf(endpoint: string): string {
	return new URL(endpoint).origin;
}

/** A display name from the host: `myface` for `myface.cognitiveservices.azure.com`, else the host. */
export function defaultLabel(endpoint: string): string {
	const url = new URL(endpoint);
	const m = /^([^.]+)\.(cognitiveservices\.azure\.(com|us|cn)|api\.cognitive\.microsoft\.com)$/i.exec(url.hostname);
	return m ? m[1] : url.host;
}
