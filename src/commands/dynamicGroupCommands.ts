/**
 * Dynamic Person Groups' commands, from their rows (persons multi-selected in the Person Directory or in a
 * group) or the palette: create (empty, or from persons), rename, delete, add persons, remove persons.
 * Writes that answer `202` are followed by the operation tracker (the group's row shows *pending*).
 */
import * as vscode from 'vscode';
import { validateContainerId, validateName } from '../face/kinds';
import type { DirectoryWrite } from '../face/directoryTypes';
import type { FaceApi } from '../face/types';
import type { Operation } from '../operations/types';
import { prompter } from '../shared/prompter';
import { DirectoryPersonNode } from '../tree/directoryNodes';
import { GroupMemberNode } from '../tree/dynamicGroupNodes';
import type { DirectoryCommandDeps } from './deps';
import { askNameAndUserData, confirmDelete } from './editPrompts';
import { followWrite } from './directory';
import { resolveDirectoryPersons, resolveDirectoryResource, resolveDynamicGroup, type DynamicGroupTarget } from './directoryTargets';
import { registerCommands } from './wrapper';

export const DynamicGroupCommand = {
	create: 'azureFace.createDynamicGroup',
	rename: 'azureFace.renameDynamicGroup',
	delete: 'azureFace.deleteDynamicGroup',
	addPersons: 'azureFace.addPersonsToDynamicGroup',
	removePersons: 'azureFace.removePersonsFromDynamicGroup',
} as const;

export function registerDynamicGroupCommands(context: vscode.ExtensionContext, deps: DirectoryCommandDeps): void {
	registerCommands(context, {
		[DynamicGroupCommand.create]: (arg?: unknown, selected?: unknown) => createDynamicGroup(deps, arg, selected),
		[DynamicGroupCommand.rename]: (arg?: unknown) => renameDynamicGroup(deps, arg),
		[DynamicGroupCommand.delete]: (arg?: unknown) => deleteDynamicGroup(deps, arg),
		[DynamicGroupCommand.addPersons]: (arg?: unknown, selected?: unknown) => addPersonsToGroup(deps, arg, selected),
		[DynamicGroupCommand.removePersons]: (arg?: unknown, selected?: unknown) => removePersonsFromGroup(deps, arg, selected),
	});
}

export interface GroupWrite {
	readonly groupId: string;
	/** The operation following the write (undefined: the service answered at once). */
	readonly operation?: Operation;
}

/** Creates a group: with the persons selected in the Person Directory, else those picked (none: an empty group). */
export async function createDynamicGroup(deps: DirectoryCommandDeps, arg: unknown, selected: unknown): Promise<GroupWrite | undefined> {
	const title = vscode.l10n.t('Create Dynamic Person Group');
	const fromPersons = arg instanceof DirectoryPersonNode || (arg as { personIds?: unknown } | undefined)?.personIds !== undefined;
	const resource = await resolveDirectoryResource(deps.clients, arg, title);
	const { persons } = await resolveDirectoryPersons(deps.clients, fromPersons ? arg : resource.id, selected, title, false);
	const groupId = await prompter().input({ title, prompt: vscode.l10n.t('Dynamic Person Group ID (lowercase letters, digits, \'-\' and \'_\', up to 64)'), validateInput: (v) => validateContainerId(v) });
	if (groupId === undefined) {
		return undefined;
	}
	const name = await prompter().input({ title, prompt: vscode.l10n.t('Name'), value: groupId, validateInput: (v) => validateName(v) });
	if (name === undefined) {
		return undefined;
	}
	const client = await deps.clients.getClient(resource.id);
	const addPersonIds = persons.map((p) => p.personId);
	const write = await client.dynamicGroups.create(groupId, { name, ...(addPersonIds.length > 0 ? { addPersonIds } : {}) });
	deps.log.info(`Created Dynamic Person Group '${groupId}' with ${addPersonIds.length} persons.`);
	return { groupId, operation: follow(deps, client, { resource, groupId }, write, vscode.l10n.t('Creating group {0}', name)) };
}

export async function renameDynamicGroup(deps: DirectoryCommandDeps, arg: unknown): Promise<boolean> {
	const target = await resolveDynamicGroup(deps.clients, arg, vscode.l10n.t('Rename Dynamic Person Group'));
	const client = await deps.clients.getClient(target.resource.id);
	const current = target.group ?? (await client.dynamicGroups.get(target.groupId));
	const title = vscode.l10n.t('Rename Dynamic Person Group \'{0}\'', current.name || target.groupId);
	const edit = await askNameAndUserData(title, current);
	if (!edit) {
		return false;
	}
	const write = await client.dynamicGroups.update(target.groupId, edit);
	follow(deps, client, target, write, vscode.l10n.t('Renaming group {0}', edit.name));
	return true;
}

export async function deleteDynamicGroup(deps: DirectoryCommandDeps, arg: unknown): Promise<GroupWrite | undefined> {
	const target = await resolveDynamicGroup(deps.clients, arg, vscode.l10n.t('Delete Dynamic Person Group'));
	const confirmed = await confirmDelete(
		vscode.l10n.t('Delete Dynamic Person Group \'{0}\'?', target.label),
		vscode.l10n.t('Its persons stay in the Person Directory. This cannot be undone.'),
	);
	if (!confirmed) {
		return undefined;
	}
	const client = await deps.clients.getClient(target.resource.id);
	const write = await client.dynamicGroups.delete(target.groupId);
	deps.log.info(`Deleting Dynamic Person Group '${target.groupId}'.`);
	return { groupId: target.groupId, operation: follow(deps, client, target, write, vscode.l10n.t('Deleting group {0}', target.label)) };
}

/** Persons selected in the Person Directory (or picked) join a group picked next (or the group the command was invoked on). */
export async function addPersonsToGroup(deps: DirectoryCommandDeps, arg: unknown, selected: unknown): Promise<GroupWrite | undefined> {
	const title = vscode.l10n.t('Add Persons to Dynamic Person Group');
	const onPersons = arg instanceof DirectoryPersonNode;
	const group = await resolveDynamicGroup(deps.clients, onPersons ? (arg as DirectoryPersonNode).resourceId : arg, title);
	const { persons } = await resolveDirectoryPersons(deps.clients, onPersons ? arg : { resourceId: group.resource.id, personIds: (arg as { personIds?: unknown } | undefined)?.personIds }, onPersons ? selected : undefined, title);
	const client = await deps.clients.getClient(group.resource.id);
	const write = await client.dynamicGroups.update(group.groupId, { addPersonIds: persons.map((p) => p.personId) });
	deps.log.info(`Adding ${persons.length} persons to Dynamic Person Group '${group.groupId}'.`);
	const label = persons.length === 1 ? vscode.l10n.t('Adding {0} to group {1}', persons[0].label, group.label) : vscode.l10n.t('Adding {0} persons to group {1}', persons.length, group.label);
	return { groupId: group.groupId, operation: follow(deps, client, group, write, label) };
}

/** Members selected in a group (or picked among its members) leave it. */
export async function removePersonsFromGroup(deps: DirectoryCommandDeps, arg: unknown, selected: unknown): Promise<GroupWrite | undefined> {
	const title = vscode.l10n.t('Remove Persons from Dynamic Person Group');
	const group = await resolveDynamicGroup(deps.clients, arg, title);
	const client = await deps.clients.getClient(group.resource.id);
	let personIds = (Array.isArray(selected) && selected.length > 0 ? selected : [arg])
		.filter((n): n is GroupMemberNode => n instanceof GroupMemberNode && n.parent.groupId === group.groupId)
		.map((n) => n.personId);
	const ref = (arg as { personIds?: unknown } | undefined)?.personIds;
	if (personIds.length === 0 && Array.isArray(ref)) {
		personIds = ref.filter((id): id is string => typeof id === 'string');
	}
	if (personIds.length === 0) {
		const members = await client.dynamicGroups.listPersons(group.groupId, { top: 1000 });
		if (members.length === 0) {
			throw new Error(vscode.l10n.t('Dynamic Person Group {0} has no persons.', group.label));
		}
		const picked = await prompter().pickMany(members.map((id) => ({ label: id })), { title, placeHolder: vscode.l10n.t('Select the persons to remove') });
		if (!picked || picked.length === 0) {
			throw new vscode.CancellationError();
		}
		personIds = picked.map((p) => p.label);
	}
	const write = await client.dynamicGroups.update(group.groupId, { removePersonIds: personIds });
	deps.log.info(`Removing ${personIds.length} persons from Dynamic Person Group '${group.groupId}'.`);
	return { groupId: group.groupId, operation: follow(deps, client, group, write, vscode.l10n.t('Removing {0} persons from group {1}', personIds.length, group.label)) };
}

function follow(deps: DirectoryCommandDeps, client: FaceApi, group: Pick<DynamicGroupTarget, 'resource' | 'groupId'>, write: DirectoryWrite, label: string): Operation | undefined {
	return followWrite(deps, client, { resourceId: group.resource.id, kind: 'dynamicPersonGroup', targetId: group.groupId, label }, write);
}
