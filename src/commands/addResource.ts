/**
 * Add Face Resource…: endpoint → display name → API version → authentication → (API key | tenant) →
 * pricing tier, with Back on steps 2–6 (every answer kept). The endpoint is checked when it is entered
 * (one request without credentials: does the Face API answer there?) and the key when it is entered (one
 * request with it): the box shows the service's answer and the person retypes, the other answers kept. An
 * endpoint that cannot be reached is kept when entered again, and a key that could not be checked is asked
 * about at the end ("Add Anyway"). With Entra ID, sign-in and one check follow the last step. Every check is
 * counted in the new resource's billed count and paced by the origin's rate budget, like any request.
 */
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import type { ApiVersion, PricingTier } from '../face/kinds';
import { promptSession } from '../resources/auth';
import { defaultLabel, originOf } from '../resources/endpoint';
import type { ResourceStore } from '../resources/store';
import type { AuthMode, FaceResource } from '../resources/types';
import { GoBack, prompter } from '../shared/prompter';
import { checkOrConfirm, confirmAnyway, verdictOf } from './resourceChecks';
import { askApiVersion, askAuthMode, askEndpoint, askKey, askLabel, askTenant, askTier } from './resourcePrompts';
import { StepCheck, type Verdict } from './stepCheck';

interface Answers {
	endpoint?: string;
	label?: string;
	apiVersion?: ApiVersion;
	auth?: AuthMode;
	key?: string;
	tenantId?: string;
	tier?: PricingTier;
}

export async function addResource(store: ResourceStore, log: vscode.LogOutputChannel): Promise<FaceResource | undefined> {
	const total = 6;
	const step = (n: number) => ({ title: vscode.l10n.t('Add Face Resource ({0}/{1})', n, total), back: n > 1 });
	// One id from the first check on: the checks' requests count for the resource they end up in.
	const id = randomUUID();
	const a: Answers = {};
	const draft = (endpoint: string): FaceResource => ({ ...store.prepare({ endpoint, apiVersion: a.apiVersion, auth: 'key', tier: tierAt(store, endpoint) }), id });
	const logged = (what: string, endpoint: string) => (v: Verdict): Verdict => {
		if (v.kind === 'ok') {
			log.info(`Checked ${what} ${endpoint}: OK`);
		} else {
			log.warn(`Check of ${what} ${endpoint}: ${v.message}`);
		}
		return v;
	};
	const endpointCheck = new StepCheck((endpoint, signal) => verdictOf(() => store.probe(draft(endpoint), signal)).then(logged('the endpoint', endpoint)), {
		unsure: 'again',
		again: (message) => vscode.l10n.t('{0} Press Enter again to keep this endpoint anyway.', message),
	});
	const keyCheck = new StepCheck((key, signal) => verdictOf(() => store.check(draft(a.endpoint ?? ''), key, signal)).then(logged('the API key for', a.endpoint ?? '')), { unsure: 'accept' });
	const keyContext = () => `${a.endpoint} ${a.apiVersion}`;

	const steps: (() => Promise<void>)[] = [
		async () => {
			const endpoint = await askEndpoint(step(1), a.endpoint, (v, signal) => endpointCheck.check(v, signal));
			if (a.endpoint !== undefined && a.label === defaultLabel(a.endpoint)) {
				a.label = undefined; // the default name follows the endpoint
			}
			a.endpoint = endpoint;
		},
		async () => void (a.label = await askLabel(step(2), a.endpoint ?? '', a.label)),
		async () => void (a.apiVersion = await askApiVersion(step(3), a.apiVersion)),
		async () => void (a.auth = await askAuthMode(step(4), a.auth)),
		async () => {
			if (a.auth === 'key') {
				a.key = await askKey(step(5), new URL(a.endpoint ?? '').host, (v, signal) => keyCheck.check(v, signal, keyContext()), a.key);
			} else {
				a.tenantId = await askTenant(step(5), a.tenantId);
			}
		},
		async () => void (a.tier = await askTier(step(6), a.tier)),
	];
	for (let i = 0; i < steps.length; ) {
		try {
			await steps[i]();
			i++;
		} catch (e) {
			if (!GoBack.is(e)) {
				throw e;
			}
			i = Math.max(0, i - 1);
		}
	}

	const key = a.auth === 'key' ? a.key : undefined;
	const resource: FaceResource = {
		...store.prepare({ endpoint: a.endpoint ?? '', label: a.label, apiVersion: a.apiVersion, auth: a.auth ?? 'key', tenantId: a.auth === 'entra' ? a.tenantId : undefined, tier: a.tier }),
		id,
	};
	const anyway = vscode.l10n.t('Add Anyway');
	if (resource.auth === 'entra') {
		await promptSession(resource);
		await checkOrConfirm(store, log, resource, undefined, anyway);
	} else {
		const verdict = key === undefined ? undefined : keyCheck.verdict(key, keyContext());
		if (verdict?.kind === 'unsure') {
			await confirmAnyway(verdict.message, anyway);
		} else if (verdict?.kind !== 'ok') {
			await checkOrConfirm(store, log, resource, key, anyway);
		}
	}
	await store.add(resource, key);
	void prompter().showInfo(vscode.l10n.t("Added Face resource '{0}'.", resource.label));
	return resource;
}

/**
 * The tier that paces the checks: that of a resource already on the origin (the budget is shared by
 * origin), else F0, the stricter one, until the person says.
 */
function tierAt(store: ResourceStore, endpoint: string): PricingTier {
	const origin = originOf(endpoint);
	return store.listResources().find((r) => originOf(r.endpoint) === origin)?.tier ?? 'F0';
}
