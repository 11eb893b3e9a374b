/**
 * Several windows share `globalState`, and with it the operations. Each window saves its operations over
 * what the others saved (`mergeOperations`), and one window polls each training: it holds a lease (its id
 * and a heartbeat in the stored operation). `planSync` decides, from what the others saved, what this window
 * shows, stops polling and takes over. Pure: OperationTracker applies the plan.
 */
import type { Operation } from './types';

/** This window, as the merge and the plan see it. */
export interface WindowLeases {
	readonly id: string;
	/** Whether this window polls the operation now. */
	polls(operationId: string): boolean;
	/** Records this window replaced: they must not come back from what other windows saved. */
	readonly dropped: ReadonlySet<string>;
	/** The id this window had before a reload (its leases are this window's own: taken back at once). */
	readonly previousId?: string;
}

/**
 * What one window saves when other windows keep operations in the same `globalState`: the stored list with
 * this window's operations laid over it, so that no window drops another's. For an operation both have, an
 * end beats `running` (a training ended, or someone stopped watching it, in either window); while it runs, the
 * copy of the window that polls it wins. `dropped` ids (records this window replaced) go; the operations this
 * window polls are stamped with its id and `now` (its lease, see OperationTracker).
 */
export function mergeOperations(
	stored: readonly Operation[],
	mine: Iterable<Operation>,
	me: WindowLeases,
	now: number,
): Operation[] {
	const byId = new Map<string, Operation>();
	for (const s of stored) {
		if (!me.dropped.has(s.id)) {
			byId.set(s.id, s);
		}
	}
	for (const m of mine) {
		const s = byId.get(m.id);
		byId.set(m.id, s === undefined ? m : pick(s, m, me.polls(m.id)));
	}
	const heartbeatAt = new Date(now).toISOString();
	return [...byId.values()].map((o) => (o.state === 'running' && me.polls(o.id) ? { ...o, watcher: me.id, heartbeatAt } : o));
}

function pick(stored: Operation, mine: Operation, pollsHere: boolean): Operation {
	if (stored.state === 'running' && mine.state !== 'running') {
		return mine;
	}
	if (stored.state !== 'running' && mine.state === 'running') {
		return stored;
	}
	if (stored.state === 'running') {
		return pollsHere ? mine : stored;
	}
	return mine;
}

/** A lease that says its next poll is further ahead than this is not believed (a garbled or skewed record). */
export const MAX_LEASE_AHEAD_MS = 15 * 60_000;

/**
 * When the lease on `op` lapses (epoch ms, as seen at `now`): `leaseMs` after the later of the holder's last
 * heartbeat and the poll it announced next. Undefined when nobody holds it (released, or saved by a version
 * without leases). Times that cannot be true are not believed: a heartbeat further ahead than `leaseMs` (a
 * clock change), a next poll further ahead than `MAX_LEASE_AHEAD_MS` (a garbled record).
 */
export function leaseExpiry(op: Pick<Operation, 'watcher' | 'heartbeatAt' | 'nextPollAt'>, now: number, leaseMs: number): number | undefined {
	if (op.watcher === undefined) {
		return undefined;
	}
	const beat = op.heartbeatAt === undefined ? NaN : Date.parse(op.heartbeatAt);
	const due = op.nextPollAt === undefined ? NaN : Date.parse(op.nextPollAt);
	const times = [
		...(!Number.isNaN(beat) && beat - now < leaseMs ? [beat] : []),
		...(!Number.isNaN(due) && due - now <= MAX_LEASE_AHEAD_MS ? [due] : []),
	];
	return times.length === 0 ? undefined : Math.max(...times) + leaseMs;
}

/** Whether the window named in `op.watcher` still polls the operation: its lease has not lapsed (`leaseExpiry`). */
export function leaseHeld(op: Operation, now: number, leaseMs: number): boolean {
	const until = leaseExpiry(op, now, leaseMs);
	return until !== undefined && now < until;
}

/** What this window does after reading what the other windows saved. */
export interface SyncPlan {
	/** Operations polled here that another window ended or stopped (`ended`), or holds (`held`: two windows took it over at once, the smaller id keeps it). Stop polling; take the stored copy. */
	readonly release: ReadonlyArray<{ readonly op: Operation; readonly why: 'ended' | 'held' }>;
	/** Stored copies to show here (new or changed operations of other windows). */
	readonly adopt: readonly Operation[];
	/** Running operations whose lease lapsed or was released: poll them here (after adopting them). */
	readonly takeOver: readonly Operation[];
}

export function planSync(
	stored: readonly Operation[],
	here: WindowLeases & { get(operationId: string): Operation | undefined },
	now: number,
	leaseMs: number,
): SyncPlan {
	const release: Array<{ op: Operation; why: 'ended' | 'held' }> = [];
	const adopt: Operation[] = [];
	const takeOver: Operation[] = [];
	for (const s of stored) {
		if (here.dropped.has(s.id)) {
			continue;
		}
		if (here.polls(s.id)) {
			if (s.state !== 'running') {
				release.push({ op: s, why: 'ended' });
			} else if (s.watcher !== undefined && s.watcher < here.id && leaseHeld(s, now, leaseMs)) {
				release.push({ op: s, why: 'held' });
			}
			continue;
		}
		const mine = here.get(s.id);
		if (mine && mine.state !== 'running' && s.state === 'running') {
			continue; // Ended here; this window's next save tells the others.
		}
		if (!mine || JSON.stringify(mine) !== JSON.stringify(s)) {
			adopt.push(s);
		}
		if (s.state === 'running' && (!leaseHeld(s, now, leaseMs) || (s.watcher !== undefined && s.watcher === here.previousId))) {
			takeOver.push(s);
		}
	}
	return { release, adopt, takeOver };
}

/** `merged` with this window's leases on `polled` operations released (a window closing or reloading). */
export function releaseLeases(merged: readonly Operation[], polled: ReadonlySet<string>, windowId: string): Operation[] {
	return merged.map((o) => (polled.has(o.id) && o.state === 'running' && (o.watcher === undefined || o.watcher === windowId)
		? { ...o, watcher: undefined, heartbeatAt: undefined }
		: o));
}
