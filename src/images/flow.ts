/**
 * The picture workflows behind Identify Faces in…, Find Similar in…, Verify Against Person…, Detect Faces
 * and Identify with This Group…: ask for the pictures (unless given) and the target, try each picture
 * (recovering from a not-trained or training container, `recovery.ts`), and open the results: one panel per
 * picture or one grid, as the person chooses. Everything shared comes through the `TryHost`.
 */
import * as path from 'path';
import * as vscode from 'vscode';
import { RECOGNITION_MODELS } from '../face/kinds';
import type { TryHost, PickedContainer } from './host';
import { IMAGE_EXTENSIONS, mimeOf, readImage } from './imageFiles';
import type { TryMode, TryResult, TryTarget } from './model';
import type { ResultPanel } from './panel';
import { withTrainingRecovery } from './recovery';
import { runTry } from './run';

/** Tries each picture on the target the person picks; returns the panels opened. */
export async function tryPictures(host: TryHost, mode: TryMode, given: readonly vscode.Uri[], targetArg: unknown): Promise<ResultPanel[]> {
	const uris = given.length > 0 ? given : await pickPictures(host, mode);
	const target = await resolveTryTarget(host, mode, targetArg, uris);
	const grid = uris.length > 1 && (await askLayout(host, uris.length));
	const results: Array<{ result: TryResult; bytes: Uint8Array }> = [];
	const failed: string[] = [];
	const c = target.container;
	const container = c && { resourceId: c.resource.id, kind: c.kind, containerId: c.containerId, label: c.label };
	for (const uri of uris) {
		const name = path.basename(uri.path);
		try {
			const bytes = await readImage(uri);
			const result = await withTrainingRecovery(host, mode === 'detect' ? undefined : container, () =>
				host.withProgress(progressTitle(mode, name, target.target), async (signal) => {
					const client = await host.getClient(target.target.resourceId);
					const image = { name, path: uri.fsPath, mime: mimeOf(uri), bytes };
					return runTry(client, { mode, target: target.target, recognitionModel: target.recognitionModel, image }, host.knownNames(target.target), signal);
				}),
			);
			host.log.info(`${mode} ${name} (${target.target.label ?? target.target.resourceLabel}): ${result.faces.length} face(s), ${result.calls} call(s).`);
			results.push({ result, bytes });
		} catch (e) {
			if (uris.length === 1 || (e as { name?: string }).name === 'Canceled') {
				throw e;
			}
			const message = e instanceof Error ? e.message : String(e);
			host.log.warn(`${mode} ${name}: ${message}`);
			failed.push(`${name}: ${message}`);
		}
	}
	if (failed.length > 0) {
		void host.prompter().showError(vscode.l10n.t('{0} of {1} pictures could not be tried: {2}', failed.length, uris.length, failed.join('; ')));
	}
	if (results.length === 0) {
		return [];
	}
	return grid ? [host.panels().show(results)] : results.map((r) => host.panels().show([r]));
}

interface ResolvedTarget {
	readonly target: TryTarget;
	readonly recognitionModel?: string;
	readonly container?: PickedContainer;
}

async function resolveTryTarget(host: TryHost, mode: TryMode, arg: unknown, uris: readonly vscode.Uri[]): Promise<ResolvedTarget> {
	const what = uris.length === 1 ? path.basename(uris[0].path) : vscode.l10n.t('{0} pictures', uris.length);
	const from = (c: PickedContainer, extra: Partial<TryTarget> = {}): ResolvedTarget => ({
		target: { resourceId: c.resource.id, resourceLabel: c.resource.label, kind: c.kind.kind, containerId: c.containerId, label: c.label, ...extra },
		recognitionModel: c.container?.recognitionModel,
		container: c,
	});
	switch (mode) {
		case 'identify':
			return from(await host.resolveContainer(arg, (k) => k.children === 'persons', vscode.l10n.t('Identify the faces in {0} in…', what)));
		case 'similar': {
			const c = await host.resolveContainer(arg, (k) => k.children === 'faces', vscode.l10n.t('Find faces similar to {0} in…', what));
			const modes = [
				{ label: 'matchPerson', description: vscode.l10n.t('faces of the same person (the service applies its threshold)'), value: 'matchPerson' as const },
				{ label: 'matchFace', description: vscode.l10n.t('the most similar faces, whoever they are'), value: 'matchFace' as const },
			];
			const picked = await host.prompter().pick(modes, { title: vscode.l10n.t('Find Similar in {0}', c.label), placeHolder: vscode.l10n.t('Select a mode') });
			return picked ? from(c, { matchMode: picked.value }) : cancel();
		}
		case 'verify': {
			const p = await host.resolvePerson(arg, vscode.l10n.t('Verify the faces in {0} against…', what));
			return from(p, { personId: p.personId, personName: p.person?.name ?? p.personNode?.person.name });
		}
		default:
			return resolveDetectTarget(host, arg, what);
	}
}

/** Detect: the models of a container (its row, or "Match a container…"), else a recognition model picked. */
async function resolveDetectTarget(host: TryHost, arg: unknown, what: string): Promise<ResolvedTarget> {
	const title = vscode.l10n.t('Detect the faces in {0}', what);
	const ofContainer = async (c: PickedContainer): Promise<ResolvedTarget> => ({
		target: { resourceId: c.resource.id, resourceLabel: c.resource.label, label: c.label },
		recognitionModel: c.container?.recognitionModel ?? (await (await host.getClient(c.resource.id)).getContainer(c.kind.kind, c.containerId)).recognitionModel ?? 'recognition_01',
	});
	if (host.isContainerRow(arg)) {
		return ofContainer(await host.resolveContainer(arg, () => true, title));
	}
	const resource = await host.resolveResource(arg, title);
	const match = vscode.l10n.t('Match a container…');
	const items = [
		...RECOGNITION_MODELS.map((m, i) => ({ label: m, description: i === 0 ? vscode.l10n.t('latest, recommended') : undefined })),
		{ label: `$(list-tree) ${match}`, description: vscode.l10n.t('the model a Person Group or Face List uses') },
	];
	const picked = await host.prompter().pick(items, { title, placeHolder: vscode.l10n.t('Select the recognition model (it decides which quality attributes the service rates)') });
	if (!picked) {
		return cancel();
	}
	if (!picked.label.endsWith(match)) {
		return { target: { resourceId: resource.id, resourceLabel: resource.label }, recognitionModel: picked.label };
	}
	return ofContainer(await host.resolveContainer({ resourceId: resource.id }, () => true, title));
}

async function pickPictures(host: TryHost, mode: TryMode): Promise<vscode.Uri[]> {
	const picked = await host.prompter().openDialog({
		canSelectFiles: true,
		canSelectFolders: false,
		canSelectMany: true,
		openLabel: mode === 'detect' ? vscode.l10n.t('Detect Faces') : vscode.l10n.t('Try'),
		title: vscode.l10n.t('Pictures to try'),
		filters: { [vscode.l10n.t('Images')]: IMAGE_EXTENSIONS },
	});
	return picked && picked.length > 0 ? [...picked] : cancel();
}

async function askLayout(host: TryHost, count: number): Promise<boolean> {
	const items = [
		{ label: vscode.l10n.t('One Panel per Picture'), description: vscode.l10n.t('{0} panels', count), grid: false },
		{ label: vscode.l10n.t('One Panel with a Grid'), description: vscode.l10n.t('all {0} pictures side by side', count), grid: true },
	];
	const picked = await host.prompter().pick(items, { title: vscode.l10n.t('Show the results of {0} pictures in…', count) });
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

function cancel(): never {
	throw new vscode.CancellationError();
}
