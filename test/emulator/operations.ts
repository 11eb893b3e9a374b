/**
 * `GET /operations/{operationId}` and the operations behind it: the Person Directory's asynchronous writes
 * (`directory.ts`, `dynamicGroups.ts`) and synthetic ones that tests create through the control surface
 * (`POST /_emulator/operations`).
 *
 * State machine: `notStarted` (queued: `operationQueueMs`, and behind earlier writes to the same person or
 * group, which the service processes in order) → `running` (`operationMs`) → `succeeded` | `failed`. Times
 * are emulated ms divided by `timeScale`. A write's effect is applied when its operation succeeds (a face
 * becomes searchable) and undone when it fails (`operationFailure` names the writes that fail). Operations
 * settle by the clock, whether or not anyone polls: `settleOperations` runs before every Face request.
 * A synthetic operation keeps its old rule: its first poll says `running`, whatever the clock.
 */
import { randomUUID } from 'node:crypto';
import type { EmulatorConfig } from './config';
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

/** What an asynchronous write names: `createPerson`, `addFace`, … (matched by `operationFailure`). */
export type WriteKind = 'createPerson' | 'deletePerson' | 'addFace' | 'deleteFace' | 'createGroup' | 'updateGroup' | 'deleteGroup';

export interface WriteSpec {
	kind: WriteKind;
	/** Writes with the same key run one after the other (`person/<id>`, `group/<id>`). */
	serialKey: string;
	/** Run when the operation succeeds. */
	apply?: () => void;
	/** Run when it fails. */
	revert?: () => void;
	resourceLocation?: string;
}

export function createOperation(store: Store, spec: OperationSpec): OperationRecord {
	const now = Date.now();
	const op: OperationRecord = {
		operationId: randomUUID(),
		createdMs: now,
		startMs: now,
		finishMs: now + Math.max(0, spec.durationMs ?? 0),
		outcome: spec.outcome ?? 'succeeded',
		message: spec.message ?? (spec.outcome === 'failed' ? 'The operation failed.' : undefined),
		resourceLocation: spec.resourceLocation,
		polled: false,
		synthetic: true,
	};
	store.operations.set(op.operationId, op);
	return op;
}

/** Whether `operationFailure` ('' none, '*' every write, else text matched against the write's kind) fails this write. */
function failsBy(config: EmulatorConfig, kind: WriteKind): boolean {
	const m = config.operationFailure;
	return m !== '' && (m === '*' || kind.toLowerCase().includes(m.toLowerCase()));
}

/** Queues an asynchronous write; returns its operation (the caller answers `202` with `writeAccepted`). */
export function startWrite(store: Store, config: EmulatorConfig, spec: WriteSpec): OperationRecord {
	const now = Date.now();
	const queued = now + config.operationQueueMs / config.timeScale;
	const startMs = Math.max(queued, store.serialEnds.get(spec.serialKey) ?? 0);
	const finishMs = startMs + config.operationMs / config.timeScale;
	store.serialEnds.set(spec.serialKey, finishMs);
	const fails = failsBy(config, spec.kind);
	const op: OperationRecord = {
		operationId: randomUUID(),
		createdMs: now,
		startMs,
		finishMs,
		outcome: fails ? 'failed' : 'succeeded',
		message: fails ? config.operationFailureMessage : undefined,
		resourceLocation: spec.resourceLocation,
		polled: false,
		synthetic: false,
		kind: spec.kind,
		apply: spec.apply,
		revert: spec.revert,
	};
	store.operations.set(op.operationId, op);
	store.pending.add(op);
	settleOperations(store, now);
	return op;
}

/** `202`, the operation's absolute URL in `operation-location` (as the service spells it), `Location`, and a body. */
export function writeAccepted(ctx: Ctx, op: OperationRecord, body?: unknown, location?: string): Reply {
	const url = `${ctx.origin}/face/${ctx.version}/operations/${op.operationId}`;
	const reply: Reply = { status: 202, headers: { 'operation-location': url, Location: location ?? url } };
	if (body !== undefined) {
		reply.body = body;
	}
	return reply;
}

/** Applies or undoes every write whose operation has ended by `now`, in the order they end. */
export function settleOperations(store: Store, now = Date.now()): void {
	if (store.pending.size === 0) {
		return;
	}
	const due = [...store.pending].filter((op) => op.finishMs <= now).sort((a, b) => a.finishMs - b.finishMs);
	for (const op of due) {
		store.pending.delete(op);
		if (op.outcome === 'succeeded') {
			op.apply?.();
		} else {
			op.revert?.();
		}
	}
}

/** Ends pending writes now (all, or the one named), optionally forcing the outcome; returns their ids. */
export function finishOperations(store: Store, req: { operationId?: string; outcome?: 'succeeded' | 'failed'; message?: string }): string[] {
	const now = Date.now();
	const ended: string[] = [];
	for (const op of store.pending) {
		if (req.operationId && op.operationId !== req.operationId.toLowerCase()) {
			continue;
		}
		op.startMs = Math.min(op.startMs, now);
		op.finishMs = now;
		if (req.outcome) {
			op.outcome = req.outcome;
			op.message = req.outcome === 'failed' ? (req.message ?? op.message ?? 'The operation failed.') : undefined;
		}
		ended.push(op.operationId);
	}
	for (const key of store.serialEnds.keys()) {
		store.serialEnds.set(key, Math.min(store.serialEnds.get(key)!, now));
	}
	settleOperations(store, now);
	return ended;
}

export type OperationPhase = 'notStarted' | 'running' | 'succeeded' | 'failed';

export function phaseOf(op: OperationRecord, now = Date.now()): OperationPhase {
	if (now < op.startMs) {
		return 'notStarted';
	}
	return now < op.finishMs ? 'running' : op.outcome;
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
	let phase = phaseOf(op, now);
	if (op.synthetic && firstPoll && (phase === 'succeeded' || phase === 'failed')) {
		phase = 'running';
	}
	const done = phase === 'succeeded' || phase === 'failed';
	const body: Record<string, unknown> = {};
	if (!ctx.legacy) {
		body.operationId = op.operationId;
	}
	body.status = statusWord(phase, ctx.legacy);
	body.createdTime = new Date(op.createdMs).toISOString();
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
