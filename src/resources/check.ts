/**
 * The one cheap call that checks a new or edited endpoint (`GET …/persongroups?top=1`), and the
 * messages that say what a failure means for the person who typed the URL and the key. `probeEndpoint`
 * makes the same call without credentials, before a key is typed: the Face API answers it with its own
 * 401 (not billed), which is all it needs to know the endpoint is there.
 */
import * as vscode from 'vscode';
import { FaceApiError, FaceNetworkError } from '../face/errors';
import type { FaceApi } from '../face/types';
import type { AuthMode } from './types';
import { EndpointCheckError } from './errors';

export async function checkEndpoint(client: FaceApi, auth: AuthMode, signal?: AbortSignal): Promise<void> {
	try {
		await client.listContainers('personGroup', { top: 1, signal });
	} catch (e) {
		throw describeCheckFailure(e, client.endpoint, auth);
	}
}

/**
 * Throws `EndpointCheckError` unless the Face API answers at this endpoint: a 2xx, or a 401/403 with a
 * Face error body (the service wants credentials). A 404, or an answer that is not the Face API (an HTML
 * page, a 401 from a login proxy), is a definite "not here"; no answer, 429 and 5xx mean "could not tell".
 */
export async function probeEndpoint(client: FaceApi, signal?: AbortSignal): Promise<void> {
	try {
		await client.listContainers('personGroup', { top: 1, signal });
	} catch (e) {
		if (FaceApiError.is(e) && (e.status === 401 || e.status === 403)) {
			if (e.fromService) {
				return;
			}
			throw new EndpointCheckError(vscode.l10n.t('{0} answered {1} with something that is not the Face API. Use the resource endpoint, e.g. https://NAME.cognitiveservices.azure.com.', safeHost(client.endpoint), e.status), e.status, false, e);
		}
		throw describeCheckFailure(e, client.endpoint, 'key');
	}
}

export function describeCheckFailure(e: unknown, endpoint: string, auth: AuthMode): unknown {
	const host = safeHost(endpoint);
	if (FaceApiError.is(e)) {
		const requestId = e.apimRequestId ? ` (apim-request-id ${e.apimRequestId})` : '';
		switch (e.status) {
			case 401:
				return new EndpointCheckError(
					auth === 'key'
						? vscode.l10n.t('{0} refused the API key (401). Copy Key 1 or Key 2 from the resource\'s "Keys and Endpoint" page in the Azure portal.', host)
						: vscode.l10n.t('{0} refused the Entra ID token (401). Check the tenant, and that the resource has a custom subdomain endpoint.', host),
					401, true, e);
			case 403:
				return new EndpointCheckError(
					auth === 'key'
						? vscode.l10n.t('{0} denied access (403): {1}. The resource may limit network access, or the key may belong to a disabled resource.', host, e.message)
						: vscode.l10n.t('{0} denied access (403): {1}. Your account needs a role such as "Cognitive Services User" on the resource.', host, e.message),
					403, true, e);
			case 404:
				return new EndpointCheckError(
					vscode.l10n.t('{0} has no Face API at this URL (404). Use the resource endpoint, e.g. https://NAME.cognitiveservices.azure.com, without /face/….', host),
					404, false, e);
			default:
				return new EndpointCheckError(vscode.l10n.t('{0} answered {1} {2}: {3}{4}', host, e.status, e.code, e.message, requestId), e.status, false, e);
		}
	}
	if (FaceNetworkError.is(e)) {
		const what = {
			dns: vscode.l10n.t('Could not find the host {0} (DNS). Check the endpoint URL.', host),
			refused: vscode.l10n.t('{0} refused the connection.', host),
			reset: vscode.l10n.t('The connection to {0} was reset.', host),
			timeout: vscode.l10n.t('{0} did not answer in time.', host),
			tls: vscode.l10n.t('The TLS (certificate) check for {0} failed.', host),
			proxy: vscode.l10n.t('The proxy failed to reach {0}.', host),
			aborted: vscode.l10n.t('The check of {0} was cancelled.', host),
			malformed: vscode.l10n.t('{0} answered with something that is not the Face API.', host),
			other: vscode.l10n.t('Could not reach {0}.', host),
		}[e.reason];
		return new EndpointCheckError(e.hint ? `${what} ${e.hint}` : what, undefined, false, e);
	}
	return e;
}

function safeHost(endpoint: string): string {
	try {
		return new URL(endpoint).host;
	} catch {
		return endpoint;
	}
}
