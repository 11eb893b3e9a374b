/**
 * What a server sends ends up in errors and log lines: blank out secrets and bound it before it does.
 *
 * - Secrets: the auth header values (and a bearer's bare token) are replaced by `***` in the raw body,
 *   in every response header value, and again in the fields parsed out of a JSON body (JSON can spell
 *   the key with `\uXXXX` escapes, which only parsing turns back into the key).
 * - Codes (`error.code`, `x-ms-error-code`): at most 64 characters of `[A-Za-z0-9_.-]`.
 * - Request ids (`apim-request-id`): at most 64 characters of `[A-Za-z0-9_.:-]`.
 * - Messages: control, line-separator and bidi-override characters become spaces; at most 1,000
 *   characters (then `…`).
 */

export const MAX_CODE_LENGTH = 64;
export const MAX_REQUEST_ID_LENGTH = 64;
export const MAX_MESSAGE_LENGTH = 1000;

/** The values of auth headers (and a bearer's bare token), long enough to be worth blanking. */
export function secretsOf(headers: Readonly<Record<string, string>>): string[] {
	const out: string[] = [];
	for (const v of Object.values(headers)) {
		out.push(v);
		const m = /^Bearer\s+(.+)$/i.exec(v);
		if (m) {
			out.push(m[1]);
		}
	}
	return out.filter((s) => s.length >= 8);
}

export function redact(text: string, secrets: readonly string[]): string {
	let out = text;
	for (const s of secrets) {
		out = out.split(s).join('***');
	}
	return out;
}

/** Every header value with the secrets blanked out. */
export function redactHeaders(headers: Readonly<Record<string, string>>, secrets: readonly string[]): Record<string, string> {
	if (secrets.length === 0) {
		return { ...headers };
	}
	const out: Record<string, string> = {};
	for (const [k, v] of Object.entries(headers)) {
		out[k] = redact(v, secrets);
	}
	return out;
}

/** A Face error code fit for an error and a log line, or undefined when nothing usable is left. */
export function cleanCode(code: string | undefined): string | undefined {
	const c = code?.replace(/[^A-Za-z0-9_.-]/g, '').slice(0, MAX_CODE_LENGTH);
	return c ? c : undefined;
}

/** A request id fit for an error and a log line, or undefined when nothing usable is left. */
export function cleanRequestId(id: string | undefined): string | undefined {
	const c = id?.replace(/[^A-Za-z0-9_.:-]/g, '').slice(0, MAX_REQUEST_ID_LENGTH);
	return c ? c : undefined;
}

// C0/C1 controls, DEL, line/paragraph separators, bidi embeddings/overrides/isolates.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** A message on one line, without control characters, at most MAX_MESSAGE_LENGTH characters. */
export function cleanMessage(message: string): string {
	// Cut first (bounded work on a 5 MB message), then clean, then cut again to the exact length.
	const rough = message.length > MAX_MESSAGE_LENGTH * 2 ? message.slice(0, MAX_MESSAGE_LENGTH * 2) : message;
	const s = rough.replace(UNPRINTABLE, ' ').replace(/ {2,}/g, ' ').trim();
	return s.length > MAX_MESSAGE_LENGTH || rough.length < message.length ? `${s.slice(0, MAX_MESSAGE_LENGTH)}…` : s;
}
