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
import { StorageKey, containerKey } from '../state/keys';
import { SizeJournal } from '../state/sizeJournal';

/** Containers remembered (the most recently changed ones). */
export const MAX_CHANGES = 500;

interface Stored {
	readonly version: 1;
	/** Container key → ms since epoch of its last change. */
	readonly changes: Readonly<Record<string, unknown>>;
}

export class ChangeJournal {
	private readonly sizes: SizeJournal;

	constructor(private readonly state: StateMemento) {
		this.sizes = new SizeJournal(state);
	}

	/**
	 * Records that persons or faces of the container changed now, and by how many of the entries its training
	 * time grows with (`entries`: persons of a Person Group or Large Person Group, faces of a Face List or
	 * Large Face List; negative when deleted; 0 for a face added to a person), for the training prediction.
	 */
	markChanged(resourceId: string, kind: ContainerKind, containerId: string, entries = 0, at = Date.now()): void {
		const all = this.entries().filter(([k]) => k !== key(resourceId, kind, containerId));
		all.push([key(resourceId, kind, containerId), at]);
		this.write(all);
		this.sizes.add(key(resourceId, kind, containerId), entries, at);
	}

	/** Forgets a container (deleted). */
	forget(resourceId: string, kind: ContainerKind, containerId: string): void {
		const all = this.entries();
		const rest = all.filter(([k]) => k !== key(resourceId, kind, containerId));
		if (rest.length !== all.length) {
			this.write(rest);
		}
	}

	/** Read on every container row's render: one lookup, nothing copied. */
	changedAt(resourceId: string, kind: ContainerKind, containerId: string): number | undefined {
		const at = this.stored()?.[key(resourceId, kind, containerId)];
		return typeof at === 'number' && Number.isFinite(at) ? at : undefined;
	}

	/** True when a recorded change is later than `trainingStartedAt` (ms since epoch; undefined = never trained). */
	isChangedSince(resourceId: string, kind: ContainerKind, containerId: string, trainingStartedAt: number | undefined): boolean {
		const at = this.changedAt(resourceId, kind, containerId);
		return at !== undefined && (trainingStartedAt === undefined || at > trainingStartedAt);
	}

	private stored(): Readonly<Record<string, unknown>> | undefined {
		const stored = this.state.get<Stored>(StorageKey.changes);
		return stored && typeof stored === 'object' && stored.changes && typeof stored.changes === 'object' ? stored.changes : undefined;
	}

	private entries(): Array<[string, number]> {
		return Object.entries(this.stored() ?? {}).filter((e): e is [string, number] => typeof e[1] === 'number' && Number.isFinite(e[1]));
	}

	/** Saves the most recently changed `MAX_CHANGES` containers. */
	private write(all: Array<[string, number]>): void {
		const kept = all.sort((a, b) => a[1] - b[1]).slice(-MAX_CHANGES);
		const value: Stored = { version: 1, changes: Object.fromEntries(kept) };
		void Promise.resolve(this.state.update(StorageKey.changes, value)).catch(() => undefined);
	}
}

function key(resourceId: string, kind: ContainerKind, containerId: string): string {
	return containerKey({ resourceId, kind, containerId });
}
