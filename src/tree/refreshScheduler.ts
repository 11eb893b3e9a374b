/**
 * The one way the tree tells VS Code that nodes changed (`onDidChangeTreeData`), so that no change is lost.
 *
 * What VS Code does with a change event (extHostTreeViews.ts, workbench treeView.ts):
 * - The extension host drops an event for an element it has not registered: not rendered yet (its
 *   `getTreeItem` has not resolved, or a sibling's has not), or forgotten because an ancestor was refreshed
 *   (a refresh of a node forgets the node's children until the workbench asks for them again).
 * - The workbench loses the refetch of a node's children when the refresh of that node reaches it while it
 *   is still applying the children it just fetched (seen in the e2e suite: a folder refreshed for its count
 *   a few ms after its expansion). The extension host has forgotten the children by then and is never asked
 *   again: the rows keep their first rendering forever (no training description) and their commands get
 *   no node (VS Code can no longer map the row to an element).
 *
 * So events are coalesced; a node is fired only once VS Code rendered it since the change, never while its
 * children, or its siblings, are being fetched or have just arrived, and not when an ancestor fired in the same batch covers
 * it; a change VS Code cannot take yet waits for the node's next render (which shows it anyway) or for the
 * node to settle. A whole-view refresh supersedes everything.
 */
import type * as vscode from 'vscode';
import type { FaceTreeNode } from './node';

/** Coalescing window of change events. */
const FLUSH_MS = 50;
/** How long after VS Code received a node's children the node is left alone (the workbench applies them). */
export const SETTLE_MS = 1000;

interface Change {
	readonly node: FaceTreeNode;
	readonly seq: number;
}

export class RefreshScheduler implements vscode.Disposable {
	private seq = 0;
	/** Nodes VS Code has registered, by id, with the sequence number at which their last render began. */
	private readonly known = new Map<string, number>();
	/** Renders in flight, by id: the sequence number at which they began. */
	private readonly rendering = new Map<string, number>();
	/** Children VS Code fetched and is still rendering, by parent id. */
	private readonly batches = new Map<string, Set<string>>();
	/** Parents whose children fetch is in flight (count of fetches). */
	private readonly fetching = new Map<string, number>();
	/** When VS Code finished rendering a node's children (ms since epoch), by parent id. */
	private readonly childrenAt = new Map<string, number>();
	private readonly pending = new Map<string, Change>();
	private rootPending = false;
	/** The sequence number of the last whole-view event, and of the last roots fetch VS Code began. */
	private rootEmitSeq = 0;
	private rootFetchSeq = 0;
	/** A whole-view change not yet fetched by VS Code (requested, emitted, or being fetched). */
	private rootOutstanding = false;
	private rootWaiters: Array<() => void> = [];
	private timer: ReturnType<typeof setTimeout> | undefined;
	private timerDue = 0;
	private disposed = false;

	constructor(private readonly emit: (node?: FaceTreeNode) => void) {}

	/** A change of `node`, or of the whole view when undefined. */
	request(node?: FaceTreeNode): void {
		if (this.disposed) {
			return;
		}
		if (!node) {
			this.rootPending = true;
			this.rootOutstanding = true;
		} else {
			this.pending.set(node.id, { node, seq: ++this.seq });
		}
		this.schedule(FLUSH_MS);
	}

	/** VS Code asks for the children of `parent` (undefined: the roots). */
	childrenRequested(parent: FaceTreeNode | undefined): void {
		// VS Code forgets the old children (all nodes, for the roots) before it asks for new ones.
		if (parent) {
			this.fetching.set(parent.id, (this.fetching.get(parent.id) ?? 0) + 1);
			this.forgetBelow(parent.id);
		} else {
			this.known.clear();
			this.batches.clear();
			this.rootFetchSeq = ++this.seq;
		}
	}

	/**
	 * Resolves once VS Code has fetched the roots again after the last whole-view change (at once when none
	 * is outstanding), or after `timeoutMs`. A reveal of a root VS Code has not fetched yet fails with
	 * "Data tree node not found".
	 */
	rootsSettled(timeoutMs: number): Promise<void> {
		if (!this.rootOutstanding || this.disposed) {
			return Promise.resolve();
		}
		return new Promise((resolve) => {
			const timer = setTimeout(done, timeoutMs);
			const waiters = this.rootWaiters;
			function done(): void {
				clearTimeout(timer);
				const at = waiters.indexOf(done);
				if (at >= 0) {
					waiters.splice(at, 1);
				}
				resolve();
			}
			waiters.push(done);
		});
	}

	/** VS Code got the children of `parent`; it renders each of them next. */
	childrenDelivered(parent: FaceTreeNode | undefined, children: readonly FaceTreeNode[]): void {
		if (!parent) {
			if (this.rootOutstanding && !this.rootPending && this.rootFetchSeq > this.rootEmitSeq) {
				this.rootOutstanding = false;
				// VS Code registers the root items in the same turn: let waiters go after it.
				setTimeout(() => {
					for (const w of this.rootWaiters.splice(0)) {
						w();
					}
				}, 0);
			}
			return;
		}
		const left = (this.fetching.get(parent.id) ?? 1) - 1;
		if (left > 0) {
			this.fetching.set(parent.id, left);
		} else {
			this.fetching.delete(parent.id);
		}
		if (children.length > 0) {
			this.batches.set(parent.id, new Set(children.map((c) => c.id)));
		} else {
			this.batches.delete(parent.id);
			this.childrenAt.set(parent.id, Date.now());
		}
	}

	/** `getTreeItem(node)` begins; returns what `rendered` needs. */
	renderStarted(node: FaceTreeNode): number {
		const seq = ++this.seq;
		this.rendering.set(node.id, seq);
		return seq;
	}

	/** `getTreeItem(node)` resolved: VS Code registers the item once its siblings resolved too. */
	rendered(node: FaceTreeNode, startSeq: number): void {
		if (this.rendering.get(node.id) === startSeq) {
			this.rendering.delete(node.id);
		}
		const parentId = node.parent?.id;
		const batch = parentId === undefined ? undefined : this.batches.get(parentId);
		if (batch?.delete(node.id) && batch.size === 0) {
			this.batches.delete(parentId!);
			this.childrenAt.set(parentId!, Date.now());
		}
		// VS Code registers items in the same turn as the last sibling resolves: look after that turn.
		setTimeout(() => {
			if (this.disposed) {
				return;
			}
			this.known.set(node.id, Math.max(this.known.get(node.id) ?? 0, startSeq));
			const change = this.pending.get(node.id);
			if (change && change.seq < startSeq) {
				this.pending.delete(node.id); // The render read the changed data.
			}
			if (this.pending.size > 0) {
				this.schedule(FLUSH_MS);
			}
		}, 0);
	}

	dispose(): void {
		this.disposed = true;
		for (const w of this.rootWaiters.splice(0)) {
			w();
		}
		if (this.timer) {
			clearTimeout(this.timer);
		}
		this.pending.clear();
	}

	private schedule(delay: number): void {
		const due = Date.now() + delay;
		if (this.timer && this.timerDue <= due) {
			return;
		}
		if (this.timer) {
			clearTimeout(this.timer);
		}
		this.timerDue = due;
		this.timer = setTimeout(() => {
			this.timer = undefined;
			this.flush();
		}, delay);
	}

	private flush(): void {
		if (this.disposed) {
			return;
		}
		if (this.rootPending) {
			this.rootPending = false;
			this.pending.clear();
			this.known.clear();
			this.batches.clear();
			this.childrenAt.clear();
			this.rootEmitSeq = ++this.seq;
			this.emit(undefined);
			return;
		}
		const now = Date.now();
		let retryIn: number | undefined;
		const send: Change[] = [];
		for (const change of this.pending.values()) {
			const id = change.node.id;
			const known = this.known.get(id);
			if (known === undefined || this.rendering.has(id) || this.inBatch(change.node)) {
				continue; // Not registered (yet): its next render shows the change, or `rendered` flushes again.
			}
			if (known > change.seq) {
				this.pending.delete(id);
				continue;
			}
			const wait = Math.max(this.settlingFor(id, now), change.node.parent ? this.settlingFor(change.node.parent.id, now) : 0);
			if (wait > 0) {
				retryIn = Math.min(retryIn ?? wait, wait);
				continue;
			}
			send.push(change);
		}
		// An ancestor sent in this batch makes VS Code render its subtree again.
		const sent = send.filter((c) => !send.some((a) => a !== c && c.node.id.startsWith(`${a.node.id}/`)));
		for (const change of send) {
			this.pending.delete(change.node.id);
		}
		for (const change of sent) {
			this.forgetBelow(change.node.id);
			this.emit(change.node);
		}
		if (retryIn !== undefined) {
			this.schedule(retryIn);
		}
	}

	/** Whether a sibling batch of `node` is still being rendered (VS Code has not registered it yet). */
	private inBatch(node: FaceTreeNode): boolean {
		const parentId = node.parent?.id;
		return parentId !== undefined && (this.batches.get(parentId)?.has(node.id) ?? false);
	}

	/**
	 * Ms to wait before firing `id`: its children are being fetched, or arrived less than SETTLE_MS ago. A
	 * node is also left alone while the batch it came in settles (the workbench may not hold its row yet).
	 */
	private settlingFor(id: string, now: number): number {
		if (this.fetching.has(id) || this.batches.has(id)) {
			return SETTLE_MS;
		}
		const at = this.childrenAt.get(id);
		return at === undefined ? 0 : Math.max(0, at + SETTLE_MS - now);
	}

	/** VS Code forgets the descendants of a refreshed node until it renders them again. */
	private forgetBelow(id: string): void {
		const prefix = `${id}/`;
		for (const key of [...this.known.keys()]) {
			if (key.startsWith(prefix)) {
				this.known.delete(key);
			}
		}
		for (const key of [...this.batches.keys()]) {
			if (key.startsWith(prefix)) {
				this.batches.delete(key);
			}
		}
	}
}
