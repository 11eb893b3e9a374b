/**
 * "Changed since its last training", defined honestly: the Face API keeps no modification time for a
 * container, so the only changes we can know of are the ones this extension made in this window
 * (persons or faces added or deleted). A container counts as changed when such a change happened after
 * its last known training started (the tracker's start time, else the service's `createdDateTime` of
 * the last training run). Changes made by other tools, other windows or earlier sessions are invisible.
 */
import type { ContainerKind } from '../face/kinds';

export class ChangeJournal {
	private readonly changes = new Map<string, number>();

	/** Records that persons or faces of the container changed now. */
	markChanged(resourceId: string, kind: ContainerKind, containerId: string, at = Date.now()): void {
		this.changes.set(key(resourceId, kind, containerId), at);
	}

	/** Forgets a container (deleted). */
	forget(resourceId: string, kind: ContainerKind, containerId: string): void {
		this.changes.delete(key(resourceId, kind, containerId));
	}

	changedAt(resourceId: string, kind: ContainerKind, containerId: string): number | undefined {
		return this.changes.get(key(resourceId, kind, containerId));
	}

	/** True when a recorded change is later than `trainingStartedAt` (ms since epoch; undefined = never trained). */
	isChangedSince(resourceId: string, kind: ContainerKind, containerId: string, trainingStartedAt: number | undefined): boolean {
		const at = this.changedAt(resourceId, kind, containerId);
		return at !== undefined && (trainingStartedAt === undefined || at > trainingStartedAt);
	}
}

function key(resourceId: string, kind: ContainerKind, containerId: string): string {
	return `${resourceId}/${kind}/${containerId}`;
}
