/**
 * The Person Directory's commands, from its rows or the palette: create / rename / delete a person (its
 * faces: directoryFaces.ts). Every asynchronous write is handed to the operation tracker: the row shows
 * *pending* until it succeeds, the status bar counts it, one notification tells its end.
 */
import * as vscode from 'vscode';
import type { DirectoryWrite } from '../face/directoryTypes';
import type { FaceApi } from '../face/types';
import type { DirectoryWriteTarget } from '../operations/directoryWrites';
import type { DirectoryTargetKind, Operation } from '../operations/types';
import type { DirectoryCommandDeps } from './deps';
import { askNameAndUserData, confirmDelete } from './editPrompts';
import { resolveDirectoryPerson, resolveDirectoryResource } from './directoryTargets';
import { registerCommands } from './wrapper';

export const DirectoryCommand = {
	createPerson: 'azureFace.createDirectoryPerson',
	renamePerson: 'azureFace.renameDirectoryPerson',
	deletePerson: 'azureFace.deleteDirectoryPerson',
	addFaces: 'azureFace.addDirectoryFaces',
	addFacesFromFiles: 'azureFace.addDirectoryFacesFromFiles',
	deleteFace: 'azureFace.deleteDirectoryFace',
} as const;

export function registerDirectoryCommands(context: vscode.ExtensionContext, deps: DirectoryCommandDeps): void {
	registerCommands(context, {
		[DirectoryCommand.createPerson]: (arg?: unknown) => createDirectoryPerson(deps, arg),
		[DirectoryCommand.renamePerson]: (arg?: unknown) => renameDirectoryPerson(deps, arg),
		[DirectoryCommand.deletePerson]: (arg?: unknown) => deleteDirectoryPerson(deps, arg),
	});
}

/** Refetches the Person Directory folder (or the Dynamic Person Groups folder) of a resource, if loaded. */
export function refreshDirectory(deps: DirectoryCommandDeps, resourceId: string, kind: DirectoryTargetKind): void {
	const folders = deps.tree.resourceNode(resourceId)?.loadedDirectory();
	if (folders) {
		deps.tree.refresh(kind === 'personDirectory' ? folders[0] : folders[1]);
	}
}

/** Hands a write to the tracker (its row shows *pending* until it ends) and refetches its folder. */
export function followWrite(deps: DirectoryCommandDeps, client: FaceApi, target: DirectoryWriteTarget, write: DirectoryWrite, extra?: Pick<Operation, 'subjects' | 'batch'>): Operation | undefined {
	const op = deps.writes.followWrite(client, target, write, extra);
	refreshDirectory(deps, target.resourceId, target.kind);
	return op;
}

export interface CreatedDirectoryPerson {
	readonly personId: string;
	readonly operation?: Operation;
}

export async function createDirectoryPerson(deps: DirectoryCommandDeps, arg: unknown): Promise<CreatedDirectoryPerson | undefined> {
	const resource = await resolveDirectoryResource(deps.clients, arg, vscode.l10n.t('Create Directory Person'));
	const title = vscode.l10n.t('Create a person in the Person Directory of {0}', resource.label);
	const asked = await askNameAndUserData(title);
	if (!asked) {
		return undefined;
	}
	const { name, userData } = asked;
	const client = await deps.clients.getClient(resource.id);
	const created = await client.directory.createPerson({ name, ...(userData ? { userData } : {}) });
	deps.log.info(`Created directory person '${name}' (${created.personId}).`);
	const operation = followWrite(deps, client, { resourceId: resource.id, kind: 'personDirectory', targetId: created.personId, label: vscode.l10n.t('Creating {0}', name) }, created);
	return { personId: created.personId, operation };
}

export async function renameDirectoryPerson(deps: DirectoryCommandDeps, arg: unknown): Promise<boolean> {
	const target = await resolveDirectoryPerson(deps.clients, arg, vscode.l10n.t('Rename Directory Person'));
	const client = await deps.clients.getClient(target.resource.id);
	const current = target.person ?? (await client.directory.getPerson(target.personId));
	const title = vscode.l10n.t('Rename person \'{0}\'', current.name || current.personId);
	const edit = await askNameAndUserData(title, current);
	if (!edit) {
		return false;
	}
	await client.directory.updatePerson(target.personId, edit);
	deps.log.info(`Updated directory person ${target.personId}.`);
	refreshDirectory(deps, target.resource.id, 'personDirectory');
	return true;
}

export async function deleteDirectoryPerson(deps: DirectoryCommandDeps, arg: unknown): Promise<Operation | boolean> {
	const target = await resolveDirectoryPerson(deps.clients, arg, vscode.l10n.t('Delete Directory Person'));
	const confirmed = await confirmDelete(
		vscode.l10n.t('Delete person \'{0}\' from the Person Directory?', target.label),
		vscode.l10n.t('Its faces of every recognition model are deleted with it, and it leaves every Dynamic Person Group. This cannot be undone.'),
	);
	if (!confirmed) {
		return false;
	}
	const client = await deps.clients.getClient(target.resource.id);
	const write = await client.directory.deletePerson(target.personId);
	deps.log.info(`Deleting directory person ${target.personId}.`);
	return followWrite(deps, client, { resourceId: target.resource.id, kind: 'personDirectory', targetId: target.personId, label: vscode.l10n.t('Deleting {0}', target.label) }, write) ?? true;
}
