/**
 * Add a face from an image file picked in a dialog (to a person, a Face List or a Large Face List), and
 * delete a face. The file's size is checked (1 KB–6 MB) before anything is sent. Both mark a trainable
 * container "changed since its last training".
 */
import * as path from 'path';
import * as vscode from 'vscode';
import { FaceApiError } from '../face/errors';
import type { DetectedFace, FaceApi } from '../face/types';
import type { TryResult } from '../images/model';
import type { ResultPanels } from '../images/panel';
import { IMAGE_EXTENSIONS, imageFiles, mimeOf, readImage } from '../images/imageFiles';
import type { NodeCommandDeps } from './deps';
import { resolveFace, resolveFaceHolder, type ContainerTarget } from './targets';
import { prompter } from '../shared/prompter';
import { registerCommand } from './wrapper';
import { errorMessage } from '../shared/errors';
import { contentHash, faceUserData } from '../operations/enrollCheck';
import { faceHolderKey } from '../state/faceFiles';

export const FaceCommand = {
	add: 'azureFace.addFace',
	addFromFiles: 'azureFace.addFaceFromFiles',
	delete: 'azureFace.deleteFace',
} as const;

/** `panels`: the results panels, where Add Face… shows the boxes of an image with several faces. */
type FaceDeps = NodeCommandDeps & { readonly panels?: () => ResultPanels };

export function registerFaceCommands(context: vscode.ExtensionContext, deps: FaceDeps): void {
	registerCommand(context, FaceCommand.add, (arg?: unknown, file?: unknown) => addFace(deps, arg, file instanceof vscode.Uri ? file : undefined));
	registerCommand(context, FaceCommand.addFromFiles, (uri?: unknown, uris?: unknown) => addFacesFromFiles(deps, imageFiles(uri, uris)));
	registerCommand(context, FaceCommand.delete, (arg?: unknown) => deleteFace(deps, arg));
}

export interface AddedFaces {
	readonly added: readonly string[];
	/** `file: message` for each image the service (or the size check) refused. */
	readonly failed: readonly string[];
}

/**
 * From the file Explorer: adds one face per selected image to a person or face list picked with quick
 * picks. An image that fails (no face, too small…) is reported and the others still go in.
 */
export async function addFacesFromFiles(deps: NodeCommandDeps, files: readonly vscode.Uri[]): Promise<AddedFaces | undefined> {
	if (files.length === 0) {
		throw new Error(vscode.l10n.t('Select one or more images (JPEG, PNG, GIF or BMP) in the Explorer.'));
	}
	const title = files.length === 1
		? vscode.l10n.t('Add the face in {0} to…', path.basename(files[0].fsPath))
		: vscode.l10n.t('Add the faces in {0} images to…', files.length);
	const holder = await resolveFaceHolder(deps.clients, undefined, title);
	const client = await deps.clients.getClient(holder.resource.id);
	const where = holder.person ? `${holder.person.name} (${holder.label})` : holder.label;
	const added: string[] = [];
	const failed: string[] = [];
	for (const file of files) {
		const name = path.basename(file.fsPath);
		try {
			const bytes = await readImage(file);
			const userData = faceMarkOf(file, bytes);
			const faceId = await client.addFace(holder.kind.kind, holder.containerId, holder.personId, { bytes }, { detectionModel: 'detection_03', userData });
			remember(deps, holder, faceId, userData);
			deps.log.info(`Added face ${faceId} from ${name} to ${where}.`);
			added.push(faceId);
		} catch (e) {
			const message = errorMessage(e);
			deps.log.warn(`Adding the face in ${name} to ${where} failed: ${message}`);
			failed.push(`${name}: ${message}`);
		}
	}
	if (added.length > 0) {
		if (holder.kind.trainable) {
			deps.tree.changes.markChanged(holder.resource.id, holder.kind.kind, holder.containerId, faceEntries(holder, added.length));
		}
		refreshHolder(deps, holder, holder.personId);
	}
	if (failed.length === 0) {
		void prompter().showInfo(added.length === 1
			? vscode.l10n.t('Added a face from {0} to {1}.', path.basename(files[0].fsPath), where)
			: vscode.l10n.t('Added {0} faces to {1}.', added.length, where));
	} else {
		void prompter().showError(vscode.l10n.t('Added {0} of {1} faces to {2}. Not added: {3}', added.length, files.length, where, failed.join('; ')), vscode.l10n.t('Show Log'))
			.then((choice) => choice && deps.log.show());
	}
	return { added, failed };
}

/** Adds the face in an image file; `file` skips the dialog. Returns the new persistedFaceId. */
export async function addFace(deps: FaceDeps, arg: unknown, file?: vscode.Uri): Promise<string | undefined> {
	const title = vscode.l10n.t('Add Face from Image');
	const holder = await resolveFaceHolder(deps.clients, arg, title);
	const uri = file ?? (await pickImage(holder, holder.person?.name));
	if (!uri) {
		return undefined;
	}
	const bytes = await readImage(uri);
	const client = await deps.clients.getClient(holder.resource.id);
	const userData = faceMarkOf(uri, bytes);
	const faceId = await addOneFace(client, holder, bytes, uri, userData, deps.panels);
	if (faceId === undefined) {
		return undefined;
	}
	remember(deps, holder, faceId, userData);
	const where = holder.person ? `${holder.person.name} (${holder.label})` : holder.label;
	deps.log.info(`Added face ${faceId} from ${path.basename(uri.fsPath)} to ${where}.`);
	if (holder.kind.trainable) {
		deps.tree.changes.markChanged(holder.resource.id, holder.kind.kind, holder.containerId, faceEntries(holder, 1));
	}
	refreshHolder(deps, holder, holder.personId);
	void prompter().showInfo(vscode.l10n.t('Added a face from {0} to {1}.', path.basename(uri.fsPath), where));
	return faceId;
}

/**
 * Adds the face; an image with several faces (the service refuses it without `targetFace`) is shown in the
 * results panel with a numbered box per face, largest first, and the face picked by its number in a quick pick
 * is sent as `targetFace`.
 */
async function addOneFace(
	client: FaceApi, holder: ContainerTarget & { readonly personId?: string }, bytes: Uint8Array, uri: vscode.Uri, userData: string, panels?: () => ResultPanels,
): Promise<string | undefined> {
	const add = (targetFace?: readonly [number, number, number, number]) =>
		client.addFace(holder.kind.kind, holder.containerId, holder.personId, { bytes }, { detectionModel: 'detection_03', targetFace, userData });
	try {
		return await add();
	} catch (e) {
		if (!(FaceApiError.is(e) && e.code === 'InvalidImage' && /more than (1|one) face/i.test(e.message))) {
			throw e;
		}
	}
	const name = path.basename(uri.fsPath);
	const faces = await client.detect({ bytes }, { detectionModel: 'detection_03', returnFaceId: false });
	const shown = panels?.().show([{ result: facesToPick(holder, uri, faces), bytes }]);
	try {
		const picked = await prompter().pick(faces.map((f, i) => {
			const r = f.faceRectangle;
			return {
				label: vscode.l10n.t('Face {0}: {1}×{2} px', i + 1, r.width, r.height),
				description: vscode.l10n.t('left {0}, top {1}', r.left, r.top),
				rect: [r.left, r.top, r.width, r.height] as const,
			};
		}), { title: vscode.l10n.t('{0} has {1} faces: which one?', name, faces.length), placeHolder: vscode.l10n.t('The numbers are those of the boxes on the picture') });
		return picked ? await add(picked.rect) : undefined;
	} finally {
		shown?.panel.dispose();
	}
}

/** The picture with its faces' boxes, numbered as the quick pick lists them (Detect Faces' panel, no call). */
function facesToPick(holder: ContainerTarget, uri: vscode.Uri, faces: readonly DetectedFace[]): TryResult {
	return {
		version: 1,
		mode: 'detect',
		target: { resourceId: holder.resource.id, resourceLabel: holder.resource.label, label: holder.label },
		image: { name: path.basename(uri.fsPath), path: uri.fsPath, mime: mimeOf(uri) },
		faces: faces.map((f) => ({ rect: f.faceRectangle, matches: [] })),
		recognitionModel: holder.container?.recognitionModel ?? '',
		detectionModel: 'detection_03',
		notes: [vscode.l10n.t('Pick the face to add by its number in the list above the editor.')],
		at: new Date().toISOString(),
		// The add that said "several faces" and the detect: the quick pick's add is the third.
		calls: 2,
	};
}

export async function deleteFace(deps: NodeCommandDeps, arg: unknown): Promise<boolean> {
	const target = await resolveFace(deps.clients, arg, vscode.l10n.t('Delete Face'));
	const button = vscode.l10n.t('Delete');
	const answer = await prompter().confirm(
		vscode.l10n.t('Delete face {0} from {1}?', target.faceId, target.label),
		vscode.l10n.t('This cannot be undone.'),
		button,
	);
	if (answer !== button) {
		return false;
	}
	const client = await deps.clients.getClient(target.resource.id);
	await client.deleteFace(target.kind.kind, target.containerId, target.personId, target.faceId);
	deps.log.info(`Deleted face ${target.faceId} from ${target.kind.noun} '${target.containerId}'.`);
	if (target.personId !== undefined) {
		deps.tree.faceFiles.forget(faceHolderKey({ resourceId: target.resource.id, kind: target.kind.kind, containerId: target.containerId, personId: target.personId }), target.faceId);
	}
	if (target.kind.trainable) {
		deps.tree.changes.markChanged(target.resource.id, target.kind.kind, target.containerId, faceEntries(target, -1));
	}
	refreshHolder(deps, target, target.personId);
	return true;
}

/**
 * The face's `userData`: the file it came from (relative to its workspace folder, else its folder's name and its
 * own) and its content hash, as an enrollment writes it — so its row shows the file name, *Reveal in Explorer*
 * finds it, and enrolling a folder with the same image does not add it again.
 */
export function faceMarkOf(uri: vscode.Uri, bytes: Uint8Array): string {
	const folder = vscode.workspace.getWorkspaceFolder(uri);
	const file = folder
		? path.relative(folder.uri.fsPath, uri.fsPath)
		: path.join(path.basename(path.dirname(uri.fsPath)), path.basename(uri.fsPath));
	return faceUserData({ file: file.split(path.sep).join('/'), sha256: contentHash(bytes) });
}

/** A person's face's `userData` is kept here: the service lists a person's faces by id only (state/faceFiles.ts). */
function remember(deps: NodeCommandDeps, holder: ContainerTarget & { readonly personId?: string }, faceId: string, userData: string): void {
	if (holder.personId !== undefined) {
		deps.tree.faceFiles.record(faceHolderKey({ resourceId: holder.resource.id, kind: holder.kind.kind, containerId: holder.containerId, personId: holder.personId }), faceId, userData);
	}
}

/** Faces count as entries of a face list; a person's faces leave its group's entries (persons) as they are. */
function faceEntries(target: ContainerTarget, faces: number): number {
	return target.kind.children === 'faces' ? faces : 0;
}

function refreshHolder(deps: NodeCommandDeps, target: ContainerTarget, personId: string | undefined): void {
	if (personId !== undefined) {
		deps.tree.refreshPerson(target.resource.id, target.kind.kind, target.containerId, personId);
		// The container's "changed" marker shows on its own row.
		const container = deps.tree.findContainer(target.resource.id, target.kind.kind, target.containerId);
		if (container) {
			deps.tree.refreshView(container);
		}
	} else {
		deps.tree.refreshContainer(target.resource.id, target.kind.kind, target.containerId, 'children');
	}
}

async function pickImage(target: ContainerTarget, personName: string | undefined): Promise<vscode.Uri | undefined> {
	const options: vscode.OpenDialogOptions = {
		canSelectFiles: true,
		canSelectFolders: false,
		canSelectMany: false,
		openLabel: vscode.l10n.t('Add Face'),
		title: vscode.l10n.t('Image with one face for {0}', personName ?? target.label),
		filters: { [vscode.l10n.t('Images')]: IMAGE_EXTENSIONS },
	};
	const picked = await prompter().openDialog(options);
	return picked?.[0];
}
