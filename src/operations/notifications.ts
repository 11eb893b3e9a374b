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

/** The Person Directory's Add Faces command (commands/directory.ts), for *Add Them Now*. */
const ADD_DIRECTORY_FACES = 'azureFace.addDirectoryFaces';

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
		if (op.batch?.unsent?.length) {
			this.unsent(op, op.batch.unsent);
			return;
		}
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

	/**
	 * A bulk add a reload cut short: what was sent is done (or failed), the rest was never sent. *Add Them Now*
	 * sends the rest to the same person and model (the Person Directory's Add Faces command; `resend`: the first,
	 * which may have been on its way, only if its content hash is not on the person yet).
	 */
	private unsent(op: Operation, unsent: readonly string[]): void {
		const total = op.batch!.total + unsent.length;
		const sent = op.state === 'succeeded'
			? vscode.l10n.t('{0} of {1} images were added', op.batch!.total, total)
			: vscode.l10n.t('{0} of {1} images were sent ({2})', op.batch!.total, total, op.message ?? vscode.l10n.t('some failed'));
		const message = vscode.l10n.t('{0}: {1}; the window reloaded before the other {2} were sent.', op.label, sent, unsent.length);
		this.log.warn(`${op.label}: ${unsent.length} of ${total} images were not sent (the window reloaded): ${unsent.map((u) => vscode.Uri.parse(u).fsPath).join(', ')}`);
		const again = vscode.l10n.t('Add Them Now');
		const showLog = vscode.l10n.t('Show Log');
		void prompter().showWarning(message, again, showLog).then((choice) => {
			if (choice === again) {
				const ref = { resourceId: op.resourceId, personId: op.containerId, recognitionModel: op.batch?.recognitionModel, label: op.batch?.personLabel, resend: true };
				void vscode.commands.executeCommand(ADD_DIRECTORY_FACES, ref, unsent.map((u) => vscode.Uri.parse(u)));
			} else if (choice === showLog) {
				this.log.show(true);
			}
		});
	}

	dispose(): void {
		this.subscription.dispose();
	}
}
