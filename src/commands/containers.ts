/**
 * Create / rename (name, userData) / delete containers of the four kinds, from the tree (resource,
 * kind folder, container) or from the palette (quick picks). Ids are validated in the input box, so an
 * invalid id never reaches the service. The tree is refreshed after each change.
 */
import * as vscode from 'vscode';
import {
	ALL_KINDS,
	RECOGNITION_MODELS,
	validateContainerId,
	validateName,
	type ContainerKind,
	type RecognitionModel,
} from '../face/kinds';
import type { NodeCommandDeps } from './deps';
import { askNameAndUserData, confirmDelete } from './editPrompts';
import { resolveContainer, resolveKind, resolveResourceTarget } from './targets';
import { prompter } from '../shared/prompter';
import { registerCommands } from './wrapper';

export const ContainerCommand = {
	create: 'azureFace.createContainer',
	rename: 'azureFace.renameContainer',
	delete: 'azureFace.deleteContainer',
} as const;

export function registerContainerCommands(context: vscode.ExtensionContext, deps: NodeCommandDeps): void {
	registerCommands(context, {
		[ContainerCommand.create]: (arg?: unknown) => createContainer(deps, arg),
		[ContainerCommand.rename]: (arg?: unknown) => renameContainer(deps, arg),
		[ContainerCommand.delete]: (arg?: unknown) => deleteContainer(deps, arg),
	});
}

export interface ContainerRef {
	readonly resourceId: string;
	readonly kind: ContainerKind;
	readonly containerId: string;
}

/** Asks kind (unless given by the node), id, name and recognition model; creates the container. */
export async function createContainer(deps: NodeCommandDeps, arg: unknown): Promise<ContainerRef | undefined> {
	const title0 = vscode.l10n.t('Create Container');
	const resource = await resolveResourceTarget(deps.clients, arg, title0);
	const kind = await resolveKind(arg, ALL_KINDS, title0);
	const title = vscode.l10n.t('Create {0}', vscode.l10n.t(kind.label));
	const id = await prompter().input({
		title,
		prompt: vscode.l10n.t('{0} ID: lower-case letters, digits, "-" and "_", at most 64 characters. It cannot be changed later.', vscode.l10n.t(kind.label)),
		placeHolder: vscode.l10n.t('e.g. staff-2024'),
		validateInput: (value) => validateContainerId(value),
	});
	if (id === undefined) {
		return undefined;
	}
	const name = await prompter().input({
		title,
		prompt: vscode.l10n.t('Display name'),
		value: id,
		validateInput: (value) => validateName(value),
	});
	if (name === undefined) {
		return undefined;
	}
	const models = RECOGNITION_MODELS.map((m, i) => ({
		label: m,
		description: i === 0 ? vscode.l10n.t('recommended') : undefined,
		model: m as RecognitionModel,
	}));
	const model = await prompter().pick(models, {
		title,
		placeHolder: vscode.l10n.t('Recognition model (fixed once the {0} exists)', kind.noun),
	});
	if (!model) {
		return undefined;
	}
	const client = await deps.clients.getClient(resource.id);
	await client.createContainer(kind.kind, id, { name, recognitionModel: model.model });
	deps.log.info(`Created ${kind.noun} '${id}' (${model.model}) in ${resource.label}.`);
	deps.tree.refreshFolder(resource.id, kind.kind);
	return { resourceId: resource.id, kind: kind.kind, containerId: id };
}

/** Edits a container's name and user data. */
export async function renameContainer(deps: NodeCommandDeps, arg: unknown): Promise<boolean> {
	const target = await resolveContainer(deps.clients, arg, () => true, vscode.l10n.t('Rename'));
	const client = await deps.clients.getClient(target.resource.id);
	const current = target.container ?? (await client.getContainer(target.kind.kind, target.containerId));
	const title = vscode.l10n.t('Rename {0} \'{1}\'', vscode.l10n.t(target.kind.label), target.containerId);
	const edit = await askNameAndUserData(title, current, vscode.l10n.t('Display name'));
	if (!edit) {
		return false;
	}
	await client.updateContainer(target.kind.kind, target.containerId, edit);
	deps.log.info(`Updated ${target.kind.noun} '${target.containerId}' in ${target.resource.label}.`);
	deps.tree.refreshContainer(target.resource.id, target.kind.kind, target.containerId);
	return true;
}

/** Deletes a container after a modal confirmation. */
export async function deleteContainer(deps: NodeCommandDeps, arg: unknown): Promise<boolean> {
	const target = await resolveContainer(deps.clients, arg, () => true, vscode.l10n.t('Delete'));
	const what = target.kind.children === 'persons'
		? vscode.l10n.t('Its persons and their faces are deleted with it.')
		: vscode.l10n.t('Its faces are deleted with it.');
	const confirmed = await confirmDelete(
		vscode.l10n.t('Delete {0} \'{1}\' ({2}) from {3}?', vscode.l10n.t(target.kind.label), target.label, target.containerId, target.resource.label),
		`${what} ${vscode.l10n.t('This cannot be undone.')}`,
	);
	if (!confirmed) {
		return false;
	}
	const client = await deps.clients.getClient(target.resource.id);
	await client.deleteContainer(target.kind.kind, target.containerId);
	deps.log.info(`Deleted ${target.kind.noun} '${target.containerId}' from ${target.resource.label}.`);
	deps.tree.changes.forget(target.resource.id, target.kind.kind, target.containerId);
	deps.tree.refreshFolder(target.resource.id, target.kind.kind);
	return true;
}
