/**
 * The operations shared by several windows through `globalState`: each window saves its operations over
 * what the others saved (merge), holds a lease on the ones it polls (renewed every `syncMs`), and reads
 * back what the others saved on the same beat. The decisions are pure (leases.ts); this class keeps the
 * store, the lease timer and this window's identity, and says what to do. The tracker applies it.
 */
import { randomUUID } from 'node:crypto';
import type * as vscode from 'vscode';
import { leaseHeld, mergeOperations, planSync, releaseLeases, type SyncPlan, type WindowLeases } from './leases';
import { OperationStore } from './store';
import type { Operation } from './types';

export const LEASE_MS = 45_000;
export const SYNC_MS = 10_000;

export interface SyncOptions {
	/** This window's id in leases (default: a new UUID). */
	readonly windowId?: string;
	/** How long another window's lease holds without a heartbeat (default `LEASE_MS`). */
	readonly leaseMs?: number;
	/** How often this window reads what other windows saved and renews its leases (default `SYNC_MS`). */
	readonly syncMs?: number;
}

/** What the sync asks of this window's tracker. */
export interface SyncHost {
	/** Whether this window polls the operation now. */
	polls(operationId: string): boolean;
	get(operationId: string): Operation | undefined;
	/** Every `syncMs`: read the plan and apply it. */
	onBeat(): void;
	/** A save failed (the operations stay in memory). */
	onSaveFailed(e: unknown): void;
}

export class OperationSync implements vscode.Disposable {
	readonly windowId: string;
	private readonly store: OperationStore;
	private readonly leaseMs: number;
	/** Records this window replaced: they must not come back from what other windows saved. */
	private readonly dropped = new Set<string>();
	private readonly leases: WindowLeases;
	private readonly timer: ReturnType<typeof setInterval>;

	constructor(memento: Pick<vscode.Memento, 'get' | 'update'>, private readonly host: SyncHost, options: SyncOptions = {}) {
		this.store = new OperationStore(memento);
		this.windowId = options.windowId ?? randomUUID();
		this.leaseMs = options.leaseMs ?? LEASE_MS;
		this.leases = { id: this.windowId, polls: (id) => host.polls(id), dropped: this.dropped };
		this.timer = setInterval(() => host.onBeat(), options.syncMs ?? SYNC_MS);
	}

	/** What is stored now (every window's operations). */
	load(): Operation[] {
		return this.store.load();
	}

	/** Whether another window polls the operation (its lease holds). */
	heldElsewhere(op: Operation, now = Date.now()): boolean {
		return op.watcher !== this.windowId && leaseHeld(op, now, this.leaseMs);
	}

	/** This window replaced the record: it must not come back from what others saved. */
	drop(operationId: string): void {
		this.dropped.add(operationId);
	}

	/** What to release, adopt and take over, from what the other windows saved. */
	plan(): SyncPlan {
		return planSync(this.store.load(), { ...this.leases, get: (id) => this.host.get(id) }, Date.now(), this.leaseMs);
	}

	/** Saves this window's operations over what the others saved, renewing its leases (never rejects). */
	persist(mine: Iterable<Operation>): Promise<void> {
		return this.save(mergeOperations(this.store.load(), mine, this.leases, Date.now()));
	}

	/** Saves with this window's leases on `polled` released (the window closes or reloads). */
	release(mine: Iterable<Operation>, polled: ReadonlySet<string>): Promise<void> {
		return this.save(releaseLeases(mergeOperations(this.store.load(), mine, this.leases, Date.now()), polled, this.windowId));
	}

	/** Resolves when every save asked for so far has landed (or failed). */
	saved(): Promise<void> {
		return this.store.settled();
	}

	dispose(): void {
		clearInterval(this.timer);
	}

	private save(operations: Operation[]): Promise<void> {
		return this.store.save(operations).catch((e) => this.host.onSaveFailed(e));
	}
}
