/**
 * Train, Train all untrained or changed, and Show training status. Training goes through the operation
 * tracker (`startTraining`), which follows it to its end; the tree shows it spinning.
 *
 * "Untrained or changed" (Train All): a trainable container is picked when its status is never trained or
 * failed, or when Face Explorer (any window, any session) added or deleted its persons or faces after its
 * last training started (see src/tree/changes.ts: the service keeps no modification time, so changes made
 * by other tools are invisible).
 * Containers whose training is running are left alone.
 */
import * as vscode from 'vscode';
import { FaceApiError } from '../face/errors';
import { TRAINABLE_KINDS, type KindInfo } from '../face/kinds';
import type { Container, FaceApi, TrainingStatus } from '../face/types';
import type { Operation } from '../operations/types';
import type { NodeCommandDeps } from './deps';
import { ContainerNode } from '../tree/containerNode';
import { KindFolderNode } from '../tree/resourceNodes';
import { statusKey } from '../tree/trainingStatusCache';
import { resolveContainer, resolveResourceTarget } from './targets';
import { formatDuration, formatTime, parseTime } from '../shared/time';
import { prompter } from '../shared/prompter';
import { registerCommand, withCancellableProgress } from './wrapper';
import { errorMessage } from '../shared/errors';

export const TrainingCommand = {
	train: 'azureFace.train',
	trainAll: 'azureFace.trainAll',
	showStatus: 'azureFace.showTrainingStatus',
} as const;

const PAGE = 1000;

export function registerTrainingCommands(context: vscode.ExtensionContext, deps: NodeCommandDeps): void {
	registerCommand(context, TrainingCommand.train, (arg?: unknown) => train(deps, arg));
	registerCommand(context, TrainingCommand.trainAll, (arg?: unknown) => trainAll(deps, arg));
	registerCommand(context, TrainingCommand.showStatus, (arg?: unknown) => showTrainingStatus(deps, arg));
}

export async function train(deps: NodeCommandDeps, arg: unknown): Promise<Operation> {
	const target = await resolveContainer(deps.clients, arg, (k) => k.trainable, vscode.l10n.t('Train'));
	const op = await deps.tracker.startTraining(target.resource.id, target.kind.kind, target.containerId, target.label, undefined, knownStatus(deps, target.resource.id, target.kind, target.containerId));
	refreshRow(deps, target.resource.id, target.kind, target.containerId);
	return op;
}

/** A container Train All would train, and why. */
export interface TrainCandidate {
	readonly kind: KindInfo;
	readonly container: Container;
	readonly reason: 'never' | 'failed' | 'changed';
}

export async function trainAll(deps: NodeCommandDeps, arg: unknown): Promise<Operation[]> {
	const title = vscode.l10n.t('Train All Untrained or Changed');
	const resource = await resolveResourceTarget(deps.clients, arg, title);
	const kinds = arg instanceof KindFolderNode && arg.kind.trainable ? [arg.kind] : TRAINABLE_KINDS;
	const client = await deps.clients.getClient(resource.id);
	const { candidates, checked } = await withCancellableProgress(
		vscode.l10n.t('Checking the training status of {0}…', resource.label),
		(signal, progress) => findCandidates(deps, resource.id, client, kinds, signal, (text) => progress.report({ message: text })),
	);
	if (candidates.length === 0) {
		void prompter().showInfo(vscode.l10n.t('All {0} trainable containers of {1} are trained and unchanged (or training).', checked, resource.label));
		return [];
	}
	const button = vscode.l10n.t('Train');
	const lines = candidates.map((c) => `• ${c.container.name || c.container.id} (${vscode.l10n.t(c.kind.label)}): ${reasonText(c.reason)}`);
	const answer = await prompter().confirm(
		candidates.length === 1
			? vscode.l10n.t('Train 1 container of {0}?', resource.label)
			: vscode.l10n.t('Train {0} containers of {1}?', candidates.length, resource.label),
		lines.join('\n'),
		button,
	);
	if (answer !== button) {
		return [];
	}
	const started: Operation[] = [];
	const failures: string[] = [];
	for (const c of candidates) {
		try {
			started.push(await deps.tracker.startTraining(resource.id, c.kind.kind, c.container.id, c.container.name || c.container.id, undefined, knownStatus(deps, resource.id, c.kind, c.container.id)));
		} catch (e) {
			failures.push(`${c.container.id}: ${errorMessage(e)}`);
			deps.log.error(`Train all: '${c.container.id}' could not start: ${errorMessage(e)}`);
		}
		refreshRow(deps, resource.id, c.kind, c.container.id);
	}
	if (failures.length > 0) {
		void prompter().showError(vscode.l10n.t('{0} of {1} trainings could not start: {2}', failures.length, candidates.length, failures.join('; ')));
	}
	return started;
}

async function findCandidates(
	deps: NodeCommandDeps,
	resourceId: string,
	client: FaceApi,
	kinds: readonly KindInfo[],
	signal: AbortSignal,
	report: (text: string) => void,
): Promise<{ candidates: TrainCandidate[]; checked: number }> {
	const candidates: TrainCandidate[] = [];
	let checked = 0;
	for (const kind of kinds) {
		const containers: Container[] = [];
		for (let start: string | undefined; ;) {
			const page = await client.listContainers(kind.kind, { start, top: PAGE, signal });
			containers.push(...page);
			if (page.length < PAGE) {
				break;
			}
			start = page[page.length - 1].id;
		}
		for (const c of containers) {
			report(vscode.l10n.t('{0} \'{1}\' ({2} checked)', vscode.l10n.t(kind.label), c.name || c.id, checked));
			const status = await readStatus(client, kind, c.id, signal);
			deps.tree.statuses.set(resourceId, kind.kind, c.id, status);
			checked++;
			const op = deps.tracker.findOperation(resourceId, kind.kind, c.id);
			if (op?.state === 'running' || status.state === 'running' || status.state === 'notstarted') {
				continue;
			}
			const lastStart = Math.max(parseTime(op?.startedAt) ?? 0, parseTime(status.createdDateTime) ?? 0) || undefined;
			if (status.state === 'nottrained') {
				candidates.push({ kind, container: c, reason: 'never' });
			} else if (status.state === 'failed') {
				candidates.push({ kind, container: c, reason: 'failed' });
			} else if (deps.tree.changes.isChangedSince(resourceId, kind.kind, c.id, lastStart)) {
				candidates.push({ kind, container: c, reason: 'changed' });
			}
		}
	}
	return { candidates, checked };
}

export async function showTrainingStatus(deps: NodeCommandDeps, arg: unknown): Promise<TrainingStatus> {
	const target = await resolveContainer(deps.clients, arg, (k) => k.trainable, vscode.l10n.t('Show Training Status'));
	const client = await deps.clients.getClient(target.resource.id);
	const status = await readStatus(client, target.kind, target.containerId);
	deps.tree.statuses.set(target.resource.id, target.kind.kind, target.containerId, status);
	const name = `${vscode.l10n.t(target.kind.label)} '${target.label}'`;
	const now = Date.now();
	let text: string;
	switch (status.state) {
		case 'nottrained':
			text = vscode.l10n.t('{0} has never been trained.', name);
			break;
		case 'notstarted':
			text = vscode.l10n.t('{0}: training is queued.', name);
			break;
		case 'running':
			text = vscode.l10n.t('{0}: training has been running for {1}.', name, formatDuration(now - (parseTime(status.createdDateTime) ?? now), 'age'));
			break;
		case 'succeeded': {
			const at = status.lastSuccessfulTrainingDateTime ?? status.lastActionDateTime;
			text = vscode.l10n.t('{0} was trained {1} ago ({2}).', name, formatDuration(now - (parseTime(at) ?? now), 'age'), formatTime(at) ?? '?');
			break;
		}
		case 'failed':
			text = vscode.l10n.t('{0}: the last training failed: {1}', name, status.message ?? vscode.l10n.t('no message'));
			break;
	}
	const trainButton = vscode.l10n.t('Train');
	const buttons = status.state === 'nottrained' || status.state === 'failed' ? [trainButton] : [];
	void prompter().showInfo(text, ...buttons).then((choice) => {
		if (choice === trainButton) {
			void vscode.commands.executeCommand(TrainingCommand.train, { resourceId: target.resource.id, kind: target.kind.kind, containerId: target.containerId });
		}
	}, () => undefined);
	return status;
}

/** The training status; a never-trained container (404 `…NotTrained`) is a status, not an error. */
async function readStatus(client: FaceApi, kind: KindInfo, id: string, signal?: AbortSignal): Promise<TrainingStatus> {
	try {
		return await client.getTrainingStatus(kind.kind, id, { signal });
	} catch (e) {
		if (FaceApiError.isNotTrained(e)) {
			return { state: 'nottrained' };
		}
		throw e;
	}
}

function reasonText(reason: TrainCandidate['reason']): string {
	switch (reason) {
		case 'never':
			return vscode.l10n.t('never trained');
		case 'failed':
			return vscode.l10n.t('last training failed');
		case 'changed':
			return vscode.l10n.t('changed through Face Explorer since its last training');
	}
}

/** The status the tree (or Train All's check) already read for the container: the start then reads none. */
function knownStatus(deps: NodeCommandDeps, resourceId: string, kind: KindInfo, containerId: string): TrainingStatus | undefined {
	return deps.tree.statuses.get(statusKey(resourceId, kind.kind, containerId))?.status;
}

function refreshRow(deps: NodeCommandDeps, resourceId: string, kind: KindInfo, containerId: string): void {
	const node = deps.tree.findContainer(resourceId, kind.kind, containerId);
	if (node instanceof ContainerNode) {
		deps.tree.refreshView(node);
	}
}
