/**
 * The Person Directory's faces, from its rows, the file Explorer's selection or the palette: add faces from
 * images and delete a face. Each write is handed to the operation tracker (directory.ts `followWrite`);
 * several images are one batch: one entry, `Adding faces 3/20`, whose images a reload cut short are offered
 * again at its end (*Add Them Now*, operations/notifications.ts).
 */
import * as path from 'path';
import * as vscode from 'vscode';
import type { RecognitionModel } from '../face/kinds';
import type { FaceApi } from '../face/types';
import { addMessage, MAX_BATCH_FILES, MAX_BATCH_MESSAGES } from '../operations/batch';
import { contentHash, parseFaceMark } from '../operations/enrollCheck';
import type { Operation } from '../operations/types';
import { errorMessage } from '../shared/errors';
import { prompter } from '../shared/prompter';
import { directoryHolderKey } from '../state/faceFiles';
import { IMAGE_EXTENSIONS, readImage } from '../images/imageFiles';
import type { DirectoryCommandDeps } from './deps';
import { DirectoryCommand, followWrite, refreshDirectory } from './directory';
import { resolveDirectoryFace, resolveDirectoryPerson, resolveModel, type DirectoryPersonTarget } from './directoryTargets';
import { confirmDelete } from './editPrompts';
import { faceMarkOf } from './faces';
import { registerCommands } from './wrapper';

export function registerDirectoryFaceCommands(context: vscode.ExtensionContext, deps: DirectoryCommandDeps): void {
	registerCommands(context, {
		[DirectoryCommand.addFaces]: (arg?: unknown, files?: unknown) => addDirectoryFaces(deps, arg, Array.isArray(files) ? files.filter((f) => f instanceof vscode.Uri) : undefined),
		[DirectoryCommand.addFacesFromFiles]: (uri?: unknown, uris?: unknown) => addDirectoryFacesFromFiles(deps, uri, uris),
		[DirectoryCommand.deleteFace]: (arg?: unknown) => deleteDirectoryFace(deps, arg),
	});
}

export interface AddedDirectoryFaces {
	/** The faces the service accepted (each followed to its end by the operation). */
	readonly added: readonly string[];
	/** `file: message` for each image refused when it was sent. */
	readonly refused: readonly string[];
	readonly operation?: Operation;
}

/** From the file Explorer: the selected images go to a directory person picked with quick picks. */
async function addDirectoryFacesFromFiles(deps: DirectoryCommandDeps, uri: unknown, uris: unknown): Promise<AddedDirectoryFaces | undefined> {
	const all = Array.isArray(uris) && uris.length > 0 ? uris : [uri];
	const files = all.filter((u): u is vscode.Uri => u instanceof vscode.Uri && IMAGE_EXTENSIONS.includes(path.extname(u.fsPath).slice(1).toLowerCase()));
	if (files.length === 0) {
		throw new Error(vscode.l10n.t('Select one or more images (JPEG, PNG, GIF or BMP) in the Explorer.'));
	}
	return addDirectoryFaces(deps, undefined, files);
}

/**
 * Adds the face of each image to a directory person, for one recognition model. One image is one
 * operation; several are one batch operation, sent one after the other (each POST through the endpoint's
 * rate budget) and followed as one entry. An image the service refuses is reported; the others go on.
 */
export async function addDirectoryFaces(deps: DirectoryCommandDeps, arg: unknown, given?: readonly vscode.Uri[]): Promise<AddedDirectoryFaces | undefined> {
	const title = vscode.l10n.t('Add Faces to Directory Person');
	const person = await resolveDirectoryPerson(deps.clients, arg, title);
	const model = await resolveModel(arg, title);
	const files = given && given.length > 0 ? given : await prompter().openDialog({
		canSelectFiles: true,
		canSelectFolders: false,
		canSelectMany: true,
		openLabel: vscode.l10n.t('Add Faces'),
		title: vscode.l10n.t('Images with one face each for {0} ({1})', person.label, model),
		filters: { [vscode.l10n.t('Images')]: IMAGE_EXTENSIONS },
	});
	if (!files || files.length === 0) {
		return undefined;
	}
	const client = await deps.clients.getClient(person.resource.id);
	let todo = files;
	if ((arg as { resend?: unknown } | undefined)?.resend === true) {
		const there = await wentInAlready(deps, client, person, model, files[0]);
		if (there !== undefined) {
			deps.log.info(`${path.basename(files[0].fsPath)} went in before the window reloaded (face ${there} of directory person ${person.personId}); not sent again.`);
			todo = files.slice(1);
		}
	}
	if (todo.length === 0) {
		void prompter().showInfo(vscode.l10n.t('{0} was already added to {1} before the window reloaded.', path.basename(files[0].fsPath), person.label));
		return { added: [], refused: [] };
	}
	const result = await sendFaces(deps, client, person, model, todo);
	refreshDirectory(deps, person.resource.id, 'personDirectory');
	if (result.added.length === 0) {
		throw new Error(vscode.l10n.t('No face was added to {0}: {1}', person.label, result.refused.join('; ')));
	}
	if (result.refused.length > 0) {
		void prompter().showWarning(vscode.l10n.t('{0} of {1} images were refused: {2}', result.refused.length, files.length, result.refused.join('; ')));
	}
	return result;
}

/** Faces read, at most, to settle whether an image went in before a reload. */
const MAX_SETTLE_READS = 10;

/**
 * *Add Them Now* after a reload: the first image may have been on its way as the window closed. Its face, if it
 * went in, carries the image's content hash in its `userData`: the person's faces of the model are looked at
 * from the newest, their `userData` from the face-file journal or read (at most MAX_SETTLE_READS calls).
 */
async function wentInAlready(deps: DirectoryCommandDeps, client: FaceApi, person: DirectoryPersonTarget, model: RecognitionModel, file: vscode.Uri): Promise<string | undefined> {
	const sha256 = contentHash(await readImage(file));
	const holder = directoryHolderKey(person.resource.id, model, person.personId);
	await deps.tree.faceFiles.ready();
	let reads = 0;
	for (const id of (await client.directory.listFaces(person.personId, model)).reverse()) {
		let userData = deps.tree.faceFiles.get(holder, id);
		if (userData === undefined) {
			if (reads++ >= MAX_SETTLE_READS) {
				return undefined;
			}
			userData = (await client.directory.getFace(person.personId, model, id)).userData;
			deps.tree.faceFiles.record(holder, id, userData);
		}
		if (parseFaceMark(userData)?.sha256 === sha256) {
			return id;
		}
	}
	return undefined;
}

async function sendFaces(deps: DirectoryCommandDeps, client: FaceApi, person: DirectoryPersonTarget, model: RecognitionModel, files: readonly vscode.Uri[]): Promise<AddedDirectoryFaces> {
	const target = {
		resourceId: person.resource.id,
		kind: 'personDirectory' as const,
		targetId: person.personId,
		label: files.length === 1 ? vscode.l10n.t('Adding a face to {0}', person.label) : vscode.l10n.t('Adding faces to {0}', person.label),
	};
	const added: string[] = [];
	const refused: string[] = [];
	const messages: string[] = [];
	// What a reload cuts short can be sent again from the end's notification (operations/batch.ts).
	const names = files.length > 1 && files.length <= MAX_BATCH_FILES ? { files: files.map((f) => f.toString()), recognitionModel: model, personLabel: person.label } : {};
	let op: Operation | undefined;
	for (const [i, file] of files.entries()) {
		const name = path.basename(file.fsPath);
		let url: string | undefined;
		let faceId: string | undefined;
		let failure: string | undefined;
		try {
			const bytes = await readImage(file);
			const userData = faceMarkOf(file, bytes);
			const face = await client.directory.addFace(person.personId, model, { bytes }, { detectionModel: 'detection_03', userData });
			deps.tree.faceFiles.record(directoryHolderKey(person.resource.id, model, person.personId), face.persistedFaceId, userData);
			deps.log.info(`Added face ${face.persistedFaceId} from ${name} to directory person ${person.personId} (${model}); its operation: ${face.operationId ?? 'none'}.`);
			added.push(face.persistedFaceId);
			[url, faceId] = [face.operationUrl, face.persistedFaceId];
			if (url && !op) {
				const batch = files.length > 1 ? { total: files.length, urls: [url], ended: 0, failed: 0, refused: refused.length, messages: [...messages], open: true, sent: i + 1, ...names } : undefined;
				op = deps.writes.followWrite(client, target, face, { subjects: [face.persistedFaceId], batch });
				continue;
			}
		} catch (e) {
			failure = `${name}: ${errorMessage(e)}`;
			deps.log.warn(`Adding the face in ${name} to directory person ${person.personId} failed: ${errorMessage(e)}`);
			refused.push(failure);
			addMessage(messages, failure);
		}
		if (op?.batch) {
			const next = deps.writes.amend(op.id, (o) => ({
				...o,
				subjects: url && faceId ? [...(o.subjects ?? []), faceId] : o.subjects,
				batch: o.batch && {
					...o.batch,
					sent: i + 1,
					urls: url ? [...o.batch.urls, url] : o.batch.urls,
					refused: o.batch.refused + (failure ? 1 : 0),
					messages: failure ? [...o.batch.messages, failure].slice(0, MAX_BATCH_MESSAGES) : o.batch.messages,
				},
			}));
			if (!next) {
				// The operation ended or the window is closing: what is not sent yet stays with the user.
				deps.log.warn(`${target.label}: ${files.length - i - 1} of ${files.length} images not sent (the operation was stopped or the window closed).`);
				return { added, refused, operation: op };
			}
			op = next;
		}
	}
	if (op?.batch) {
		op = deps.writes.amend(op.id, (o) => ({ ...o, batch: o.batch && { ...o.batch, open: false } })) ?? op;
	}
	return { added, refused, operation: op };
}

export async function deleteDirectoryFace(deps: DirectoryCommandDeps, arg: unknown): Promise<Operation | boolean> {
	const target = await resolveDirectoryFace(deps.clients, arg, vscode.l10n.t('Delete Directory Face'));
	if (!(await confirmDelete(vscode.l10n.t('Delete face {0} of {1} ({2})?', target.faceId, target.label, target.model), vscode.l10n.t('This cannot be undone.')))) {
		return false;
	}
	const client = await deps.clients.getClient(target.resource.id);
	const write = await client.directory.deleteFace(target.personId, target.model, target.faceId);
	deps.tree.faceFiles.forget(directoryHolderKey(target.resource.id, target.model, target.personId), target.faceId);
	deps.log.info(`Deleting face ${target.faceId} of directory person ${target.personId} (${target.model}).`);
	return followWrite(deps, client, { resourceId: target.resource.id, kind: 'personDirectory', targetId: target.personId, label: vscode.l10n.t('Deleting a face of {0}', target.label) }, write, { subjects: [target.faceId] }) ?? true;
}
