/**
 * "Changed since its last training", defined honestly: the Face API keeps no modification time for a
 * container, so the only changes we can know of are the ones Face Explorer made (persons or faces added
 * or deleted). They are kept in `globalState` (key `azureFace.changes`, through the extension's
 * ConsistentMemento), so every window sees them and they outlive a reload. A container counts as changed
 * when such a change happened after its last known training started (the tracker's start time, else the
 * service's `createdDateTime` of the last training run). Changes made by other tools stay invisible.
 */
import type { ContainerKind } from '../face/kinds';
import type { StateMemento } from '../state/consistentMemento';

export const CHANGES_KEY = 'azureFace.changes';
/** Containers remembered (the most recently changed ones). */
export const MAX_CHANGES = 500;

interface Stored {
	readonly version: 1;
	/** Container key → ms since epoch of its last change. */
	readonly changes: Readonly<Record<string, number>>;
}

export class ChangeJournal {
	private readonly memory = new Map<string, number>();

	/** Without `state` the journal lives in memory only (tests). */
	constructor(private readonly state?: StateMemento) {}

	/** Records that persons or faces of the container changed now. */
	markChanged(resourceId: string, kind: ContainerKind, containerId: string, at = Date.now()): void {
		const all = this.read();
		all.delete(key(resourceId, kind, containerId));
		all.set(key(resourceId, kind, containerId), at);
		this.write(all);
	}

	/** Forgets a container (deleted). */
	forget(resourceId: string, kind: ContainerKind, containerId: string): void {
		const all = this.read();
		if (all.delete(key(resourceId, kind, containerId))) {
			this.write(all);
		}
	}

	changedAt(resourceId: string, kind: ContainerKind, containerId: string): number | undefined {
		return this.read().get(key(resourceId, kind, containerId));
	}

	/** True when a recorded change is later than `trainingStartedAt` (ms since epoch; undefined = never trained). */
	isChangedSince(resourceId: string, kind: ContainerKind, containerId: string, trainingStartedAt: number | undefined): boolean {
		const at = this.changedAt(resourceId, kind, containerId);
		return at !== undefined && (trainingStartedAt === undefined || at > trainingStartedAt);
	}

	private read(): Map<string, number> {
		if (!this.state) {
			return new Map(this.memory);
		}
		const stored = this.state.get<Stored>(CHANGES_KEY);
		const entries = stored && typeof stored === 'object' && stored.changes && typeof stored.changes === 'object'
			? Object.entries(stored.changes).filter((e): e is [string, number] => typeof e[1] === 'number' && Number.isFinite(e[1]))
			: [];
		return new Map(entries.sort((a, b) => a[1] - b[1]));
	}

	private write(all: Map<string, number>): void {
		const kept = [...all].sort((a, b) => a[1] - b[1]).slice(-MAX_CHANGES);
		if (!this.state) {
			this.memory.clear();
			for (const [k, v] of kept) {
				this.memory.set(k, v);
			}
			return;
		}
		const value: Stored = { version: 1, changes: Object.fromEntries(kept) };
		void Promise.resolve(this.state.update(CHANGES_KEY, value)).catch(() => undefined);
	}
}

function key(resourceId: string, kind: ContainerKind, containerId: string): string {
	return `${resourceId}/${kind}/${containerId}`;
}
