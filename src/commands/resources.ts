/**
 * Resource commands: Add, Edit, Remove, Set API Key (rotate), Sign In, Copy Endpoint. Each works from
 * the view (a resource node as argument), from a resource id (messages' actions, tests) and from the
 * palette (asks for the resource). Add is in addResource.ts (its steps check the endpoint and the key);
 * the check before saving is in resourceChecks.ts.
 */
import * as vscode from 'vscode';
import { promptSession } from '../resources/auth';
import { originOf } from '../resources/endpoint';
import type { ResourceChanges, ResourceStore } from '../resources/store';
import type { FaceResource } from '../resources/types';
import { resolveResource } from './pickers';
import { prompter } from '../shared/prompter';
import { addResource } from './addResource';
import { checkOrConfirm } from './resourceChecks';
import { askApiVersion, askAuthMode, askEndpoint, askKey, askLabel, askTenant, askTier } from './resourcePrompts';
import { registerCommand } from './wrapper';

export function registerResourceCommands(context: vscode.ExtensionContext, store: ResourceStore, log: vscode.LogOutputChannel): void {
	registerCommand(context, 'azureFace.addResource', () => addResource(store, log));
	registerCommand(context, 'azureFace.editResource', (...args: unknown[]) => editResource(store, log, args));
	registerCommand(context, 'azureFace.removeResource', (...args: unknown[]) => removeResource(store, args));
	registerCommand(context, 'azureFace.setApiKey', (...args: unknown[]) => setApiKey(store, log, args));
	registerCommand(context, 'azureFace.signIn', (...args: unknown[]) => signIn(store, args));
	registerCommand(context, 'azureFace.copyEndpoint', (...args: unknown[]) => copyEndpoint(store, args));
}

/** Edit Face Resource…: pick one property, change it. A new origin needs its own key (the old one is never sent there). */
export async function editResource(store: ResourceStore, log: vscode.LogOutputChannel, args: readonly unknown[]): Promise<FaceResource | undefined> {
	const resource = await resolveResource(store, args, { title: vscode.l10n.t('Edit Face Resource') });
	const title = vscode.l10n.t("Edit '{0}'", resource.label);
	const fields = [
		{ label: vscode.l10n.t('Display name'), description: resource.label, field: 'label' as const },
		{ label: vscode.l10n.t('Endpoint'), description: resource.endpoint, field: 'endpoint' as const },
		{ label: vscode.l10n.t('API version'), description: resource.apiVersion, field: 'apiVersion' as const },
		{ label: vscode.l10n.t('Authentication'), description: resource.auth === 'key' ? vscode.l10n.t('API key') : vscode.l10n.t('Microsoft Entra ID'), field: 'auth' as const },
		{ label: vscode.l10n.t('Pricing tier'), description: resource.tier ?? 'S0', field: 'tier' as const },
	];
	const picked = await prompter().pick(fields, { title, placeHolder: vscode.l10n.t('What to change') });
	if (!picked) {
		throw new vscode.CancellationError();
	}
	const step = { title };
	let changes: ResourceChanges;
	let key: string | undefined;
	switch (picked.field) {
		case 'label':
			changes = { label: await askLabel(step, resource.endpoint, resource.label) };
			break;
		case 'apiVersion':
			changes = { apiVersion: await askApiVersion(step, resource.apiVersion) };
			break;
		case 'tier':
			changes = { tier: await askTier(step, resource.tier) };
			break;
		case 'endpoint': {
			const endpoint = await askEndpoint(step, resource.endpoint);
			changes = { endpoint };
			if (resource.auth === 'key' && originOf(endpoint) !== originOf(resource.endpoint)) {
				key = await askKey({ title: vscode.l10n.t("Edit '{0}': the key of {1} is not sent to {2}", resource.label, new URL(resource.endpoint).host, new URL(endpoint).host) }, new URL(endpoint).host);
			}
			break;
		}
		case 'auth': {
			const auth = await askAuthMode(step, resource.auth);
			const tenantId = auth === 'entra' ? await askTenant(step, resource.tenantId) : undefined;
			key = auth === 'key' ? await askKey(step, new URL(resource.endpoint).host) : undefined;
			changes = { auth, tenantId };
			break;
		}
	}
	const candidate: FaceResource = { ...resource, ...changes, endpoint: changes.endpoint ?? resource.endpoint, label: changes.label ?? resource.label };
	if (changes.endpoint !== undefined || changes.auth !== undefined) {
		if (candidate.auth === 'entra') {
			await promptSession(candidate);
		}
		await checkOrConfirm(store, log, candidate, key, vscode.l10n.t('Save Anyway'));
	}
	const saved = await store.update(resource.id, changes, key);
	void prompter().showInfo(vscode.l10n.t("Saved Face resource '{0}'.", saved.label));
	return saved;
}

export async function removeResource(store: ResourceStore, args: readonly unknown[]): Promise<boolean> {
	const resource = await resolveResource(store, args, { title: vscode.l10n.t('Remove Face Resource') });
	const remove = vscode.l10n.t('Remove');
	const choice = await prompter().confirm(
		vscode.l10n.t("Remove '{0}' from Face Explorer?", resource.label),
		vscode.l10n.t("Its API key is deleted from this computer's keyring. Nothing changes in Azure."),
		remove,
	);
	if (choice !== remove) {
		throw new vscode.CancellationError();
	}
	await store.remove(resource.id);
	return true;
}

/** Set API Key… (rotate): the new key is checked with one request before it replaces the old one. */
export async function setApiKey(store: ResourceStore, log: vscode.LogOutputChannel, args: readonly unknown[]): Promise<boolean> {
	const resource = await resolveResource(store, args, {
		title: vscode.l10n.t('Set API Key'),
		filter: (r) => r.auth === 'key',
		noneMessage: vscode.l10n.t('No Face resource uses an API key.'),
	});
	if (resource.auth !== 'key') {
		throw new Error(vscode.l10n.t("'{0}' uses Microsoft Entra ID. Edit the resource to switch it to an API key.", resource.label));
	}
	const key = await askKey({ title: vscode.l10n.t("Set API Key for '{0}'", resource.label) }, new URL(resource.endpoint).host);
	await checkOrConfirm(store, log, resource, key, vscode.l10n.t('Save Anyway'));
	await store.setKey(resource.id, key);
	void prompter().showInfo(vscode.l10n.t("API key for '{0}' saved.", resource.label));
	return true;
}

export async function signIn(store: ResourceStore, args: readonly unknown[]): Promise<boolean> {
	const resource = await resolveResource(store, args, {
		title: vscode.l10n.t('Sign In'),
		filter: (r) => r.auth === 'entra',
		noneMessage: vscode.l10n.t('No Face resource uses Microsoft Entra ID.'),
	});
	await store.signIn(resource.id);
	return true;
}

export async function copyEndpoint(store: ResourceStore, args: readonly unknown[]): Promise<string> {
	const resource = await resolveResource(store, args, { title: vscode.l10n.t('Copy Endpoint') });
	await vscode.env.clipboard.writeText(resource.endpoint);
	vscode.window.setStatusBarMessage(vscode.l10n.t('Copied {0}', resource.endpoint), 3000);
	return resource.endpoint;
}
