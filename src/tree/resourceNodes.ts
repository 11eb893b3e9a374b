/** The top two levels: a configured Face resource, and its kind folders (one per row of the kinds table). */
import * as vscode from 'vscode';
import { ALL_KINDS, type KindInfo } from '../face/kinds';
import type { Container } from '../face/types';
import { isLoopbackEndpoint } from '../resources/endpoint';
import type { BilledCounter, FaceResource } from '../resources/types';
import { hasPersonDirectory } from '../face/directoryShared';
import { ChildCollection } from './childCollection';
import { ContainerNode } from './containerNode';
import { Ctx, contextValue } from './contextValue';
import { PersonDirectoryFolderNode, titledTooltip } from './directoryNodes';
import { DynamicGroupsFolderNode } from './dynamicGroupNodes';
import { FaceTreeNode, type TreeServices } from './node';
import { PagedFolderNode } from './pagedFolder';

export class ResourceNode extends FaceTreeNode {
	readonly parent = undefined;
	private folders: KindFolderNode[] | undefined;
	/** The Person Directory and Dynamic Person Groups folders, for API versions that have them. */
	private directory: [PersonDirectoryFolderNode, DynamicGroupsFolderNode] | undefined;

	constructor(
		public resource: FaceResource,
		private readonly services: TreeServices,
	) {
		super();
	}

	get id(): string {
		return this.resource.id;
	}

	get resourceId(): string {
		return this.resource.id;
	}

	getTreeItem(): vscode.TreeItem {
		const r = this.resource;
		const item = new vscode.TreeItem(r.label, vscode.TreeItemCollapsibleState.Collapsed);
		item.id = this.id;
		item.description = hostOf(r.endpoint);
		item.iconPath = new vscode.ThemeIcon(isLoopbackEndpoint(r.endpoint) ? 'server-environment' : 'azure');
		item.contextValue = contextValue(
			Ctx.resource,
			r.auth === 'entra' ? Ctx.authEntra : Ctx.authKey,
			!isLoopbackEndpoint(r.endpoint) && Ctx.portal,
		);
		// The tooltip is filled in on hover (resolveTreeItem), so the billed count is current.
		return item;
	}

	override tooltip(): vscode.MarkdownString {
		const r = this.resource;
		const md = titledTooltip(r.label);
		const auth = r.auth === 'entra'
			? vscode.l10n.t('Microsoft Entra ID{0}', r.tenantId ? ` (${r.tenantId})` : '')
			: vscode.l10n.t('API key');
		const rows: Array<[string, string]> = [
			[vscode.l10n.t('Endpoint'), r.endpoint],
			[vscode.l10n.t('API version'), r.apiVersion],
			[vscode.l10n.t('Authentication'), auth],
		];
		if (r.tier) {
			rows.push([vscode.l10n.t('Pricing tier'), r.tier]);
		}
		const counter = this.services.clients as Partial<BilledCounter>;
		if (typeof counter.getBilledCount === 'function') {
			rows.push([vscode.l10n.t('Billed transactions this session'), String(counter.getBilledCount(r.id))]);
		}
		for (const [label, value] of rows) {
			md.appendMarkdown(`${label}: `);
			md.appendText(value);
			md.appendMarkdown('  \n');
		}
		return md;
	}

	override getChildren(): Promise<FaceTreeNode[]> {
		this.folders ??= ALL_KINDS.map((k) => new KindFolderNode(this, k, this.services));
		if (!hasPersonDirectory(this.resource.apiVersion)) {
			return Promise.resolve(this.folders);
		}
		if (!this.directory) {
			const persons = new PersonDirectoryFolderNode(this, this.services);
			this.directory = [persons, new DynamicGroupsFolderNode(this, this.services, (id) => persons.nameOf(id))];
		}
		return Promise.resolve([...this.folders, ...this.directory]);
	}

	/** The Person Directory and Dynamic Person Groups folders, if the resource was expanded (no node is created). */
	loadedDirectory(): readonly [PersonDirectoryFolderNode, DynamicGroupsFolderNode] | undefined {
		return this.directory;
	}

	/** The kind folder, if the resource was expanded (no node is created). */
	loadedFolder(kind: string): KindFolderNode | undefined {
		return this.folders?.find((f) => f.kind.kind === kind);
	}

	folder(kind: string): KindFolderNode | undefined {
		void this.getChildren();
		return this.folders?.find((f) => f.kind.kind === kind);
	}

	override refresh(): void {
		for (const f of this.folders ?? []) {
			f.refresh();
		}
		this.directory?.forEach((f) => f.refresh());
	}

	/** Credentials or settings changed: folders whose load failed try again on their next render. */
	retryFailed(): boolean {
		let any = false;
		for (const f of this.folders ?? []) {
			any = f.containers.resetIfFailed() || any;
		}
		for (const f of this.directory ?? []) {
			any = f.entries.resetIfFailed() || any;
		}
		return any;
	}
}

export class KindFolderNode extends PagedFolderNode<Container, ContainerNode> {
	constructor(
		parent: ResourceNode,
		readonly kind: KindInfo,
		services: TreeServices,
	) {
		super(parent, services, {
			segment: kind.kind,
			label: vscode.l10n.t(kind.pluralLabel),
			icon: kind.icon,
			context: contextValue(Ctx.kindFolder, kind.contextToken, kind.trainable && Ctx.trainable),
			emptyLabel: vscode.l10n.t('No {0}', vscode.l10n.t(kind.pluralLabel)),
			paged: kind.paged,
			idOf: (c) => c.id,
			load: async (start, top, signal) => {
				const client = await services.clients.getClient(parent.resourceId);
				// The client asks for `returnRecognitionModel`, so the tooltip can show each container's model.
				return client.listContainers(kind.kind, kind.paged ? { start, top, signal } : { signal });
			},
		});
	}

	get containers(): ChildCollection<Container, ContainerNode> {
		return this.entries;
	}

	protected createEntry(c: Container): ContainerNode {
		return new ContainerNode(this, c, this.services);
	}

	override refresh(): void {
		super.refresh();
		this.services.statuses.invalidate(this.id);
	}
}

function hostOf(endpoint: string): string {
	try {
		return new URL(endpoint).host;
	} catch {
		return endpoint;
	}
}
