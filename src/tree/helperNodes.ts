/** Nodes that are not Face entities: Load more…, an error with Retry, an empty-list note, a fix-it action. */
import * as vscode from 'vscode';
import { TreeCommand } from './commandIds';
import { Ctx, contextValue } from './contextValue';
import type { ErrorInfo } from './errorInfo';
import { FaceTreeNode } from './node';

/** The paged children of a node, as the helper nodes drive them. */
export interface Loadable {
	readonly owner: FaceTreeNode;
	/** Entries loaded so far. */
	readonly count: number;
	retry(): Promise<void>;
	loadMore(signal?: AbortSignal): Promise<void>;
	/** Resolves true when it stopped at `azureFace.loadAllLimit` entries with more left. */
	loadAll(signal: AbortSignal, onProgress: (count: number) => void): Promise<boolean>;
}

/** A row below the children of `owner` that is not a Face entity: its id is `owner/#what`. */
abstract class HelperNode extends FaceTreeNode {
	readonly id: string;
	readonly resourceId: string;

	constructor(readonly owner: FaceTreeNode, what: string) {
		super();
		this.id = `${owner.id}/#${what}`;
		this.resourceId = owner.resourceId;
	}

	get parent(): FaceTreeNode {
		return this.owner;
	}
}

export class LoadMoreNode extends HelperNode {
	constructor(readonly loadable: Loadable) {
		super(loadable.owner, 'more');
	}

	getTreeItem(): vscode.TreeItem {
		const item = new vscode.TreeItem(vscode.l10n.t('Load more…'), vscode.TreeItemCollapsibleState.None);
		item.id = this.id;
		item.description = vscode.l10n.t('{0} loaded', this.loadable.count);
		item.tooltip = vscode.l10n.t('Load the next page. Use Load All to load every remaining entry.');
		item.iconPath = new vscode.ThemeIcon('more');
		item.contextValue = contextValue(Ctx.loadMore);
		item.command = { command: TreeCommand.loadMore, title: vscode.l10n.t('Load more…'), arguments: [this] };
		return item;
	}
}

export class ErrorNode extends HelperNode {
	constructor(
		readonly loadable: Loadable,
		readonly info: ErrorInfo,
	) {
		super(loadable.owner, 'error');
	}

	getTreeItem(): vscode.TreeItem {
		const item = new vscode.TreeItem(vscode.l10n.t('Error: {0}', this.info.message), vscode.TreeItemCollapsibleState.None);
		item.id = this.id;
		item.description = vscode.l10n.t('click to retry');
		const tooltip = new vscode.MarkdownString();
		tooltip.appendText(this.info.message);
		if (this.info.detail) {
			tooltip.appendMarkdown('\n\n');
			tooltip.appendText(this.info.detail);
		}
		item.tooltip = tooltip;
		item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
		item.contextValue = contextValue(
			Ctx.error,
			Ctx.retry,
			this.info.fix === 'key' && Ctx.needsKey,
			this.info.fix === 'signIn' && Ctx.needsSignIn,
		);
		item.command = { command: TreeCommand.retry, title: vscode.l10n.t('Retry'), arguments: [this] };
		return item;
	}
}

/** A clickable fix next to an error: *Set API key…* or *Sign in…*. */
export class ActionNode extends HelperNode {
	constructor(
		owner: FaceTreeNode,
		readonly resourceNode: FaceTreeNode,
		readonly fix: 'key' | 'signIn',
	) {
		super(owner, fix);
	}

	getTreeItem(): vscode.TreeItem {
		const label = this.fix === 'key' ? vscode.l10n.t('Set API key…') : vscode.l10n.t('Sign in…');
		const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
		item.id = this.id;
		item.iconPath = new vscode.ThemeIcon(this.fix === 'key' ? 'key' : 'sign-in');
		item.contextValue = contextValue(Ctx.action);
		item.command = {
			command: this.fix === 'key' ? TreeCommand.setApiKey : TreeCommand.signIn,
			title: label,
			arguments: [this.resourceNode],
		};
		return item;
	}
}

/** A grey note, e.g. "No persons". */
export class InfoNode extends HelperNode {
	constructor(
		owner: FaceTreeNode,
		readonly label: string,
	) {
		super(owner, 'info');
	}

	getTreeItem(): vscode.TreeItem {
		const item = new vscode.TreeItem(this.label, vscode.TreeItemCollapsibleState.None);
		item.id = this.id;
		item.contextValue = 'info';
		return item;
	}
}
