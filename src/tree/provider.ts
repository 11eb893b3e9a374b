/**
 * The one `TreeDataProvider` of the `azureFace.resources` view. Never throws and never pops a dialog:
 * nodes turn failures into error nodes; anything unexpected still becomes a node here. Container nodes
 * follow the tracker (debounced) and tick while a training runs. Every change event goes through the
 * `RefreshScheduler`, which tells VS Code only what it can take without losing rows (see there).
 */
import * as vscode from 'vscode';
import type { ContainerKind } from '../face/kinds';
import { isContainerKind, type Operation, type OperationSource } from '../operations/types';
import type { ClientProvider, FaceResource } from '../resources/types';
import type { StateMemento } from '../state/consistentMemento';
import type { FaceFiles } from '../state/faceFiles';
import { ChangeJournal } from './changes';
import type { ContainerNode } from './containerNode';
import { InfoNode } from './helperNodes';
import { PAGE_SIZE_SETTING, readLoadAllLimit, readPageSize } from './listSettings';
import { FaceTreeNode, type TreeServices } from './node';
import { RefreshScheduler } from './refreshScheduler';
import { TreeTicker } from './ticker';
import { ResourceNode } from './resourceNodes';
import { statusKey, TrainingStatusCache } from './trainingStatusCache';
import { errorMessage } from '../shared/errors';

export class FaceTreeProvider implements vscode.TreeDataProvider<FaceTreeNode>, vscode.Disposable {
	private readonly emitter = new vscode.EventEmitter<FaceTreeNode | undefined | void>();
	readonly onDidChangeTreeData = this.emitter.event;

	readonly statuses: TrainingStatusCache;
	readonly changes: ChangeJournal;
	private readonly scheduler = new RefreshScheduler((node) => this.emitter.fire(node));
	private readonly services: TreeServices;
	private roots = new Map<string, ResourceNode>();
	private readonly ticker = new TreeTicker((node) => this.scheduler.request(node));
	private readonly disposables: vscode.Disposable[] = [];

	constructor(
		readonly clients: ClientProvider,
		readonly operations: OperationSource,
		readonly log: vscode.LogOutputChannel,
		state: StateMemento,
		readonly faceFiles: FaceFiles,
	) {
		this.changes = new ChangeJournal(state);
		this.statuses = new TrainingStatusCache(clients, log, (r, k, c) => operations.findOperation(r, k, c)?.state === 'running');
		this.services = {
			clients,
			operations,
			log,
			statuses: this.statuses,
			changes: this.changes,
			faceFiles,
			pageSize: readPageSize,
			loadAllLimit: readLoadAllLimit,
			changed: (node) => this.scheduler.request(node),
			rendered: (node, running) => this.ticker.noteRendered(node, running),
		};
		this.disposables.push(
			this.statuses,
			this.ticker,
			this.scheduler,
			this.emitter,
			this.statuses.onDidUpdate((key) => this.ticker.fire(key)),
			operations.onDidChangeOperation((op) => this.onOperation(op)),
			clients.onDidChangeResources(() => this.onResourcesChanged()),
			vscode.workspace.onDidChangeConfiguration((e) => {
				if (e.affectsConfiguration(PAGE_SIZE_SETTING)) {
					this.refresh();
				}
			}),
		);
	}

	getTreeItem(node: FaceTreeNode): vscode.TreeItem | Thenable<vscode.TreeItem> {
		const started = this.scheduler.renderStarted(node);
		const done = (item: vscode.TreeItem): vscode.TreeItem => {
			this.scheduler.rendered(node, started);
			return item;
		};
		try {
			const item = node.getTreeItem();
			// Synchronous items stay synchronous: VS Code registers them without waiting.
			return item instanceof Promise ? item.catch((e: unknown) => this.brokenItem(node, e)).then(done) : done(item);
		} catch (e) {
			return done(this.brokenItem(node, e));
		}
	}

	async getChildren(node?: FaceTreeNode): Promise<FaceTreeNode[]> {
		this.scheduler.childrenRequested(node);
		const children = await this.loadChildren(node);
		this.scheduler.childrenDelivered(node, children);
		return children;
	}

	getParent(node: FaceTreeNode): FaceTreeNode | undefined {
		return node.parent;
	}

	async resolveTreeItem(item: vscode.TreeItem, node: FaceTreeNode): Promise<vscode.TreeItem> {
		try {
			item.tooltip = (await node.tooltip()) ?? item.tooltip;
		} catch (e) {
			this.log.warn(`Tooltip of '${node.id}': ${errorMessage(e)}`);
		}
		return item;
	}

	/** Resolves once VS Code has fetched the roots after the last change of the resources (at most `timeoutMs`). */
	rootsSettled(timeoutMs = 3000): Promise<void> {
		return this.scheduler.rootsSettled(timeoutMs);
	}

	/** The resource nodes (no fetch). */
	resourceNodes(): ResourceNode[] {
		this.syncRoots(false);
		return [...this.roots.values()];
	}

	resourceNode(resourceId: string): ResourceNode | undefined {
		this.syncRoots(false);
		return this.roots.get(resourceId);
	}

	/** Refetches `node` (and what is loaded below it) on its next render; the whole view when undefined. */
	refresh(node?: FaceTreeNode): void {
		if (node) {
			node.refresh();
			this.scheduler.request(node);
			return;
		}
		for (const root of this.roots.values()) {
			root.refresh();
		}
		this.statuses.clear();
		this.syncRoots(false);
		this.scheduler.request();
	}

	/** After a container was created or deleted: refetch its kind folder. */
	refreshFolder(resourceId: string, kind: ContainerKind): void {
		const folder = this.roots.get(resourceId)?.loadedFolder(kind);
		if (folder) {
			this.refresh(folder);
		}
	}

	/**
	 * After a change of a container (`all`: refetch it, its status and its children) or only of what it
	 * holds (`children`); refreshes its folder when the container is not loaded.
	 */
	refreshContainer(resourceId: string, kind: ContainerKind, containerId: string, what: 'all' | 'children' = 'all'): void {
		const folder = this.roots.get(resourceId)?.loadedFolder(kind);
		const node = folder?.containers.find(containerId);
		if (node && what === 'children') {
			node.refreshChildren();
			this.scheduler.request(node);
		} else if (node) {
			this.refresh(node);
		} else if (folder) {
			this.refresh(folder);
		}
	}

	/** The container's node, if its folder is loaded (no fetch). */
	findContainer(resourceId: string, kind: ContainerKind, containerId: string): ContainerNode | undefined {
		return this.roots.get(resourceId)?.loadedFolder(kind)?.containers.find(containerId);
	}

	/** After a change of a person or of its faces. */
	refreshPerson(resourceId: string, kind: ContainerKind, containerId: string, personId: string): void {
		const person = this.findContainer(resourceId, kind, containerId)?.persons?.find(personId);
		if (person) {
			this.refresh(person);
		} else {
			this.refreshContainer(resourceId, kind, containerId);
		}
	}

	/** Tells the view that `node` changed, without forgetting its data (after Load more, Retry). */
	refreshView(node?: FaceTreeNode): void {
		this.scheduler.request(node);
	}

	/** A node collapsed: stop fetching statuses below it and stop ticking its spinners. */
	collapsed(node: FaceTreeNode): void {
		this.statuses.cancel(node.id);
		this.ticker.collapsed(node);
	}

	private async loadChildren(node?: FaceTreeNode): Promise<FaceTreeNode[]> {
		try {
			if (!node) {
				this.syncRoots(false);
				return [...this.roots.values()];
			}
			return await node.getChildren();
		} catch (e) {
			this.log.error(`Tree: loading children of ${node?.id ?? 'the view'} failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
			return node ? [new InfoNode(node, vscode.l10n.t('Error: {0}', errorMessage(e)))] : [];
		}
	}

	dispose(): void {
		for (const d of this.disposables) {
			d.dispose();
		}
	}

	private onResourcesChanged(): void {
		for (const root of this.roots.values()) {
			if (root.retryFailed()) {
				this.scheduler.request(root);
			}
		}
		this.syncRoots();
	}

	private syncRoots(fire = true): void {
		const next = new Map<string, ResourceNode>();
		let changed = false;
		for (const resource of this.clients.listResources()) {
			const existing = this.roots.get(resource.id);
			if (existing && sameResource(existing.resource, resource)) {
				next.set(resource.id, existing);
			} else if (existing && existing.resource.endpoint === resource.endpoint && existing.resource.auth === resource.auth && existing.resource.apiVersion === resource.apiVersion) {
				existing.resource = resource; // Label or tier changed: the data below is still right.
				next.set(resource.id, existing);
				changed = true;
			} else {
				next.set(resource.id, new ResourceNode(resource, this.services));
				changed = true;
			}
		}
		if (next.size !== this.roots.size || [...next.keys()].some((k, i) => [...this.roots.keys()][i] !== k)) {
			changed = true;
		}
		for (const [id, old] of this.roots) {
			if (next.get(id) !== old) {
				// Removed, or moved to another endpoint: its rows' queued status reads are billed calls nobody sees.
				this.statuses.cancel(id);
			}
		}
		this.roots = next;
		if (changed && fire) {
			this.scheduler.request();
		}
	}

	private onOperation(op: Operation): void {
		if (!isContainerKind(op.kind)) {
			this.onDirectoryWrite(op);
			return;
		}
		if (op.type === 'enrollment') {
			return; // its command refreshes the container when it ends
		}
		const key = statusKey(op.resourceId, op.kind, op.containerId);
		const end = op.endStatus;
		if (op.state !== 'running' && end && (end.state === 'succeeded' || end.state === 'failed')) {
			// The training ended and the tracker's last poll read the status: the row and its tooltip show
			// that one (its times included); reading it again would be a billed call for nothing new.
			this.statuses.set(op.resourceId, op.kind, op.containerId, end, Date.parse(op.endedAt ?? '') || undefined);
		} else if (op.state !== 'running') {
			// Stopped (the training goes on in the service) or ended without a status: read it again.
			this.statuses.invalidate(key);
		}
		this.ticker.fireSoon(key);
	}

	/** A directory write: its row shows *pending* while it runs (redrawn); at its end the folder is refetched. */
	private onDirectoryWrite(op: Operation): void {
		const folder = this.roots.get(op.resourceId)?.loadedDirectory()?.[op.kind === 'personDirectory' ? 0 : 1];
		if (folder && op.state !== 'running') {
			this.refresh(folder);
		} else if (folder) {
			this.scheduler.request(folder.entries.find(op.containerId) ?? folder);
		}
	}

	private brokenItem(node: FaceTreeNode, e: unknown): vscode.TreeItem {
		this.log.error(`Tree: rendering ${node.id} failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
		const item = new vscode.TreeItem(vscode.l10n.t('Error: {0}', errorMessage(e)));
		item.id = node.id;
		item.iconPath = new vscode.ThemeIcon('error');
		return item;
	}
}

function sameResource(a: FaceResource, b: FaceResource): boolean {
	return a.label === b.label && a.endpoint === b.endpoint && a.apiVersion === b.apiVersion && a.auth === b.auth && a.tenantId === b.tenantId && a.tier === b.tier;
}
