/**
 * Creates the `azureFace.resources` view: the provider, the TreeView and the locator that reveals nodes
 * in it. The tree's commands are registered in src/commands/tree.ts.
 */
import * as vscode from 'vscode';
import type { OperationSource } from '../operations/types';
import type { ClientProvider } from '../resources/types';
import type { StateMemento } from '../state/consistentMemento';
import type { FaceFiles } from '../state/faceFiles';
import { VIEW_ID } from './commandIds';
import { NodeLocator } from './locator';
import type { FaceTreeNode } from './node';
import { FaceTreeProvider } from './provider';

export interface RegisteredTree {
	readonly provider: FaceTreeProvider;
	readonly view: vscode.TreeView<FaceTreeNode>;
	readonly locator: NodeLocator;
}

export function createTree(
	context: vscode.ExtensionContext,
	clients: ClientProvider,
	operations: OperationSource,
	log: vscode.LogOutputChannel,
	state: StateMemento,
	faceFiles: FaceFiles,
): RegisteredTree {
	const provider = new FaceTreeProvider(clients, operations, log, state, faceFiles);
	const view = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: provider, showCollapseAll: true, canSelectMany: true });
	context.subscriptions.push(provider, view, view.onDidCollapseElement((e) => provider.collapsed(e.element)));
	return { provider, view, locator: new NodeLocator(provider, view) };
}
