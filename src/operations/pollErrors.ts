/**
 * What a failed poll means for the follow (follower.ts): keep going (a fault, a run not visible yet), wait
 * for credentials, or end (the container is gone, an error that will not go away).
 */
import { FaceApiError, FaceNetworkError, isAbortError } from '../face/errors';
import { CredentialsError, KeyringError } from '../resources/errors';
import { errorMessage } from '../shared/errors';

/** How a failed poll affects the follow. */
export type PollErrorClass =
	| { readonly kind: 'fault'; readonly retryAfterMs?: number }
	| { readonly kind: 'running' }
	/** No key, a keyring that failed, no Entra session, a key the service refused: wait for credentials. */
	| { readonly kind: 'credentials'; readonly message: string }
	| { readonly kind: 'failed'; readonly message: string }
	| { readonly kind: 'stopped'; readonly message: string }
	| { readonly kind: 'aborted' };

export function classifyPollError(e: unknown): PollErrorClass {
	if (isAbortError(e)) {
		return { kind: 'aborted' };
	}
	if (FaceNetworkError.is(e)) {
		return { kind: 'fault' };
	}
	if (CredentialsError.is(e) || KeyringError.is(e)) {
		return { kind: 'credentials', message: e.message };
	}
	if (FaceApiError.is(e)) {
		if (e.status === 401) {
			// The key was rotated or the token expired while the training runs: it goes on in the service.
			return { kind: 'credentials', message: e.message };
		}
		if (e.status === 429 || e.status === 408 || e.status >= 500) {
			return { kind: 'fault', retryAfterMs: e.retryAfterMs };
		}
		if (FaceApiError.isNotTrained(e)) {
			// The run is not visible yet: the service has not started it. Keep watching.
			return { kind: 'running' };
		}
		if (FaceApiError.isNotFound(e)) {
			// The container was deleted: this training will never report an end.
			return { kind: 'failed', message: e.message };
		}
		return { kind: 'stopped', message: e.message };
	}
	return { kind: 'stopped', message: errorMessage(e) };
}
