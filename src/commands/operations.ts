/**
 * The operations' own commands: `azureFace.showOperations` (the quick pick of active and recent
 * operations, also the status-bar item's click) and `azureFace.stopWatching`.
 */
import * as vscode from 'vscode';
import { ALL_KINDS, type ContainerKind } from '../face/kinds';
import { SHOW_OPERATIONS_COMMAND } from '../operations/statusBar';
import type { OperationTracker } from '../operations/tracker';
import type { Operation } from '../operations/types';
import type { ClientProvider } from '../resources/types';
import type { NodeLocator } from '../tree/locator';
import { showOperations } from './operationsPick';
import { registerCommand } from './wrapper';

export const STOP_WATCHING_COMMAND = 'azureFace.stopWatching';

export function registerOperationCommands(
	context: vscode.ExtensionContext,
	deps: { readonly tracker: OperationTracker; readonly clients: ClientProvider; readonly log: vscode.LogOutputChannel; readonly locator: NodeLocator },
): void {
	const { tracker, clients, log, locator } = deps;
	const reveal = (op: Operation) => locator.reveal(op.resourceId, op.kind, op.containerId);
	registerCommand(context, SHOW_OPERATIONS_COMMAND, () => showOperations({ tracker, clients, log, reveal }));
	registerCommand(context, STOP_WATCHING_COMMAND, (arg?: unknown) => stopWatching(tracker, arg));
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
		const op = tracker.findOperation(r.resourceId, r.kind as ContainerKind, r.containerId);
		return op?.state === 'running' ? op : undefined;
	}
	return undefined;
}
