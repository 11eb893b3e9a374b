/**
 * The completion presenter: one notification when a watched operation ends. "'staff' trained in 41s",
 * "Adding faces to Uma: done in 9s" (one for a whole batch);
 * a failure is an error with the service's message and *Show Log*. Nothing for "stop watching".
 * Messages go through the commands' prompter, so tests see them (a `ScriptedPrompter` records them).
 */
import * as vscode from 'vscode';
import { prompter } from '../shared/prompter';
import { formatDuration } from '../shared/time';
import { elapsedMs } from './format';
import { typeOf } from './operationTypes';
import type { OperationTracker } from './tracker';
import type { Operation, OperationState } from './types';

export class CompletionNotifier implements vscode.Disposable {
	private readonly seen = new Map<string, OperationState>();
	private readonly subscription: vscode.Disposable;

	constructor(private readonly tracker: OperationTracker, private readonly log: vscode.LogOutputChannel) {
		for (const op of tracker.list()) {
			this.seen.set(op.id, op.state);
		}
		this.subscription = tracker.onDidChangeOperation((op) => this.onChange(op));
	}

	private onChange(op: Operation): void {
		const before = this.seen.get(op.id);
		this.seen.set(op.id, op.state);
		if (op.enrollment) {
			return; // enrollPresenter.ts tells how an enrollment ended
		}
		// Only the window that polled a training tells how it ended (other windows show it in the status bar).
		if (before === op.state || op.state === 'running' || op.state === 'stopped' || !this.tracker.followedHere(op.id)) {
			return;
		}
		const took = formatDuration(elapsedMs(op));
		const training = typeOf(op).type === 'training';
		if (op.state === 'succeeded') {
			void prompter().showInfo(training ? vscode.l10n.t("'{0}' trained in {1}", op.label, took) : vscode.l10n.t('{0}: done in {1}', op.label, took));
			return;
		}
		const showLog = vscode.l10n.t('Show Log');
		const message = !training
			? vscode.l10n.t('{0} failed: {1}', op.label, op.message ?? vscode.l10n.t('no message from the service'))
			: op.message
				? vscode.l10n.t("Training '{0}' failed: {1}", op.label, op.message)
				: vscode.l10n.t("Training '{0}' failed.", op.label);
		void prompter().showError(message, showLog).then((choice) => {
			if (choice === showLog) {
				this.log.show(true);
			}
		});
	}

	dispose(): void {
		this.subscription.dispose();
	}
}
