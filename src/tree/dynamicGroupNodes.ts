/**
 * Dynamic Person Groups under a resource whose API version has them : the folder lists
 * the groups page by page, a group lists the directory persons it references page by page. A member shows
 * its name when the Person Directory folder has loaded that person (no call for it), else its id.
 */
import * as vscode from 'vscode';
import type { DynamicPersonGroup } from '../face/directoryTypes';
import { ChildCollection } from './childCollection';
import { Ctx, contextValue } from './contextValue';
import { appendRow, pendingText, titledTooltip } from './directoryNodes';
import { pendingWrite } from './directoryPending';
import { FaceTreeNode, type TreeServices } from './node';
import { PagedFolderNode } from './pagedFolder';

/** Names of directory persons already loaded (the Person Directory folder), without a call. */
export type NameLookup = (personId: string) => string | undefined;

export class DynamicGroupsFolderNode extends PagedFolderNode<DynamicPersonGroup, DynamicGroupNode> {
	constructor(
		parent: FaceTreeNode,
		services: TreeServices,
		readonly nameOf: NameLookup,
	) {
		super(parent, services, {
			segment: 'dynamicPersonGroups',
			label: vscode.l10n.t('Dynamic Person Groups'),
			icon: 'references',
			paged: true,
			context: contextValue(Ctx.dynamicGroupsFolder),
			emptyLabel: vscode.l10n.t('No {0}', vscode.l10n.t('Dynamic Person Groups')),
			idOf: (g) => g.dynamicPersonGroupId,
			load: async (start, top, signal) => (await services.clients.getClient(parent.resourceId)).dynamicGroups.list({ start, top, signal }),
		});
	}

	protected createEntry(g: DynamicPersonGroup): DynamicGroupNode {
		return new DynamicGroupNode(this, g, this.services);
	}
}

export class DynamicGroupNode extends FaceTreeNode {
	readonly id: string;
	readonly members: ChildCollection<string, GroupMemberNode>;

	constructor(
		readonly parent: DynamicGroupsFolderNode,
		public group: DynamicPersonGroup,
		private readonly services: TreeServices,
	) {
		super();
		this.id = `${parent.id}/${group.dynamicPersonGroupId}`;
		this.members = new ChildCollection<string, GroupMemberNode>(this, services, {
			paged: true,
			idOf: (p) => p,
			load: async (start, top, signal) => (await services.clients.getClient(this.resourceId)).dynamicGroups.listPersons(this.groupId, { start, top, signal }),
		}, {
			create: (p) => new GroupMemberNode(this, p),
			update: () => undefined,
			emptyLabel: () => vscode.l10n.t('No persons'),
		});
	}

	get resourceId(): string {
		return this.parent.resourceId;
	}

	get groupId(): string {
		return this.group.dynamicPersonGroupId;
	}

	get label(): string {
		return this.group.name || this.groupId;
	}

	update(group: DynamicPersonGroup): void {
		this.group = group;
	}

	getTreeItem(): vscode.TreeItem {
		const item = new vscode.TreeItem(this.label, vscode.TreeItemCollapsibleState.Collapsed);
		item.id = this.id;
		const pending = pendingWrite(this.services.operations, this.resourceId, 'dynamicPersonGroup', this.groupId);
		item.description = pending ? pendingText(undefined) : this.group.name && this.group.name !== this.groupId ? this.groupId : undefined;
		item.iconPath = new vscode.ThemeIcon(pending ? 'loading~spin' : 'organization');
		item.contextValue = contextValue(Ctx.dynamicGroup);
		return item;
	}

	override tooltip(): vscode.MarkdownString {
		const md = titledTooltip(this.label);
		appendRow(md, vscode.l10n.t('Dynamic person group ID'), this.groupId);
		appendRow(md, vscode.l10n.t('User data'), this.group.userData);
		return md;
	}

	override getChildren(): Promise<FaceTreeNode[]> {
		return this.members.children();
	}

	override refresh(): void {
		this.members.refresh();
	}
}

export class GroupMemberNode extends FaceTreeNode {
	readonly id: string;

	constructor(
		readonly parent: DynamicGroupNode,
		readonly personId: string,
	) {
		super();
		this.id = `${parent.id}/${personId}`;
	}

	get resourceId(): string {
		return this.parent.resourceId;
	}

	getTreeItem(): vscode.TreeItem {
		const name = this.parent.parent.nameOf(this.personId);
		const item = new vscode.TreeItem(name ?? this.personId, vscode.TreeItemCollapsibleState.None);
		item.id = this.id;
		item.description = name === undefined ? undefined : this.personId;
		item.iconPath = new vscode.ThemeIcon('person');
		item.contextValue = contextValue(Ctx.groupMember);
		return item;
	}

	override tooltip(): vscode.MarkdownString {
		const md = new vscode.MarkdownString();
		appendRow(md, vscode.l10n.t('Person'), this.parent.parent.nameOf(this.personId));
		appendRow(md, vscode.l10n.t('Person ID'), this.personId);
		appendRow(md, vscode.l10n.t('In'), `${vscode.l10n.t('Dynamic Person Group')} '${this.parent.label}'`);
		return md;
	}
}
