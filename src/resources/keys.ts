/**
 * API keys in SecretStorage, one per endpoint origin (`secretKeyFor`, src/state/keys.ts): a resource whose URL
 * moves to another host finds no key there, so an old key is never sent to a new host. A failing OS
 * keyring surfaces as `KeyringError`; there is no plaintext fallback.
 */
import type * as vscode from 'vscode';
import { KeyringError } from './errors';
import { secretKeyFor } from '../state/keys';
import { errorMessage } from '../shared/errors';

export class KeyStore {
	constructor(private readonly secrets: vscode.SecretStorage) {}

	async get(origin: string): Promise<string | undefined> {
		try {
			return await this.secrets.get(secretKeyFor(origin));
		} catch (e) {
			throw keyringError('read', e);
		}
	}

	async set(origin: string, key: string): Promise<void> {
		try {
			await this.secrets.store(secretKeyFor(origin), key);
		} catch (e) {
			throw keyringError('save', e);
		}
	}

	async delete(origin: string): Promise<void> {
		try {
			await this.secrets.delete(secretKeyFor(origin));
		} catch (e) {
			throw keyringError('delete', e);
		}
	}
}

function keyringError(verb: 'read' | 'save' | 'delete', cause: unknown): KeyringError {
	const why = errorMessage(cause);
	return new KeyringError(
		`Could not ${verb} the API key in the operating system's keyring (${why}). ` +
			'The key was not written anywhere else. On Linux, make sure a Secret Service (GNOME Keyring or KWallet) is running and unlocked.',
		cause,
	);
}
