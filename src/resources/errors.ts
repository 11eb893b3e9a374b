/**
 * Typed errors of the resource layer. Each has a brand (`name`) and a static `is()`, like the Face
 * client's errors, so presenters recognise them without `instanceof`. None carries a key or a token.
 */
import { isNamed } from '../face/errors';

export type CredentialsReason = 'noKey' | 'noSession';

/** The resource has no API key stored for its origin, or no Entra ID session (silently) available. */
export class CredentialsError extends Error {
	override readonly name = 'CredentialsError' as const;

	constructor(
		readonly reason: CredentialsReason,
		/** The resource concerned, when known: presenters offer *Set API Key* / *Sign In* for it. */
		readonly resourceId: string | undefined,
		message: string,
	) {
		super(message);
	}

	static is(e: unknown): e is CredentialsError {
		return isNamed(e, 'CredentialsError');
	}
}

/** The OS keyring (SecretStorage) failed. Nothing was written anywhere else. */
export class KeyringError extends Error {
	override readonly name = 'KeyringError' as const;

	constructor(message: string, cause?: unknown) {
		super(message, cause === undefined ? undefined : { cause });
	}

	static is(e: unknown): e is KeyringError {
		return isNamed(e, 'KeyringError');
	}
}

/** An endpoint URL the extension will not use (not a URL, plain http to a remote host, credentials in it, …). */
export class EndpointError extends Error {
	override readonly name = 'EndpointError' as const;

	static is(e: unknown): e is EndpointError {
		return isNamed(e, 'EndpointError');
	}
}

/** The one cheap call made to check a new endpoint failed; `message` says why in user terms. */
export class EndpointCheckError extends Error {
	override readonly name = 'EndpointCheckError' as const;

	constructor(
		message: string,
		/** HTTP status when the service answered, else undefined (network failure). */
		readonly status: number | undefined,
		/** True when the failure is about credentials (401/403), false for reachability and the URL itself. */
		readonly credentials: boolean,
		cause?: unknown,
	) {
		super(message, cause === undefined ? undefined : { cause });
	}

	static is(e: unknown): e is EndpointCheckError {
		return isNamed(e, 'EndpointCheckError');
	}
}

/** The resource id is not (or no longer) configured. */
export class UnknownResourceError extends Error {
	override readonly name = 'UnknownResourceError' as const;

	static is(e: unknown): e is UnknownResourceError {
		return isNamed(e, 'UnknownResourceError');
	}
}
