/**
 * Where a folder is enrolled: a resource, a kind among those the command offers, and a container of that
 * kind — an existing one, or a new one created on the spot (id from the folder's name, `recognition_04`
 * first). From the tree, a container node (or a kind folder) answers the first questions.
 */
import * as vscode from 'vscode';
import { type KindInfo, RECOGNITION_MODELS, type RecognitionModel, validateContainerId, validateName } from '../face/kinds';
import type { Container } from '../face/types';
import { prompter } from '../shared/prompter';
import type { NodeCommandDeps } from './deps';
import { type ContainerTarget, resolveContainer, resolveKind, resolveResourceTarget } from './targets';
import { ContainerNode } from '../tree/containerNode';

/** Largest page of containers the picker loads. */
const PICK_TOP = 1000;

export interface EnrollTarget extends ContainerTarget {
	/** Created by this command. */
	readonly created: boolean;
	readonly recognitionModel?: string;
}

/** An id the service takes, from a folder name: `Team Photos 2024` → `team-photos-2024`. */
export function idFromName(name: string): string {
	const id = name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 64);
	return id || 'enrolled';
}

export async function resolveEnrollTarget(deps: NodeCommandDeps, arg: unknown, kinds: readonly KindInfo[], folderName: string, title: string): Promise<EnrollTarget> {
	if (arg instanceof ContainerNode && kinds.includes(arg.kindInfo)) {
		const t = await resolveContainer(deps.clients, arg, (k) => kinds.includes(k), title);
		return { ...t, created: false, recognitionModel: t.container?.recognitionModel };
	}
	const resource = await resolveResourceTarget(deps.clients, arg, title);
	const kind = await resolveKind(arg, kinds, title);
	const client = await deps.clients.getClient(resource.id);
	const ref = arg as { containerId?: unknown } | undefined;
	if (typeof ref?.containerId === 'string') {
		// A reference (tests, other commands): the container must exist.
		const c = await client.getContainer(kind.kind, ref.containerId);
		return { resource, kind, containerId: c.id, label: c.name || c.id, container: c, created: false, recognitionModel: c.recognitionModel };
	}
	const containers = await client.listContainers(kind.kind, kind.paged ? { top: PICK_TOP } : {});
	const create = `$(add) ${vscode.l10n.t('Create New {0}…', vscode.l10n.t(kind.label))}`;
	const items: Array<vscode.QuickPickItem & { container?: Container }> = [
		{ label: create, description: vscode.l10n.t('named after the folder, recognition_04') },
		...containers.map((c) => ({ label: c.name || c.id, description: `${c.id}${c.recognitionModel ? ` · ${c.recognitionModel}` : ''}`, container: c })),
	];
	const picked = await prompter().pick(items, { title, placeHolder: vscode.l10n.t('Enroll into which {0}?', vscode.l10n.t(kind.label)), matchOnDescription: true });
	if (!picked) {
		throw new vscode.CancellationError();
	}
	if (picked.container) {
		const c = picked.container;
		return { resource, kind, containerId: c.id, label: c.name || c.id, container: c, created: false, recognitionModel: c.recognitionModel };
	}
	const taken = new Set(containers.map((c) => c.id));
	const id = await prompter().input({
		title,
		prompt: vscode.l10n.t('{0} ID: lower-case letters, digits, "-" and "_", at most 64 characters. It cannot be changed later.', vscode.l10n.t(kind.label)),
		value: idFromName(folderName),
		validateInput: (v) => validateContainerId(v) ?? (taken.has(v) ? vscode.l10n.t('{0} already has a {1} with this ID.', resource.label, vscode.l10n.t(kind.label)) : undefined),
	});
	if (id === undefined) {
		throw new vscode.CancellationError();
	}
	const name = await prompter().input({ title, prompt: vscode.l10n.t('Display name'), value: folderName, validateInput: (v) => validateName(v) });
	if (name === undefined) {
		throw new vscode.CancellationError();
	}
	const model = await prompter().pick(RECOGNITION_MODELS.map((m, i) => ({ label: m, description: i === 0 ? vscode.l10n.t('recommended') : undefined, model: m as RecognitionModel })), {
		title,
		placeHolder: vscode.l10n.t('Recognition model (fixed once the {0} exists)', kind.noun),
	});
	if (!model) {
		throw new vscode.CancellationError();
	}
	await client.createContainer(kind.kind, id, { name, recognitionModel: model.model });
	deps.log.info(`Created ${kind.noun} '${id}' (${model.model}) in ${resource.label} for the enrollment of '${folderName}'.`);
	deps.tree.refreshFolder(resource.id, kind.kind);
	return { resource, kind, containerId: id, label: name, created: true, recognitionModel: model.model };
}
