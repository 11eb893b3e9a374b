/**
 * Create / rename (name, userData) / delete persons of Person Groups and Large Person Groups, from the
 * tree or the palette. Adding or deleting a person marks its container "changed since its last training".
 */
import * as vscode from 'vscode';
import type { NodeCommandDeps } from './deps';
import { askNameAndUserData, confirmDelete } from './editPrompts';
import { resolveContainer, resolvePerson } from './targets';
import { registerCommands } from './wrapper';

export const PersonCommand = {
	create: 'azureFace.createPerson',
	rename: 'azureFace.renamePerson',
	delete: 'azureFace.deletePerson',
} as const;

export function registerPersonCommands(context: vscode.ExtensionContext, deps: NodeCommandDeps): void {
	registerCommands(context, {
		[PersonCommand.create]: (arg?: unknown) => createPerson(deps, arg),
		[PersonCommand.rename]: (arg?: unknown) => renamePerson(deps, arg),
		[PersonCommand.delete]: (arg?: unknown) => deletePerson(deps, arg),
	});
}

/** Asks a name and optional user data; returns the new personId. */
export async function createPerson(deps: NodeCommandDeps, arg: unknown): Promise<string | undefined> {
	const target = await resolveContainer(deps.clients, arg, (k) => k.children === 'persons', vscode.l10n.t('Create Person'));
	const title = vscode.l10n.t('Create a person in {0} \'{1}\'', vscode.l10n.t(target.kind.label), target.label);
	const asked = await askNameAndUserData(title);
	if (!asked) {
		return undefined;
	}
	const { name, userData } = asked;
	const client = await deps.clients.getClient(target.resource.id);
	const personId = await client.createPerson(target.kind.kind, target.containerId, { name, ...(userData ? { userData } : {}) });
	deps.log.info(`Created person '${name}' (${personId}) in ${target.kind.noun} '${target.containerId}'.`);
	deps.tree.changes.markChanged(target.resource.id, target.kind.kind, target.containerId, +1);
	deps.tree.refreshContainer(target.resource.id, target.kind.kind, target.containerId, 'children');
	return personId;
}

export async function renamePerson(deps: NodeCommandDeps, arg: unknown): Promise<boolean> {
	const target = await resolvePerson(deps.clients, arg, vscode.l10n.t('Rename Person'));
	const client = await deps.clients.getClient(target.resource.id);
	const current = target.person ?? (await client.getPerson(target.kind.kind, target.containerId, target.personId));
	const title = vscode.l10n.t('Rename person \'{0}\'', current.name || current.personId);
	const edit = await askNameAndUserData(title, current);
	if (!edit) {
		return false;
	}
	await client.updatePerson(target.kind.kind, target.containerId, target.personId, edit);
	deps.log.info(`Updated person ${target.personId} in ${target.kind.noun} '${target.containerId}'.`);
	deps.tree.refreshPerson(target.resource.id, target.kind.kind, target.containerId, target.personId);
	return true;
}

export async function deletePerson(deps: NodeCommandDeps, arg: unknown): Promise<boolean> {
	const target = await resolvePerson(deps.clients, arg, vscode.l10n.t('Delete Person'));
	const name = target.person?.name || target.personId;
	const confirmed = await confirmDelete(
		vscode.l10n.t('Delete person \'{0}\' from {1} \'{2}\'?', name, vscode.l10n.t(target.kind.label), target.label),
		vscode.l10n.t('Its faces are deleted with it. This cannot be undone.'),
	);
	if (!confirmed) {
		return false;
	}
	const client = await deps.clients.getClient(target.resource.id);
	await client.deletePerson(target.kind.kind, target.containerId, target.personId);
	deps.log.info(`Deleted person ${target.personId} from ${target.kind.noun} '${target.containerId}'.`);
	deps.tree.changes.markChanged(target.resource.id, target.kind.kind, target.containerId, -1);
	deps.tree.refreshContainer(target.resource.id, target.kind.kind, target.containerId, 'children');
	return true;
}
