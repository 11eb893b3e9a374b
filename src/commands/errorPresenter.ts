/**
 * The one place errors become messages: logged at error level, then shown once (one-line errors as
 * they are; longer ones shortened, with *Show Log*). A 401 or a missing key offers *Set API Key*, a
 * missing session *Sign In*. Cancellation is silent. Nothing here awaits the message box.
 */
import * as vscode from 'vscode';
import { FaceApiError, FaceNetworkError, FaceUsageError } from '../face/errors';
import { CredentialsError, EndpointCheckError, EndpointError, KeyringError } from '../resources/errors';
import type { ClientProvider } from '../resources/types';
import { describeError } from '../shared/errors';
import { prompter } from '../shared/prompter';

const MAX_SHORT = 200;

export function isCancellation(e: unknown): boolean {
	const name = (e as { name?: unknown } | undefined)?.name;
	return name === 'Canceled' || name === 'AbortError' || e instanceof vscode.CancellationError;
}

export interface PresentContext {
	readonly log: vscode.LogOutputChannel;
	readonly clients?: ClientProvider;
}

/** Logs and shows `e` for the command `commandId`; `args` are the command's arguments (to find the resource). */
export function presentError(ctx: PresentContext, commandId: string, e: unknown, args: readonly unknown[]): void {
	if (isCancellation(e)) {
		ctx.log.debug(`${commandId}: cancelled`);
		return;
	}
	const message = describeError(e, (status) => vscode.l10n.t('The service answered {0}.', status));
	ctx.log.error(`${commandId} failed: ${message}${requestIdOf(e)}`);
	if (e instanceof Error && !isExpected(e) && e.stack) {
		ctx.log.debug(e.stack);
	}

	const actions: { title: string; run: () => unknown }[] = [];
	const resourceId = (CredentialsError.is(e) ? e.resourceId : undefined) ?? resourceIdOf(args);
	const resource = resourceId ? ctx.clients?.getResource(resourceId) : undefined;
	const wantsKey = (CredentialsError.is(e) && e.reason === 'noKey') || (FaceApiError.is(e) && e.status === 401 && resource?.auth !== 'entra');
	const wantsSession = (CredentialsError.is(e) && e.reason === 'noSession') || (FaceApiError.is(e) && e.status === 401 && resource?.auth === 'entra');
	if (wantsKey && (resourceId || !CredentialsError.is(e))) {
		actions.push({ title: vscode.l10n.t('Set API Key'), run: () => vscode.commands.executeCommand('azureFace.setApiKey', resourceId) });
	} else if (wantsSession) {
		actions.push({ title: vscode.l10n.t('Sign In'), run: () => vscode.commands.executeCommand('azureFace.signIn', resourceId) });
	}

	let shown = message;
	if (message.length > MAX_SHORT || message.includes('\n')) {
		shown = shorten(message);
	}
	if (shown !== message || !isExpected(e)) {
		actions.push({ title: vscode.l10n.t('Show Log'), run: () => ctx.log.show() });
	}
	void prompter()
		.showError(shown, ...actions.map((a) => a.title))
		.then((choice) => actions.find((a) => a.title === choice)?.run(), () => undefined);
}

/** Errors whose message says everything (no need to point at the log). */
function isExpected(e: unknown): boolean {
	return FaceApiError.is(e) || FaceNetworkError.is(e) || FaceUsageError.is(e) || CredentialsError.is(e) || KeyringError.is(e) || EndpointError.is(e) || EndpointCheckError.is(e);
}

function shorten(message: string): string {
	const firstLine = message.split('\n')[0].trim();
	const sentence = /^(.{20,}?[.!?])\s/.exec(firstLine)?.[1] ?? firstLine;
	return sentence.length <= MAX_SHORT ? sentence : `${sentence.slice(0, MAX_SHORT - 1)}…`;
}

function requestIdOf(e: unknown): string {
	return FaceApiError.is(e) && e.apimRequestId ? ` [apim-request-id ${e.apimRequestId}]` : '';
}

/** The resource a command ran on: a resource id string, or a node with `resourceId` / `resource.id`. */
export function resourceIdOf(args: readonly unknown[]): string | undefined {
	const first = args[0];
	if (typeof first === 'string') {
		return first;
	}
	if (typeof first === 'object' && first !== null) {
		const node = first as { resourceId?: unknown; resource?: { id?: unknown } };
		if (typeof node.resourceId === 'string') {
			return node.resourceId;
		}
		if (typeof node.resource?.id === 'string') {
			return node.resource.id;
		}
	}
	return undefined;
}
