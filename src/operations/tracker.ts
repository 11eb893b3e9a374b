/**
 * The operation tracker: every long-running operation (a training, a Person Directory write, a folder's
 * enrollment) is an Operation, started (or joined) here and run to its end (runner.ts), kept in `globalState`
 * while unfinished and resumed on activation. Presenters (status bar, notifications, the tree) listen to
 * `onDidChangeOperation`; the log presenter words what happens. The service has no cancel-training call, so
 * "stop watching" only ends our polling.
 * Several windows: one polls each operation under a lease; the others show it and take it over when the
 * lease lapses or is released (windows.ts, sync.ts, leases.ts).
 */
import * as vscode from 'vscode';
import type { ContainerKind } from '../face/kinds';
import type { FaceApi, TrainingStatus } from '../face/types';
import type { ClientProvider } from '../resources/types';
import { type Clock, systemClock } from './clock';
import type { FaceFiles } from '../state/faceFiles';
import { SizeJournal } from '../state/sizeJournal';
import { type EnrollmentStart, newEnrollment, sameEnrollment } from './enrollRecord';
import { type OperationEnd, type PollEvent, REMOVED_MESSAGE } from './follower';
import { runOperation, type RunHost } from './runner';
import { stoppedMessage } from './operationTypes';
import { TrainingHistory } from './history';
import { OperationLog } from './logPresenter';
import type { ScheduleOptions } from './schedule';
import { ordered, prune } from './store';
import { OperationSync, type SyncOptions } from './sync';
import { resumeOperations, settleClaim, syncWindows, type WindowHost } from './windows';
import { afterEnd, afterPoll } from './progress';
import { followDirectoryWrite, type DirectoryWriteTarget } from './directoryWrites';
import type { DirectoryWrite } from '../face/directoryTypes';
import { startTraining } from './training';
import type { Operation, OperationSource, OperationTargetKind } from './types';

export interface TrackerOptions extends SyncOptions {
	/** Schedule settings, read at the start of each follow (e.g. `azureFace.training.maxPollIntervalSeconds`). */
	readonly schedule?: () => Partial<ScheduleOptions>;
	readonly clock?: Clock;
	/** Where an enrollment records the `userData` of the persons' faces it adds or reads (the tree's file names). */
	readonly faceFiles?: FaceFiles;
}

export class OperationTracker implements OperationSource, vscode.Disposable {
	private readonly ops = new Map<string, Operation>();
	private readonly watchers = new Map<string, AbortController>();
	private readonly emitter = new vscode.EventEmitter<Operation>();
	private readonly clock: Clock;
	private readonly sync: OperationSync;
	private readonly text: OperationLog;
	/** What windows.ts works on. */
	private readonly windows: WindowHost;
	private disposed = false;
	private readonly resourcesListener: vscode.Disposable;
	/** Operations this window polled at some time (only those get a notification here). */
	private readonly followed = new Set<string>();
	/** Past trainings and prediction errors (the schedule's predictions), and the containers' size marks. */
	readonly history: TrainingHistory;
	readonly sizes: SizeJournal;

	readonly onDidChangeOperation = this.emitter.event;

	constructor(
		context: { readonly globalState: Pick<vscode.Memento, 'get' | 'update'> },
		private readonly clients: ClientProvider,
		log: vscode.LogOutputChannel,
		private readonly options: TrackerOptions = {},
	) {
		this.clock = options.clock ?? systemClock;
		this.text = new OperationLog(log);
		this.history = new TrainingHistory(context.globalState);
		this.sizes = new SizeJournal(context.globalState);
		this.sync = new OperationSync(context.globalState, {
			polls: (id) => this.watchers.has(id),
			get: (id) => this.ops.get(id),
			onBeat: () => {
				if (!this.disposed) {
					syncWindows(this.windows);
				}
			},
			onSaveFailed: (e) => this.text.saveFailed(e),
		}, options);
		this.windows = {
			sync: this.sync, text: this.text, clock: this.clock, watchers: this.watchers,
			active: () => this.active(),
			all: () => this.ops.values(),
			isDisposed: () => this.disposed,
			watch: (op) => this.watch(op, undefined, undefined, true),
			unwatch: (id) => this.unwatch(id),
			adopt: (op) => this.adopt(op),
		};
		for (const op of this.sync.load()) {
			this.ops.set(op.id, op);
		}
		this.resourcesListener = clients.onDidChangeResources(() => this.stopOrphans());
	}

	/** This window's id in leases. */
	get windowId(): string { return this.sync.windowId; }

	/** Whether this window polled the operation at some time (it then tells how it ended). */
	followedHere(operationId: string): boolean { return this.followed.has(operationId); }

	/** Active operations first (oldest first), then finished ones (newest first). */
	list(): Operation[] { return ordered(this.ops.values()); }

	active(): Operation[] { return this.list().filter((o) => o.state === 'running'); }
	get(operationId: string): Operation | undefined { return this.ops.get(operationId); }

	/** The container's running (or most recent) training, or the directory's / a dynamic group's write. */
	findOperation(resourceId: string, kind: OperationTargetKind, containerId: string): Operation | undefined {
		return this.list().find((o) => o.type !== 'enrollment' && o.resourceId === resourceId && o.kind === kind && o.containerId === containerId);
	}

	/** Starts an enrollment of a folder (enrollment.ts); one already running into the same container from the same folder is returned instead. */
	startEnrollment(start: EnrollmentStart): Operation {
		const op = this.active().find((o) => sameEnrollment(o, start)) ?? newEnrollment(start, this.clock);
		if (!this.ops.has(op.id)) {
			this.text.enrollmentStarted(op);
			this.ops.set(op.id, op);
			this.watch(op);
			void this.update(op);
		}
		return op;
	}

	/** Resolves when every state change so far is saved in `globalState` (deactivation waits for it). */
	saved(): Promise<void> { return this.sync.saved(); }

	/**
	 * Trains the container and follows the training (training.ts). Rejects when the train call fails. `known`:
	 * its last status, when the caller has it (no status read then).
	 */
	startTraining(resourceId: string, kind: ContainerKind, containerId: string, label: string, signal?: AbortSignal, known?: TrainingStatus): Promise<Operation> {
		return startTraining(this, { resourceId, kind, containerId, label, known }, { clients: this.clients, clock: this.clock, log: this.text, signal, history: this.history, sizes: this.sizes });
	}

	/** Whether a running operation is polled here or, under a lease, in another window. */
	followedWhere(op: Operation): 'here' | 'elsewhere' | undefined {
		return op.state !== 'running' ? undefined : this.watchers.has(op.id) ? 'here' : this.sync.heldElsewhere(op) ? 'elsewhere' : undefined;
	}

	/**
	 * Follows a new operation whose first call `client` already made (at `priorCalls`), replacing `stale`
	 * (a running record of the same target that nobody polls: its window closed).
	 */
	begin(op: Operation, client: FaceApi, priorCalls: readonly number[], stale?: Operation): void {
		if (stale) {
			this.ops.delete(stale.id);
			this.sync.drop(stale.id);
		}
		// Polled from now on, so that the first save carries this window's lease.
		this.ops.set(op.id, op);
		this.watch(op, client, priorCalls);
		void this.update(op);
	}

	/** Follows a Person Directory write answered `202` (directoryWrites.ts); undefined for a `200`. */
	followWrite(client: FaceApi, target: DirectoryWriteTarget, write: DirectoryWrite, extra?: Pick<Operation, 'subjects' | 'batch'>): Operation | undefined {
		const op = followDirectoryWrite({ begin: (o, c, calls) => this.begin(o, c, calls) }, client, target, write, { clock: this.clock, extra });
		if (op) {
			this.text.started(op, false);
		}
		return op;
	}

	/** Changes a running operation's record (a batch's command adds what it sent); undefined once it ended or the window closes. */
	amend(operationId: string, change: (op: Operation) => Operation): Operation | undefined {
		const op = this.ops.get(operationId);
		if (!op || op.state !== 'running' || this.disposed) {
			return undefined;
		}
		const next = change(op);
		void this.update(next);
		return next;
	}

	/** Resumes every unfinished operation (on activation) that no other window polls (windows.ts). */
	resume(): void { resumeOperations(this.windows); }

	/** Stops polling an operation; the operation itself cannot be cancelled and goes on in the service. */
	stopWatching(operationId: string): boolean {
		const op = this.ops.get(operationId);
		if (!op || op.state !== 'running') {
			return false;
		}
		this.unwatch(operationId);
		this.finish(op, { state: 'stopped', message: stoppedMessage(op) });
		return true;
	}

	/** Stops every timer. Unfinished operations stay in `globalState` for the next activation, with this window's
	 * leases released so that another window (or this one, reloaded) resumes them at once (`saved()`). */
	dispose(): void {
		if (this.disposed) {
			return;
		}
		this.disposed = true;
		this.sync.dispose();
		this.resourcesListener.dispose();
		const polled = new Set(this.watchers.keys());
		for (const id of polled) {
			this.unwatch(id);
		}
		this.emitter.dispose();
		if (polled.size > 0) {
			void this.sync.release(this.ops.values(), polled);
		}
	}

	/** Takes another window's copy of an operation. */
	private adopt(op: Operation): void {
		this.ops.set(op.id, op);
		this.emitter.fire(op);
	}

	/** A removed resource's operations are not followed any more (nobody sees them; its key may be gone). */
	private stopOrphans(): void {
		const orphans = [...this.watchers.keys()].map((id) => this.ops.get(id))
			.filter((op): op is Operation => op?.state === 'running' && !this.clients.getResource(op.resourceId));
		for (const op of orphans) {
			this.unwatch(op.id);
			this.finish(op, { state: 'stopped', message: REMOVED_MESSAGE });
		}
	}

	/** `claimed`: taken over or resumed, so first make sure no other window claimed it too (CLAIM_SETTLE_MS). */
	private watch(op: Operation, api?: FaceApi, priorCalls?: readonly number[], claimed = false): void {
		const controller = new AbortController();
		this.watchers.set(op.id, controller);
		this.followed.add(op.id);
		void (claimed ? settleClaim(this.windows, op.id, controller.signal) : Promise.resolve(true))
			.then((ours) => (ours ? this.run(op.id, controller, api, priorCalls) : undefined))
			.catch((e) => this.text.broke(op, e));
	}

	private unwatch(operationId: string): void {
		this.watchers.get(operationId)?.abort();
		this.watchers.delete(operationId);
	}

	private async run(id: string, controller: AbortController, client?: FaceApi, priorCalls?: readonly number[]): Promise<void> {
		const initial = this.ops.get(id);
		const end = initial && (await runOperation(initial, this.runHost, controller.signal, client, priorCalls));
		if (!initial || !end || this.disposed) {
			return; // stopWatching() recorded the stop; dispose() leaves the operation to the next activation.
		}
		this.watchers.delete(id);
		this.finish(this.ops.get(id) ?? initial, end);
	}

	/** What runner.ts works on; an enrollment's new tally counts while this window still runs it. */
	private get runHost(): RunHost {
		return {
		clients: this.clients, clock: this.clock, text: this.text, faceFiles: this.options.faceFiles,
		schedule: () => this.options.schedule?.(),
		current: (id) => this.ops.get(id),
		update: (op) => void this.update(op),
		progress: (op) => void (this.watchers.get(op.id)?.signal.aborted === false ? this.update(op) : undefined),
		onPoll: (id, event) => this.onPoll(id, event),
		};
	}

	private onPoll(id: string, event: PollEvent): void {
		const op = this.ops.get(id);
		if (!op || this.disposed) {
			return;
		}
		this.text.poll(op, event);
		if (event.waiting !== undefined && event.waiting !== op.waiting) {
			this.text.waiting(op, event.waiting);
		} else if (event.waiting === undefined && op.waiting !== undefined) {
			this.text.credentialsBack(op);
		}
		void this.update(afterPoll(op, event, this.clock));
	}

	private finish(op: Operation, end: OperationEnd): void {
		const final = afterEnd(op, end, this.clock);
		this.text.finished(final);
		void this.history.recordEnd(final, this.clock.scale);
		void this.update(final);
		this.forgetOld();
	}

	/** Keeps in memory what the store keeps: the unfinished operations and the recent finished ones. */
	private forgetOld(): void {
		const kept = new Set(prune([...this.ops.values()], this.clock.now()).map((o) => o.id));
		[...this.ops.keys()].filter((id) => !kept.has(id) && !this.watchers.has(id)).forEach((id) => this.ops.delete(id));
	}

	/** Records the new state, saves it (resolves when saved; never rejects) and tells the listeners. */
	private update(op: Operation): Promise<void> {
		if (this.disposed) {
			return Promise.resolve();
		}
		this.ops.set(op.id, op);
		const saved = this.sync.persist(this.ops.values());
		this.emitter.fire(op);
		return saved;
	}
}

