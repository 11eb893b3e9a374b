/**
 * The enrollments' own presenters in the window that runs them: a cancellable progress notification
 * (`Enrolling 'team' into 'Staff': 120/480`; Cancel stops it, what went in stays), opened again when the
 * enrollment resumes after a reload; and the summary at the end (added, already there, skipped, failed),
 * with *Train Now* (trainable containers), *Save Report…* (the JSON report) and *Show Log*. Messages go
 * through the prompter, so tests see them.
 */
import * as vscode from 'vscode';
import { KINDS } from '../face/kinds';
import { errorMessage } from '../shared/errors';
import { prompter } from '../shared/prompter';
import { doneFiles } from './enrollRecord';
import { tallyLabel } from './statusBar';
import { enrollmentReport } from './enrollReport';
import type { OperationTracker } from './tracker';
import type { Operation } from './types';
import { containerKindOf } from './types';

export class EnrollmentPresenter implements vscode.Disposable {
	/** Progress notifications open now, by operation: what they showed last, and how to close them. */
	private readonly open = new Map<string, { shown: number; report: (done: number, total: number) => void; close: () => void }>();
	private readonly seen = new Map<string, Operation['state']>();
	private readonly subscription: vscode.Disposable;

	constructor(private readonly tracker: OperationTracker, private readonly log: vscode.LogOutputChannel, private readonly resourceLabel: (id: string) => string) {
		for (const op of tracker.list()) {
			this.seen.set(op.id, op.state);
		}
		this.subscription = tracker.onDidChangeOperation((op) => this.onChange(op));
	}

	private onChange(op: Operation): void {
		if (!op.enrollment) {
			return;
		}
		const before = this.seen.get(op.id);
		this.seen.set(op.id, op.state);
		if (op.state === 'running') {
			if (this.tracker.followedWhere(op) === 'here') {
				this.progress(op);
			}
			return;
		}
		this.open.get(op.id)?.close();
		if (before === op.state || !this.tracker.followedHere(op.id)) {
			return;
		}
		this.summary(op);
	}

	private progress(op: Operation): void {
		const e = op.enrollment!;
		const open = this.open.get(op.id);
		if (open) {
			open.report(doneFiles(e), e.total);
			return;
		}
		const title = vscode.l10n.t("Enrolling '{0}' into '{1}'", e.folderName, op.label);
		void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) =>
			new Promise<void>((resolve) => {
				const entry = {
					shown: 0,
					report: (done: number, total: number) => {
						const pct = total > 0 ? (100 * done) / total : 0;
						progress.report({ message: `${done}/${total}`, increment: Math.max(0, pct - entry.shown) });
						entry.shown = Math.max(entry.shown, pct);
					},
					close: () => {
						this.open.delete(op.id);
						cancel.dispose();
						resolve();
					},
				};
				const cancel = token.onCancellationRequested(() => {
					this.tracker.stopWatching(op.id);
					entry.close();
				});
				this.open.set(op.id, entry);
				entry.report(doneFiles(e), e.total);
			}));
	}

	private summary(op: Operation): void {
		const e = op.enrollment!;
		const where = `'${e.folderName}' → '${op.label}'`;
		const train = vscode.l10n.t('Train Now');
		const save = vscode.l10n.t('Save Report…');
		const showLog = vscode.l10n.t('Show Log');
		const buttons = [...(op.state === 'succeeded' && KINDS[containerKindOf(op)].trainable && e.counts.added > 0 ? [train] : []), save, showLog];
		let shown: Thenable<string | undefined>;
		if (op.state === 'succeeded') {
			const text = vscode.l10n.t('Enrolled {0}: {1}.', where, tallyLabel(e));
			shown = e.counts.failed + e.counts.skipped > 0 ? prompter().showWarning(text, ...buttons) : prompter().showInfo(text, ...buttons);
		} else if (op.state === 'stopped') {
			shown = prompter().showInfo(vscode.l10n.t('Enrollment {0} cancelled at {1}/{2}: {3}. What was added stays; enroll the folder again to add the rest.', where, doneFiles(e), e.total, tallyLabel(e)), save, showLog);
		} else {
			shown = prompter().showError(vscode.l10n.t('Enrollment {0} failed: {1}', where, op.message ?? ''), save, showLog);
		}
		void Promise.resolve(shown).then((choice) => this.act(op, choice, { train, save, showLog }));
	}

	private async act(op: Operation, choice: string | undefined, b: { train: string; save: string; showLog: string }): Promise<void> {
		try {
			if (choice === b.showLog) {
				this.log.show(true);
			} else if (choice === b.train) {
				await this.tracker.startTraining(op.resourceId, containerKindOf(op), op.containerId, op.label);
			} else if (choice === b.save) {
				await this.saveReport(this.tracker.get(op.id) ?? op);
			}
		} catch (e) {
			this.log.error(`${choice}: ${errorMessage(e)}`);
			void prompter().showError(errorMessage(e));
		}
	}

	/** Asks where, then writes the JSON report. Resolves to the file written (undefined: cancelled). */
	async saveReport(op: Operation): Promise<vscode.Uri | undefined> {
		const folder = vscode.Uri.parse(op.enrollment!.folder);
		const uri = await prompter().saveDialog({
			title: vscode.l10n.t('Save the enrollment report'),
			defaultUri: vscode.Uri.joinPath(folder, '..', `enrollment-${op.enrollment!.folderName}.json`),
			filters: { JSON: ['json'] },
		});
		if (!uri) {
			return undefined;
		}
		const json = JSON.stringify(enrollmentReport(op, this.resourceLabel(op.resourceId)), null, 2);
		await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(`${json}\n`));
		this.log.info(`Enrollment report saved to ${uri.fsPath}.`);
		return uri;
	}

	dispose(): void {
		this.subscription.dispose();
		for (const o of [...this.open.values()]) {
			o.close();
		}
	}
}
