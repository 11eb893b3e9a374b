/**
 * The configured Face resources: metadata in `globalState` (`azureFace.resources`, never a key), API
 * keys in SecretStorage bound to the endpoint's origin (keys.ts), Entra ID sessions read silently
 * (auth.ts). Hands out the Face clients (clientFactory.ts), invalidated when the resource, its key, the
 * session or a network setting changes. Nothing here makes a request by itself except `check()`.
 */
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { DEFAULT_API_VERSION, type ApiVersion, type PricingTier } from '../face/kinds';
import type { FaceApi } from '../face/types';
import { authProviderId, promptSession } from './auth';
import { checkEndpoint, probeEndpoint } from './check';
import { ClientFactory } from './clientFactory';
import { defaultLabel, originOf, parseEndpoint } from './endpoint';
import { EndpointError, KeyringError, UnknownResourceError } from './errors';
import { applyKeyPlan, orphanOrigins, planKeys, usesKeyAt, type KeyPlan } from './keyChanges';
import { KeyStore } from './keys';
import { RequestSink } from './requestSink';
import { affectsClients } from './settings';
import { errorMessage } from '../shared/errors';
import { SpendMemory } from './spendMemory';
import type { StateMemento } from '../state/consistentMemento';
import type { AuthMode, ClientProvider, FaceResource } from './types';
import { originOfSecretKey, StorageKey } from '../state/keys';


/** What a person enters to add a resource (the store normalises it). */
export interface ResourceInput {
	readonly endpoint: string;
	readonly label?: string;
	readonly apiVersion?: ApiVersion;
	readonly auth: AuthMode;
	readonly tenantId?: string;
	readonly tier?: PricingTier;
}

/** How long a key found orphaned at activation is left before it is deleted, should its resource's metadata be on its way from another window. */
const ORPHAN_SETTLE_MS = 10_000;

export type ResourceChanges = Partial<Omit<ResourceInput, 'endpoint'>> & { readonly endpoint?: string };

export class ResourceStore implements ClientProvider, vscode.Disposable {
	private readonly changed = new vscode.EventEmitter<void>();
	readonly onDidChangeResources = this.changed.event;
	private readonly keys: KeyStore;
	private readonly sink: RequestSink;
	/** Fires with the resource id whose billed-transaction count changed. */
	readonly onDidChangeBilledCount: vscode.Event<string>;
	private readonly clients: ClientFactory;
	private readonly disposables: vscode.Disposable[] = [];
	private disposed = false;

	/**
	 * `state` is where the metadata lives: `context.globalState` unless given (the extension passes its
	 * ConsistentMemento over it, see src/state/consistentMemento.ts).
	 */
	constructor(
		context: vscode.ExtensionContext,
		private readonly log: vscode.LogOutputChannel,
		private readonly state: StateMemento = context.globalState,
	) {
		this.keys = new KeyStore(context.secrets);
		this.sink = new RequestSink(log);
		const spend = new SpendMemory(this.state);
		this.clients = new ClientFactory(context.extension.packageJSON.version ?? '0.0.0', log, this.keys, this.sink, (id) => this.getResource(id), spend);
		this.onDidChangeBilledCount = this.sink.onDidChangeBilledCount;
		this.disposables.push(
			this.changed,
			this.sink,
			spend,
			context.secrets.onDidChange((e) => {
				const origin = originOfSecretKey(e.key);
				if (origin !== undefined) {
					this.log.debug(`API key changed for ${origin}`);
					this.invalidate((r) => r.auth === 'key' && originOf(r.endpoint) === origin);
				}
			}),
			vscode.authentication.onDidChangeSessions((e) => {
				if (e.provider.id === authProviderId()) {
					this.log.debug(`Sessions changed for authentication provider '${e.provider.id}'`);
					this.invalidate((r) => r.auth === 'entra');
				}
			}),
			vscode.workspace.onDidChangeConfiguration((e) => {
				if (affectsClients(e)) {
					this.log.debug('Network or authentication settings changed: clients will be recreated');
					this.invalidate(() => true);
				}
			}),
		);
	}

	listResources(): readonly FaceResource[] {
		const stored = this.state.get<FaceResource[]>(StorageKey.resources);
		return Array.isArray(stored) ? stored : [];
	}

	getResource(resourceId: string): FaceResource | undefined {
		return this.listResources().find((r) => r.id === resourceId);
	}

	getBilledCount(resourceId: string): number {
		return this.sink.getBilledCount(resourceId);
	}

	/** Normalises the input into a resource (new id), without saving it. Throws `EndpointError`. */
	prepare(input: ResourceInput): FaceResource {
		const { endpoint } = parseEndpoint(input.endpoint);
		return clean({
			id: randomUUID(),
			label: input.label?.trim() || defaultLabel(endpoint),
			endpoint,
			apiVersion: input.apiVersion ?? DEFAULT_API_VERSION,
			auth: input.auth,
			tenantId: input.auth === 'entra' ? input.tenantId?.trim() || undefined : undefined,
			tier: input.tier ?? 'S0',
		});
	}

	/**
	 * One cheap request for an unsaved or changed resource, with `key`, or else the key stored for the
	 * resource's own origin (never another origin's), or the Entra ID session.
	 */
	async check(resource: FaceResource, key: string | undefined, signal?: AbortSignal): Promise<void> {
		parseEndpoint(resource.endpoint);
		await checkEndpoint(await this.clients.unsaved(resource, key), resource.auth, signal);
	}

	/**
	 * Whether the Face API answers at the (unsaved) resource's endpoint, before any key is known: one request
	 * without credentials (see `probeEndpoint`), counted and paced like any other. Throws `EndpointCheckError`.
	 */
	async probe(resource: FaceResource, signal?: AbortSignal): Promise<void> {
		parseEndpoint(resource.endpoint);
		await probeEndpoint(this.clients.anonymous(resource), signal);
	}

	/**
	 * Saves a prepared resource; the key (key auth) goes to SecretStorage first, so a keyring failure saves
	 * nothing. Without a key, a key left at an origin no other resource uses is deleted, never reused.
	 */
	async add(resource: FaceResource, key?: string): Promise<FaceResource> {
		parseEndpoint(resource.endpoint);
		const others = this.listResources().filter((r) => r.id !== resource.id);
		await this.applyKeys(planKeys(undefined, resource, others, resource.auth === 'key' ? key : undefined), [...others, clean(resource)]);
		this.log.info(`Added resource '${resource.label}' (${resource.endpoint}, ${resource.apiVersion}, ${resource.auth === 'key' ? 'API key' : 'Entra ID'})`);
		this.invalidate((r) => r.id === resource.id);
		return resource;
	}

	/**
	 * Applies changes. When the origin changes, the old origin's key is deleted (unless another resource
	 * still uses it) and never carried over: the resource needs `newKey` (or the key of another resource at
	 * the new origin). Keys change before the metadata: if the keyring fails, nothing changed.
	 */
	async update(resourceId: string, changes: ResourceChanges, newKey?: string): Promise<FaceResource> {
		const old = this.require(resourceId);
		const endpoint = changes.endpoint !== undefined ? parseEndpoint(changes.endpoint).endpoint : old.endpoint;
		const auth = changes.auth ?? old.auth;
		const next = clean({
			...old,
			...changes,
			id: old.id,
			endpoint,
			label: changes.label?.trim() || old.label,
			tenantId: auth === 'entra' ? (changes.tenantId !== undefined ? changes.tenantId.trim() || undefined : old.tenantId) : undefined,
		});
		const others = this.listResources().filter((r) => r.id !== resourceId);
		const plan = planKeys(old, next, others, auth === 'key' ? newKey : undefined);
		await this.applyKeys(plan, this.listResources().map((r) => (r.id === resourceId ? next : r)), `'${old.label}' was not changed`);
		this.log.info(`Updated resource '${next.label}' (${next.endpoint}, ${next.apiVersion}, ${next.auth === 'key' ? 'API key' : 'Entra ID'})`);
		this.invalidate((r) => r.id === resourceId);
		return next;
	}

	/**
	 * Removes the resource and its key (unless another resource shares the origin). The key is deleted
	 * first: when the keyring fails, the resource stays, with its key.
	 */
	async remove(resourceId: string): Promise<void> {
		const old = this.require(resourceId);
		const rest = this.listResources().filter((r) => r.id !== resourceId);
		await this.applyKeys(planKeys(old, undefined, rest), rest, `'${old.label}' was not removed and keeps its key`);
		this.sink.forget(resourceId);
		this.log.info(`Removed resource '${old.label}' (${old.endpoint})`);
		this.invalidate((r) => r.id === resourceId);
	}

	/**
	 * Deletes the keys no key resource uses (left by a removal or a move whose key deletion failed, or by an
	 * older version). A key found orphaned is looked at again `settleMs` later: another window that has just
	 * stored a key writes the resource's metadata right after, and that can take a moment to reach this
	 * window. Returns the origins whose key went; undefined where VS Code cannot list secrets (before
	 * 1.105), in which case `add`/`update` still never reuse such a key.
	 */
	async deleteOrphanKeys(settleMs = ORPHAN_SETTLE_MS): Promise<string[] | undefined> {
		const names = await this.keys.names();
		if (names === undefined) {
			this.log.debug('Orphaned API keys: this VS Code cannot list secrets; a key no resource uses is deleted when a resource arrives at its origin');
			return undefined;
		}
		const candidates = orphanOrigins(names, this.listResources());
		if (candidates.length > 0 && settleMs > 0) {
			await new Promise((resolve) => setTimeout(resolve, settleMs));
		}
		const deleted: string[] = [];
		for (const origin of candidates) {
			if (!this.disposed && !usesKeyAt(this.listResources(), origin)) {
				await this.keys.delete(origin);
				deleted.push(origin);
				this.log.info(`Deleted the API key stored for ${origin}: no resource uses it`);
			}
		}
		return deleted;
	}

	/** Stores (rotates) the API key for the resource's origin. */
	async setKey(resourceId: string, key: string): Promise<void> {
		const resource = this.require(resourceId);
		await this.keys.set(originOf(resource.endpoint), key);
		this.log.info(`API key saved for '${resource.label}' (${originOf(resource.endpoint)})`);
		this.invalidate((r) => r.auth === 'key' && originOf(r.endpoint) === originOf(resource.endpoint));
	}

	async hasKey(resourceId: string): Promise<boolean> {
		return (await this.keys.get(originOf(this.require(resourceId).endpoint))) !== undefined;
	}

	/** Explicit Sign In: may prompt. */
	async signIn(resourceId: string): Promise<void> {
		const resource = this.require(resourceId);
		const session = await promptSession(resource);
		this.log.info(`Signed in to '${authProviderId()}' as ${session.account.label} for '${resource.label}'`);
		this.invalidate((r) => r.id === resourceId);
	}

	getClient(resourceId: string): Promise<FaceApi> {
		return this.clients.get(this.require(resourceId));
	}

	dispose(): void {
		this.disposed = true;
		this.clients.clear();
		vscode.Disposable.from(...this.disposables).dispose();
	}

	private require(resourceId: string): FaceResource {
		const resource = this.getResource(resourceId);
		if (!resource) {
			throw new UnknownResourceError(vscode.l10n.t('This Face resource is no longer configured.'));
		}
		return resource;
	}

	/** Keys first (keyChanges.ts), then the metadata; a failure changes nothing and says what stays. */
	private async applyKeys(plan: KeyPlan, resources: readonly FaceResource[], unchanged?: string): Promise<void> {
		let deleted: string[];
		try {
			deleted = await applyKeyPlan(this.keys, plan, () => this.save(resources), (origin, e) =>
				this.log.error(`Could not put back the API key for ${origin} after a failed change: ${errorMessage(e)}`),
			);
		} catch (e) {
			if (KeyringError.is(e) && unchanged !== undefined) {
				throw new KeyringError(`${unchanged}: ${e.message}`, e);
			}
			throw e;
		}
		for (const origin of deleted) {
			this.log.info(`Deleted the API key stored for ${origin}`);
		}
	}

	private async save(resources: readonly FaceResource[]): Promise<void> {
		await this.state.update(StorageKey.resources, resources.map(clean));
	}

	private invalidate(which: (r: FaceResource) => boolean): void {
		this.clients.invalidate(which);
		this.changed.fire();
	}
}

/** Only the metadata fields, in a fixed order, without undefined values: nothing else reaches globalState. */
function clean(r: FaceResource): FaceResource {
	if (typeof r.endpoint !== 'string') {
		throw new EndpointError('A resource needs an endpoint.');
	}
	const out: { -readonly [K in keyof FaceResource]: FaceResource[K] } = { id: r.id, label: r.label, endpoint: r.endpoint, apiVersion: r.apiVersion, auth: r.auth };
	if (r.tenantId) {
		out.tenantId = r.tenantId;
	}
	if (r.tier) {
		out.tier = r.tier;
	}
	return out;
}
