/**
 * The questions about a resource, shared by Add, Edit and Set API Key. Each throws
 * `vscode.CancellationError` on Escape, so flows read top to bottom (and `GoBack` on Back, where the step
 * offers it). The endpoint and key boxes take an accept-time `check` (a request: the box shows its answer).
 */
import * as vscode from 'vscode';
import { API_VERSIONS, DEFAULT_API_VERSION, type ApiVersion, type PricingTier } from '../face/kinds';
import { defaultLabel, endpointProblem, parseEndpoint } from '../resources/endpoint';
import type { AuthMode } from '../resources/types';
import { prompter } from '../shared/prompter';

export interface Step {
	readonly title: string;
	/** Offer a Back button (steps after the first of a multi-step flow). */
	readonly back?: boolean;
}

/** An input box's accept-time check (`InputOptions.check`). */
export type Check = (value: string, signal: AbortSignal) => Promise<string | undefined>;

function orCancel<T>(value: T | undefined): T {
	if (value === undefined) {
		throw new vscode.CancellationError();
	}
	return value;
}

export async function askEndpoint(step: Step, value?: string, check?: Check): Promise<string> {
	const answer = await prompter().input({
		title: step.title,
		back: step.back,
		check: check && ((v, signal) => check(parseEndpoint(v).endpoint, signal)),
		prompt: vscode.l10n.t('Endpoint of the Face resource (Azure portal → the resource → "Keys and Endpoint")'),
		placeHolder: 'https://NAME.cognitiveservices.azure.com',
		value,
		validateInput: endpointProblem,
	});
	return parseEndpoint(orCancel(answer)).endpoint;
}

export async function askLabel(step: Step, endpoint: string, value?: string): Promise<string> {
	const answer = await prompter().input({
		title: step.title,
		back: step.back,
		prompt: vscode.l10n.t('Display name in the Face Explorer view'),
		value: value ?? defaultLabel(endpoint),
		validateInput: (v) => (v.trim().length === 0 ? vscode.l10n.t('A name is required.') : v.length > 64 ? vscode.l10n.t('Use at most 64 characters.') : undefined),
	});
	return orCancel(answer).trim();
}

export async function askApiVersion(step: Step, current: ApiVersion = DEFAULT_API_VERSION): Promise<ApiVersion> {
	const ordered = [current, ...[...API_VERSIONS].reverse().filter((v) => v !== current)];
	const items = ordered.map((v) => ({
		label: v,
		description: [v === DEFAULT_API_VERSION ? vscode.l10n.t('newest GA, recommended') : v.includes('preview') ? vscode.l10n.t('preview') : '', v === current ? vscode.l10n.t('current') : '']
			.filter(Boolean)
			.join(' · '),
		version: v,
	}));
	const picked = await prompter().pick(items, { title: step.title, back: step.back, placeHolder: vscode.l10n.t('Face API version') });
	return orCancel(picked).version;
}

export async function askAuthMode(step: Step, current: AuthMode = 'key'): Promise<AuthMode> {
	const items = [
		{ label: vscode.l10n.t('API key'), description: vscode.l10n.t('Key 1 or Key 2 of the resource, kept in the OS keyring'), mode: 'key' as const },
		{ label: vscode.l10n.t('Microsoft Entra ID'), description: vscode.l10n.t('Sign in with your account (needs a role on the resource)'), mode: 'entra' as const },
	];
	if (current === 'entra') {
		items.reverse();
	}
	const picked = await prompter().pick(items, { title: step.title, back: step.back, placeHolder: vscode.l10n.t('How to authenticate') });
	return orCancel(picked).mode;
}

/** `value`: a key typed before (Back, then forward again): shown masked, never in clear. */
export async function askKey(step: Step, host: string, check?: Check, value?: string): Promise<string> {
	const answer = await prompter().input({
		title: step.title,
		back: step.back,
		value,
		check: check && ((v, signal) => check(v.trim(), signal)),
		prompt: vscode.l10n.t('API key for {0} (stored in the OS keyring, sent only to this host)', host),
		placeHolder: vscode.l10n.t('Key 1 or Key 2 from "Keys and Endpoint"'),
		password: true,
		validateInput: (v) => (v.trim().length === 0 ? vscode.l10n.t('Enter the key.') : /\s/.test(v.trim()) ? vscode.l10n.t('A key has no spaces.') : undefined),
	});
	return orCancel(answer).trim();
}

export async function askTenant(step: Step, value?: string): Promise<string | undefined> {
	const answer = await prompter().input({
		title: step.title,
		back: step.back,
		prompt: vscode.l10n.t('Tenant ID or domain (optional: leave empty for your home tenant)'),
		placeHolder: '00000000-0000-0000-0000-000000000000',
		value,
		validateInput: (v) => (v.trim() === '' || /^[a-z0-9][a-z0-9.-]*$/i.test(v.trim()) ? undefined : vscode.l10n.t('Enter a tenant ID (GUID) or a domain such as contoso.onmicrosoft.com.')),
	});
	return orCancel(answer).trim() || undefined;
}

export async function askTier(step: Step, current: PricingTier = 'S0'): Promise<PricingTier> {
	const items = [
		{ label: 'S0', description: vscode.l10n.t('Standard: up to 10 calls per second'), tier: 'S0' as const },
		{ label: 'F0', description: vscode.l10n.t('Free: 20 calls per minute (polls are paced for it)'), tier: 'F0' as const },
	];
	if (current === 'F0') {
		items.reverse();
	}
	const picked = await prompter().pick(items, { title: step.title, back: step.back, placeHolder: vscode.l10n.t('Pricing tier of the resource (paces requests)') });
	return orCancel(picked).tier;
}
