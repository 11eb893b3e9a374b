/**
 * Operations in `globalState` (key `azureFace.operations`): every unfinished one, so activation can resume
 * it, and the most recent finished ones, for the quick pick. Only metadata: never a key, a token or a body.
 * Writes are chained so that the last snapshot always lands last.
 */
import type * as vscode from 'vscode';
import { isOperationType, typeOf } from './operationTypes';
import type { Operation, OperationState } from './types';
import { StorageKey } from '../state/keys';


/** Finished operations kept for the quick pick. */
export const MAX_RECENT = 20;
export const RECENT_MS = 24 * 60 * 60_000;

interface Stored {
	readonly version: 1;
	readonly operations: readonly unknown[];
}

/** Records of operation types a newer version wrote (enrollment, say) kept, at most this many, to be written back. */
const MAX_FOREIGN = 50;

export class OperationStore {
	private writing: Promise<void> = Promise.resolve();
	/** Records this version cannot run but must not erase: a newer version's window may be following them. */
	private foreign: unknown[] = [];

	constructor(private readonly memento: Pick<vscode.Memento, 'get' | 'update'>) {}

	load(): Operation[] {
		const raw = this.memento.get<Stored>(StorageKey.operations);
		if (!raw || typeof raw !== 'object' || !Array.isArray(raw.operations)) {
			return [];
		}
		this.foreign = raw.operations.filter(isForeign).slice(0, MAX_FOREIGN);
		return raw.operations.filter(isOperation);
	}

	/** Saves `operations` (pruned); resolves when this and every earlier write have landed. */
	save(operations: Iterable<Operation>, now = Date.now()): Promise<void> {
		const value: Stored = { version: 1, operations: [...prune([...operations], now), ...this.foreign] };
		const write = this.writing.then(() => this.memento.update(StorageKey.operations, value));
		this.writing = write.then(undefined, () => undefined);
		return write;
	}

	/** Resolves when every write asked for so far has landed or failed. */
	settled(): Promise<void> {
		return this.writing;
	}
}

/** Unfinished operations, then the finished ones of the last day, newest first, at most `MAX_RECENT`. */
export function prune(operations: readonly Operation[], now = Date.now()): Operation[] {
	const running = operations.filter((o) => o.state === 'running');
	const finished = operations
		.filter((o) => o.state !== 'running' && now - Date.parse(o.endedAt ?? o.startedAt) < RECENT_MS)
		.sort((a, b) => Date.parse(b.endedAt ?? b.startedAt) - Date.parse(a.endedAt ?? a.startedAt))
		.slice(0, MAX_RECENT);
	return [...running, ...finished];
}

/** Active operations first (oldest first), then finished ones (newest first). */
export function ordered(operations: Iterable<Operation>): Operation[] {
	const all = [...operations];
	const active = all.filter((o) => o.state === 'running').sort((a, b) => a.startedAt.localeCompare(b.startedAt));
	const finished = all.filter((o) => o.state !== 'running').sort((a, b) => (b.endedAt ?? b.startedAt).localeCompare(a.endedAt ?? a.startedAt));
	return [...active, ...finished];
}

/** An operation record of a type this version does not know (written by a newer one). */
function isForeign(o: unknown): boolean {
	if (typeof o !== 'object' || o === null) {
		return false;
	}
	const r = o as Record<string, unknown>;
	return typeof r.type === 'string' && !isOperationType(r.type) && typeof r.id === 'string' && typeof r.resourceId === 'string';
}

const STATES: readonly OperationState[] = ['running', 'succeeded', 'failed', 'stopped'];

function isOperation(o: unknown): o is Operation {
	if (typeof o !== 'object' || o === null) {
		return false;
	}
	const r = o as Record<string, unknown>;
	return typeof r.id === 'string'
		&& typeof r.resourceId === 'string'
		&& (r.type === undefined || isOperationType(r.type))
		&& typeof r.kind === 'string'
		&& typeOf(r as Pick<Operation, 'type'>).validTarget(r as Pick<Operation, 'kind'>)
		&& typeof r.containerId === 'string'
		&& typeof r.label === 'string'
		&& typeof r.startedAt === 'string'
		&& !Number.isNaN(Date.parse(r.startedAt))
		&& typeof r.pollUrl === 'string'
		&& typeof r.polls === 'number'
		&& STATES.includes(r.state as OperationState)
		&& (r.type !== 'enrollment' || isEnrollmentRecord(r.enrollment))
		&& (r.batch === undefined || isBatch(r.batch));
}

/** An enrollment's record: what resuming it needs (the folder) and its tally. */
function isEnrollmentRecord(e: unknown): boolean {
	if (typeof e !== 'object' || e === null) {
		return false;
	}
	const r = e as Record<string, unknown>;
	const counts = (c: unknown) => typeof c === 'object' && c !== null && ['added', 'existing', 'skipped', 'failed'].every((k) => typeof (c as Record<string, unknown>)[k] === 'number');
	return typeof r.folder === 'string' && typeof r.folderName === 'string' && typeof r.total === 'number' && counts(r.counts) && counts(r.doneCounts)
		&& Array.isArray(r.doneGroups) && Array.isArray(r.issues);
}

/** A batch as batch.ts reads it (a record another version wrote differently is not loaded). */
function isBatch(b: unknown): boolean {
	const r = b as Record<string, unknown> | null;
	return typeof r === 'object' && r !== null && Array.isArray(r.urls) && r.urls.every((u) => typeof u === 'string')
		&& ['total', 'ended', 'failed', 'refused'].every((k) => typeof r[k] === 'number') && Array.isArray(r.messages) && typeof r.open === 'boolean'
		&& [r.files, r.unsent].every((f) => f === undefined || (Array.isArray(f) && f.every((u) => typeof u === 'string')))
		&& (r.sent === undefined || typeof r.sent === 'number');
}
