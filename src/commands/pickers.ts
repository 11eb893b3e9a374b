/**
 * Palette parity: a command that needs a target resolves it from its argument (a tree node or a
 * resource id) or asks with a quick pick (resources here; containers, persons and faces in targets.ts).
 */
import * as vscode from 'vscode';
import type { FaceResource } from '../resources/types';
import type { ClientProvider } from '../resources/types';
import { UnknownResourceError } from '../resources/errors';
import { resourceIdOf } from './errorPresenter';
import { prompter } from '../shared/prompter';

export interface PickResourceOptions {
	readonly title?: string;
	readonly placeHolder?: string;
	/** Only resources passing the filter are offered (e.g. API-key resources for Set API Key). */
	readonly filter?: (r: FaceResource) => boolean;
	/** Shown instead of the default when no resource passes the filter. */
	readonly noneMessage?: string;
}

interface ResourceItem extends vscode.QuickPickItem {
	readonly resource: FaceResource;
}

/** Asks for a resource; throws `vscode.CancellationError` on Escape. Always asks, even for one resource, so the target is visible. */
export async function pickResource(clients: ClientProvider, options: PickResourceOptions = {}): Promise<FaceResource> {
	const resources = clients.listResources().filter(options.filter ?? (() => true));
	if (resources.length === 0) {
		throw new UnknownResourceError(options.noneMessage ?? vscode.l10n.t('No Face resources yet. Run "Add Face Resource…" first.'));
	}
	const items: ResourceItem[] = resources.map((r) => ({
		label: r.label,
		description: r.endpoint,
		detail: `${r.apiVersion} · ${r.auth === 'key' ? vscode.l10n.t('API key') : vscode.l10n.t('Entra ID')}${r.tier ? ` · ${r.tier}` : ''}`,
		resource: r,
	}));
	const picked = await prompter().pick(items, {
		title: options.title,
		placeHolder: options.placeHolder ?? vscode.l10n.t('Select a Face resource'),
		matchOnDescription: true,
	});
	if (!picked) {
		throw new vscode.CancellationError();
	}
	return picked.resource;
}

/** The resource named by a command argument (node or id), else asks. */
export async function resolveResource(clients: ClientProvider, args: readonly unknown[], options: PickResourceOptions = {}): Promise<FaceResource> {
	const id = resourceIdOf(args);
	if (id !== undefined) {
		const resource = clients.getResource(id);
		if (!resource) {
			throw new UnknownResourceError(vscode.l10n.t('This Face resource is no longer configured.'));
		}
		return resource;
	}
	return pickResource(clients, options);
}
