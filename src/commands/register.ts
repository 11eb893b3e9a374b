/**
 * Registers every command of the extension but *Show Log*: the resources', the tree's own, the operations',
 * those that act on tree nodes (and, from the palette, on picked targets): containers, persons, faces,
 * copy / properties / portal, training, the Person Directory's and Dynamic Person Groups', and the tries of
 * pictures (identify, find similar, verify, detect), whose results panels it returns. This is the entry of the
 * second bundle, `dist/commands.js`, which loads on the first command (lazyCommands.ts), not at activation.
 */
import type * as vscode from 'vscode';
import type { Operations } from '../operations/register';
import type { ResourceStore } from '../resources/store';
import type { RegisteredTree } from '../tree/register';
import { registerContainerCommands } from './containers';
import { registerCopyCommands } from './copy';
import { registerDirectoryCommands } from './directory';
import { registerDirectoryFaceCommands } from './directoryFaces';
import { registerDynamicGroupCommands } from './dynamicGroupCommands';
import { registerIdentifyDirectoryCommands } from './identifyDirectory';
import { registerEnrollCommands } from './enroll';
import { registerFaceCommands } from './faces';
import { registerOperationCommands } from './operations';
import { registerPersonCommands } from './persons';
import type { PropertiesDocuments } from './propertiesDocuments';
import { registerResourceCommands } from './resources';
import { registerTrainingCommands } from './training';
import { registerTreeCommands } from './tree';
import { registerTryCommands } from './tryIt';
import type { ResultPanels } from '../images/panel';

/** What the commands give back: the picture commands' results panels (made on first use). */
export interface RegisteredCommands {
	readonly panels: () => ResultPanels;
}

/** What the commands are given: the parts `activate` built. */
export interface CommandParts {
	readonly resources: ResourceStore;
	readonly tree: RegisteredTree;
	readonly operations: Operations;
	readonly log: vscode.LogOutputChannel;
	readonly documents: PropertiesDocuments;
}

export function registerCommands(context: vscode.ExtensionContext, parts: CommandParts): RegisteredCommands {
	const { resources: clients, tree, operations, log } = parts;
	registerResourceCommands(context, clients, log);
	registerTreeCommands(context, tree);
	registerOperationCommands(context, { tracker: operations.tracker, clients, log, locator: tree.locator });
	const deps = { clients, tree: tree.provider, tracker: operations.tracker, log };
	registerContainerCommands(context, deps);
	registerPersonCommands(context, deps);
	const panels = registerTryCommands(context, deps, tree.locator);
	registerFaceCommands(context, { ...deps, panels });
	registerCopyCommands(context, deps, parts.documents);
	registerTrainingCommands(context, deps);
	registerEnrollCommands(context, { ...deps, operations: operations.tracker });
	const directory = { clients, tree: tree.provider, writes: operations.tracker, log };
	registerDirectoryCommands(context, directory);
	registerDirectoryFaceCommands(context, directory);
	registerDynamicGroupCommands(context, directory);
	registerIdentifyDirectoryCommands(context, { ...directory, panels });
	return { panels };
}
