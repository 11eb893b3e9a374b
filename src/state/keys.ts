/**
 * Every name under which Face Explorer keeps state outside its memory, typed in one place (as GitLens
 * does): `globalState` keys, SecretStorage keys and context keys. src/README.md says who writes and who
 * reads each of them.
 */

/** `globalState` keys (all written through the extension's ConsistentMemento). */
export const StorageKey = {
	/** `FaceResource[]`: the configured resources' metadata (never a key). */
	resources: 'azureFace.resources',
	/** `{ version: 1, operations }`: unfinished and recent long-running operations. */
	operations: 'azureFace.operations',
	/** `{ version: 1, changes }`: containers whose persons or faces Face Explorer changed, and when. */
	changes: 'azureFace.changes',
	/** `{ version: 1, sizes }`: net entries each container gained or lost through Face Explorer (its size mark). */
	sizes: 'azureFace.sizes',
	/** `{ version: 1, containers, resources }`: past trainings' service durations and past prediction errors. */
	trainingHistory: 'azureFace.trainingHistory',
	/** `{ version: 1, origins: { [origin]: { [window]: epoch ms[] } } }`: the rate budgets' spend in their current window. */
	rateSpend: 'azureFace.rateSpend',
} as const;
export type StorageKey = (typeof StorageKey)[keyof typeof StorageKey];

/** workspaceState (this window's workspace): the window's id in operation leases, read back after a reload. */
export const WorkspaceKey = {
	windowId: 'azureFace.windowId',
} as const;

/** SecretStorage: one API key per endpoint origin, `azureFace.key:<origin>`. */
/**
 * `resourceId/kind/containerId`: one container's key wherever state is kept per container (the tree's
 * training statuses, the change and size journals, the training history).
 */
export function containerKey(c: { readonly resourceId: string; readonly kind: string; readonly containerId: string }): string {
	return `${c.resourceId}/${c.kind}/${c.containerId}`;
}

export const SECRET_PREFIX = 'azureFace.key:';

export function secretKeyFor(origin: string): string {
	return `${SECRET_PREFIX}${origin}`;
}

/** The origin a secret key belongs to, or undefined for other extensions' keys of ours. */
export function originOfSecretKey(key: string): string | undefined {
	return key.startsWith(SECRET_PREFIX) ? key.slice(SECRET_PREFIX.length) : undefined;
}

/** Context keys (`setContext`), used in package.json `when` clauses. */
export const ContextKey = {
	/** At least one resource is configured (the welcome view otherwise). */
	hasResources: 'azureFace.hasResources',
	/** Activation finished. */
	ready: 'azureFace.ready',
} as const;
export type ContextKey = (typeof ContextKey)[keyof typeof ContextKey];
