/**
 * Creates the `azureFace.resources` view and registers the tree's own commands: refresh (view and node),
 * Load more / Load all, Retry, and reveal (`azureFace.revealNode`, used by *Reveal in Tree*).
 *
 * When `operations` is the operation tracker (it has `startTraining`), `registerTree` also registers the
 * node commands (containers, persons, faces, copy, training): `extension.ts` needs this one call.
 */
import * as vscode from 'vscode';
import type { StateMemento } from '../state/consistentMemento';
import { registerContainerCommands } from '../commands/containers';
import { registerCopyCommands } from '../commands/copy';
import { registerFaceCommands } from '../commands/faces';
import { registerPersonCommands } from '../commands/persons';
import { registerTrainingCommands } from '../commands/training';
import { registerCommand, withCancellableProgress } from '../commands/wrapper';
import { KINDS, type ContainerKind } from '../face/kinds';
import type { OperationSource } from '../operations/types';
import type { ClientProvider } from '../resources/types';
import type { NodeCommandDeps, TrainingStarter } from './commandDeps';
import { TreeCommand, VIEW_ID } from './commandIds';
import type { ContainerNode } from './containerNode';
import { ErrorNode, LoadMoreNode } from './helperNodes';
import { FaceTreeNode } from './node';
import { FaceTreeProvider } from './provider';
import type { KindFolderNode } from './resourceNodes';

export interface RegisteredTree {
	readonly provider: FaceTreeProvider;
	readonly view: vscode.TreeView<FaceTreeNode>;
}

/** Pages a reveal may load to find a container that is not loaded yet. */
const REVEAL_MAX_PAGES = 10;

export function registerTree(
	context: vscode.ExtensionContext,
	clients: ClientProvider,
	operations: OperationSource,
	log: vscode.LogOutputChannel,
	state: StateMemento,
): RegisteredTree {
	const provider = new FaceTreeProvider(clients, operations, log, state);
	const view = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: provider, showCollapseAll: true });
	context.subscriptions.push(provider, view, view.onDidCollapseElement((e) => provider.collapsed(e.element)));

	registerCommand(context, TreeCommand.refresh, () => provider.refresh());
	registerCommand(context, TreeCommand.refreshNode, (node?: unknown) => provider.refresh(node instanceof FaceTreeNode ? node : undefined));
	registerCommand(context, TreeCommand.loadMore, async (node?: unknown) => {
		if (node instanceof LoadMoreNode) {
			await node.loadable.loadMore();
			provider.refreshView(node.loadable.owner);
		}
	});
	registerCommand(context, TreeCommand.loadAll, (node?: unknown) => loadAll(provider, node));
	registerCommand(context, TreeCommand.retry, async (node?: unknown) => {
		if (node instanceof ErrorNode) {
			await node.loadable.retry();
			provider.refreshView(node.loadable.owner);
		}
	});
	registerCommand(context, TreeCommand.revealNode, (resourceId?: unknown, kind?: unknown, containerId?: unknown) =>
		typeof resourceId === 'string' ? reveal(provider, view, resourceId, kind, containerId) : undefined);
	if (isTrainingStarter(operations)) {
		registerNodeCommands(context, { clients, tree: provider, tracker: operations, log });
	} else {
		log.warn('Tree: no operation tracker given; the node commands are not registered.');
	}
	return { provider, view };
}

function isTrainingStarter(operations: OperationSource): operations is TrainingStarter {
	return typeof (operations as Partial<TrainingStarter>).startTraining === 'function';
}

/**
 * Registers the commands that act on tree nodes (and, from the palette, on picked targets): containers,
 * persons, faces, copy / properties / portal, and training.
 */
export function registerNodeCommands(context: vscode.ExtensionContext, deps: NodeCommandDeps): void {
	registerContainerCommands(context, deps);
	registerPersonCommands(context, deps);
	registerFaceCommands(context, deps);
	registerCopyCommands(context, deps);
	registerTrainingCommands(context, deps);
}

async function loadAll(provider: FaceTreeProvider, node: unknown): Promise<number | undefined> {
	const loadable = node instanceof LoadMoreNode ? node.loadable : undefined;
	if (!loadable) {
		return undefined;
	}
	const title = vscode.l10n.t('Loading all entries of {0}…', (await Promise.resolve(loadable.owner.getTreeItem())).label?.toString() ?? '');
	try {
		await withCancellableProgress(title, async (signal, progress) => {
			await loadable.loadAll(signal, (count) => progress.report({ message: vscode.l10n.t('{0} loaded', count) }));
		});
	} finally {
		provider.refreshView(loadable.owner);
	}
	return loadable.count;
}

/** Shows a container (or, when only the resource is given, the resource) in the view. */
export async function reveal(
	provider: FaceTreeProvider,
	view: vscode.TreeView<FaceTreeNode>,
	resourceId: string,
	kind?: unknown,
	containerId?: unknown,
): Promise<FaceTreeNode | undefined> {
	const root = provider.resourceNode(resourceId);
	if (!root) {
		await vscode.commands.executeCommand(`${VIEW_ID}.focus`);
		return undefined;
	}
	let target: FaceTreeNode = root;
	const folder = typeof kind === 'string' && kind in KINDS ? root.folder(kind as ContainerKind) : undefined;
	if (folder) {
		target = folder;
		if (typeof containerId === 'string') {
			target = (await findContainer(folder, containerId)) ?? folder;
		}
	}
	if (!view.visible) {
		// Revealing into a view that is still opening selects nothing: open it first, then reveal.
		await vscode.commands.executeCommand(`${VIEW_ID}.focus`);
		await visible(view, 3000);
	}
	// A resource added a moment ago is not in the view until VS Code fetched the roots again.
	await provider.rootsSettled();
	// Expand the ancestors one by one first: a reveal into rows the view has not loaded yet selects nothing.
	for (let n = target.parent, chain: FaceTreeNode[] = []; ; n = n.parent) {
		if (!n) {
			for (const ancestor of chain) {
				await revealRetrying(view, ancestor, { select: false, focus: false, expand: true });
			}
			break;
		}
		chain.unshift(n);
	}
	await revealRetrying(view, target, { select: true, focus: true, expand: false });
	return target;
}

/**
 * `view.reveal`, tried again for a few seconds while the workbench does not hold the row yet ("Data tree
 * node not found": a refresh of the view or of an ancestor is still being applied).
 */
async function revealRetrying(view: vscode.TreeView<FaceTreeNode>, node: FaceTreeNode, options: { select: boolean; focus: boolean; expand: boolean }): Promise<void> {
	const deadline = Date.now() + 5000;
	for (;;) {
		try {
			await view.reveal(node, options);
			return;
		} catch (e) {
			if (!/not found/i.test(e instanceof Error ? e.message : String(e)) || Date.now() > deadline) {
				throw e;
			}
			await new Promise((r) => setTimeout(r, 150));
		}
	}
}

function visible(view: vscode.TreeView<FaceTreeNode>, timeoutMs: number): Promise<void> {
	if (view.visible) {
		return Promise.resolve();
	}
	return new Promise((resolve) => {
		const timer = setTimeout(done, timeoutMs);
		const sub = view.onDidChangeVisibility((e) => e.visible && done());
		function done() {
			clearTimeout(timer);
			sub.dispose();
			resolve();
		}
	});
}

async function findContainer(folder: KindFolderNode, containerId: string): Promise<ContainerNode | undefined> {
	await folder.getChildren();
	for (let page = 0; page < REVEAL_MAX_PAGES; page++) {
		const found = folder.containers.find(containerId);
		if (found || folder.containers.done || folder.containers.error !== undefined) {
			return found;
		}
		await folder.containers.loadMore();
		await folder.getChildren();
	}
	return folder.containers.find(containerId);
}
