/**
 * The status-bar presenter: hidden when idle; `$(sync~spin) Training 'staff' 12s` for one active training,
 * `$(sync~spin) Adding faces to Uma 120/200` for a batch of Person Directory writes, `$(sync~spin) Training 2`
 * (or `3 operations` when not all are trainings) for several, `$(sync~spin) Enrolling 120/480` while folders are
 * enrolled; a short result (`$(check) 'staff' trained`, `$(error) 'x' failed`)
 * for a few seconds after the last one ends. The tooltip lists operations and the billed transactions of
 * each resource in this session. A click opens the operations quick pick.
 */
import * as vscode from 'vscode';
import type { BilledCounter, ClientProvider } from '../resources/types';
import { formatDuration } from '../shared/time';
import { doneFiles } from './enrollRecord';
import { batchDone } from './batch';
import { elapsedMs } from './format';
import { typeOf } from './operationTypes';
import type { OperationTracker } from './tracker';
import type { EnrollmentRecord, Operation } from './types';

export const STATUS_BAR_ID = 'azureFace.operations';
export const SHOW_OPERATIONS_COMMAND = 'azureFace.showOperations';
/** How long the result of the last training stays in the status bar. */
export const RESULT_MS = 10_000;
const TOOLTIP_ITEMS = 8;

export class OperationsStatusBar implements vscode.Disposable {
	readonly item: vscode.StatusBarItem;
	private readonly disposables: vscode.Disposable[] = [];
	private ticker: ReturnType<typeof setInterval> | undefined;
	private hideTimer: ReturnType<typeof setTimeout> | undefined;
	private visible = false;

	constructor(
		private readonly tracker: OperationTracker,
		private readonly clients: ClientProvider,
		private readonly billing?: BilledCounter,
	) {
		this.item = vscode.window.createStatusBarItem(STATUS_BAR_ID, vscode.StatusBarAlignment.Left, 10);
		this.item.name = vscode.l10n.t('Face Explorer Operations');
		this.item.command = SHOW_OPERATIONS_COMMAND;
		this.disposables.push(this.item, tracker.onDidChangeOperation(() => this.render()));
		if (billing) {
			this.disposables.push(billing.onDidChangeBilledCount(() => this.visible && this.render()));
		}
		this.render();
	}

	/** Whether the item is shown now. */
	get shown(): boolean {
		return this.visible;
	}

	render(now = Date.now()): void {
		const active = this.tracker.active();
		const last = this.tracker.list().find((o) => o.state !== 'running');
		const recentResult = last && last.state !== 'stopped' && last.endedAt && now - Date.parse(last.endedAt) < RESULT_MS ? last : undefined;
		const enrolling = active.filter((o) => o.enrollment);
		const others = active.length - enrolling.length;
		if (enrolling.length > 0) {
			// `Enrolling 120/480` (all enrollments together), then the other operations, if any.
			const done = enrolling.reduce((n, o) => n + doneFiles(o.enrollment!), 0);
			const total = enrolling.reduce((n, o) => n + o.enrollment!.total, 0);
			this.item.text = `$(sync~spin) ${vscode.l10n.t('Enrolling {0}/{1}', done, total)}${others > 0 ? ` · ${vscode.l10n.t('{0} operations', others)}` : ''}`;
		} else if (active.length === 1) {
			this.item.text = `$(sync~spin) ${runningText(active[0], now)}`;
		} else if (active.length > 1) {
			this.item.text = active.every((o) => typeOf(o).type === 'training')
				? `$(sync~spin) ${vscode.l10n.t('Training {0}', active.length)}`
				: `$(sync~spin) ${vscode.l10n.t('{0} operations', active.length)}`;
		} else if (recentResult?.enrollment) {
			this.item.text = recentResult.state === 'succeeded'
				? `$(check) ${vscode.l10n.t("'{0}' enrolled: {1} added", recentResult.enrollment.folderName, recentResult.enrollment.counts.added)}`
				: `$(error) ${vscode.l10n.t("Enrolling '{0}' failed", recentResult.enrollment.folderName)}`;
		} else if (recentResult) {
			this.item.text = resultText(recentResult);
		}
		this.visible = active.length > 0 || !!recentResult;
		if (!this.visible) {
			this.item.hide();
			this.stopTicker();
			return;
		}
		this.item.tooltip = this.tooltip(now);
		this.item.show();
		if (active.length > 0) {
			this.startTicker();
		} else {
			this.stopTicker();
			this.scheduleHide(Date.parse(recentResult!.endedAt!) + RESULT_MS - now);
		}
	}

	private tooltip(now: number): vscode.MarkdownString {
		const md = new vscode.MarkdownString(undefined, true);
		md.appendMarkdown(`**${vscode.l10n.t('Face Explorer operations')}**\n\n`);
		for (const op of this.tracker.list().slice(0, TOOLTIP_ITEMS)) {
			md.appendMarkdown(`${describe(op, now, this.resourceLabel(op.resourceId))}  \n`);
		}
		const billed = this.billedLines();
		if (billed.length > 0) {
			md.appendMarkdown(`\n${vscode.l10n.t('Billed transactions this session:')}  \n${billed.join('  \n')}\n`);
		}
		return md;
	}

	private billedLines(): string[] {
		if (!this.billing) {
			return [];
		}
		const lines: string[] = [];
		for (const r of this.clients.listResources()) {
			const n = this.billing.getBilledCount(r.id);
			if (n > 0) {
				lines.push(`${escape(r.label)}: ${n}`);
			}
		}
		return lines;
	}

	private resourceLabel(resourceId: string): string {
		return this.clients.getResource(resourceId)?.label ?? vscode.l10n.t('removed resource');
	}

	private startTicker(): void {
		this.clearHide();
		this.ticker ??= setInterval(() => this.render(), 1000);
	}

	private stopTicker(): void {
		if (this.ticker) {
			clearInterval(this.ticker);
			this.ticker = undefined;
		}
	}

	private scheduleHide(ms: number): void {
		this.clearHide();
		this.hideTimer = setTimeout(() => this.render(), Math.max(0, ms) + 50);
	}

	private clearHide(): void {
		if (this.hideTimer) {
			clearTimeout(this.hideTimer);
			this.hideTimer = undefined;
		}
	}

	dispose(): void {
		this.stopTicker();
		this.clearHide();
		for (const d of this.disposables) {
			d.dispose();
		}
	}
}

/** The status bar's text for one running operation: `Training 'staff' 12s`, `Adding faces to Uma 120/200`. */
export function runningText(op: Operation, now = Date.now()): string {
	if (typeOf(op).type === 'training') {
		return vscode.l10n.t("Training '{0}' {1}", op.label, formatDuration(elapsedMs(op, now)));
	}
	return op.batch
		? `${op.label} ${batchDone(op.batch)}/${op.batch.total}`
		: `${op.label} ${formatDuration(elapsedMs(op, now))}`;
}

/** A short result after the last operation ended: `$(check) 'staff' trained`, `$(error) Adding faces to Uma: failed`. */
function resultText(op: Operation): string {
	if (typeOf(op).type === 'training') {
		return op.state === 'succeeded' ? `$(check) ${vscode.l10n.t("'{0}' trained", op.label)}` : `$(error) ${vscode.l10n.t("'{0}' failed", op.label)}`;
	}
	return op.state === 'succeeded' ? `$(check) ${vscode.l10n.t('{0}: done', op.label)}` : `$(error) ${vscode.l10n.t('{0}: failed', op.label)}`;
}

/** One line per operation, e.g. `$(sync~spin) 'staff' — training 12s · My Face`, `$(check) Adding faces to Uma — done in 9s · My Face`. */
export function describe(op: Operation, now: number, resource: string): string {
	const took = formatDuration(elapsedMs(op, now));
	const where = ` · ${escape(resource)}`;
	const e = op.enrollment;
	if (e) {
		const what = vscode.l10n.t("'{0}' into '{1}'", escape(e.folderName), escape(op.label));
		switch (op.state) {
			case 'running':
				return `$(sync~spin) ${what} — ${vscode.l10n.t('enrolling {0}/{1}', doneFiles(e), e.total)}${where}`;
			case 'succeeded':
				return `$(check) ${what} — ${escape(tallyLabel(e))}${where}`;
			case 'failed':
				return `$(error) ${what} — ${vscode.l10n.t('failed after {0}', took)}${where}`;
			default:
				return `$(circle-slash) ${what} — ${vscode.l10n.t('cancelled at {0}/{1}', doneFiles(e), e.total)}${where}`;
		}
	}
	if (typeOf(op).type !== 'training') {
		const label = escape(op.label);
		const progress = op.batch ? ` ${batchDone(op.batch)}/${op.batch.total}` : '';
		switch (op.state) {
			case 'running':
				return `$(sync~spin) ${vscode.l10n.t('{0} — pending{1}, {2}', label, progress, took)}${where}`;
			case 'succeeded':
				return `$(check) ${vscode.l10n.t('{0} — done in {1}', label, took)}${where}`;
			case 'failed':
				return `$(error) ${vscode.l10n.t('{0} — failed after {1}', label, took)}${where}`;
			default:
				return `$(circle-slash) ${vscode.l10n.t('{0} — not watched', label)}${where}`;
		}
	}
	switch (op.state) {
		case 'running':
			return op.waiting !== undefined
				? `$(key) ${vscode.l10n.t("'{0}' — training {1}, waiting for the key or sign-in", escape(op.label), took)}${where}`
				: `$(sync~spin) ${vscode.l10n.t("'{0}' — training {1}", escape(op.label), took)}${where}`;
		case 'succeeded':
			return `$(check) ${vscode.l10n.t("'{0}' — trained in {1}", escape(op.label), took)}${where}`;
		case 'failed':
			return `$(error) ${vscode.l10n.t("'{0}' — failed after {1}", escape(op.label), took)}${where}`;
		default:
			return `$(circle-slash) ${vscode.l10n.t("'{0}' — not watched", escape(op.label))}${where}`;
	}
}

/** An enrollment's tally in the UI: `470 added, 10 already there, 4 skipped, 0 failed` (the log's: tallyText). */
export function tallyLabel(r: EnrollmentRecord): string {
	return vscode.l10n.t('{0} added, {1} already there, {2} skipped, {3} failed', r.counts.added, r.counts.existing, r.counts.skipped, r.counts.failed);
}

/** Markdown-escapes user text (labels come from the service). */
function escape(text: string): string {
	return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
