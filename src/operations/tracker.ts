/**
 * The operation tracker: every training is an Operation, started (or joined) here, followed to its end by
 * `followTraining`, persisted in `globalState` while unfinished and resumed on activation. Presenters (status
 * bar, notifications, the tree) listen to `onDidChangeOperation`. The service has no cancel-training call,
 * so "stop watching" only ends our polling.
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
import { OperationStore, prune } from './store';
import type { Operation, OperationSource } from './types';

export interface TrackerOptions {
	/** Schedule settings, read at the start of each follow (e.g. `azureFace.training.maxPollIntervalSeconds`). */
	readonly schedule?: () => Partial<ScheduleOptions>;
	readonly clock?: Clock;
}

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
			// Same container, not watched here (e.g. stopped in another window): replace the stale record.
			this.ops.delete(existing.id);
		}
		const expected = op.predictedMs === undefined ? '' : ` (expected ~${formatDuration(op.predictedMs)}, like the previous training)`;
		this.log.info(start.joined
			? `Training '${label}' was already running: following it${expected}. Polling ${pollPath(op.pollUrl)}.`
			: `Training '${label}' started${expected}. Polling ${pollPath(op.pollUrl)}.`);
		void this.update(op);
		this.watch(op, api, start.calls);
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

	/** Resumes every unfinished operation (on activation). Does not wait for any of them to end. */
	resume(): void {
		for (const op of this.active()) {
			if (!this.watchers.has(op.id)) {
				this.log.info(`Resuming training '${op.label}' (running for ${formatDuration(elapsedMs(op, this.clock.now()))}).`);
				this.watch(op);
			}
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

	/** Stops every timer. Unfinished operations stay in `globalState` for the next activation. */
	dispose(): void {
		this.disposed = true;
		this.resourcesListener.dispose();
		for (const c of this.watchers.values()) {
			c.abort();
		}
		this.watchers.clear();
		this.emitter.dispose();
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
		const saved = this.store.save(this.ops.values()).catch((e) => {
			this.log.warn(`Could not save operations: ${e instanceof Error ? e.message : String(e)}`);
		});
		this.emitter.fire(op);
		return saved;
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
