/**
 * The tracker's part in several windows: on activation it resumes what no other window polls; on every
 * beat it reads what the others saved (their new operations and progress show here, an operation that
 * ended or was stopped elsewhere is not polled here any more, one whose lease lapsed is taken over) and
 * renews this window's leases; and a claimed operation (resumed, taken over) is polled only once no other
 * window's claim wins (sync.ts `settle`). The rules themselves are in leases.ts.
 */
import type { Clock } from './clock';
import type { OperationLog } from './logPresenter';
import type { OperationSync } from './sync';
import type { Operation } from './types';

/** What these functions need of the tracker. */
export interface WindowHost {
	readonly sync: OperationSync;
	readonly text: OperationLog;
	readonly clock: Clock;
	/** Operations this window polls (or is about to). */
	readonly watchers: ReadonlyMap<string, unknown> & { delete(id: string): boolean };
	active(): Operation[];
	all(): Iterable<Operation>;
	isDisposed(): boolean;
	/** Polls a claimed operation (after `settleClaim`). */
	watch(op: Operation): void;
	unwatch(operationId: string): void;
	adopt(op: Operation): void;
}

/** Resumes every unfinished operation (on activation) that no other window polls; does not wait for them. */
export function resumeOperations(host: WindowHost): void {
	const now = Date.now();
	for (const op of host.active()) {
		if (host.watchers.has(op.id)) {
			continue;
		}
		if (host.sync.heldElsewhere(op, now)) {
			host.text.followedElsewhere(op);
			continue;
		}
		host.text.resuming(op, host.clock.now());
		host.watch(op);
	}
	if (host.watchers.size > 0) {
		void host.sync.persist(host.all()); // this window's leases
	}
}

/** One beat: what the other windows saved, applied here; this window's leases renewed when due. */
export function syncWindows(host: WindowHost): void {
	const plan = host.sync.plan();
	for (const { op, why } of plan.release) {
		host.unwatch(op.id);
		if (why === 'ended') {
			host.text.endedElsewhere(op);
		} else {
			host.text.followedElsewhere(op);
		}
		host.adopt(op);
	}
	for (const op of plan.adopt) {
		host.adopt(op);
	}
	for (const op of plan.takeOver) {
		host.text.takingOver(op, host.clock.now());
		host.watch(op);
	}
	if (plan.release.length + plan.takeOver.length > 0 || (host.watchers.size > 0 && host.sync.renewalDue())) {
		void host.sync.persist(host.all());
	}
}

/** Whether this window polls a claimed operation: false (and it is followed elsewhere) when another window's claim wins. */
export async function settleClaim(host: WindowHost, id: string, signal: AbortSignal): Promise<boolean> {
	const outcome = await host.sync.settle(id, signal);
	if (outcome === 'aborted' || host.isDisposed()) {
		return false;
	}
	if (outcome === 'ours') {
		return true;
	}
	host.watchers.delete(id);
	host.text.followedElsewhere(outcome);
	host.adopt(outcome);
	return false;
}
