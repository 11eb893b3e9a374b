/**
 * Composes the operations part for `activate`: the tracker and its presenters (status bar, completion
 * notifications, the log), and the resume of unfinished operations — after activation returns, so that
 * activation makes no request. The commands are registered in src/commands/operations.ts.
 */
import type * as vscode from 'vscode';
import { randomUUID } from 'node:crypto';
import type { FaceFiles } from '../state/faceFiles';
import type { StateMemento } from '../state/consistentMemento';
import { WorkspaceKey } from '../state/keys';
import { errorMessage } from '../shared/errors';
import type { ResourceStore } from '../resources/store';
import { EnrollmentPresenter } from './enrollPresenter';
import { CompletionNotifier } from './notifications';
import { readScheduleSettings } from './settings';
import { OperationsStatusBar } from './statusBar';
import { OperationTracker } from './tracker';

export interface Operations {
	readonly tracker: OperationTracker;
	readonly statusBar: OperationsStatusBar;
	readonly enrollments: EnrollmentPresenter;
}

export function createOperations(
	context: vscode.ExtensionContext, resources: ResourceStore, log: vscode.LogOutputChannel, state: StateMemento, faceFiles: FaceFiles,
): Operations {
	// A reload keeps the workspace: the id saved here names the leases this window held before it.
	const previous = context.workspaceState.get<unknown>(WorkspaceKey.windowId);
	const windowId = randomUUID();
	void Promise.resolve(context.workspaceState.update(WorkspaceKey.windowId, windowId)).catch((e) => log.warn(`Could not save the window id: ${errorMessage(e)}`));
	const tracker = new OperationTracker({ globalState: state }, resources, log, {
		schedule: readScheduleSettings,
		windowId,
		previousWindowId: typeof previous === 'string' ? previous : undefined,
		faceFiles,
	});
	const statusBar = new OperationsStatusBar(tracker, resources, resources);
	const notifier = new CompletionNotifier(tracker, log);
	const enrollments = new EnrollmentPresenter(tracker, log, (id) => resources.getResource(id)?.label ?? id);
	context.subscriptions.push(tracker, statusBar, notifier, enrollments);
	const timer = setTimeout(() => tracker.resume(), 0);
	context.subscriptions.push({ dispose: () => clearTimeout(timer) });
	return { tracker, statusBar, enrollments };
}
