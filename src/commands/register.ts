/**
 * Registers every command of the extension except the resource commands (registered first, before the
 * tree exists): the tree's own, the operations', and those that act on tree nodes (and, from the palette,
 * on picked targets): containers, persons, faces, copy / properties / portal, training, and the tries of
 * pictures (identify, find similar, verify, detect), whose results panels it returns.
 */
import type * as vscode from 'vscode';
import type { Operations } from '../operations/register';
import type { ResourceStore } from '../resources/store';
import type { RegisteredTree } from '../tree/register';
import { registerContainerCommands } from './containers';
import { registerCopyCommands } from './copy';
import { registerFaceCommands } from './faces';
import { registerOperationCommands } from './operations';
import { registerPersonCommands } from './persons';
import { registerTrainingCommands } from './training';
import { registerTreeCommands } from './tree';
import { registerTryCommands } from './tryIt';
import type { ResultPanels } from '../images/panel';

export function registerCommands(
	context: vscode.ExtensionContext,
	parts: { readonly resources: ResourceStore; readonly tree: RegisteredTree; readonly operations: Operations; readonly log: vscode.LogOutputChannel },
): { readonly panels: () => ResultPanels } {
	const { resources: clients, tree, operations, log } = parts;
	registerTreeCommands(context, tree);
	registerOperationCommands(context, { tracker: operations.tracker, clients, log, locator: tree.locator });
	const deps = { clients, tree: tree.provider, tracker: operations.tracker, log };
	registerContainerCommands(context, deps);
	registerPersonCommands(context, deps);
	registerFaceCommands(context, deps);
	registerCopyCommands(context, deps);
	registerTrainingCommands(context, deps);
	return { panels: registerTryCommands(context, deps, tree.locator) };
}
