/**
 * Errors become text here, and only here: `errorMessage` for the log (the thrown message as it is),
 * `describeError` for people (the service's message with its status and code, a network error with its
 * hint). Neither ever contains a key, a token or a body: the typed errors of src/face carry none.
 * No `vscode` import: the operations' follower uses it in plain Node (the unit tests).
 */
import { FaceApiError, FaceNetworkError } from '../face/errors';

/** The message of anything thrown: an `Error`'s message, else its string form. */
export function errorMessage(e: unknown): string {
	return e instanceof Error ? e.message : String(e);
}

/** What a person reads about a failure; `answered` words a Face error that came without a message (localised by the caller). */
export function describeError(e: unknown, answered: (status: number) => string = (s) => `The service answered ${s}.`): string {
	if (FaceApiError.is(e)) {
		const code = e.code && e.code !== String(e.status) ? ` ${e.code}` : '';
		return `${e.message.trim() || answered(e.status)} (${e.status}${code})`;
	}
	if (FaceNetworkError.is(e)) {
		return e.hint ? `${e.message} ${e.hint}` : e.message;
	}
	return e instanceof Error ? e.message || e.name : String(e);
}
