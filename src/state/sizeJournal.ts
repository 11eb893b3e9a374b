/**
 * How the size of each container changed through Face Explorer: a running net count of the entries it added
 * and deleted (persons of Person Groups and Large Person Groups, faces of Face Lists and Large Face Lists:
 * what the service's training time grows with), the container's "size mark". The absolute size is not known
 * (counting it would cost calls); the difference between two marks is, and the training schedule predicts
 * from it (operations/prediction.ts). Kept in `globalState` (`azureFace.sizes`, through ConsistentMemento),
 * so that every window adds to the same mark. Changes made by other tools are invisible here.
 */
import type { StateMemento } from './consistentMemento';
import { StorageKey } from './keys';

/** Containers remembered (the most recently changed ones). */
export const MAX_SIZES = 500;

interface Stored {
	readonly version: 1;
	/** Container key (`resourceId/kind/containerId`) → [net entries added, ms since epoch of the last change]. */
	readonly sizes: Readonly<Record<string, unknown>>;
}

export class SizeJournal {
	constructor(private readonly state: Pick<StateMemento, 'get' | 'update'>) {}

	/** Adds `delta` entries (negative: deleted) to the container's mark. */
	add(containerKey: string, delta: number, at = Date.now()): void {
		if (!Number.isFinite(delta) || delta === 0) {
			return;
		}
		const all = this.entries();
		const mark = (all.get(containerKey)?.[0] ?? 0) + Math.trunc(delta);
		all.delete(containerKey);
		all.set(containerKey, [mark, at]);
		const kept = [...all].sort((a, b) => a[1][1] - b[1][1]).slice(-MAX_SIZES);
		const value: Stored = { version: 1, sizes: Object.fromEntries(kept) };
		void Promise.resolve(this.state.update(StorageKey.sizes, value)).catch(() => undefined);
	}

	/** The container's mark now (0 when Face Explorer never changed its size). */
	mark(containerKey: string): number {
		return this.entries().get(containerKey)?.[0] ?? 0;
	}

	private entries(): Map<string, [number, number]> {
		const stored = this.state.get<Stored>(StorageKey.sizes);
		const out = new Map<string, [number, number]>();
		if (!stored || typeof stored !== 'object' || !stored.sizes || typeof stored.sizes !== 'object') {
			return out;
		}
		for (const [k, v] of Object.entries(stored.sizes)) {
			if (Array.isArray(v) && v.length === 2 && Number.isFinite(v[0]) && Number.isFinite(v[1])) {
				out.set(k, [v[0] as number, v[1] as number]);
			}
		}
		return out;
	}
}
