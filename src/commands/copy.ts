/**
 * Copy ID, Copy as JSON, Show properties (a read-only JSON document under the `azureFace:` scheme) and
 * Open in Azure portal (resource nodes of Azure endpoints). From the palette the target is picked:
 * resource → kind → container, then optionally a person or a face inside it.
 */
import * as vscode from 'vscode';
import { isLoopbackEndpoint } from '../resources/endpoint';
import type { FaceApi } from '../face/types';
import type { NodeCommandDeps } from './deps';
import { isEntityNode } from '../tree/node';
import { containerProperties, faceProperties, personProperties } from '../tree/properties';
import { resolveContainer, resolveResourceTarget, type ContainerTarget } from './targets';
import { prompter } from '../shared/prompter';
import { PROPERTIES_SCHEME, type PropertiesDocuments } from './propertiesDocuments';
import { registerCommand } from './wrapper';

export const CopyCommand = {
	copyId: 'azureFace.copyId',
	copyAsJson: 'azureFace.copyAsJson',
	showProperties: 'azureFace.showProperties',
	openInPortal: 'azureFace.openInPortal',
} as const;


/** What the copy commands act on: an id, a title and the JSON a person would want. */
export interface EntityInfo {
	readonly id: string;
	readonly title: string;
	readonly json: Record<string, unknown>;
}

/** `documents`: the provider of the `azureFace:` scheme, registered at activation (lazyCommands.ts). */
export function registerCopyCommands(context: vscode.ExtensionContext, deps: NodeCommandDeps, documents: PropertiesDocuments): void {
	registerCommand(context, CopyCommand.copyId, async (arg?: unknown) => {
		const entity = await resolveEntity(deps, arg, vscode.l10n.t('Copy ID'));
		await vscode.env.clipboard.writeText(entity.id);
		vscode.window.setStatusBarMessage(vscode.l10n.t('Copied {0}', entity.id), 3000);
		return entity.id;
	});
	registerCommand(context, CopyCommand.copyAsJson, async (arg?: unknown) => {
		const entity = await resolveEntity(deps, arg, vscode.l10n.t('Copy as JSON'));
		const text = JSON.stringify(entity.json, null, 2);
		await vscode.env.clipboard.writeText(text);
		vscode.window.setStatusBarMessage(vscode.l10n.t('Copied the JSON of {0}', entity.title), 3000);
		return text;
	});
	registerCommand(context, CopyCommand.showProperties, async (arg?: unknown) => {
		const entity = await resolveEntity(deps, arg, vscode.l10n.t('Show Properties'));
		const uri = vscode.Uri.from({ scheme: PROPERTIES_SCHEME, path: `/${safeName(entity.title)}.json`, query: entity.id });
		documents.set(uri, `${JSON.stringify(entity.json, null, 2)}\n`);
		const doc = await vscode.workspace.openTextDocument(uri);
		await vscode.window.showTextDocument(doc, { preview: true });
		return uri;
	});
	registerCommand(context, CopyCommand.openInPortal, (arg?: unknown) => openInPortal(deps, arg));
}

/** The entity of a tree node, else picked: a container, then (optionally) a person or a face in it. */
export async function resolveEntity(deps: NodeCommandDeps, arg: unknown, title: string): Promise<EntityInfo> {
	if (isEntityNode(arg)) {
		const label = (await Promise.resolve(arg.getTreeItem())).label;
		return { id: arg.entityId, title: typeof label === 'string' ? label : label?.label ?? arg.entityId, json: arg.properties() };
	}
	const target = await resolveContainer(deps.clients, arg, () => true, title);
	const client = await deps.clients.getClient(target.resource.id);
	const container = target.container ?? (await client.getContainer(target.kind.kind, target.containerId));
	const self: EntityInfo = { id: container.id, title: container.name || container.id, json: containerProperties(target.kind, container) };
	return pickInside(client, target, self, title);
}

async function pickInside(client: FaceApi, target: ContainerTarget, self: EntityInfo, title: string): Promise<EntityInfo> {
	type Item = vscode.QuickPickItem & { entity?: EntityInfo; load?: () => Promise<EntityInfo[]> };
	const items: Item[] = [{ label: `$(symbol-namespace) ${self.title}`, description: vscode.l10n.t('this {0}', target.kind.noun), entity: self }];
	let inner: EntityInfo[];
	if (target.kind.children === 'persons') {
		const persons = await client.listPersons(target.kind.kind, target.containerId, { top: 1000 });
		inner = persons.map((p) => ({
			id: p.personId,
			title: p.name || p.personId,
			json: personProperties(p),
		}));
	} else {
		const faces = await client.listFaces(target.kind.kind, target.containerId, { top: 1000 });
		inner = faces.map((f) => ({ id: f.persistedFaceId, title: f.persistedFaceId, json: faceProperties(f) }));
	}
	for (const e of inner) {
		items.push({ label: `$(${target.kind.children === 'persons' ? 'person' : 'smiley'}) ${e.title}`, description: e.id === e.title ? undefined : e.id, entity: e });
	}
	const picked = await prompter().pick(items, { title, placeHolder: vscode.l10n.t('The {0} itself, or what it holds', target.kind.noun), matchOnDescription: true });
	if (!picked?.entity) {
		throw new vscode.CancellationError();
	}
	return picked.entity;
}

/** Opens the Azure portal's list of Azure AI services accounts (the portal has no URL by endpoint). */
export async function openInPortal(deps: NodeCommandDeps, arg: unknown): Promise<string> {
	const resource = await resolveResourceTarget(deps.clients, arg, vscode.l10n.t('Open in Azure Portal'));
	if (isLoopbackEndpoint(resource.endpoint)) {
		throw new Error(vscode.l10n.t('{0} is a local endpoint ({1}): it has no page in the Azure portal.', resource.label, resource.endpoint));
	}
	const url = `https://${portalHost(resource.endpoint)}/#browse/Microsoft.CognitiveServices%2Faccounts`;
	const name = new URL(resource.endpoint).hostname.split('.')[0];
	await vscode.env.openExternal(vscode.Uri.parse(url, true));
	vscode.window.setStatusBarMessage(vscode.l10n.t('Opened the Azure portal: look for the resource "{0}".', name), 10_000);
	return url;
}

/** Sovereign clouds have their own portal. */
export function portalHost(endpoint: string): string {
	const host = new URL(endpoint).hostname;
	if (host.endsWith('.azure.us')) {
		return 'portal.azure.us';
	}
	if (host.endsWith('.azure.cn')) {
		return 'portal.azure.cn';
	}
	return 'portal.azure.com';
}

function safeName(title: string): string {
	return title.replace(/[\\/:*?"<>|#?%]/g, '_').slice(0, 80) || 'properties';
}
