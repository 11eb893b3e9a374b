/**
 * The key side of adding, changing and removing a resource (issue 9, row 12), in the order that loses
 * nothing: every key deletion and key write happens before the metadata is saved, each remembering how to
 * undo itself. A keyring failure therefore leaves the resource as it was (its metadata unchanged, the keys
 * put back); a metadata failure puts the keys back. A key left at an origin that no key resource uses is an
 * orphan: it is deleted instead of being reused by a later resource there, and at activation.
 * Pure functions and the KeyStore: no VS Code.
 */
import { originOf } from './endpoint';
import type { KeyStore } from './keys';
import type { FaceResource } from './types';
import { originOfSecretKey } from '../state/keys';

/** What to do with the keys for a change of one resource. */
export interface KeyPlan {
	/** Origins whose key goes: no key resource uses them after the change (a key found there is never reused). */
	readonly drop: readonly string[];
	/** The key to store, and for which origin. */
	readonly store?: { readonly origin: string; readonly key: string };
}

function keyOrigin(r: FaceResource | undefined): string | undefined {
	return r?.auth === 'key' ? originOf(r.endpoint) : undefined;
}

/** Whether a key resource among `resources` uses `origin`. */
export function usesKeyAt(resources: readonly FaceResource[], origin: string): boolean {
	return resources.some((r) => keyOrigin(r) === origin);
}

/**
 * The plan for `before` → `after` (undefined: added / removed), `others` being every other resource.
 * The old origin's key goes when nothing uses it any more; a key resource arriving at an origin no other
 * resource uses, without a key of its own, finds no key there (an old one is deleted, not reused).
 */
export function planKeys(before: FaceResource | undefined, after: FaceResource | undefined, others: readonly FaceResource[], newKey?: string): KeyPlan {
	const drop: string[] = [];
	const from = keyOrigin(before);
	const to = keyOrigin(after);
	if (from !== undefined && from !== to && !usesKeyAt(others, from)) {
		drop.push(from);
	}
	if (to === undefined) {
		return { drop };
	}
	if (newKey !== undefined) {
		return { drop, store: { origin: to, key: newKey } };
	}
	if (to !== from && !usesKeyAt(others, to)) {
		drop.push(to);
	}
	return { drop };
}

/**
 * Carries out `plan`, then `save` (the metadata). Any failure undoes what was done (keys deleted are
 * stored again, a replaced key is put back) and is thrown: the caller's metadata was not changed.
 * Returns the origins whose key was deleted.
 */
export async function applyKeyPlan(keys: KeyStore, plan: KeyPlan, save: () => Promise<void>, onUndoFailed: (origin: string, e: unknown) => void): Promise<string[]> {
	const undo: { origin: string; run: () => Promise<void> }[] = [];
	const deleted: string[] = [];
	try {
		for (const origin of plan.drop) {
			const old = await keys.get(origin);
			if (old !== undefined) {
				await keys.delete(origin);
				undo.push({ origin, run: () => keys.set(origin, old) });
				deleted.push(origin);
			}
		}
		if (plan.store) {
			const { origin, key } = plan.store;
			// The key it replaces (a resource sharing the origin), to put back; a keyring that cannot read it
			// will not store either, and says so as a failure to save.
			const previous = await keys.get(origin).then((v) => ({ v }), () => undefined);
			await keys.set(origin, key);
			if (previous) {
				undo.push({ origin, run: () => (previous.v === undefined ? keys.delete(origin) : keys.set(origin, previous.v)) });
			}
		}
		await save();
	} catch (e) {
		for (const step of undo.reverse()) {
			try {
				await step.run();
			} catch (undoError) {
				onUndoFailed(step.origin, undoError);
			}
		}
		throw e;
	}
	return deleted;
}

/** The origins among the stored secret names (`azureFace.key:<origin>`) that no key resource uses. */
export function orphanOrigins(secretNames: readonly string[], resources: readonly FaceResource[]): string[] {
	const origins = secretNames.map(originOfSecretKey).filter((o): o is string => o !== undefined);
	return [...new Set(origins)].filter((o) => !usesKeyAt(resources, o));
}
