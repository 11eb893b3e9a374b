/**
 * Try a trained container on a picture: Identify Faces in…, Find Similar in…, Verify Against Person… and
 * Detect Faces, on images in the file Explorer (several at once), an image editor's tab, or from the
 * palette (which asks for the files); *Identify with This Group…* on a Person Group / Large Person Group row
 * asks for the picture. The result opens in the results panel (src/images/panel.ts): one per picture, or
 * one grid for all, as the person chooses.
 */
import * as path from 'path';
import * as vscode from 'vscode';
import { RECOGNITION_MODELS } from '../face/kinds';
import { IMAGE_EXTENSIONS, imageFiles, mimeOf, readImage } from '../images/imageFiles';
import { loadImages } from '../images/loader';
import { RESULTS_VIEW_TYPE, type TryMode, type TryResult, type TryTarget } from '../images/model';
import type { ResultPanel, ResultPanels } from '../images/panel';
import type { KnownNames } from '../images/run';
import { prompter } from '../shared/prompter';
import type { NodeLocator } from '../tree/locator';
import { ContainerNode } from '../tree/containerNode';
import type { NodeCommandDeps } from './deps';
import { resolveContainer, resolvePerson, resolveResourceTarget, type ContainerTarget } from './targets';
import { withTrainingRecovery } from './tryItErrors';
import { registerCommand, withCancellableProgress } from './wrapper';

export const TryCommand = {
	identify: 'azureFace.identifyFaces',
	identifyWithGroup: 'azureFace.identifyWithGroup',
	findSimilar: 'azureFace.findSimilarFaces',
	verify: 'azureFace.verifyFaces',
	detect: 'azureFace.detectFaces',
} as const;

/**
 * Registers the commands and the panels' serializer; returns the panels (made, with the images bundle
 * loaded, on first use: a picture command or a panel to restore).
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
	context.subscriptions.push(vscode.window.registerWebviewPanelSerializer(RESULTS_VIEW_TYPE, { deserializeWebviewPanel: async (panel, state) => panels().restore(panel, state) }));
	const files = (uri: unknown, uris: unknown) => (uri instanceof vscode.Uri ? imageFiles(uri, uris) : []);
	registerCommand(context, TryCommand.identify, (uri?: unknown, uris?: unknown) => tryPictures(deps, panels, 'identify', files(uri, uris), uri instanceof vscode.Uri ? undefined : uri));
	registerCommand(context, TryCommand.identifyWithGroup, (node?: unknown) => tryPictures(deps, panels, 'identify', [], node));
	registerCommand(context, TryCommand.findSimilar, (uri?: unknown, uris?: unknown) => tryPictures(deps, panels, 'similar', files(uri, uris), uri instanceof vscode.Uri ? undefined : uri));
	registerCommand(context, TryCommand.verify, (uri?: unknown, uris?: unknown) => tryPictures(deps, panels, 'verify', files(uri, uris), uri instanceof vscode.Uri ? undefined : uri));
	registerCommand(context, TryCommand.detect, (uri?: unknown, uris?: unknown) => tryPictures(deps, panels, 'detect', files(uri, uris), uri instanceof vscode.Uri ? undefined : uri));
	return panels;
}

/** Tries each picture on the target the person picks; returns the panels opened. */
export async function tryPictures(deps: NodeCommandDeps, panels: () => ResultPanels, mode: TryMode, given: readonly vscode.Uri[], targetArg: unknown): Promise<ResultPanel[]> {
	const uris = given.length > 0 ? given : await pickPictures(mode);
	const target = await resolveTryTarget(deps, mode, targetArg, uris);
	const grid = uris.length > 1 && (await askLayout(uris.length));
	const results: Array<{ result: TryResult; bytes: Uint8Array }> = [];
	const failed: string[] = [];
	const container = target.container && { resourceId: target.container.resource.id, kind: target.container.kind, containerId: target.container.containerId, label: target.container.label };
	for (const uri of uris) {
		const name = path.basename(uri.path);
		try {
			const bytes = await readImage(uri);
			const result = await withTrainingRecovery(deps, mode === 'detect' ? undefined : container, () =>
				withCancellableProgress(progressTitle(mode, name, target.target), async (signal) => {
					const client = await deps.clients.getClient(target.target.resourceId);
					return loadImages().runTry(client, { mode, target: target.target, recognitionModel: target.recognitionModel, image: { name, path: uri.fsPath, mime: mimeOf(uri), bytes } }, knownNames(deps, target.target), signal);
				}),
			);
			deps.log.info(`${mode} ${name} (${target.target.label ?? target.target.resourceLabel}): ${result.faces.length} face(s), ${result.calls} call(s).`);
			results.push({ result, bytes });
		} catch (e) {
			if (uris.length === 1 || (e as { name?: string }).name === 'Canceled') {
				throw e;
			}
			const message = e instanceof Error ? e.message : String(e);
			deps.log.warn(`${mode} ${name}: ${message}`);
			failed.push(`${name}: ${message}`);
		}
	}
	if (failed.length > 0) {
		void prompter().showError(vscode.l10n.t('{0} of {1} pictures could not be tried: {2}', failed.length, uris.length, failed.join('; ')));
	}
	if (results.length === 0) {
		return [];
	}
	return grid ? [panels().show(results)] : results.map((r) => panels().show([r]));
}

interface ResolvedTarget {
	readonly target: TryTarget;
	readonly recognitionModel?: string;
	readonly container?: ContainerTarget;
}

async function resolveTryTarget(deps: NodeCommandDeps, mode: TryMode, arg: unknown, uris: readonly vscode.Uri[]): Promise<ResolvedTarget> {
	const what = uris.length === 1 ? path.basename(uris[0].path) : vscode.l10n.t('{0} pictures', uris.length);
	const from = (c: ContainerTarget, extra: Partial<TryTarget> = {}): ResolvedTarget => ({
		target: { resourceId: c.resource.id, resourceLabel: c.resource.label, kind: c.kind.kind, containerId: c.containerId, label: c.label, ...extra },
		recognitionModel: c.container?.recognitionModel,
		container: c,
	});
	switch (mode) {
		case 'identify':
			return from(await resolveContainer(deps.clients, arg, (k) => k.children === 'persons', vscode.l10n.t('Identify the faces in {0} in…', what)));
		case 'similar': {
			const c = await resolveContainer(deps.clients, arg, (k) => k.children === 'faces', vscode.l10n.t('Find faces similar to {0} in…', what));
			const modes = [
				{ label: 'matchPerson', description: vscode.l10n.t('faces of the same person (the service applies its threshold)'), value: 'matchPerson' as const },
				{ label: 'matchFace', description: vscode.l10n.t('the most similar faces, whoever they are'), value: 'matchFace' as const },
			];
			const picked = await prompter().pick(modes, { title: vscode.l10n.t('Find Similar in {0}', c.label), placeHolder: vscode.l10n.t('Select a mode') });
			return picked ? from(c, { matchMode: picked.value }) : cancel();
		}
		case 'verify': {
			const p = await resolvePerson(deps.clients, arg, vscode.l10n.t('Verify the faces in {0} against…', what));
			return from(p, { personId: p.personId, personName: p.person?.name ?? p.personNode?.person.name });
		}
		default:
			return resolveDetectTarget(deps, arg, what);
	}
}

/** Detect: the models of a container (its row, or "Match a container…"), else a recognition model picked. */
async function resolveDetectTarget(deps: NodeCommandDeps, arg: unknown, what: string): Promise<ResolvedTarget> {
	const title = vscode.l10n.t('Detect the faces in {0}', what);
	if (arg instanceof ContainerNode) {
		const c = await resolveContainer(deps.clients, arg, () => true, title);
		return { target: { resourceId: c.resource.id, resourceLabel: c.resource.label, label: c.label }, recognitionModel: c.container?.recognitionModel ?? (await modelOf(deps, c)) };
	}
	const resource = await resolveResourceTarget(deps.clients, arg, title);
	const match = vscode.l10n.t('Match a container…');
	const items = [
		...RECOGNITION_MODELS.map((m, i) => ({ label: m, description: i === 0 ? vscode.l10n.t('latest, recommended') : undefined })),
		{ label: `$(list-tree) ${match}`, description: vscode.l10n.t('the model a Person Group or Face List uses') },
	];
	const picked = await prompter().pick(items, { title, placeHolder: vscode.l10n.t('Select the recognition model (it decides which quality attributes the service rates)') });
	if (!picked) {
		return cancel();
	}
	if (!picked.label.endsWith(match)) {
		return { target: { resourceId: resource.id, resourceLabel: resource.label }, recognitionModel: picked.label };
	}
	const c = await resolveContainer(deps.clients, { resourceId: resource.id }, () => true, title);
	return { target: { resourceId: resource.id, resourceLabel: resource.label, label: c.label }, recognitionModel: c.container?.recognitionModel ?? (await modelOf(deps, c)) };
}

async function modelOf(deps: NodeCommandDeps, c: ContainerTarget): Promise<string> {
	return (await (await deps.clients.getClient(c.resource.id)).getContainer(c.kind.kind, c.containerId)).recognitionModel ?? 'recognition_01';
}

async function pickPictures(mode: TryMode): Promise<vscode.Uri[]> {
	const picked = await prompter().openDialog({
		canSelectFiles: true,
		canSelectFolders: false,
		canSelectMany: true,
		openLabel: mode === 'detect' ? vscode.l10n.t('Detect Faces') : vscode.l10n.t('Try'),
		title: vscode.l10n.t('Pictures to try'),
		filters: { [vscode.l10n.t('Images')]: IMAGE_EXTENSIONS },
	});
	return picked && picked.length > 0 ? [...picked] : cancel();
}

async function askLayout(count: number): Promise<boolean> {
	const items = [
		{ label: vscode.l10n.t('One Panel per Picture'), description: vscode.l10n.t('{0} panels', count), grid: false },
		{ label: vscode.l10n.t('One Panel with a Grid'), description: vscode.l10n.t('all {0} pictures side by side', count), grid: true },
	];
	const picked = await prompter().pick(items, { title: vscode.l10n.t('Show the results of {0} pictures in…', count) });
	return picked ? picked.grid : cancel();
}

function progressTitle(mode: TryMode, name: string, target: TryTarget): string {
	switch (mode) {
		case 'identify':
			return vscode.l10n.t('Identifying the faces in {0} in {1}…', name, target.label ?? '');
		case 'similar':
			return vscode.l10n.t('Finding faces similar to {0} in {1}…', name, target.label ?? '');
		case 'verify':
			return vscode.l10n.t('Verifying the faces in {0} against {1}…', name, target.personName ?? target.personId ?? '');
		default:
			return vscode.l10n.t('Detecting the faces in {0}…', name);
	}
}

/** Names the tree holds already (no call): persons of a loaded group, faces of a loaded list. */
function knownNames(deps: NodeCommandDeps, t: TryTarget): KnownNames {
	const node = t.kind && t.containerId ? deps.tree.findContainer(t.resourceId, t.kind, t.containerId) : undefined;
	const container = node instanceof ContainerNode ? node : undefined;
	return {
		person: (id) => container?.persons?.find(id)?.person.name,
		face: (id) => container?.faces?.find(id)?.face.userData,
	};
}

function cancel(): never {
	throw new vscode.CancellationError();
}
