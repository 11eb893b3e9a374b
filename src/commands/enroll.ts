/**
 * *Enroll Folder into Person Group…* (each sub-folder a person, each image a face) and *Add Folder to Face
 * List…* (every image, at any depth, into a Face List or Large Face List): from the file Explorer's folder
 * context menu, or from the palette, which asks for the folder. The target is picked (or created on the
 * spot); the enrollment itself is an operation of the tracker (progress, status bar, resume after a reload,
 * the summary and its report: src/operations/enroll*.ts). When one ends, its container is refreshed and
 * marked changed since its last training.
 */
import * as vscode from 'vscode';
import { ALL_KINDS, KINDS, type KindInfo } from '../face/kinds';
import { loadEnrollment } from '../operations/enrollLoader';
import { doneFiles } from '../operations/enrollRecord';
import type { OperationTracker } from '../operations/tracker';
import type { Operation } from '../operations/types';
import { parseFaceMark } from '../operations/enrollCheck';
import { prompter } from '../shared/prompter';
import { FaceNode } from '../tree/personNodes';
import { DirectoryFaceNode } from '../tree/directoryNodes';
import type { NodeCommandDeps } from './deps';
import { resolveEnrollTarget } from './enrollTarget';
import { registerCommands } from './wrapper';
import { containerKindOf } from '../operations/types';

export const EnrollCommand = {
	persons: 'azureFace.enrollFolder',
	faceList: 'azureFace.addFolderToFaceList',
	reveal: 'azureFace.revealFaceFile',
} as const;

/** `auto` (default): the quality gate is on for v1.2 and the previews, off for v1.0. */
export const QUALITY_GATE_SETTING = 'enroll.qualityGate';

export interface EnrollDeps extends NodeCommandDeps {
	readonly operations: OperationTracker;
}

export function registerEnrollCommands(context: vscode.ExtensionContext, deps: EnrollDeps): void {
	registerCommands(context, {
		[EnrollCommand.persons]: (uri?: unknown, arg?: unknown) => enrollFolder(deps, 'persons', uri, arg),
		[EnrollCommand.faceList]: (uri?: unknown, arg?: unknown) => enrollFolder(deps, 'faces', uri, arg),
		[EnrollCommand.reveal]: (node?: unknown) => revealFaceFile(node),
	});
	const handled = new Set<string>();
	context.subscriptions.push(deps.operations.onDidChangeOperation((op) => {
		if (op.enrollment && op.state !== 'running' && !handled.has(op.id) && deps.operations.followedHere(op.id)) {
			handled.add(op.id);
			ended(deps, op);
		}
	}));
}

/**
 * Plans the folder, asks for the target and starts the enrollment. `uri`: the folder (file Explorer), else
 * asked; `arg`: a target (a container node or `{ resourceId, kind, containerId }`), else asked. Resolves to
 * the started (or already running) operation.
 */
export async function enrollFolder(deps: EnrollDeps, children: KindInfo['children'], uri?: unknown, arg?: unknown): Promise<Operation | undefined> {
	const kinds = ALL_KINDS.filter((k) => k.children === children);
	const title = children === 'persons' ? vscode.l10n.t('Enroll Folder into Person Group') : vscode.l10n.t('Add Folder to Face List');
	const folder = uri instanceof vscode.Uri ? uri : await pickFolder(title, children);
	if (!folder) {
		return undefined;
	}
	const stat = await vscode.workspace.fs.stat(folder);
	if (!(stat.type & vscode.FileType.Directory)) {
		throw new Error(vscode.l10n.t('{0} is not a folder: pick a folder of images (one sub-folder per person).', folder.fsPath));
	}
	const { baseName, planFolder } = loadEnrollment();
	const name = baseName(folder);
	const plan = await planFolder(folder, children === 'persons');
	if (plan.total === 0) {
		throw new Error(vscode.l10n.t("'{0}' has no files to enroll.", name));
	}
	// From the tree (a container node) the node comes first, and the folder is asked for.
	const target = await resolveEnrollTarget(deps, uri instanceof vscode.Uri ? arg : uri, kinds, name, title);
	const op = deps.operations.startEnrollment({
		resourceId: target.resource.id,
		kind: target.kind.kind,
		containerId: target.containerId,
		label: target.label,
		folder,
		folderName: name,
		qualityGate: qualityGate(target.resource.apiVersion),
		recognitionModel: target.recognitionModel,
		total: plan.total,
	});
	if (op.enrollment && doneFiles(op.enrollment) > 0) {
		void prompter().showInfo(vscode.l10n.t("'{0}' is already being enrolled into '{1}' ({2}/{3}).", name, target.label, doneFiles(op.enrollment), op.enrollment.total));
	}
	return op;
}

/** The quality gate's setting: `on`, `off`, or `auto` (on except for v1.0). */
export function qualityGate(apiVersion: string): boolean {
	const value = vscode.workspace.getConfiguration('azureFace').get<string>(QUALITY_GATE_SETTING) ?? 'auto';
	return value === 'on' || (value !== 'off' && apiVersion !== 'v1.0');
}

async function pickFolder(title: string, children: KindInfo['children']): Promise<vscode.Uri | undefined> {
	const picked = await prompter().openDialog({
		canSelectFiles: false,
		canSelectFolders: true,
		canSelectMany: false,
		title: children === 'persons' ? vscode.l10n.t('{0}: a folder with one sub-folder per person', title) : vscode.l10n.t('{0}: a folder of images', title),
		openLabel: vscode.l10n.t('Enroll'),
		defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
	});
	return picked?.[0];
}

/**
 * Shows the file an enrolled face came from in the file Explorer (its `userData` names the path relative to the
 * enrolled folder's parent): the first match in the workspace. A person's face not read yet is read first (one
 * call). Resolves to the file, or throws when it is not there.
 */
export async function revealFaceFile(node: unknown): Promise<vscode.Uri> {
	const face = node instanceof FaceNode || node instanceof DirectoryFaceNode ? node : undefined;
	await face?.readUserData();
	const mark = parseFaceMark(face?.userData);
	if (!mark) {
		throw new Error(vscode.l10n.t('Reveal in Explorer works on faces added by Face Explorer (their user data names the file); this one was added otherwise.'));
	}
	const glob = `**/${mark.file.replace(/[[\]{}*?]/g, '?')}`;
	const [found] = await vscode.workspace.findFiles(glob, undefined, 1);
	if (!found) {
		throw new Error(vscode.l10n.t('{0} is not in this workspace.', mark.file));
	}
	await vscode.commands.executeCommand('revealInExplorer', found);
	return found;
}

/** The container shows what went in; a trainable one is marked changed since its last training. */
function ended(deps: EnrollDeps, op: Operation): void {
	const e = op.enrollment!;
	const kind = containerKindOf(op);
	const persons = KINDS[kind].children === 'persons';
	if (e.counts.added > 0 && KINDS[kind].trainable) {
		deps.tree.changes.markChanged(op.resourceId, kind, op.containerId, persons ? e.personsCreated : e.counts.added);
	}
	deps.tree.refreshFolder(op.resourceId, kind);
	deps.tree.refreshContainer(op.resourceId, kind, op.containerId);
}
