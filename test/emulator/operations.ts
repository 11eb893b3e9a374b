/**
 * `GET /operations/{operationId}`. Nothing in PG/LPG/FL/LFL creates operations (training points to `…/training`),
 * so these come from PersonDirectory-style flows only; the emulator has no PersonDirectory, and tests create
 * synthetic operations through the control surface (`POST /_emulator/operations`).
 */
import { randomUUID } from 'node:crypto';
import type { Ctx, Reply } from './context';
import { FaceError, timestamp } from './errors';
import type { OperationRecord, Store } from './store';
import { statusWord } from './training';

export interface OperationSpec {
	/** How long the operation runs, in ms (default 0: done after the first poll, which says `running`). */
	durationMs?: number;
	outcome?: 'succeeded' | 'failed';
	message?: string;
	resourceLocation?: string;
}

export function createOperation(store: Store, spec: OperationSpec): OperationRecord {
	const now = Date.now();
	const op: OperationRecord = {
		operationId: randomUUID(),
		createdMs: now,
		finishMs: now + Math.max(0, spec.durationMs ?? 0),
		outcome: spec.outcome ?? 'succeeded',
		message: spec.message ?? (spec.outcome === 'failed' ? 'The operation failed.' : undefined),
		resourceLocation: spec.resourceLocation,
		polled: false,
	};
	store.operations.set(op.operationId, op);
	return op;
}

export function operationStatus(ctx: Ctx): Reply {
	const id = ctx.params.operationId;
	const op = ctx.store.operations.get(id.toLowerCase());
	if (!op) {
		throw new FaceError(404, 'NotFound', `Operation '${id}' is not found.`);
	}
	const now = Date.now();
	const firstPoll = !op.polled;
	op.polled = true;
	const done = now >= op.finishMs && !firstPoll;
	const created = new Date(op.createdMs).toISOString();
	const body: Record<string, unknown> = {};
	if (!ctx.legacy) {
		body.operationId = op.operationId;
	}
	body.status = statusWord(done ? op.outcome : 'running', ctx.legacy);
	body.createdTime = created;
	body.lastActionTime = done ? new Date(op.finishMs).toISOString() : timestamp(now);
	if (done) {
		if (ctx.version !== 'v1.0') {
			// v1.0's OperationStatus (snapshots only) has no finishedTime.
			body.finishedTime = new Date(op.finishMs).toISOString();
		}
		if (op.resourceLocation) {
			body.resourceLocation = op.resourceLocation;
		}
		if (op.outcome === 'failed' && op.message) {
			body.message = op.message;
		}
	}
	return { status: 200, body };
}
