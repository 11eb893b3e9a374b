/**
 * Many small Person Directory writes of one command (a bulk add of 200 faces) followed as ONE operation:
 * one entry in the status bar and the quick pick (`Adding faces 120/200`), one notification at the end.
 * A poll reads the writes' `…/operations/{id}` URLs in the order they were sent, from the first one not
 * known to have ended, and goes on to the next while they have ended (the service runs a person's writes
 * one after the other): about one read per write, plus one per scheduled poll that finds the next one
 * still running. Every read goes through the client (the endpoint's rate budget); the schedule between
 * polls is the training's. No VS Code here.
 */
import { isAbortError } from '../face/errors';
import { operationToTraining } from '../face/training';
import type { FaceApi, TrainingStatus } from '../face/types';
import type { Operation, OperationBatch } from './types';

/** Failure messages kept per batch. */
export const MAX_BATCH_MESSAGES = 3;

/** What a batch poll learned: how many of its writes ended, failed, and why. */
export type BatchProgress = Pick<OperationBatch, 'ended' | 'failed' | 'messages'>;

/** One poll's answer: a status, and for a batch its progress. */
export interface PollAnswer extends TrainingStatus {
	readonly batch?: BatchProgress;
}

export async function pollBatch(client: Pick<FaceApi, 'getOperation'>, batch: OperationBatch, signal: AbortSignal): Promise<PollAnswer> {
	let { ended, failed } = batch;
	const messages = [...batch.messages];
	let last: TrainingStatus | undefined;
	while (ended < batch.urls.length) {
		try {
			last = operationToTraining(await client.getOperation(batch.urls[ended], { signal }));
		} catch (e) {
			if (ended === batch.ended || isAbortError(e)) {
				throw e;
			}
			break; // what was read so far counts; the schedule's next poll reads on
		}
		if (last.state !== 'succeeded' && last.state !== 'failed') {
			break;
		}
		ended += 1;
		if (last.state === 'failed') {
			failed += 1;
			addMessage(messages, last.message ?? 'The operation failed.');
		}
	}
	const progress: BatchProgress = { ended, failed, messages };
	if (!batch.open && ended >= batch.urls.length) {
		return failed + batch.refused === 0
			? { state: 'succeeded', rawStatus: 'succeeded', batch: progress }
			: { state: 'failed', rawStatus: 'failed', message: batchFailure({ ...batch, ...progress }), batch: progress };
	}
	return { state: 'running', rawStatus: last?.rawStatus ?? 'running', batch: progress };
}

/** `3 of 200 failed: …`. */
export function batchFailure(batch: OperationBatch): string {
	return `${batch.failed + batch.refused} of ${batch.total} failed: ${batch.messages.join('; ')}`;
}

/** How many of the batch's writes are done: ended, or refused before anything was sent. */
export function batchDone(batch: OperationBatch): number {
	return batch.ended + batch.refused;
}

export function addMessage(messages: string[], message: string): void {
	if (messages.length < MAX_BATCH_MESSAGES && !messages.includes(message)) {
		messages.push(message);
	}
}

/** The record after a poll's progress (the URLs sent meanwhile are kept: only the command adds them). */
export function withProgress(op: Operation, progress: BatchProgress | undefined): Operation {
	return progress && op.batch ? { ...op, batch: { ...op.batch, ...progress } } : op;
}

/** The most image URIs a batch keeps (to send again what a reload cut short); a larger batch keeps none. */
export const MAX_BATCH_FILES = 1000;

/**
 * A batch whose command is gone (a reload): follow what was sent, send nothing more; the images not sent are
 * named (`unsent`), for the end's *Add Them Now*.
 */
export function closedAfterReload(op: Operation): Operation {
	if (!op.batch?.open) {
		return op;
	}
	const { files, sent } = op.batch;
	const unsent = files && sent !== undefined && sent < files.length ? { unsent: files.slice(sent) } : {};
	return { ...op, batch: { ...op.batch, ...unsent, open: false, total: op.batch.urls.length + op.batch.refused } };
}
