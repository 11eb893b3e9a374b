/**
 * The kinds of long-running operation the tracker follows, as data: a container's training (polled), and
 * a folder's enrollment (run here: enrollment.ts). The Person Directory's `…/operations/{id}` will be a row
 * here: each names its noun for the presenters and how one poll of its URL reads. Operations saved before there were types
 * (0.1.0) carry no `type`: they are trainings.
 */
import { KINDS } from '../face/kinds';
import type { FaceApi, TrainingStatus } from '../face/types';
import type { Operation, OperationType } from './types';

export interface OperationTypeInfo {
	readonly type: OperationType;
	/** The noun the log and the messages use: `Training 'staff' started`. */
	readonly noun: string;
	/** Whether a stored operation of this type names a target it can have (e.g. a trainable container). */
	validTarget(op: Pick<Operation, 'kind'>): boolean;
	/** One poll of the operation's URL. */
	poll(client: FaceApi, url: string, signal: AbortSignal): Promise<TrainingStatus>;
	/** What *Stop Watching* (or Cancel) records. */
	readonly stopMessage: string;
}

export const OPERATION_TYPES: Readonly<Record<OperationType, OperationTypeInfo>> = {
	training: {
		type: 'training',
		noun: 'Training',
		validTarget: (op) => op.kind in KINDS && KINDS[op.kind].trainable,
		poll: (client, url, signal) => client.pollTraining(url, { signal }),
		stopMessage: 'Stopped watching. The training goes on in the service.',
	},
	enrollment: {
		type: 'enrollment',
		noun: 'Enrollment',
		validTarget: (op) => op.kind in KINDS,
		// Nothing to poll: the tracker runs it (enrollment.ts), never follows a URL.
		poll: () => Promise.reject(new Error('An enrollment has nothing to poll.')),
		stopMessage: 'Cancelled. What was added stays; Enroll the folder again to add the rest.',
	},
};

/** The type of an operation (a training when it was saved without one). */
export function typeOf(op: Pick<Operation, 'type'>): OperationTypeInfo {
	return OPERATION_TYPES[op.type ?? 'training'];
}

export function isOperationType(value: unknown): value is OperationType {
	return typeof value === 'string' && Object.prototype.hasOwnProperty.call(OPERATION_TYPES, value);
}
