/**
 * The children of a node: a paged list of Face entities turned into nodes (reused across refreshes, so
 * expansion and `reveal` keep working), followed by *Load more…*, or by an error with Retry (and the fix,
 * when a key or a sign-in is missing), or by a note when the list is empty.
 */
import { errorInfo } from './errorInfo';
import { ActionNode, ErrorNode, InfoNode, LoadMoreNode, type Loadable } from './helperNodes';
import type { FaceTreeNode, TreeServices } from './node';
import { PagedList, type PageSource } from './pagedList';

export interface ChildFactory<T, N extends FaceTreeNode> {
	create(item: T): N;
	/** Gives an existing node its refetched data, from a load that started at `since` (`loadStamp()`). */
	update(node: N, item: T, since: number): void;
	/** The note shown when there is nothing: "No persons". */
	emptyLabel(): string;
}

export class ChildCollection<T, N extends FaceTreeNode> implements Loadable {
	private readonly list: PagedList<T>;
	private nodes = new Map<string, N>();
	private reloadRequested = false;
	/** The entries last given to the nodes. */
	private applied: readonly unknown[] | undefined;

	constructor(
		readonly owner: FaceTreeNode,
		private readonly services: TreeServices,
		private readonly source: PageSource<T>,
		private readonly factory: ChildFactory<T, N>,
	) {
		this.list = new PagedList(source, () => services.pageSize());
	}

	get count(): number {
		return this.list.items.length;
	}

	get loaded(): boolean {
		return this.list.loaded;
	}

	async children(): Promise<FaceTreeNode[]> {
		if (this.reloadRequested && this.list.loaded) {
			this.reloadRequested = false;
			await this.list.reload();
		} else {
			this.reloadRequested = false;
			await this.list.ensureLoaded();
		}
		// Existing nodes take entries only from a fetch they have not seen (not the same list again: a node
		// refetched or marked stale since would get older data back).
		const fresh = this.list.items !== this.applied;
		this.applied = this.list.items;
		const nodes = new Map<string, N>();
		for (const item of this.list.items) {
			const id = this.source.idOf(item);
			let node = this.nodes.get(id);
			if (node) {
				if (fresh) {
					this.factory.update(node, item, this.list.since);
				}
			} else {
				node = this.factory.create(item);
			}
			nodes.set(id, node);
		}
		this.nodes = nodes;
		const out: FaceTreeNode[] = [...nodes.values()];
		if (this.list.error !== undefined) {
			const auth = this.services.clients.getResource(this.owner.resourceId)?.auth;
			const info = errorInfo(this.list.error, auth);
			out.push(new ErrorNode(this, info));
			if (info.fix) {
				out.push(new ActionNode(this.owner, rootOf(this.owner), info.fix));
			}
		} else if (!this.list.done) {
			out.push(new LoadMoreNode(this));
		} else if (out.length === 0) {
			out.push(new InfoNode(this.owner, this.factory.emptyLabel()));
		}
		return out;
	}

	/** Refetch on the next expansion, keeping the extent loaded; the loaded children forget their data too. */
	refresh(): void {
		this.reloadRequested = true;
		for (const node of this.nodes.values()) {
			node.refresh();
		}
	}

	/** When the last load failed, forget it so the next expansion tries again (credentials changed). */
	resetIfFailed(): boolean {
		if (this.list.error !== undefined && this.list.items.length === 0) {
			this.list.reset();
			return true;
		}
		return false;
	}

	async retry(): Promise<void> {
		if (this.list.items.length === 0) {
			this.list.reset();
		} else {
			await this.list.loadMore();
		}
	}

	loadMore(signal?: AbortSignal): Promise<void> {
		return this.list.loadMore(signal);
	}

	loadAll(signal: AbortSignal, onProgress: (count: number) => void): Promise<boolean> {
		return this.list.loadAll(signal, onProgress, this.services.loadAllLimit());
	}

	/** Drops an entry locally (after a delete) until the next refetch. */
	remove(id: string): void {
		this.list.remove(id);
		this.nodes.delete(id);
	}

	find(id: string): N | undefined {
		return this.nodes.get(id);
	}

	get done(): boolean {
		return this.list.done;
	}

	get error(): unknown {
		return this.list.error;
	}
}

function rootOf(node: FaceTreeNode): FaceTreeNode {
	let n = node;
	while (n.parent) {
		n = n.parent;
	}
	return n;
}
