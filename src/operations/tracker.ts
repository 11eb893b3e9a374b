/**
 * The operation tracker: every training is an Operation, started (or joined) here, followed to its end by
 * `followTraining`, persisted in `globalState` while unfinished and resumed on activation. Presenters (status
 * bar, notifications, the tree) listen to `onDidChangeOperation`. The service has no cancel-training call,
 * so "stop watching" only ends our polling.
 * Several windows: one polls each training under a lease renewed every `syncMs`; the others show it and take
 * it over when the lease lapses (`leaseMs`) or is released (leases.ts).
 */
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { isAbortError } from '../face/errors';
import type { ContainerKind } from '../face/kinds';
import type { FaceApi } from '../face/types';
import type { ClientProvider } from '../resources/types';
import { type Clock, systemClock } from './clock';
import { type PollEvent, followTraining } from './follower';
import { elapsedMs, formatDuration, pollPath } from './format';
import type { ScheduleOptions } from './schedule';
import { startOrJoinTraining } from './starter';
import { leaseHeld, mergeOperations, planSync, releaseLeases, type WindowLeases } from './leases';
import { OperationStore, prune } from './store';
import type { Operation, OperationSource } from './types';

export interface TrackerOptions {
	/** Schedule settings, read at the start of each follow (e.g. `azureFace.training.maxPollIntervalSeconds`). */
	readonly schedule?: () => Partial<ScheduleOptions>;
	readonly clock?: Clock;
	/** This window's id in leases (default: a new UUID). */
	readonly windowId?: string;
	/** How long another window's lease holds without a heartbeat (default `LEASE_MS`). */
	readonly leaseMs?: number;
	/** How often the tracker reads what other windows saved and renews its leases (default `SYNC_MS`). */
	readonly syncMs?: number;
}

export const LEASE_MS = 45_000;
export const SYNC_MS = 10_000;

export const STOPPED_MESSAGE = 'Stopped watching. The training goes on in the service.';
export const REMOVED_MESSAGE = 'The resource was removed.';


export class OperationTracker implements OperationSource, vscode.Disposable {
	private readonly ops = new Map<string, Operation>();
	private readonly watchers = new Map<string, AbortController>();
	private readonly done = new Map<string, { promise: Promise<Operation>; resolve: (op: Operation) => void }>();
	private readonly store: OperationStore;
	private readonly emitter = new vscode.EventEmitter<Operation>();
	private readonly clock: Clock;
	private disposed = false;
	private readonly resourcesListener: vscode.Disposable;
	/** Records this window replaced: they must not come back from what other windows saved. */
	private readonly dropped = new Set<string>();
	/** Operations this window polled at some time (only those get a notification here). */
	private readonly followed = new Set<string>();
	private readonly syncTimer: ReturnType<typeof setInterval>;
	private readonly leases: WindowLeases;
	private readonly leaseMs: number;
	/** The save that released this window's leases (dispose). */
	released: Promise<void> = Promise.resolve();

	readonly onDidChangeOperation = this.emitter.event;

	constructor(
		context: { readonly globalState: Pick<vscode.Memento, 'get' | 'update'> },
		private readonly clients: ClientProvider,
		private readonly log: vscode.LogOutputChannel,
		private readonly options: TrackerOptions = {},
	) {
		this.clock = options.clock ?? systemClock;
		this.store = new OperationStore(context.globalState);
		for (const op of this.store.load()) {
			this.ops.set(op.id, op);
		}
		this.resourcesListener = clients.onDidChangeResources(() => this.stopOrphans());
		this.leaseMs = options.leaseMs ?? LEASE_MS;
		this.leases = { id: options.windowId ?? randomUUID(), polls: (id) => this.watchers.has(id), dropped: this.dropped };
		this.syncTimer = setInterval(() => this.sync(), options.syncMs ?? SYNC_MS);
	}

	/** This window's id in leases. */
	get windowId(): string {
		return this.leases.id;
	}

	/** Whether this window polled the operation at some time (it then tells how it ended). */
	followedHere(operationId: string): boolean {
		return this.followed.has(operationId);
	}

	/** Active operations first (oldest first), then finished ones (newest first). */
	list(): Operation[] {
		const all = [...this.ops.values()];
		const active = all.filter((o) => o.state === 'running').sort((a, b) => a.startedAt.localeCompare(b.startedAt));
		const finished = all.filter((o) => o.state !== 'running').sort((a, b) => (b.endedAt ?? b.startedAt).localeCompare(a.endedAt ?? a.startedAt));
		return [...active, ...finished];
	}

	active(): Operation[] {
		return this.list().filter((o) => o.state === 'running');
	}

	get(operationId: string): Operation | undefined {
		return this.ops.get(operationId);
	}

	/** Whether this window is polling the operation now. */
	isWatching(operationId: string): boolean {
		return this.watchers.has(operationId);
	}

	findOperation(resourceId: string, kind: ContainerKind, containerId: string): Operation | undefined {
		return this.list().find((o) => o.resourceId === resourceId && o.kind === kind && o.containerId === containerId);
	}

	/**
	 * Trains the container and follows the training. Resolves once the service accepted the train call (or a
	 * running training was joined) with the new Operation; the end arrives through `onDidChangeOperation`
	 * and `whenDone`. Rejects when the train call fails (not found, unauthorised, …).
	 */
	async startTraining(resourceId: string, kind: ContainerKind, containerId: string, label: string, signal?: AbortSignal): Promise<Operation> {
		const existing = this.findOperation(resourceId, kind, containerId);
		if (existing?.state === 'running' && this.watchers.has(existing.id)) {
			this.log.info(`Training '${existing.label}' is already being watched.`);
			return existing;
		}
		if (existing?.state === 'running' && existing.watcher !== this.windowId && leaseHeld(existing, Date.now(), this.leaseMs)) {
			this.log.info(`Training '${existing.label}' is already being watched in another window.`);
			return existing;
		}
		const api = await this.clients.getClient(resourceId);
		const previousOp = this.lastSucceeded(resourceId, kind, containerId);
		const start = await startOrJoinTraining(api, kind, containerId, {
			signal,
			clock: this.clock,
			fallbackPredictionMs: previousOp ? elapsedMs(previousOp) : undefined,
		});
		const op: Operation = {
			id: randomUUID(),
			resourceId,
			kind,
			containerId,
			label,
			startedAt: new Date(start.startedAt).toISOString(),
			state: 'running',
			pollUrl: start.pollUrl,
			polls: 0,
			predictedMs: start.predictedMs === undefined ? undefined : Math.round(start.predictedMs),
		};
		if (existing?.state === 'running') {
			// Same container, nobody polls it (its window closed): replace the stale record.
			this.ops.delete(existing.id);
			this.dropped.add(existing.id);
		}
		const expected = op.predictedMs === undefined ? '' : ` (expected ~${formatDuration(op.predictedMs)}, like the previous training)`;
		this.log.info(start.joined
			? `Training '${label}' was already running: following it${expected}. Polling ${pollPath(op.pollUrl)}.`
			: `Training '${label}' started${expected}. Polling ${pollPath(op.pollUrl)}.`);
		// Polled from now on, so that the first save carries this window's lease.
		this.ops.set(op.id, op);
		this.watch(op, api, start.calls);
		void this.update(op);
		return op;
	}

	/** Follows an operation that is running (resume, or an operation created elsewhere). */
	follow(op: Operation): void {
		if (op.state !== 'running' || this.watchers.has(op.id) || this.disposed) {
			return;
		}
		this.ops.set(op.id, op);
		this.watch(op);
	}

	/**
	 * Resumes every unfinished operation (on activation) that no other window polls. Does not wait for any
	 * of them to end.
	 */
	resume(): void {
		const now = Date.now();
		for (const op of this.active()) {
			if (this.watchers.has(op.id)) {
				continue;
			}
			if (op.watcher !== this.windowId && leaseHeld(op, now, this.leaseMs)) {
				this.log.info(`Training '${op.label}' is followed by another window.`);
				continue;
			}
			this.log.info(`Resuming training '${op.label}' (running for ${formatDuration(elapsedMs(op, this.clock.now()))}).`);
			this.watch(op);
		}
		if (this.watchers.size > 0) {
			void this.persist(); // this window's leases
		}
	}

	/** Stops polling an operation; the training itself cannot be cancelled and goes on in the service. */
	stopWatching(operationId: string): boolean {
		const op = this.ops.get(operationId);
		if (!op || op.state !== 'running') {
			return false;
		}
		this.watchers.get(operationId)?.abort();
		this.watchers.delete(operationId);
		this.finish(op, { state: 'stopped', message: STOPPED_MESSAGE });
		return true;
	}

	/** Resolves when the operation is no longer running (succeeded, failed or stopped). */
	whenDone(operationId: string): Promise<Operation> {
		const op = this.ops.get(operationId);
		if (!op) {
			return Promise.reject(new Error(`No operation ${operationId}.`));
		}
		if (op.state !== 'running') {
			return Promise.resolve(op);
		}
		let entry = this.done.get(operationId);
		if (!entry) {
			let resolve!: (op: Operation) => void;
			const promise = new Promise<Operation>((r) => (resolve = r));
			entry = { promise, resolve };
			this.done.set(operationId, entry);
		}
		return entry.promise;
	}

	/**
	 * Stops every timer. Unfinished operations stay in `globalState` for the next activation, with this
	 * window's leases released so that another window (or this one, reloaded) resumes them at once;
	 * `released` resolves when that is saved.
	 */
	dispose(): void {
		if (this.disposed) {
			return;
		}
		this.disposed = true;
		clearInterval(this.syncTimer);
		this.resourcesListener.dispose();
		const polled = new Set(this.watchers.keys());
		for (const c of this.watchers.values()) {
			c.abort();
		}
		this.watchers.clear();
		this.emitter.dispose();
		if (polled.size > 0) {
			const merged = releaseLeases(mergeOperations(this.store.load(), this.ops.values(), this.leases, Date.now()), polled, this.windowId);
			this.released = this.store.save(merged).catch((e) => {
				this.log.warn(`Could not save operations: ${e instanceof Error ? e.message : String(e)}`);
			});
		}
	}

	/**
	 * Reads what other windows saved: their new operations and progress show here; an operation that ended
	 * or was stopped elsewhere is not polled here any more; one whose lease lapsed is taken over. Then renews
	 * this window's leases.
	 */
	sync(): void {
		if (this.disposed) {
			return;
		}
		const plan = planSync(this.store.load(), { ...this.leases, get: (id) => this.ops.get(id) }, Date.now(), this.leaseMs);
		for (const { op, why } of plan.release) {
			this.watchers.get(op.id)?.abort();
			this.watchers.delete(op.id);
			this.log.info(why === 'ended'
				? `Training '${op.label}' was ${op.state} in another window.`
				: `Training '${op.label}' is followed by another window.`);
			this.adopt(op);
		}
		for (const op of plan.adopt) {
			this.adopt(op);
		}
		for (const op of plan.takeOver) {
			this.log.info(`Taking over training '${op.label}': no other window follows it (running for ${formatDuration(elapsedMs(op, this.clock.now()))}).`);
			this.watch(op);
		}
		if (this.watchers.size > 0) {
			void this.persist();
		}
	}

	/** Takes another window's copy of an operation. */
	private adopt(op: Operation): void {
		this.ops.set(op.id, op);
		this.emitter.fire(op);
		if (op.state !== 'running') {
			const waiter = this.done.get(op.id);
			if (waiter) {
				this.done.delete(op.id);
				waiter.resolve(op);
			}
		}
	}

	/** A removed resource's trainings are not followed any more (nobody sees them; its key may be gone). */
	private stopOrphans(): void {
		for (const id of [...this.watchers.keys()]) {
			const op = this.ops.get(id);
			if (op?.state === 'running' && !this.clients.getResource(op.resourceId)) {
				this.watchers.get(id)?.abort();
				this.watchers.delete(id);
				this.finish(op, { state: 'stopped', message: REMOVED_MESSAGE });
			}
		}
	}

	private lastSucceeded(resourceId: string, kind: ContainerKind, containerId: string): Operation | undefined {
		return this.list().find((o) => o.resourceId === resourceId && o.kind === kind && o.containerId === containerId && o.state === 'succeeded');
	}

	private watch(op: Operation, api?: FaceApi, priorCalls?: readonly number[]): void {
		const controller = new AbortController();
		this.watchers.set(op.id, controller);
		this.followed.add(op.id);
		void this.run(op.id, controller, api, priorCalls).catch((e) => {
			this.log.error(`Following training '${op.label}' broke: ${e instanceof Error ? e.message : String(e)}`);
		});
	}

	private async run(id: string, controller: AbortController, api?: FaceApi, priorCalls?: readonly number[]): Promise<void> {
		const initial = this.ops.get(id);
		if (!initial) {
			return;
		}
		let client = api;
		if (!client) {
			if (!this.clients.getResource(initial.resourceId)) {
				this.finish(initial, { state: 'stopped', message: REMOVED_MESSAGE });
				return;
			}
			try {
				client = await this.clients.getClient(initial.resourceId);
			} catch (e) {
				if (!controller.signal.aborted) {
					this.finish(initial, { state: 'stopped', message: `Cannot reach the resource: ${e instanceof Error ? e.message : String(e)}` });
				}
				return;
			}
		}
		const poller = client;
		const result = await followTraining({
			poll: (signal) => poller.pollTraining(initial.pollUrl, { signal }),
			startedAt: Date.parse(initial.startedAt),
			predictedMs: initial.predictedMs,
			schedule: this.options.schedule?.(),
			clock: this.clock,
			signal: controller.signal,
			priorCalls,
			priorPolls: initial.polls,
			onPoll: (event) => this.onPoll(id, event),
		});
		if (controller.signal.aborted || this.disposed) {
			return; // stopWatching() recorded the stop; dispose() leaves the operation to the next activation.
		}
		this.watchers.delete(id);
		const current = this.ops.get(id) ?? initial;
		this.finish(current, {
			state: result.state,
			message: result.message,
			polls: result.polls,
			endedAt: result.state === 'stopped' ? undefined : result.endedAt,
		});
	}

	private onPoll(id: string, event: PollEvent): void {
		const op = this.ops.get(id);
		if (!op || this.disposed) {
			return;
		}
		const what = event.status
			? event.status.rawStatus ?? event.status.state
			: `error: ${describeError(event.error)}`;
		const next = event.nextInMs === undefined ? '' : `; next poll in ${formatDuration(event.nextInMs)}`;
		this.log.trace(`Training '${op.label}' poll ${event.polls} at ${formatDuration(event.elapsedMs)}: ${what}${next}`);
		const lastStatus = event.status ? event.status.rawStatus ?? event.status.state : op.lastStatus;
		if (lastStatus !== op.lastStatus && event.status && event.status.state !== 'succeeded' && event.status.state !== 'failed') {
			this.log.info(`Training '${op.label}' is ${lastStatus} (${formatDuration(event.elapsedMs)}).`);
		}
		void this.update({
			...op,
			polls: event.polls,
			lastStatus,
			lastPolledAt: new Date(this.clock.now()).toISOString(),
		});
	}

	private finish(op: Operation, end: Pick<Operation, 'state'> & { message?: string; polls?: number; endedAt?: number }): void {
		const endedAt = new Date(end.endedAt ?? this.clock.now()).toISOString();
		const final: Operation = { ...op, state: end.state, endedAt, message: end.message, polls: end.polls ?? op.polls };
		const took = formatDuration(elapsedMs(final));
		switch (final.state) {
			case 'succeeded':
				this.log.info(`Training '${final.label}' succeeded in ${took} (${final.polls} polls).`);
				break;
			case 'failed':
				this.log.error(`Training '${final.label}' failed after ${took}: ${final.message ?? 'no message from the service'}`);
				break;
			default:
				this.log.info(`Training '${final.label}': ${final.message ?? STOPPED_MESSAGE}`);
		}
		const saved = this.update(final);
		this.forgetOld();
		const waiter = this.done.get(final.id);
		if (waiter) {
			this.done.delete(final.id);
			// Resolve once the end is in globalState too.
			void saved.then(() => waiter.resolve(final));
		}
	}

	/** Keeps in memory what the store keeps: the unfinished operations and the recent finished ones. */
	private forgetOld(): void {
		const kept = new Set(prune([...this.ops.values()], this.clock.now()).map((o) => o.id));
		for (const id of [...this.ops.keys()]) {
			if (!kept.has(id) && !this.watchers.has(id)) {
				this.ops.delete(id);
			}
		}
	}

	/** Records the new state, saves it (resolves when saved; never rejects) and tells the listeners. */
	private update(op: Operation): Promise<void> {
		if (this.disposed) {
			return Promise.resolve();
		}
		this.ops.set(op.id, op);
		const saved = this.persist();
		this.emitter.fire(op);
		return saved;
	}

	/** Saves this window's operations over what the others saved, renewing its leases (never rejects). */
	private persist(): Promise<void> {
		const merged = mergeOperations(this.store.load(), this.ops.values(), this.leases, Date.now());
		return this.store.save(merged).catch((e) => {
			this.log.warn(`Could not save operations: ${e instanceof Error ? e.message : String(e)}`);
		});
	}
}

function describeError(e: unknown): string {
	if (isAbortError(e)) {
		return 'aborted';
	}
	if (e instanceof Error) {
		const status = (e as { status?: unknown }).status;
		return typeof status === 'number' ? `${status} ${e.message}` : e.message;
	}
	return String(e);
}
