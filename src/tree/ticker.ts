/**
 * Keeps rendered container rows true as time passes, without a request: the rows of running trainings
 * every second ("training… 12s"), every other rendered container every 30 s ("trained 2m ago"), and the
 * rows an operation changed, debounced. It only asks the provider to redraw rows by id.
 */
import type * as vscode from 'vscode';
import type { FaceTreeNode } from './node';

const TICK_MS = 1000;
/** Redraws rendered containers this often, so "trained 2m ago" stays true (no request: the status is cached). */
const AGE_TICK_MS = 30_000;
const OPERATION_DEBOUNCE_MS = 250;

export class TreeTicker implements vscode.Disposable {
	/** Container nodes the view rendered, by id (= status key), and those showing a running training. */
	private readonly rendered = new Map<string, FaceTreeNode>();
	private readonly running = new Set<string>();
	private ticker: ReturnType<typeof setInterval> | undefined;
	private ageTicker: ReturnType<typeof setInterval> | undefined;
	private readonly pending = new Set<string>();
	private debounce: ReturnType<typeof setTimeout> | undefined;

	/** `redraw` asks the view to render `node` again. */
	constructor(private readonly redraw: (node: FaceTreeNode) => void) {}

	/** A container row rendered; `running` when it shows a running (or queued) training. */
	noteRendered(node: FaceTreeNode, running: boolean): void {
		this.rendered.set(node.id, node);
		if (running) {
			this.running.add(node.id);
		} else {
			this.running.delete(node.id);
		}
		this.update();
	}

	/** A node collapsed: the rows below it are not shown any more. */
	collapsed(node: FaceTreeNode): void {
		for (const key of [...this.rendered.keys()]) {
			if (key.startsWith(`${node.id}/`)) {
				this.rendered.delete(key);
				this.running.delete(key);
			}
		}
		this.update();
	}

	/** Redraws the rendered row with this id (if any) now. */
	fire(key: string): void {
		const node = this.rendered.get(key);
		if (node) {
			this.redraw(node);
		}
	}

	/** Redraws the row soon, once for a burst of changes (operations change several times a second). */
	fireSoon(key: string): void {
		this.pending.add(key);
		this.debounce ??= setTimeout(() => {
			this.debounce = undefined;
			const keys = [...this.pending];
			this.pending.clear();
			for (const k of keys) {
				this.fire(k);
			}
		}, OPERATION_DEBOUNCE_MS);
	}

	dispose(): void {
		clearInterval(this.ticker);
		clearInterval(this.ageTicker);
		clearTimeout(this.debounce);
	}

	private update(): void {
		if (this.running.size > 0 && !this.ticker) {
			this.ticker = setInterval(() => {
				for (const key of this.running) {
					this.fire(key);
				}
			}, TICK_MS);
		} else if (this.running.size === 0 && this.ticker) {
			clearInterval(this.ticker);
			this.ticker = undefined;
		}
		if (this.rendered.size > 0 && !this.ageTicker) {
			this.ageTicker = setInterval(() => {
				for (const key of this.rendered.keys()) {
					if (!this.running.has(key)) {
						this.fire(key);
					}
				}
			}, AGE_TICK_MS);
		} else if (this.rendered.size === 0 && this.ageTicker) {
			clearInterval(this.ageTicker);
			this.ageTicker = undefined;
		}
	}
}
