/**
 * Activation: create the log channel, the resource store, the tree and the operation tracker, and
 * register the commands. Nothing else: no Face request, the Face bundle (undici) is not loaded until the
 * first request (resources/faceLoader.ts), and the commands' code not until the first command
 * (commands/lazyCommands.ts). src/README.md draws the layers and lists the state.
 */
import * as vscode from 'vscode';
import { registerLazyCommands } from './commands/lazyCommands';
import { initCommandWrapper, registerCommand } from './commands/wrapper';
import { createOperations } from './operations/register';
import { ensureDefaultResource } from './resources/defaultResource';
import { isImagesLoaded } from './images/loader';
import { isFaceLoaded, loadFace } from './resources/faceLoader';
import { ResourceStore } from './resources/store';
import { errorMessage } from './shared/errors';
import { setPrompter } from './shared/prompter';
import { ConsistentMemento } from './state/consistentMemento';
import { diskFile, FaceFiles } from './state/faceFiles';
import { ContextKey, secretKeyFor } from './state/keys';
import type { FaceExplorerTestApi } from './testApi';
import { createTree } from './tree/register';

/** Kept for `deactivate`, which releases the trainings this window polls before the window goes. */
let activeTracker: { dispose(): void; saved(): Promise<void> } | undefined;
/** Kept for `deactivate`, which saves the faces' file names recorded in the last seconds. */
let activeFaceFiles: FaceFiles | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<FaceExplorerTestApi | undefined> {
	const log = vscode.window.createOutputChannel('Face Explorer', { log: true });
	context.subscriptions.push(log);

	// One view of globalState for everything that keeps state here: it reads back what this window wrote,
	// whatever late echoes VS Code delivers (src/state/consistentMemento.ts).
	const state = new ConsistentMemento(context.globalState, (key) => log.debug(`State: '${key}' written again (a late echo had taken it back)`));
	context.subscriptions.push(state);
	const resources = new ResourceStore(context, log, state);
	context.subscriptions.push(resources);
	initCommandWrapper(log, resources);
	registerCommand(context, 'azureFace.showLog', () => log.show());

	// The persons' faces' file names: read when the first person opens, not now (src/state/faceFiles.ts).
	const faceFiles = new FaceFiles(diskFile(vscode.Uri.joinPath(context.globalStorageUri, 'face-files.json').fsPath), (m) => log.warn(m));
	activeFaceFiles = faceFiles;
	// The tracker resumes unfinished operations after activation returns.
	const operations = createOperations(context, resources, log, state, faceFiles);
	activeTracker = operations.tracker;
	const tree = createTree(context, resources, operations.tracker, log, state, faceFiles);
	// Every other command is a stub until its first call loads them all (dist/commands.js).
	const commands = registerLazyCommands(context, { resources, tree, operations, log });

	const updateContext = () => void vscode.commands.executeCommand('setContext', ContextKey.hasResources, resources.listResources().length > 0);
	context.subscriptions.push(resources.onDidChangeResources(updateContext));
	try {
		const done = await ensureDefaultResource(resources, context.extensionMode === vscode.ExtensionMode.Production);
		if (done) {
			log.info(done);
		}
	} catch (e) {
		log.warn(`Default resource: ${errorMessage(e)}`);
	}
	// Keys no resource uses any more (a removal whose key deletion failed, an older version) go, without
	// holding up activation; a locked keyring only costs a warning.
	void resources.deleteOrphanKeys().catch((e: unknown) => log.warn(`Orphaned API keys: ${errorMessage(e)}`));
	updateContext();
	void vscode.commands.executeCommand('setContext', ContextKey.ready, true);

	if (context.extensionMode === vscode.ExtensionMode.Production) {
		return undefined;
	}
	return {
		resources,
		tracker: operations.tracker,
		statusBar: operations.statusBar,
		tree,
		log,
		setPrompter,
		globalStateJson: () => JSON.stringify(Object.fromEntries(context.globalState.keys().map((k) => [k, context.globalState.get(k)]))),
		secretFor: async (origin) => context.secrets.get(secretKeyFor(origin)),
		isFaceLoaded,
		commands,
		panels: () => commands.panels(),
		isImagesLoaded,
		testing: { secrets: context.secrets, globalState: context.globalState, state },
	};
}

export async function deactivate(): Promise<void> {
	// Release this window's leases on the trainings it polls, so that another window (or this one,
	// reloaded) resumes them at once instead of after the lease lapses.
	if (activeTracker) {
		activeTracker.dispose();
		await activeTracker.saved();
		activeTracker = undefined;
	}
	await activeFaceFiles?.flush();
	activeFaceFiles = undefined;
	// Everything else is disposed through context.subscriptions; close the keep-alive sockets if the
	// Face bundle was ever loaded (never load it just to close nothing).
	if (isFaceLoaded()) {
		await loadFace().closeDispatchers();
	}
}
