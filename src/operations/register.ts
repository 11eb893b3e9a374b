/**
 * Composes the operations part for `activate`: the tracker, its presenters (status bar, completion
 * notifications), the commands `azureFace.showOperations` and `azureFace.stopWatching`, and the resume of
 * unfinished operations — after activation returns, so that activation makes no request.
 */
import * as vscode from 'vscode';
import { registerCommand } from '../commands/wrapper';
import { ALL_KINDS } from '../face/kinds';
import type { ClientProvider } from '../resources/types';
import type { StateMemento } from '../state/consistentMemento';
import { CompletionNotifier } from './notifications';
import { type RevealFn, revealThroughCommands, showOperations } from './operationsPick';
import { readScheduleSettings } from './settings';
import { type BillingCounter, OperationsStatusBar, SHOW_OPERATIONS_COMMAND } from './statusBar';
import { OperationTracker } from './tracker';
import type { Operation } from './types';

export const STOP_WATCHING_COMMAND = 'azureFace.stopWatching';

export interface OperationsOptions {
	/** Shows an operation's container in the tree; default: the tree's reveal command, if registered. */
	readonly reveal?: RevealFn;
	/** Billed transactions per resource (default: `clients`, when it counts them). */
	readonly billing?: BillingCounter;
	/** Where operations are kept (default `context.globalState`; the extension passes its ConsistentMemento). */
	readonly state?: StateMemento;
}

/** The tracker, with the status-bar presenter attached (the test API reads `statusBar.snapshot()`). */
export type RegisteredTracker = OperationTracker & { readonly statusBar: OperationsStatusBar };

export function registerOperations(
	context: vscode.ExtensionContext,
	clients: ClientProvider,
	log: vscode.LogOutputChannel,
	options: OperationsOptions | RevealFn = {},
): RegisteredTracker {
	const opts: OperationsOptions = typeof options === 'function' ? { reveal: options } : options;
	const tracker = new OperationTracker({ globalState: opts.state ?? context.globalState }, clients, log, { schedule: readScheduleSettings });
	const billing = opts.billing ?? asBillingCounter(clients);
	const statusBar = new OperationsStatusBar(tracker, clients, billing);
	const notifier = new CompletionNotifier(tracker, log);
	context.subscriptions.push(tracker, statusBar, notifier);
	const reveal = opts.reveal ?? revealThroughCommands;

	registerCommand(context, SHOW_OPERATIONS_COMMAND, () => showOperations({ tracker, clients, log, reveal }));
	registerCommand(context, STOP_WATCHING_COMMAND, (arg?: unknown) => stopWatching(tracker, arg));

	const timer = setTimeout(() => tracker.resume(), 0);
	context.subscriptions.push({ dispose: () => clearTimeout(timer) });
	return Object.assign(tracker, { statusBar });
}

/** Stops watching: an operation id, an Operation, a tree node of a container; from the palette, a pick. */
async function stopWatching(tracker: OperationTracker, arg: unknown): Promise<Operation | undefined> {
	let op = resolveOperation(tracker, arg);
	if (!op && arg === undefined) {
		const active = tracker.active();
		if (active.length === 0) {
			void vscode.window.showInformationMessage(vscode.l10n.t('No training is being watched.'));
			return undefined;
		}
		const picked = active.length === 1
			? { op: active[0] }
			: await vscode.window.showQuickPick(active.map((o) => ({ label: o.label, description: o.containerId, op: o })), {
				title: vscode.l10n.t('Stop Watching'),
				placeHolder: vscode.l10n.t('Which training to stop watching (it goes on in the service)'),
			});
		op = picked?.op;
	}
	if (op && tracker.stopWatching(op.id)) {
		return tracker.get(op.id);
	}
	return undefined;
}

function resolveOperation(tracker: OperationTracker, arg: unknown): Operation | undefined {
	if (typeof arg === 'string') {
		return tracker.get(arg);
	}
	if (typeof arg !== 'object' || arg === null) {
		return undefined;
	}
	const r = arg as Record<string, unknown>;
	if (typeof r.id === 'string' && tracker.get(r.id)) {
		return tracker.get(r.id);
	}
	if (typeof r.resourceId === 'string' && typeof r.containerId === 'string' && ALL_KINDS.some((k) => k.kind === r.kind)) {
		const op = tracker.findOperation(r.resourceId, r.kind as Operation['kind'], r.containerId);
		return op?.state === 'running' ? op : undefined;
	}
	return undefined;
}

function asBillingCounter(clients: ClientProvider): BillingCounter | undefined {
	const c = clients as Partial<BillingCounter>;
	return typeof c.getBilledCount === 'function' ? (clients as unknown as BillingCounter) : undefined;
}
