/**
 * Training statuses of the containers the tree shows, fetched on demand (only for container nodes the
 * view renders), a few at a time, through the client (whose shared rate budget spaces the calls).
 * A status that says "running" while the tracker does not follow it is rechecked, ever more slowly.
 */
import * as vscode from 'vscode';
import { FaceApiError, isAbortError } from '../face/errors';
import type { ContainerKind } from '../face/kinds';
import type { TrainingStatus } from '../face/types';
import type { ClientProvider } from '../resources/types';
import { errorMessage } from '../shared/errors';
import { containerKey } from '../state/keys';

export interface StatusEntry {
	readonly status?: TrainingStatus;
	readonly error?: unknown;
	/** When the status (or error) was received, ms since epoch. */
	readonly fetchedAt?: number;
}

interface MutableEntry {
	status?: TrainingStatus;
	error?: unknown;
	fetchedAt?: number;
	stale: boolean;
	inflight?: AbortController;
	queued: boolean;
	rechecks: number;
	timer?: ReturnType<typeof setTimeout>;
}

interface Job {
	readonly key: string;
	readonly resourceId: string;
	readonly kind: ContainerKind;
	readonly containerId: string;
}

const RECHECK_DELAYS_MS = [5_000, 10_000, 20_000, 40_000, 60_000];
const MAX_RECHECKS = 30;

export function statusKey(resourceId: string, kind: ContainerKind, containerId: string): string {
	return containerKey({ resourceId, kind, containerId });
}

export class TrainingStatusCache implements vscode.Disposable {
	private readonly entries = new Map<string, MutableEntry>();
	private readonly queue: Job[] = [];
	private readonly active = new Map<string, number>();
	private disposed = false;
	private readonly onDidUpdateEmitter = new vscode.EventEmitter<string>();
	/** Fires the key (`resourceId/kind/containerId`) whose entry changed. */
	readonly onDidUpdate = this.onDidUpdateEmitter.event;

	constructor(
		private readonly clients: ClientProvider,
		private readonly log: vscode.LogOutputChannel,
		/** Whether the tracker follows a running training of this container (then no recheck is needed). */
		private readonly isFollowed: (resourceId: string, kind: ContainerKind, containerId: string) => boolean,
	) {}

	/**
	 * Status reads in flight per resource: a few on S0; one on F0 (20 calls a minute), so that a command the
	 * user runs meanwhile waits behind at most one status read in the shared rate budget.
	 */
	private limitFor(resourceId: string): number {
		return this.clients.getResource(resourceId)?.tier === 'F0' ? 1 : 4;
	}

	get(key: string): StatusEntry | undefined {
		const e = this.entries.get(key);
		return e && (e.status !== undefined || e.error !== undefined) ? e : undefined;
	}

	/** Queues a fetch unless a fresh status is known or one is already on its way. */
	request(resourceId: string, kind: ContainerKind, containerId: string): void {
		const key = statusKey(resourceId, kind, containerId);
		let e = this.entries.get(key);
		if (!e) {
			e = { stale: true, queued: false, rechecks: 0 };
			this.entries.set(key, e);
		}
		if (!e.stale || e.queued || e.inflight || this.disposed) {
			return;
		}
		e.queued = true;
		this.queue.push({ key, resourceId, kind, containerId });
		this.pump();
	}

	/**
	 * Stores a status read elsewhere (Show training status, the tracker's last poll), received at `at`: a
	 * fetch of it queued or in flight is dropped (it would read the same thing again).
	 */
	set(resourceId: string, kind: ContainerKind, containerId: string, status: TrainingStatus, at = Date.now()): void {
		const key = statusKey(resourceId, kind, containerId);
		const e = this.entries.get(key) ?? { stale: false, queued: false, rechecks: 0 };
		e.inflight?.abort();
		e.inflight = undefined;
		e.queued = false;
		this.clearTimer(e);
		e.rechecks = 0;
		e.status = status;
		e.error = undefined;
		e.fetchedAt = at;
		e.stale = false;
		this.entries.set(key, e);
		this.onDidUpdateEmitter.fire(key);
	}

	/** Marks entries under `prefix` (a node id) stale: the next render refetches, showing the old value meanwhile. */
	invalidate(prefix: string): void {
		for (const [key, e] of this.entries) {
			if (key === prefix || key.startsWith(`${prefix}/`)) {
				e.stale = true;
				e.rechecks = 0;
				this.clearTimer(e);
			}
		}
	}

	/** Drops queued fetches under `prefix` and aborts those in flight (a folder collapsed). */
	cancel(prefix: string): void {
		const under = (key: string) => key === prefix || key.startsWith(`${prefix}/`);
		for (let i = this.queue.length - 1; i >= 0; i--) {
			if (under(this.queue[i].key)) {
				const e = this.entries.get(this.queue[i].key);
				if (e) {
					e.queued = false;
				}
				this.queue.splice(i, 1);
			}
		}
		for (const [key, e] of this.entries) {
			if (under(key)) {
				e.inflight?.abort();
				this.clearTimer(e);
			}
		}
	}

	/** Forgets everything (whole-view refresh). */
	clear(): void {
		for (const e of this.entries.values()) {
			e.inflight?.abort();
			this.clearTimer(e);
		}
		this.queue.length = 0;
		this.entries.clear();
	}

	dispose(): void {
		this.disposed = true;
		this.clear();
		this.onDidUpdateEmitter.dispose();
	}

	private pump(): void {
		for (let i = 0; i < this.queue.length && !this.disposed; ) {
			const job = this.queue[i];
			const e = this.entries.get(job.key);
			if (!e || !e.queued) {
				this.queue.splice(i, 1);
				continue;
			}
			const running = this.active.get(job.resourceId) ?? 0;
			if (running >= this.limitFor(job.resourceId)) {
				i++;
				continue;
			}
			this.queue.splice(i, 1);
			e.queued = false;
			this.active.set(job.resourceId, running + 1);
			void this.fetch(job, e).finally(() => {
				this.active.set(job.resourceId, (this.active.get(job.resourceId) ?? 1) - 1);
				this.pump();
			});
		}
	}

	private async fetch(job: Job, e: MutableEntry): Promise<void> {
		const abort = new AbortController();
		e.inflight = abort;
		try {
			const client = await this.clients.getClient(job.resourceId);
			let status: TrainingStatus;
			try {
				status = await client.getTrainingStatus(job.kind, job.containerId, { signal: abort.signal, background: true });
			} catch (err) {
				if (!FaceApiError.isNotTrained(err)) {
					throw err;
				}
				status = { state: 'nottrained' };
			}
			if (e.inflight !== abort) {
				return; // superseded: set() stored a status meanwhile
			}
			e.status = status;
			e.error = undefined;
		} catch (err) {
			if (e.inflight !== abort) {
				return; // superseded: set() stored a status meanwhile
			}
			if (abort.signal.aborted || isAbortError(err)) {
				e.stale = true;
				return;
			}
			this.log.warn(`Training status of ${job.kind} '${job.containerId}' could not be read: ${errorMessage(err)}`);
			e.error = err;
			e.status = undefined;
		} finally {
			if (e.inflight === abort) {
				e.inflight = undefined;
			}
		}
		e.fetchedAt = Date.now();
		e.stale = false;
		this.scheduleRecheck(job, e);
		if (!this.disposed) {
			this.onDidUpdateEmitter.fire(job.key);
		}
	}

	private scheduleRecheck(job: Job, e: MutableEntry): void {
		this.clearTimer(e);
		const state = e.status?.state;
		if ((state !== 'running' && state !== 'notstarted') || e.rechecks >= MAX_RECHECKS) {
			if (state !== 'running' && state !== 'notstarted') {
				e.rechecks = 0;
			}
			return;
		}
		if (this.isFollowed(job.resourceId, job.kind, job.containerId)) {
			return;
		}
		const delay = RECHECK_DELAYS_MS[Math.min(e.rechecks, RECHECK_DELAYS_MS.length - 1)];
		e.rechecks++;
		e.timer = setTimeout(() => {
			e.timer = undefined;
			e.stale = true;
			this.onDidUpdateEmitter.fire(job.key);
		}, delay);
	}

	private clearTimer(e: MutableEntry): void {
		if (e.timer) {
			clearTimeout(e.timer);
			e.timer = undefined;
		}
	}
}
