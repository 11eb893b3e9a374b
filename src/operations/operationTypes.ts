/**
 * The kinds of long-running operation the tracker follows, as data: a container's training and a Person
 * Directory write (a person or a face added or deleted, a Dynamic Person Group created, changed or deleted),
 * both polled (`…/training`, `…/operations/{id}`), and a folder's enrollment (run here: enrollment.ts). Each
 * names its noun for the presenters and how one poll of its URL reads. Operations saved before there were types
 * (0.1.0) carry no `type`: they are trainings.
 */
import { KINDS } from '../face/kinds';
import { operationToTraining } from '../face/training';
import type { FaceApi } from '../face/types';
import { pollBatch, type PollAnswer } from './batch';
import type { Operation, OperationType } from './types';

export interface OperationTypeInfo {
	readonly type: OperationType;
	/** The noun the log and the messages use: `Training 'staff' started`. */
	readonly noun: string;
	/** Whether a stored operation of this type names a target it can have (e.g. a trainable container). */
	validTarget(op: Pick<Operation, 'kind'>): boolean;
	/**
	 * One poll of the operation (as stored now: a batch's progress and its URLs sent so far); `priority`: the
	 * schedule expects it to see the end (CallOptions.priority).
	 */
	poll(client: FaceApi, op: Operation, signal: AbortSignal, priority?: boolean): Promise<PollAnswer>;
	/** What *Stop Watching* (or Cancel) records. */
	readonly stopMessage: string;
}

/** Why watching a training stopped (Stop Watching)… */
export const STOPPED_MESSAGE = 'Stopped watching. The training goes on in the service.';

export const OPERATION_TYPES: Readonly<Record<OperationType, OperationTypeInfo>> = {
	training: {
		type: 'training',
		noun: 'Training',
		validTarget: (op) => op.kind in KINDS && KINDS[op.kind as keyof typeof KINDS].trainable,
		poll: (client, op, signal, priority) => client.pollTraining(op.pollUrl, { signal, priority }),
		stopMessage: STOPPED_MESSAGE,
	},
	enrollment: {
		type: 'enrollment',
		noun: 'Enrollment',
		validTarget: (op) => op.kind in KINDS,
		// Nothing to poll: the tracker runs it (enrollment.ts), never follows a URL.
		poll: () => Promise.reject(new Error('An enrollment has nothing to poll.')),
		stopMessage: 'Cancelled. What was added stays; Enroll the folder again to add the rest.',
	},
	directoryWrite: {
		type: 'directoryWrite',
		noun: 'Person Directory change',
		validTarget: (op) => op.kind === 'personDirectory' || op.kind === 'dynamicPersonGroup',
		// `/operations/{id}`: notStarted → running → succeeded | failed, read in the training status's terms;
		// a batch reads its writes' operations in order (batch.ts).
		poll: async (client, op, signal, priority) => op.batch
			? pollBatch(client, op.batch, signal)
			: operationToTraining(await client.getOperation(op.pollUrl, { signal, priority })),
		stopMessage: 'Stopped watching. The change goes on in the service.',
	},
};

/** The type of an operation (a training when it was saved without one). */
export function typeOf(op: Pick<Operation, 'type'>): OperationTypeInfo {
	return OPERATION_TYPES[op.type ?? 'training'];
}

export function isOperationType(value: unknown): value is OperationType {
	return typeof value === 'string' && Object.prototype.hasOwnProperty.call(OPERATION_TYPES, value);
}

/** …and any operation, in its terms. */
export function stoppedMessage(op: Pick<Operation, 'type'>): string {
	return typeOf(op).stopMessage;
}
