/**
 * Observing the operation tracker from tests through its public state: the operation in memory, what is
 * saved in `globalState`, and the status-bar item as a person sees it.
 */
import type * as vscode from 'vscode';
import type { OperationsStatusBar } from '../../src/operations/statusBar';
import type { OperationTracker } from '../../src/operations/tracker';
import type { Operation } from '../../src/operations/types';
import { StorageKey } from '../../src/state/keys';

/** Resolves with the operation once it is no longer running and its end is saved. */
export function whenDone(tracker: OperationTracker, operationId: string): Promise<Operation> {
	const op = tracker.get(operationId);
	if (!op) {
		return Promise.reject(new Error(`No operation ${operationId}.`));
	}
	if (op.state !== 'running') {
		return tracker.saved().then(() => op);
	}
	return new Promise((resolve) => {
		const sub = tracker.onDidChangeOperation((o) => {
			if (o.id === operationId && o.state !== 'running') {
				sub.dispose();
				void tracker.saved().then(() => resolve(o));
			}
		});
	});
}

/** The operations saved in `memento`. */
export function storedOperations(memento: Pick<vscode.Memento, 'get'>): Operation[] {
	return memento.get<{ operations: Operation[] }>(StorageKey.operations)?.operations ?? [];
}

/** Whether the saved operation is running and polled by `tracker`'s window (its lease). */
export function pollsIt(memento: Pick<vscode.Memento, 'get'>, tracker: OperationTracker, operationId: string): boolean {
	const op = storedOperations(memento).find((o) => o.id === operationId);
	return op?.state === 'running' && op.watcher === tracker.windowId;
}

/** What the status-bar item shows now. */
export function statusBarOf(bar: OperationsStatusBar): { readonly visible: boolean; readonly text: string; readonly tooltip: string } {
	const tooltip = bar.item.tooltip;
	return { visible: bar.shown, text: bar.item.text, tooltip: typeof tooltip === 'string' ? tooltip : tooltip?.value ?? '' };
}
