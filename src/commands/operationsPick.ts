/**
 * `azureFace.showOperations`: a quick pick of active and recent operations. Each item has buttons
 * (*Show Log*, *Reveal in Tree*, *Stop Watching* while active); accepting an item offers the same actions
 * as a second pick, so the keyboard reaches them too.
 */
import { batchDone } from '../operations/batch';
import { typeOf } from '../operations/operationTypes';
import * as vscode from 'vscode';
import type { ClientProvider } from '../resources/types';
import { doneFiles } from '../operations/enrollRecord';
import { tallyLabel } from '../operations/statusBar';
import { elapsedMs } from '../operations/format';
import { formatDuration } from '../shared/time';
import type { OperationTracker } from '../operations/tracker';
import type { Operation } from '../operations/types';

/** Shows the operation's container in the tree. */
export type RevealFn = (op: Operation) => Thenable<unknown> | void;

type Action = 'log' | 'reveal' | 'stop';

interface OperationItem extends vscode.QuickPickItem {
	readonly operation: Operation;
}

interface ActionItem extends vscode.QuickPickItem {
	readonly action: Action;
}

export interface PickDeps {
	readonly tracker: OperationTracker;
	readonly clients: ClientProvider;
	readonly log: vscode.LogOutputChannel;
	readonly reveal: RevealFn;
}

function button(action: Action): vscode.QuickInputButton & { action: Action } {
	switch (action) {
		case 'log':
			return { action, iconPath: new vscode.ThemeIcon('output'), tooltip: vscode.l10n.t('Show Log') };
		case 'reveal':
			return { action, iconPath: new vscode.ThemeIcon('list-tree'), tooltip: vscode.l10n.t('Reveal in Tree') };
		default:
			return { action, iconPath: new vscode.ThemeIcon('debug-stop'), tooltip: vscode.l10n.t('Stop Watching') };
	}
}

export function operationItem(op: Operation, resource: string, now = Date.now()): OperationItem {
	const took = formatDuration(elapsedMs(op, now));
	const training = typeOf(op).type === 'training';
	const progress = op.batch ? ` ${batchDone(op.batch)}/${op.batch.total}` : '';
	let icon: string;
	let state: string;
	switch (op.state) {
		case 'running':
			icon = '$(sync~spin)';
			state = training ? vscode.l10n.t('training {0}', took) : vscode.l10n.t('pending{0}, {1}', progress, took);
			break;
		case 'succeeded':
			icon = '$(check)';
			state = training ? vscode.l10n.t('trained in {0}', took) : vscode.l10n.t('done in {0}', took);
			break;
		case 'failed':
			icon = '$(error)';
			state = vscode.l10n.t('failed after {0}', took);
			break;
		default:
			icon = '$(circle-slash)';
			state = vscode.l10n.t('not watched');
	}
	const e = op.enrollment;
	if (e) {
		// `'team' → 'Staff'`, `enrolling 120/480` / the tally.
		state = op.state === 'running' ? vscode.l10n.t('enrolling {0}/{1}', doneFiles(e), e.total) : op.state === 'succeeded' ? tallyLabel(e) : state;
	}
	const actions: Action[] = op.state === 'running' ? ['log', 'reveal', 'stop'] : ['log', 'reveal'];
	return {
		operation: op,
		label: `${icon} ${e ? `'${e.folderName}' → ${op.label}` : op.label}`,
		description: `${state} · ${resource}`,
		detail: op.message,
		buttons: actions.map(button),
	};
}

export async function showOperations(deps: PickDeps): Promise<void> {
	const ops = deps.tracker.list();
	if (ops.length === 0) {
		void vscode.window.showInformationMessage(vscode.l10n.t('No operations were followed yet. Train a Person Group, Large Person Group or Large Face List, or change the Person Directory, from the Face Explorer view.'));
		return;
	}
	const label = (op: Operation) => deps.clients.getResource(op.resourceId)?.label ?? vscode.l10n.t('removed resource');
	const pick = vscode.window.createQuickPick<OperationItem>();
	pick.title = vscode.l10n.t('Face Explorer Operations');
	pick.placeholder = vscode.l10n.t('Active and recent operations: pick one for its actions');
	pick.matchOnDescription = true;
	pick.items = ops.map((op) => operationItem(op, label(op)));
	const chosen = await new Promise<{ op: Operation; action?: Action } | undefined>((resolve) => {
		pick.onDidTriggerItemButton((e) => {
			resolve({ op: e.item.operation, action: (e.button as { action?: Action }).action });
			pick.hide();
		});
		pick.onDidAccept(() => {
			const item = pick.selectedItems[0];
			resolve(item ? { op: item.operation } : undefined);
			pick.hide();
		});
		pick.onDidHide(() => resolve(undefined));
		pick.show();
	});
	pick.dispose();
	if (!chosen) {
		return;
	}
	const action = chosen.action ?? (await pickAction(deps.tracker.get(chosen.op.id) ?? chosen.op));
	if (action) {
		await runAction(deps, deps.tracker.get(chosen.op.id) ?? chosen.op, action);
	}
}

async function pickAction(op: Operation): Promise<Action | undefined> {
	const items: ActionItem[] = [
		{ action: 'log', label: `$(output) ${vscode.l10n.t('Show Log')}` },
		{ action: 'reveal', label: `$(list-tree) ${vscode.l10n.t('Reveal in Tree')}` },
	];
	if (op.state === 'running' && op.enrollment) {
		items.push({ action: 'stop', label: `$(debug-stop) ${vscode.l10n.t('Cancel Enrollment')}`, detail: vscode.l10n.t('What was added stays; enroll the folder again to add the rest.') });
	} else if (op.state === 'running') {
		items.push({ action: 'stop', label: `$(debug-stop) ${vscode.l10n.t('Stop Watching')}`, detail: vscode.l10n.t('The service cannot cancel it: this only stops polling it.') });
	}
	const item = await vscode.window.showQuickPick(items, { title: op.label, placeHolder: vscode.l10n.t('What to do with this operation') });
	return item?.action;
}

async function runAction(deps: PickDeps, op: Operation, action: Action): Promise<void> {
	switch (action) {
		case 'log':
			deps.log.show(true);
			return;
		case 'reveal':
			await deps.reveal(op);
			return;
		default:
			deps.tracker.stopWatching(op.id);
	}
}
