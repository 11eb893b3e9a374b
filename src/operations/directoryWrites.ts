/**
 * A Person Directory write as an operation: the write was sent (the client answered a `DirectoryWrite`
 * with the `…/operations/{id}` URL of a `202`), and the tracker follows that URL to its end with the same
 * follower, schedule and rate budget as a training. A write answered `200` (done at once) or without a
 * usable operation URL has nothing to follow. No VS Code here.
 */
import { randomUUID } from 'node:crypto';
import type { DirectoryWrite } from '../face/directoryTypes';
import type { FaceApi } from '../face/types';
import type { Clock } from './clock';
import type { DirectoryTargetKind, Operation } from './types';

/** The part of the tracker a directory write uses (the tracker implements it). */
export interface DirectoryWriteHost {
	begin(op: Operation, client: FaceApi, priorCalls: readonly number[]): void;
}

export interface DirectoryWriteTarget {
	readonly resourceId: string;
	/** `personDirectory` (a person or its faces) or `dynamicPersonGroup`. */
	readonly kind: DirectoryTargetKind;
	/** The person id or the group id the write changes. */
	readonly targetId: string;
	/** What the presenters call it: `Adding a face to 'Uma Patel'`. */
	readonly label: string;
}

/**
 * The Operation that follows `write`, handed to the tracker; undefined when there is nothing to follow
 * (a `200`, or a `202` whose operation-Location could not be used: `write.locationProblem` says why).
 * `sentAt`: clock time the write was sent (the schedule counts its call and elapsed time from there).
 */
export function followDirectoryWrite(
	host: DirectoryWriteHost,
	client: FaceApi,
	target: DirectoryWriteTarget,
	write: DirectoryWrite,
	deps: { readonly clock: Clock; readonly sentAt?: number; readonly extra?: Pick<Operation, 'subjects' | 'batch'> },
): Operation | undefined {
	if (!write.operationUrl) {
		return undefined;
	}
	const now = deps.clock.now();
	const sentAt = deps.sentAt ?? now;
	const op: Operation = {
		id: randomUUID(),
		type: 'directoryWrite',
		resourceId: target.resourceId,
		kind: target.kind,
		containerId: target.targetId,
		label: target.label,
		startedAt: new Date(sentAt).toISOString(),
		state: 'running',
		pollUrl: write.operationUrl,
		polls: 0,
		...deps.extra,
	};
	host.begin(op, client, [0]);
	return op;
}
