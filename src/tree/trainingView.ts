/**
 * How a container's training state looks in the tree: description, icon and tooltip lines, from the
 * last known training status and the tracker's operation for it. Pure apart from `vscode` value types.
 */
import * as vscode from 'vscode';
import type { KindInfo } from '../face/kinds';
import type { Container, TrainingStatus } from '../face/types';
import type { Operation } from '../operations/types';
import { errorMessage } from '../shared/errors';
import { formatDuration, formatTime, parseTime } from '../shared/time';

export type TrainingPhase = 'loading' | 'never' | 'queued' | 'running' | 'succeeded' | 'failed' | 'unknown';

export interface TrainingPresentation {
	readonly phase: TrainingPhase;
	/** When the running training started, or when the last one succeeded / failed (ms since epoch). */
	readonly at?: number;
	readonly message?: string;
}

export interface TrainingFacts {
	readonly status?: TrainingStatus;
	/** When `status` was fetched (ms since epoch). */
	readonly fetchedAt?: number;
	/** Why the status could not be read. */
	readonly error?: unknown;
	readonly operation?: Operation;
}

export function presentTraining(facts: TrainingFacts): TrainingPresentation {
	const { status, operation: op } = facts;
	if (op?.state === 'running') {
		return { phase: 'running', at: parseTime(op.startedAt) };
	}
	const opEnd = parseTime(op?.endedAt);
	const opIsNewer = op !== undefined && opEnd !== undefined && (facts.fetchedAt === undefined || opEnd > facts.fetchedAt);
	if (op && opIsNewer && (op.state === 'succeeded' || op.state === 'failed')) {
		return { phase: op.state, at: opEnd, message: op.message };
	}
	if (status) {
		switch (status.state) {
			case 'nottrained':
				return { phase: 'never' };
			case 'notstarted':
				return { phase: 'queued', at: parseTime(status.createdDateTime) };
			case 'running':
				return { phase: 'running', at: parseTime(status.createdDateTime) };
			case 'succeeded':
				return { phase: 'succeeded', at: parseTime(status.lastSuccessfulTrainingDateTime ?? status.lastActionDateTime) };
			case 'failed':
				return { phase: 'failed', at: parseTime(status.lastActionDateTime), message: status.message };
		}
	}
	if (facts.error !== undefined) {
		return { phase: 'unknown', message: errorMessage(facts.error) };
	}
	return { phase: 'loading' };
}

export function trainingDescription(p: TrainingPresentation, changed: boolean, now = Date.now()): string | undefined {
	let text: string | undefined;
	switch (p.phase) {
		case 'loading':
			return undefined;
		case 'never':
			text = vscode.l10n.t('never trained');
			break;
		case 'queued':
			text = vscode.l10n.t('training queued');
			break;
		case 'running':
			text = vscode.l10n.t('training… {0}', formatDuration(now - (p.at ?? now), 'age'));
			break;
		case 'succeeded':
			text = p.at === undefined ? vscode.l10n.t('trained') : vscode.l10n.t('trained {0} ago', formatDuration(now - p.at, 'age'));
			break;
		case 'failed':
			text = vscode.l10n.t('failed');
			break;
		case 'unknown':
			text = vscode.l10n.t('status unknown');
			break;
	}
	return changed && p.phase !== 'running' && p.phase !== 'queued' ? vscode.l10n.t('{0} · changed', text) : text;
}

export function trainingIcon(p: TrainingPresentation, kind: KindInfo): vscode.ThemeIcon {
	switch (p.phase) {
		case 'never':
			return new vscode.ThemeIcon('circle-large-outline');
		case 'queued':
		case 'running':
			return new vscode.ThemeIcon('sync~spin');
		case 'succeeded':
			return new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'));
		case 'failed':
			return new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed'));
		case 'unknown':
			return new vscode.ThemeIcon('warning');
		default:
			return new vscode.ThemeIcon(kind.icon);
	}
}

/** The container's tooltip: name, id, recognition model, userData, training times and failure message. */
export function containerTooltip(
	kind: KindInfo,
	container: Container,
	facts: TrainingFacts,
	p: TrainingPresentation,
	changed: boolean,
): vscode.MarkdownString {
	const md = new vscode.MarkdownString(undefined, false);
	md.appendMarkdown('**');
	md.appendText(container.name || container.id);
	md.appendMarkdown('**\n\n');
	const rows: Array<[string, string | undefined]> = [
		[vscode.l10n.t('Kind'), kind.label],
		[vscode.l10n.t('ID'), container.id],
		[vscode.l10n.t('Recognition model'), container.recognitionModel ?? vscode.l10n.t('(not reported)')],
		[vscode.l10n.t('User data'), container.userData],
	];
	if (kind.trainable) {
		rows.push([vscode.l10n.t('Training'), trainingDescription(p, false) ?? vscode.l10n.t('loading…')]);
		const status = facts.status;
		rows.push([vscode.l10n.t('Training queued'), formatTime(status?.createdDateTime)]);
		rows.push([vscode.l10n.t('Last action'), formatTime(status?.lastActionDateTime)]);
		rows.push([vscode.l10n.t('Last successful training'), formatTime(status?.lastSuccessfulTrainingDateTime)]);
		const op = facts.operation;
		if (op) {
			rows.push([vscode.l10n.t('Followed training'), `${op.state}, ${formatTime(op.startedAt)}${op.endedAt ? ` → ${formatTime(op.endedAt)}` : ''}`]);
		}
		if (p.message) {
			rows.push([p.phase === 'unknown' ? vscode.l10n.t('Status error') : vscode.l10n.t('Failure'), p.message]);
		}
	}
	for (const [label, value] of rows) {
		if (value !== undefined && value !== '') {
			md.appendMarkdown(`${label}: `);
			md.appendText(value);
			md.appendMarkdown('  \n');
		}
	}
	if (changed && kind.trainable) {
		md.appendMarkdown('\n');
		md.appendText(vscode.l10n.t('Changed through Face Explorer since its last training: train it to use the changes.'));
	}
	return md;
}
