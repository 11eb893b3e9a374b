/**
 * Starting a training as an operation: join what is already followed (here or in another window), else
 * ask the service to train (or join its running training, starter.ts) and hand the new Operation to the
 * tracker, with the schedule's prediction (prediction.ts: the container's past durations by the service's
 * timestamps, its size change since, the resource's past errors).
 */
import { randomUUID } from 'node:crypto';
import type { ContainerKind } from '../face/kinds';
import type { FaceApi, TrainingStatus } from '../face/types';
import type { ClientProvider } from '../resources/types';
import type { SizeJournal } from '../state/sizeJournal';
import type { Clock } from './clock';
import { containerKey } from '../state/keys';
import type { TrainingHistory } from './history';
import type { OperationLog } from './logPresenter';
import { startOrJoinTraining } from './starter';
import type { Operation } from './types';

/** The part of the tracker a start uses. */
export interface TrainingHost {
	findOperation(resourceId: string, kind: ContainerKind, containerId: string): Operation | undefined;
	list(): Operation[];
	followedWhere(op: Operation): 'here' | 'elsewhere' | undefined;
	begin(op: Operation, client: FaceApi, priorCalls: readonly number[], stale?: Operation): void;
}

export interface TrainingTarget {
	readonly resourceId: string;
	readonly kind: ContainerKind;
	readonly containerId: string;
	readonly label: string;
	/** The container's last status, when the caller has it (no status read before the train call then). */
	readonly known?: TrainingStatus;
}

/**
 * Resolves once the service accepted the train call (or a running training was joined) with the Operation;
 * the end arrives through the tracker's `onDidChangeOperation`. Rejects when the train call fails.
 */
export async function startTraining(
	tracker: TrainingHost,
	target: TrainingTarget,
	deps: {
		readonly clients: ClientProvider;
		readonly clock: Clock;
		readonly log: OperationLog;
		readonly signal?: AbortSignal;
		readonly history: TrainingHistory;
		readonly sizes: SizeJournal;
	},
): Promise<Operation> {
	const { resourceId, kind, containerId, label } = target;
	const existing = tracker.findOperation(resourceId, kind, containerId);
	const where = existing && tracker.followedWhere(existing);
	if (existing && where) {
		deps.log.alreadyWatched(existing, where);
		return existing;
	}
	const api = await deps.clients.getClient(resourceId);
	const key = containerKey({ resourceId, kind, containerId });
	const sizeMark = deps.sizes.mark(key);
	// A status known from before a training this window stopped watching is no guide: that one may still run.
	const known = existing?.state === 'stopped' ? undefined : target.known;
	const start = await startOrJoinTraining(api, kind, containerId, { signal: deps.signal, clock: deps.clock, known });
	const prediction = deps.history.predict(resourceId, key, sizeMark, start.previous);
	const scale = deps.clock.scale;
	const op: Operation = {
		id: randomUUID(),
		type: 'training',
		resourceId,
		kind,
		containerId,
		label,
		startedAt: new Date(start.startedAt).toISOString(),
		state: 'running',
		pollUrl: start.pollUrl,
		polls: 0,
		predictedMs: prediction === undefined ? undefined : Math.round(prediction.predictedMs * scale),
		earliestMs: prediction === undefined ? undefined : Math.round(prediction.earliestMs * scale),
		sizeMark,
	};
	deps.log.started(op, start.joined, prediction?.basis);
	tracker.begin(op, api, start.calls, existing?.state === 'running' ? existing : undefined);
	return op;
}
