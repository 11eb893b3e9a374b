/**
 * The operations shared by several windows through `globalState`: each window saves its operations over
 * what the others saved (merge), and holds a lease on the ones it polls. A lease holds until `leaseMs` after
 * the later of the holder's last save and the next poll it announced (leases.ts), so a window that vanishes
 * without releasing (a reload, a closed browser tab whose last writes never land) is replaced about when its
 * next poll was due: every `syncMs` each window reads what the others saved, takes over lapsed leases and
 * renews its own only when they would lapse within two beats (while a poll is slow, say). A reloaded window
 * knows its previous id (`previousWindowId`) and takes its own leases back at once. The decisions are pure
 * (leases.ts); this class keeps the store, the beat and this window's identity. The tracker applies them.
 */
import { randomUUID } from 'node:crypto';
import type * as vscode from 'vscode';
import { sleep } from '../face/abort';
import { leaseExpiry, leaseHeld, mergeOperations, planSync, releaseLeases, type SyncPlan, type WindowLeases } from './leases';
import { OperationStore } from './store';
import type { Operation } from './types';

/** A lease lapses this long after its holder's last heartbeat or announced poll (three beats). */
export const LEASE_MS = 3_000;
/** How often a window reads what the others saved (a read of globalState; it writes only what changed or must be renewed). */
export const SYNC_MS = 1_000;

/**
 * A window that takes an operation over (a lapsed lease, or its own from before a reload) waits this long
 * before its first poll, then polls only if no other window claimed it meanwhile: two windows that take
 * over at once (one reloaded, one that saw its lease lapse) would otherwise both poll before either sees
 * the other's claim. Longer than a beat, so each window has read what the other saved.
 */
export const CLAIM_SETTLE_MS = 1_500;

export interface SyncOptions {
	/** This window's id in leases (default: a new UUID). */
	readonly windowId?: string;
	/** The id this window had before it reloaded: leases under it are this window's, taken back at once. */
	readonly previousWindowId?: string;
	/** How long another window's lease holds after its heartbeat or announced poll (default `LEASE_MS`). */
	readonly leaseMs?: number;
	/** How often this window reads what other windows saved and renews its leases when due (default `SYNC_MS`). */
	readonly syncMs?: number;
	/** The wait before the first poll of an operation taken over (default `CLAIM_SETTLE_MS`). */
	readonly claimSettleMs?: number;
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
	private readonly previousWindowId: string | undefined;
	private readonly store: OperationStore;
	private readonly leaseMs: number;
	private readonly syncMs: number;
	private readonly claimSettleMs: number;
	/** Records this window replaced: they must not come back from what other windows saved. */
	private readonly dropped = new Set<string>();
	private readonly leases: WindowLeases;
	private readonly timer: ReturnType<typeof setInterval>;

	constructor(memento: Pick<vscode.Memento, 'get' | 'update'>, private readonly host: SyncHost, options: SyncOptions = {}) {
		this.store = new OperationStore(memento);
		this.windowId = options.windowId ?? randomUUID();
		this.previousWindowId = options.previousWindowId !== this.windowId ? options.previousWindowId : undefined;
		this.leaseMs = options.leaseMs ?? LEASE_MS;
		this.syncMs = options.syncMs ?? SYNC_MS;
		this.claimSettleMs = options.claimSettleMs ?? CLAIM_SETTLE_MS;
		this.leases = { id: this.windowId, previousId: this.previousWindowId, polls: (id) => host.polls(id), dropped: this.dropped };
		this.timer = setInterval(() => host.onBeat(), this.syncMs);
	}

	/** What is stored now (every window's operations). */
	load(): Operation[] {
		return this.store.load();
	}

	/** Whether another window polls the operation (its lease holds; a lease of this window before a reload is its own). */
	heldElsewhere(op: Operation, now = Date.now()): boolean {
		return op.watcher !== this.windowId && (this.previousWindowId === undefined || op.watcher !== this.previousWindowId) && leaseHeld(op, now, this.leaseMs);
	}

	/** The stored copy of a running operation whose lease another window holds now (it claimed it last), if so. */
	claimedElsewhere(operationId: string, now = Date.now()): Operation | undefined {
		const stored = this.store.load().find((o) => o.id === operationId);
		return stored && stored.state === 'running' && this.heldElsewhere(stored, now) ? stored : undefined;
	}

	/**
	 * Waits `claimSettleMs` after this window claimed an operation (took it over, or resumed it), for other
	 * windows' claims to arrive, then says whose claim wins: `ours`, or the stored copy of the other window's
	 * (a smaller id keeps it, the rule of leases.ts, so two windows that each see the other's claim last still
	 * agree). `aborted` when `signal` fired meanwhile.
	 */
	async settle(operationId: string, signal: AbortSignal): Promise<'ours' | 'aborted' | Operation> {
		try {
			await sleep(this.claimSettleMs, signal);
		} catch {
			return 'aborted';
		}
		const other = this.claimedElsewhere(operationId);
		return other && (other.watcher ?? '') < this.windowId ? other : 'ours';
	}

	/** Whether a lease this window holds would lapse within two beats (as saved): time to renew it. */
	renewalDue(now = Date.now()): boolean {
		return this.store.load().some((o) => o.state === 'running' && o.watcher === this.windowId && this.host.polls(o.id)
			&& (leaseExpiry(o, now, this.leaseMs) ?? 0) - now < 2 * this.syncMs);
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
