/** What a Face route handler gets and returns. */
import type { EmulatorConfig } from './config';
import { FaceError, badArgument } from './errors';
import type { Store } from './store';

export interface Ctx {
	/** `v1.0`, `v1.0-preview`, `v1.1-preview.1`, … */
	readonly version: string;
	/** v1.0 and v1.0-preview: hand-written specs (lower-case statuses, no Operation-Location, no x-ms-error-code). */
	readonly legacy: boolean;
	readonly method: string;
	readonly params: Readonly<Record<string, string>>;
	readonly query: URLSearchParams;
	readonly body: Buffer;
	/** Lower-cased media type without parameters, '' when absent. */
	readonly contentType: string;
	readonly store: Store;
	readonly config: EmulatorConfig;
	/** `http://127.0.0.1:PORT` */
	readonly origin: string;
}

export interface Reply {
	status: number;
	body?: unknown;
	headers?: Record<string, string>;
}

export function ok(body?: unknown, status = 200): Reply {
	return body === undefined ? { status } : { status, body };
}

/** Parses a JSON request body; an empty or broken body is a 400 BadArgument. */
export function jsonBody(ctx: Ctx): Record<string, unknown> {
	if (ctx.body.length === 0) {
		throw badArgument('Request body is invalid.');
	}
	let value: unknown;
	try {
		value = JSON.parse(ctx.body.toString('utf8'));
	} catch {
		throw badArgument('JSON parsing error.');
	}
	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		throw badArgument('Request body is invalid.');
	}
	return value as Record<string, unknown>;
}

/** Like `jsonBody` but an empty body is `{}` (PATCH bodies are partial). */
export function optionalJsonBody(ctx: Ctx): Record<string, unknown> {
	return ctx.body.length === 0 ? {} : jsonBody(ctx);
}

export function unsupportedMediaType(): FaceError {
	return new FaceError(415, 'BadArgument', 'Invalid Media Type.');
}
