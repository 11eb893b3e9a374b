/**
 * Identify the faces of an image against the Person Directory (every person, or chosen persons: the tree's
 * selection or a multi-select pick, at most 30) or against a Dynamic Person Group. The result opens in the
 * results panel of the other picture commands (boxes drawn on the picture, candidates with names and
 * confidences, the slider) and goes to the log.
 */
import * as path from 'path';
import * as vscode from 'vscode';
import { MAX_IDENTIFY_PERSON_IDS } from '../face/personDirectory';
import type { DirectoryScope } from '../face/directoryTypes';
import type { IdentifyResult } from '../face/recognitionTypes';
import type { FaceResource } from '../resources/types';
import { prompter } from '../shared/prompter';
import { DirectoryPersonNode } from '../tree/directoryNodes';
import type { DirectoryCommandDeps } from './deps';
import { resolveDirectoryPersons, resolveDirectoryResource, resolveDynamicGroup, resolveModel } from './directoryTargets';
import { IMAGE_EXTENSIONS, mimeOf, readImage } from '../images/imageFiles';
import type { TryFace, TryResult } from '../images/model';
import type { ResultPanels } from '../images/panel';
import { registerCommands } from './wrapper';

export const IdentifyDirectoryCommand = {
	directory: 'azureFace.identifyInDirectory',
	dynamicGroup: 'azureFace.identifyInDynamicGroup',
} as const;

/** The directory commands' deps, with the results panels of the picture commands (commands/tryIt.ts). */
export interface IdentifyDirectoryDeps extends DirectoryCommandDeps {
	readonly panels: () => ResultPanels;
}

export function registerIdentifyDirectoryCommands(context: vscode.ExtensionContext, deps: IdentifyDirectoryDeps): void {
	registerCommands(context, {
		[IdentifyDirectoryCommand.directory]: (arg?: unknown, selected?: unknown, image?: unknown) => identifyInDirectory(deps, arg, selected, image),
		[IdentifyDirectoryCommand.dynamicGroup]: (arg?: unknown, _selected?: unknown, image?: unknown) => identifyInGroup(deps, arg, image),
	});
}

export interface DirectoryIdentification {
	readonly results: readonly IdentifyResult[];
	/** One line per face: `face 1 at (12, 30): Uma Patel 0.93, Victor Chen 0.41` or `face 1 at (…): no match`. */
	readonly lines: readonly string[];
	/** What the results panel shows. */
	readonly result: TryResult;
}

/**
 * `image` (or a `vscode.Uri` as the first argument: the file Explorer) skips the dialog; a reference
 * `{ resourceId, all: true }` or `{ resourceId, personIds }` skips the scope question.
 */
export async function identifyInDirectory(deps: IdentifyDirectoryDeps, arg: unknown, selected: unknown, image?: unknown): Promise<DirectoryIdentification | undefined> {
	const title = vscode.l10n.t('Identify in Person Directory');
	const file = imageArg(arg, image);
	const target = arg instanceof vscode.Uri ? undefined : arg;
	const resource = await resolveDirectoryResource(deps.clients, target, title);
	let scope: DirectoryScope = '*';
	const ref = target as { personIds?: unknown; all?: unknown } | undefined;
	if (target instanceof DirectoryPersonNode || Array.isArray(ref?.personIds)) {
		scope = (await resolveDirectoryPersons(deps.clients, target, selected, title)).persons.map((p) => p.personId);
	} else if (ref?.all !== true) {
		const all = vscode.l10n.t('All persons');
		const picked = await prompter().pick([{ label: all }, { label: vscode.l10n.t('Chosen persons…') }], { title, placeHolder: vscode.l10n.t('Identify against') });
		if (!picked) {
			throw new vscode.CancellationError();
		}
		if (picked.label !== all) {
			scope = (await resolveDirectoryPersons(deps.clients, resource.id, undefined, title)).persons.map((p) => p.personId);
		}
	}
	if (scope !== '*' && scope.length > MAX_IDENTIFY_PERSON_IDS) {
		throw new Error(vscode.l10n.t('Identify takes at most {0} chosen persons ({1} selected); choose fewer, or identify against all persons.', MAX_IDENTIFY_PERSON_IDS, scope.length));
	}
	const where = scope === '*' ? vscode.l10n.t('the Person Directory') : vscode.l10n.t('{0} persons of the Person Directory', scope.length);
	return identify(deps, resource, target, file, title, where, (client, faceIds) => client.directory.identify(faceIds, scope));
}

export async function identifyInGroup(deps: IdentifyDirectoryDeps, arg: unknown, image?: unknown): Promise<DirectoryIdentification | undefined> {
	const title = vscode.l10n.t('Identify in Dynamic Person Group');
	const file = imageArg(arg, image);
	const target = arg instanceof vscode.Uri ? undefined : arg;
	const group = await resolveDynamicGroup(deps.clients, target, title);
	const where = vscode.l10n.t('Dynamic Person Group {0}', group.label);
	return identify(deps, group.resource, target, file, title, where, (client, faceIds) => client.dynamicGroups.identify(faceIds, group.groupId));
}

type Identify = (client: Awaited<ReturnType<DirectoryCommandDeps['clients']['getClient']>>, faceIds: readonly string[]) => Promise<IdentifyResult[]>;

async function identify(deps: IdentifyDirectoryDeps, resource: FaceResource, target: unknown, file: vscode.Uri | undefined, title: string, where: string, run: Identify): Promise<DirectoryIdentification | undefined> {
	const model = await resolveModel(target, title);
	const uri = file ?? (await prompter().openDialog({
		canSelectFiles: true,
		canSelectMany: false,
		openLabel: vscode.l10n.t('Identify'),
		title: vscode.l10n.t('Image to identify against {0}', where),
		filters: { [vscode.l10n.t('Images')]: IMAGE_EXTENSIONS },
	}))?.[0];
	if (!uri) {
		return undefined;
	}
	const bytes = await readImage(uri);
	const client = await deps.clients.getClient(resource.id);
	const detected = await client.detect({ bytes }, { returnFaceId: true, recognitionModel: model, detectionModel: 'detection_03' });
	const withIds = detected.filter((f) => f.faceId);
	if (withIds.length === 0) {
		throw new Error(vscode.l10n.t('No face found in {0}.', path.basename(uri.fsPath)));
	}
	const results = await run(client, withIds.slice(0, 10).map((f) => f.faceId!));
	const names = new Map((await client.directory.listPersons({ top: 1000 })).map((p) => [p.personId, p.name || p.personId]));
	const name = path.basename(uri.fsPath);
	const faces: TryFace[] = withIds.map((f) => ({
		rect: f.faceRectangle,
		matches: (results.find((r) => r.faceId === f.faceId)?.candidates ?? []).map((c) => ({ id: c.personId, name: names.get(c.personId), confidence: c.confidence })),
	}));
	const lines = faces.map((f, i) => {
		const who = f.matches.length === 0 ? vscode.l10n.t('no match') : f.matches.map((m) => `${m.name ?? m.id} ${m.confidence.toFixed(2)}`).join(', ');
		return `${vscode.l10n.t('face {0}', i + 1)} (${f.rect.left}, ${f.rect.top}): ${who}`;
	});
	deps.log.info(`Identify ${name} against ${where} (${model}): ${lines.join('; ')}`);
	const result: TryResult = {
		version: 1,
		mode: 'identify',
		target: { resourceId: resource.id, resourceLabel: resource.label, label: where },
		image: { name, path: uri.fsPath, mime: mimeOf(uri) },
		faces,
		recognitionModel: model,
		detectionModel: 'detection_03',
		notes: withIds.length > 10 ? [vscode.l10n.t('{0} faces found: the first 10 were identified.', withIds.length)] : [],
		at: new Date().toISOString(),
		calls: 3,
	};
	deps.panels().show([{ result, bytes }]);
	return { results, lines, result };
}

function imageArg(arg: unknown, image: unknown): vscode.Uri | undefined {
	return image instanceof vscode.Uri ? image : arg instanceof vscode.Uri ? arg : undefined;
}
