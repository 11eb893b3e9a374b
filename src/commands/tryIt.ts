/**
 * Try a trained container on a picture: Identify Faces in…, Find Similar in…, Verify Against Person… and
 * Detect Faces, on images in the file Explorer (several at once), an image editor's tab, or from the
 * palette (which asks for the files); *Identify with This Group…* on a Person Group / Large Person Group row
 * asks for the picture. The workflows, the runner and the results panel are in the images bundle
 * (src/images, loaded on the first use); this registers the commands, and hands
 * the workflows what they share with the rest of the extension (`TryHost`).
 */
import * as vscode from 'vscode';
import type { TryHost } from '../images/host';
import { imageFiles } from '../images/imageFiles';
import { loadImages } from '../images/loader';
import type { TryMode } from '../images/model';
import type { ResultPanels } from '../images/panel';
import { prompter } from '../shared/prompter';
import { ContainerNode } from '../tree/containerNode';
import type { NodeLocator } from '../tree/locator';
import type { NodeCommandDeps } from './deps';
import { resolveContainer, resolvePerson, resolveResourceTarget } from './targets';
import { train } from './training';
import { registerCommand, withCancellableProgress } from './wrapper';

export const TryCommand = {
	identify: 'azureFace.identifyFaces',
	identifyWithGroup: 'azureFace.identifyWithGroup',
	findSimilar: 'azureFace.findSimilarFaces',
	verify: 'azureFace.verifyFaces',
	detect: 'azureFace.detectFaces',
} as const;

/**
 * Registers the commands; returns the panels (made, with the images bundle loaded, on first use: a picture
 * command or a panel to restore, whose serializer lazyCommands.ts registers at activation).
 */
export function registerTryCommands(context: vscode.ExtensionContext, deps: NodeCommandDeps, locator: NodeLocator): () => ResultPanels {
	let made: ResultPanels | undefined;
	const panels = () => {
		if (!made) {
			made = new (loadImages().ResultPanels)(context.extensionUri, deps.log, (r) => locator.revealMember(r.resourceId, r.kind, r.containerId, r.memberId));
			context.subscriptions.push(made);
		}
		return made;
	};
	const host = tryHost(deps, panels);
	const run = (mode: TryMode) => (uri?: unknown, uris?: unknown) =>
		loadImages().tryPictures(host, mode, uri instanceof vscode.Uri ? imageFiles(uri, uris) : [], uri instanceof vscode.Uri ? undefined : uri);
	registerCommand(context, TryCommand.identify, run('identify'));
	registerCommand(context, TryCommand.identifyWithGroup, (node?: unknown) => loadImages().tryPictures(host, 'identify', [], node));
	registerCommand(context, TryCommand.findSimilar, run('similar'));
	registerCommand(context, TryCommand.verify, run('verify'));
	registerCommand(context, TryCommand.detect, run('detect'));
	return panels;
}

function tryHost(deps: NodeCommandDeps, panels: () => ResultPanels): TryHost {
	return {
		log: deps.log,
		tracker: deps.tracker,
		prompter,
		getClient: (id) => deps.clients.getClient(id),
		resolveContainer: (arg, filter, title) => resolveContainer(deps.clients, arg, filter, title),
		resolvePerson: (arg, title) => resolvePerson(deps.clients, arg, title),
		resolveResource: (arg, title) => resolveResourceTarget(deps.clients, arg, title),
		isContainerRow: (arg) => arg instanceof ContainerNode,
		knownNames: (t) => {
			const node = t.kind && t.containerId ? deps.tree.findContainer(t.resourceId, t.kind, t.containerId) : undefined;
			const container = node instanceof ContainerNode ? node : undefined;
			const face = (id: string) => container?.faces?.find(id)?.face;
			return { person: (id) => container?.persons?.find(id)?.person.name, face: (id) => (face(id) ? (face(id)!.userData ?? null) : undefined) };
		},
		train: (t) => train(deps, { resourceId: t.resourceId, kind: t.kind.kind, containerId: t.containerId }),
		withProgress: (title, task) => withCancellableProgress(title, (signal) => task(signal)),
		panels,
	};
}
