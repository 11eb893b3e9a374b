/**
 * Face clients for configured resources: one cached client per resource, built with its auth (the API key
 * stored for its origin, or the Entra ID session read silently) and the network settings, and dropped when
 * any of those changes. Building a client loads the Face bundle (faceLoader.ts); nothing here makes a
 * request by itself.
 */
import * as vscode from 'vscode';
import { apiKeyAuth, bearerAuth, type AuthProvider, type FaceApi } from '../face/types';
import { errorMessage } from '../shared/errors';
import { authProviderId, silentSession } from './auth';
import { originOf } from './endpoint';
import { CredentialsError } from './errors';
import { loadFace } from './faceLoader';
import type { KeyStore } from './keys';
import type { RequestSink } from './requestSink';
import { readClientSettings } from './settings';
import type { SpendMemory } from './spendMemory';
import type { FaceResource } from './types';

export class ClientFactory {
	private readonly clients = new Map<string, Promise<FaceApi>>();

	constructor(
		private readonly extensionVersion: string,
		private readonly log: vscode.LogOutputChannel,
		private readonly keys: KeyStore,
		private readonly sink: RequestSink,
		/** The resource as configured now (its label for the log), or undefined once removed. */
		private readonly current: (resourceId: string) => FaceResource | undefined,
		/** Where each origin's budget finds what it spent before a reload, and keeps what it spends. */
		private readonly spend?: SpendMemory,
	) {}

	/** The cached client of the resource; a failure (no key, no session) is not cached: the next call looks again. */
	get(resource: FaceResource): Promise<FaceApi> {
		let client = this.clients.get(resource.id);
		if (!client) {
			client = this.build(resource);
			this.clients.set(resource.id, client);
			client.catch(() => {
				if (this.clients.get(resource.id) === client) {
					this.clients.delete(resource.id);
				}
			});
		}
		return client;
	}

	/** An uncached client for a resource that may not be saved yet: with `key`, else the key stored for its origin, or the session. */
	async unsaved(resource: FaceResource, key: string | undefined): Promise<FaceApi> {
		const auth = resource.auth === 'key' ? this.keyAuth(resource, key ?? (await this.keys.get(originOf(resource.endpoint)))) : this.entraAuth(resource);
		return this.create(resource, auth);
	}

	/** An uncached client that sends no credentials (`probeEndpoint`: is the Face API there at all?). */
	anonymous(resource: FaceResource): FaceApi {
		return this.create(resource, async () => ({}));
	}

	/** Drops the cached clients of the resources `which` selects (and of resources no longer configured). */
	invalidate(which: (r: FaceResource) => boolean): void {
		for (const id of [...this.clients.keys()]) {
			const r = this.current(id);
			if (!r || which(r)) {
				this.clients.delete(id);
			}
		}
	}

	clear(): void {
		this.clients.clear();
	}

	private async build(resource: FaceResource): Promise<FaceApi> {
		if (resource.auth === 'key') {
			return this.create(resource, this.keyAuth(resource, await this.keys.get(originOf(resource.endpoint))));
		}
		await this.requireSession(resource);
		return this.create(resource, this.entraAuth(resource));
	}

	private create(resource: FaceResource, auth: AuthProvider): FaceApi {
		const settings = readClientSettings(this.extensionVersion);
		const face = loadFace();
		const tier = resource.tier ?? 'S0';
		// The origin's budget, shared by every client of it, knows what this origin spent before a reload.
		const budget = face.getRateBudget(resource.endpoint, tier);
		this.spend?.attach(originOf(resource.endpoint), budget);
		return face.createFaceClient({
			endpoint: resource.endpoint,
			apiVersion: resource.apiVersion,
			auth,
			tier,
			rateBudget: budget,
			userAgent: settings.userAgent,
			timeoutMs: settings.timeoutMs,
			proxy: settings.proxy,
			onRequest: this.sink.forResource(resource.id, () => this.current(resource.id)?.label ?? resource.label),
		});
	}

	private keyAuth(resource: FaceResource, key: string | undefined): AuthProvider {
		if (key === undefined) {
			throw new CredentialsError('noKey', resource.id, vscode.l10n.t("No API key is stored for '{0}'. Set the API key.", resource.label));
		}
		return apiKeyAuth(key);
	}

	private entraAuth(resource: FaceResource): AuthProvider {
		return bearerAuth(async () => (await this.requireSession(resource)).accessToken);
	}

	private async requireSession(resource: FaceResource): Promise<vscode.AuthenticationSession> {
		let session: vscode.AuthenticationSession | undefined;
		try {
			session = await silentSession(resource);
		} catch (e) {
			this.log.warn(`Could not get a session from '${authProviderId()}': ${errorMessage(e)}`);
		}
		if (!session) {
			throw new CredentialsError('noSession', resource.id, vscode.l10n.t("Sign in with Entra ID to use '{0}'.", resource.label));
		}
		return session;
	}
}
