/**
 * One run of an operation in this window, to its end: a training or a Person Directory write is followed
 * (its URL polled, follower.ts); a folder's enrollment is run (enrollment.ts, in the enroll bundle). The
 * tracker records what the run reports and what it ends with.
 */
import type { FaceApi } from '../face/types';
import type { ClientProvider } from '../resources/types';
import { faceHolderKey, type FaceFiles } from '../state/faceFiles';
import { closedAfterReload } from './batch';
import type { Clock } from './clock';
import { loadEnrollment } from './enrollLoader';
import { followOperation, type OperationEnd, type PollEvent } from './follower';
import type { OperationLog } from './logPresenter';
import { typeOf } from './operationTypes';
import type { ScheduleOptions } from './schedule';
import type { Operation } from './types';

export interface RunHost {
	readonly clients: ClientProvider;
	readonly clock: Clock;
	readonly text: OperationLog;
	readonly faceFiles?: FaceFiles;
	schedule(): Partial<ScheduleOptions> | undefined;
	/** The operation as recorded now. */
	current(id: string): Operation | undefined;
	update(op: Operation): void;
	/** An enrollment's new tally. */
	progress(op: Operation): void;
	onPoll(id: string, event: PollEvent): void;
}

export async function runOperation(initial: Operation, host: RunHost, signal: AbortSignal, client?: FaceApi, priorCalls?: readonly number[]): Promise<OperationEnd | undefined> {
	if (typeOf(initial).type === 'enrollment') {
		return loadEnrollment().runEnrollment(initial, host.clients, {
			signal,
			update: (op) => host.progress(op),
			onIssue: (op, issue) => host.text.enrollIssue(op, issue),
			onSettled: (op, files) => host.text.enrollSettled(op, files),
			// The tree's face rows show the file names of the faces an enrollment added or read, without a call.
			onFaceKnown: (personId, faceId, userData) => host.faceFiles?.record(faceHolderKey({ resourceId: initial.resourceId, kind: initial.kind, containerId: initial.containerId, personId }), faceId, userData),
		});
	}
	if (initial.batch?.open && !client) {
		host.update(closedAfterReload(initial)); // resumed: its command is gone, nothing more is sent
	}
	return followOperation(initial, host.clients, {
		client,
		priorCalls,
		current: () => host.current(initial.id) ?? initial,
		schedule: host.schedule(),
		clock: host.clock,
		signal,
		onPoll: (event) => host.onPoll(initial.id, event),
	});
}
