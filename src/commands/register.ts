/**
 * Registers every command of the extension except the resource commands (registered first, before the
 * tree exists): the tree's own, the operations', and those that act on tree nodes (and, from the palette,
 * on picked targets): containers, persons, faces, copy / properties / portal, and training.
 */
import type * as vscode from 'vscode';
import type { Operations } from '../operations/register';
import type { ResourceStore } from '../resources/store';
import type { RegisteredTree } from '../tree/register';
import { registerContainerCommands } from './containers';
import { registerCopyCommands } from './copy';
import { registerEnrollCommands } from './enroll';
import { registerFaceCommands } from './faces';
import { registerOperationCommands } from './operations';
import { registerPersonCommands } from './persons';
import { registerTrainingCommands } from './training';
import { registerTreeCommands } from './tree';

export function registerCommands(
	context: vscode.ExtensionContext,
	parts: { readonly resources: ResourceStore; readonly tree: RegisteredTree; readonly operations: Operations; readonly log: vscode.LogOutputChannel },
): void {
	const { resources: clients, tree, operations, log } = parts;
	registerTreeCommands(context, tree);
	registerOperationCommands(context, { tracker: operations.tracker, clients, log, locator: tree.locator });
	const deps = { clients, tree: tree.provider, tracker: operations.tracker, log };
	registerContainerCommands(context, deps);
	registerPersonCommands(context, deps);
	registerFaceCommands(context, deps);
	registerCopyCommands(context, deps);
	registerTrainingCommands(context, deps);
	registerEnrollCommands(context, { ...deps, operations: operations.tracker });
}
