/** Small helpers for `AbortSignal`s (Node 18 compatible: no `AbortSignal.any`). */
import { safeDelay } from './delay';
import { FaceAbortError } from './errors';

export function throwIfAborted(signal: AbortSignal | undefined): void {
	if (signal?.aborted) {
		throw abortErrorFrom(signal);
	}
}

/** The error every aborted call rejects with: `name === 'AbortError'`, the signal's reason as `cause`. */
export function abortErrorFrom(signal: AbortSignal | undefined): FaceAbortError {
	return new FaceAbortError('The operation was aborted.', signal?.reason);
}

/** Resolves after `ms`, or rejects with an AbortError as soon as `signal` fires. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
	return new Promise((resolve, reject) => {
		if (signal?.aborted) {
			reject(abortErrorFrom(signal));
			return;
		}
		const onAbort = () => {
			clearTimeout(timer);
			reject(abortErrorFrom(signal));
		};
		const timer = setTimeout(() => {
			signal?.removeEventListener('abort', onAbort);
			resolve();
		}, safeDelay(ms));
		signal?.addEventListener('abort', onAbort, { once: true });
	});
}

export interface LinkedSignal {
	readonly signal: AbortSignal;
	/** Which source fired first, if any. */
	firedBy(): 'caller' | 'timeout' | undefined;
	dispose(): void;
}

/** A signal that fires when the caller's signal fires or after `timeoutMs`, whichever comes first. */
export function linkWithTimeout(caller: AbortSignal | undefined, timeoutMs: number): LinkedSignal {
	const controller = new AbortController();
	let fired: 'caller' | 'timeout' | undefined;
	const onAbort = () => {
		fired ??= 'caller';
		controller.abort(caller?.reason);
	};
	const timer = setTimeout(() => {
		fired ??= 'timeout';
		controller.abort(Object.assign(new Error('Request timed out'), { code: 'FACE_TIMEOUT' }));
	}, safeDelay(timeoutMs));
	if (caller?.aborted) {
		onAbort();
	} else {
		caller?.addEventListener('abort', onAbort, { once: true });
	}
	return {
		signal: controller.signal,
		firedBy: () => fired,
		dispose: () => {
			clearTimeout(timer);
			caller?.removeEventListener('abort', onAbort);
		},
	};
}
