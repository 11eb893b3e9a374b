/**
 * The commands load on first use. At activation every command id gets a stub; the first call of any of
 * them requires the second bundle, `dist/commands.js` (entry: register.ts), which replaces every stub with
 * the real command, and then runs that call. Activation so neither compiles nor runs the commands' code
 * (README, Activation). Modules both bundles use (the wrapper, the tree, the tracker, …) exist once: the
 * commands bundle takes them from the extension bundle (esbuild.mjs), so `instanceof` and module state hold.
 */
import * as vscode from 'vscode';
import { errorMessage } from '../shared/errors';
import { RESULTS_VIEW_TYPE } from '../images/model';
import type { ResultPanels } from '../images/panel';
import { TreeCommand } from '../tree/commandIds';
import { PROPERTIES_SCHEME, PropertiesDocuments } from './propertiesDocuments';
import type * as RegisterModule from './register';
import { registeredCommandIds, runCommand } from './wrapper';

type RegisterBundle = typeof RegisterModule;

/** Commands the tree runs that package.json does not list (clicks on Load more…, reveal from messages). */
const INTERNAL_COMMANDS: readonly string[] = [TreeCommand.loadMore, TreeCommand.revealNode];

export interface LazyCommands {
	/** True once the commands bundle is loaded and its commands registered. */
	loaded(): boolean;
	/** Ids that had a stub but that the commands bundle did not register (must be none). */
	missing(): readonly string[];
	/** The picture commands' results panels (loads the commands first). */
	panels(): ResultPanels;
}

export function registerLazyCommands(context: vscode.ExtensionContext, parts: Omit<RegisterModule.CommandParts, 'documents'>): LazyCommands {
	const documents = new PropertiesDocuments();
	context.subscriptions.push(documents, vscode.workspace.registerTextDocumentContentProvider(PROPERTIES_SCHEME, documents));

	const ids = [...contributedCommands(context), ...INTERNAL_COMMANDS].filter((id) => !registeredCommandIds().has(id));
	const stubs = new Map<string, vscode.Disposable>();
	let registered: RegisterModule.RegisteredCommands | undefined;
	let missing: string[] = [];

	const addStubs = (which: readonly string[]) => {
		for (const id of which) {
			stubs.set(id, vscode.commands.registerCommand(id, (...args: unknown[]) => {
				try {
					load();
				} catch (e) {
					// Shown once, through the one error presenter; the stubs stay for the next try.
					return runCommand(id, () => {
						throw e;
					}, args);
				}
				return vscode.commands.executeCommand(id, ...args);
			}));
		}
	};

	const load = () => {
		if (registered) {
			return registered;
		}
		const bundle = requireCommandsBundle();
		const started = Date.now();
		for (const stub of stubs.values()) {
			stub.dispose();
		}
		stubs.clear();
		try {
			registered = bundle.registerCommands(context, { ...parts, documents });
		} catch (e) {
			addStubs(ids.filter((id) => !registeredCommandIds().has(id)));
			throw e;
		}
		missing = ids.filter((id) => !registeredCommandIds().has(id));
		parts.log.debug(`Commands loaded in ${Date.now() - started} ms`);
		if (missing.length > 0) {
			parts.log.error(`Commands contributed but not registered: ${missing.join(', ')}`);
		}
		return registered;
	};

	addStubs(ids);
	context.subscriptions.push({ dispose: () => stubs.forEach((stub) => stub.dispose()) });
	// A results panel open before a reload comes back at startup (onWebviewPanel activation): its serializer
	// must exist at activation; the panel itself then loads the commands and the images bundle.
	context.subscriptions.push(vscode.window.registerWebviewPanelSerializer(RESULTS_VIEW_TYPE, {
		deserializeWebviewPanel: async (panel, state) => load().panels().restore(panel, state),
	}));
	return { loaded: () => registered !== undefined, missing: () => missing, panels: () => load().panels() };
}

function contributedCommands(context: vscode.ExtensionContext): string[] {
	const contributes = (context.extension.packageJSON as { contributes?: { commands?: { command?: unknown }[] } }).contributes;
	return (contributes?.commands ?? []).map((c) => c.command).filter((id): id is string => typeof id === 'string');
}

function requireCommandsBundle(): RegisterBundle {
	try {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		return require('./commands.js') as RegisterBundle;
	} catch (e) {
		if ((e as NodeJS.ErrnoException)?.code !== 'MODULE_NOT_FOUND' || !String((e as Error).message).includes('commands.js')) {
			throw new Error(`The commands could not be loaded: ${errorMessage(e)}`);
		}
		// Unbundled (tsc output): register.js sits beside this module. A computed specifier keeps esbuild
		// from inlining it into the extension bundle.
		const unbundled = ['.', 'register'].join('/');
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		return require(unbundled) as RegisterBundle;
	}
}
