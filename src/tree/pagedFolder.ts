/**
 * A folder row under a resource that lists one kind of entry (a kind's containers, the Person Directory, the
 * Dynamic Person Groups), page by page: its label and icon, the count loaded so far as its description
 * (`12`, `12+`), Refresh.
 */
import * as vscode from 'vscode';
import { ChildCollection } from './childCollection';
import { FaceTreeNode, type TreeServices } from './node';
import type { PageSource } from './pagedList';

/** What a folder shows on its row and where its entries come from. */
export interface FolderSpec<T> extends PageSource<T> {
	/** The last segment of the folder's id, under its resource's: `personDirectory`. */
	readonly segment: string;
	readonly label: string;
	readonly icon: string;
	/** Its context value (`contextValue(Ctx.…)`). */
	readonly context: string;
	/** The note shown when there is nothing: "No persons". */
	readonly emptyLabel: string;
}

/** An entry's node: it takes its refetched data (fetched from `since`, `ChildFactory.update`). */
export interface FolderEntry<T> extends FaceTreeNode {
	update(item: T, since: number): void;
}

export abstract class PagedFolderNode<T, N extends FolderEntry<T>> extends FaceTreeNode {
	readonly id: string;
	readonly entries: ChildCollection<T, N>;

	constructor(
		readonly parent: FaceTreeNode,
		protected readonly services: TreeServices,
		private readonly spec: FolderSpec<T>,
	) {
		super();
		this.id = `${parent.id}/${spec.segment}`;
		this.entries = new ChildCollection<T, N>(this, services, { paged: spec.paged, idOf: spec.idOf, load: spec.load }, {
			create: (item) => this.createEntry(item),
			update: (node, item, since) => node.update(item, since),
			emptyLabel: () => spec.emptyLabel,
		});
	}

	/** The node of a new entry. */
	protected abstract createEntry(item: T): N;

	get resourceId(): string {
		return this.parent.resourceId;
	}

	getTreeItem(): vscode.TreeItem {
		const item = new vscode.TreeItem(this.spec.label, vscode.TreeItemCollapsibleState.Collapsed);
		item.id = this.id;
		item.iconPath = new vscode.ThemeIcon(this.spec.icon);
		item.contextValue = this.spec.context;
		item.description = countText(this.entries);
		return item;
	}

	override async getChildren(): Promise<FaceTreeNode[]> {
		const before = countText(this.entries);
		const children = await this.entries.children();
		if (countText(this.entries) !== before) {
			// Show the new count on the folder itself (once: the next render finds the same text). The
			// scheduler holds this back until VS Code has settled the children it is fetching right now.
			this.services.changed(this);
		}
		return children;
	}

	override refresh(): void {
		this.entries.refresh();
	}
}

/** `12`, `12+` (more to load), or nothing before the first load. */
export function countText(list: { readonly loaded: boolean; readonly error: unknown; readonly done: boolean; readonly count: number }): string | undefined {
	if (!list.loaded || list.error !== undefined) {
		return undefined;
	}
	return list.done ? String(list.count) : `${list.count}+`;
}
