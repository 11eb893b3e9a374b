/**
 * What each origin's rate budget spent in its current window, kept in `globalState` (`azureFace.rateSpend`),
 * so that a reloaded window — a new extension host, with new budgets — does not send a full window of calls
 * on top of the ones its previous life sent a moment ago (F0: 20 a minute; the fault bench measured 21 and 22
 * after a reload). A new budget takes back every stored slot of its origin (`recall`), whichever window spent
 * it; each window stores its own slots under its own id as they are taken and answered (the changes of one tick
 * in one write, so that a window that vanishes loses none of the calls it sent), and entries older than two
 * windows are dropped. Budgets whose window is shorter than a reload (S0: a second) are not remembered: their
 * spend has expired before a new window could send anything. Only times: no key, no URL path, no request.
 */
import { randomUUID } from 'node:crypto';
import type * as vscode from 'vscode';
import type { RateBudget } from '../face/rateBudget';
import { StorageKey } from '../state/keys';

/** The stored value: per origin, per window id, the times (epoch ms) of the slots that window spent. */
interface Stored {
	readonly version: 1;
	readonly origins: Record<string, Record<string, number[]>>;
}

/** The part of a budget the memory uses. */
export type SpendingBudget = Pick<RateBudget, 'recentSpend' | 'recall' | 'onDidSpend' | 'stats'>;

/** Budgets with a shorter window are not remembered (a reload takes longer). */
export const MIN_REMEMBERED_WINDOW_MS = 5_000;

export interface SpendMemoryOptions {
	/** Budgets with a shorter window are not remembered (default `MIN_REMEMBERED_WINDOW_MS`). */
	readonly minWindowMs?: number;
	readonly now?: () => number;
	/** This extension host's id in the stored value (default: a new UUID). */
	readonly id?: string;
}

export class SpendMemory implements vscode.Disposable {
	private readonly id: string;
	private readonly minWindowMs: number;
	private readonly now: () => number;
	private readonly attached = new Map<string, { budget: SpendingBudget; stop: () => void }>();
	private readonly dirty = new Set<string>();
	private timer: ReturnType<typeof setTimeout> | undefined;
	private writing: Promise<void> = Promise.resolve();
	private disposed = false;

	constructor(private readonly memento: Pick<vscode.Memento, 'get' | 'update'>, options: SpendMemoryOptions = {}) {
		this.id = options.id ?? randomUUID();
		this.minWindowMs = options.minWindowMs ?? MIN_REMEMBERED_WINDOW_MS;
		this.now = options.now ?? Date.now;
	}

	/**
	 * Gives `budget` the slots stored for `origin` (the first time this origin's budget is seen here) and
	 * stores what it spends from now on. Attaching the same budget again does nothing.
	 */
	attach(origin: string, budget: SpendingBudget): void {
		const known = this.attached.get(origin);
		if (known?.budget === budget || this.disposed || budget.stats().windowMs < this.minWindowMs) {
			return;
		}
		known?.stop();
		const stored = this.read().origins[origin] ?? {};
		budget.recall(Object.values(stored).flat());
		const stop = budget.onDidSpend(() => this.changed(origin));
		this.attached.set(origin, { budget, stop });
	}

	/** Writes what is not written yet; resolves when every write so far has landed (or failed). */
	saved(): Promise<void> {
		if (this.timer) {
			clearTimeout(this.timer);
			this.timer = undefined;
		}
		if (this.dirty.size > 0) {
			this.write();
		}
		return this.writing;
	}

	/** Stops listening; writes what is not written yet. */
	dispose(): void {
		if (this.disposed) {
			return;
		}
		this.disposed = true;
		if (this.timer) {
			clearTimeout(this.timer);
			this.timer = undefined;
		}
		if (this.dirty.size > 0) {
			this.write();
		}
		for (const { stop } of this.attached.values()) {
			stop();
		}
	}

	private changed(origin: string): void {
		this.dirty.add(origin);
		if (this.timer || this.disposed) {
			return;
		}
		// The slots taken in one tick (a resume's polls) in one write, before any of their requests is answered.
		this.timer = setTimeout(() => {
			this.timer = undefined;
			if (this.dirty.size > 0) {
				this.write();
			}
		}, 0);
	}

	private read(): Stored {
		const raw = this.memento.get<Stored>(StorageKey.rateSpend);
		if (!raw || typeof raw !== 'object' || raw.version !== 1 || typeof raw.origins !== 'object' || raw.origins === null) {
			return { version: 1, origins: {} };
		}
		return raw;
	}

	private write(): void {
		const now = this.now();
		const stored = this.read();
		const origins: Record<string, Record<string, number[]>> = {};
		for (const [origin, byWindow] of Object.entries(stored.origins)) {
			if (typeof byWindow !== 'object' || byWindow === null) {
				continue;
			}
			const attached = this.attached.get(origin)?.budget;
			const horizon = now - 2 * windowOf(attached);
			const kept: Record<string, number[]> = {};
			for (const [id, times] of Object.entries(byWindow)) {
				const recent = Array.isArray(times) ? times.filter((t) => typeof t === 'number' && t > horizon) : [];
				if (id !== this.id && recent.length > 0) {
					kept[id] = recent;
				}
			}
			origins[origin] = kept;
		}
		for (const [origin, { budget }] of this.attached) {
			origins[origin] = { ...origins[origin], [this.id]: budget.recentSpend() };
		}
		for (const origin of Object.keys(origins)) {
			if (Object.values(origins[origin]).every((t) => t.length === 0)) {
				delete origins[origin];
			}
		}
		this.dirty.clear();
		const value: Stored = { version: 1, origins };
		this.writing = this.writing.then(() => Promise.resolve(this.memento.update(StorageKey.rateSpend, value))).then(undefined, () => undefined);
	}
}

/** The window of an attached budget (ms), or a day for an origin not attached here (kept until then). */
function windowOf(budget: SpendingBudget | undefined): number {
	return budget ? budget.stats().windowMs : 24 * 60 * 60_000;
}
