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

	/**
	 * The names of every secret this extension stored, or undefined where VS Code cannot list them
	 * (`SecretStorage.keys()` arrived in VS Code 1.105; the engine allows 1.90).
	 */
	async names(): Promise<string[] | undefined> {
		const list = (this.secrets as Partial<{ keys(): Thenable<string[]> }>).keys;
		if (typeof list !== 'function') {
			return undefined;
		}
		try {
			return [...(await list.call(this.secrets))];
		} catch (e) {
			throw keyringError('list', e);
		}
	}
}

function keyringError(verb: 'read' | 'save' | 'delete' | 'list', cause: unknown): KeyringError {
	const why = errorMessage(cause);
	const what =
		verb === 'delete'
			? `Could not delete the API key from the operating system's keyring (${why}).`
			: verb === 'list'
				? `Could not list the API keys in the operating system's keyring (${why}).`
				: `Could not ${verb} the API key in the operating system's keyring (${why}). The key was not written anywhere else.`;
	return new KeyringError(`${what} On Linux, make sure a Secret Service (GNOME Keyring or KWallet) is running and unlocked.`, cause);
}
