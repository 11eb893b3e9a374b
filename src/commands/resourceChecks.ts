/**
 * The checks of resource flows: the one request with the new settings before saving (`checkOrConfirm`,
 * Add / Edit / Set API Key), and what a check's failure means for a step of Add Face Resource (`verdictOf`).
 */
import * as vscode from 'vscode';
import { FaceNetworkError, isAbortError } from '../face/errors';
import { EndpointCheckError } from '../resources/errors';
import type { ResourceStore } from '../resources/store';
import type { FaceResource } from '../resources/types';
import { describeError } from '../shared/errors';
import { prompter } from '../shared/prompter';
import type { Verdict } from './stepCheck';
import { withCancellableProgress } from './wrapper';

/** No answer (other than one that is not the Face API), 429 or 5xx: the service could not tell. */
export function isTransient(e: EndpointCheckError): boolean {
	if (e.status !== undefined) {
		return e.status === 429 || e.status >= 500;
	}
	return !(FaceNetworkError.is(e.cause) && e.cause.reason === 'malformed');
}

/** A check's outcome for a step: `EndpointCheckError`s say refused or unsure; anything else is refused with its text. */
export async function verdictOf(check: () => Promise<void>): Promise<Verdict> {
	try {
		await check();
		return { kind: 'ok' };
	} catch (e) {
		if (isAbortError(e)) {
			return { kind: 'unsure', message: vscode.l10n.t('The check was cancelled.') };
		}
		if (EndpointCheckError.is(e)) {
			return isTransient(e) ? { kind: 'unsure', message: e.message } : { kind: 'refused', message: e.message };
		}
		return { kind: 'refused', message: describeError(e) };
	}
}

/** Asks whether to save although the service could not be reached (`message` says why). Cancels on anything but `anyway`. */
export async function confirmAnyway(message: string, anyway: string): Promise<void> {
	const choice = await prompter().confirm(message, vscode.l10n.t('Save the resource anyway? It is used as soon as the endpoint can be reached.'), anyway);
	if (choice !== anyway) {
		throw new vscode.CancellationError();
	}
}

/**
 * One request with the new settings. A definite refusal (4xx other than 429) throws: nothing is saved.
 * When the service could not be reached (or answered 429/5xx), asks whether to save anyway.
 */
export async function checkOrConfirm(store: ResourceStore, log: vscode.LogOutputChannel, resource: FaceResource, key: string | undefined, anyway: string): Promise<void> {
	const host = new URL(resource.endpoint).host;
	try {
		await withCancellableProgress(vscode.l10n.t('Checking {0}…', host), (signal) => store.check(resource, key, signal));
		log.info(`Checked ${resource.endpoint}: OK`);
	} catch (e) {
		const transient = EndpointCheckError.is(e) && (e.status === undefined || e.status === 429 || e.status >= 500);
		if (!transient) {
			throw e;
		}
		log.warn(`Check of ${resource.endpoint} failed: ${e.message}`);
		await confirmAnyway(e.message, anyway);
	}
}
