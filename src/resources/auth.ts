/**
 * Entra ID sessions through `vscode.authentication`. The provider id comes from
 * `azureFace.authenticationProvider` (sovereign clouds, and the tests' own provider); sessions are
 * read silently, and only an explicit Sign In prompts.
 */
import * as vscode from 'vscode';
import type { FaceResource } from './types';

export const ENTRA_SCOPE = 'https://cognitiveservices.azure.com/.default';

/** `azureFace.authenticationProvider` when set; else `microsoft-sovereign-cloud` when that extension is configured; else `microsoft`. */
export function authProviderId(): string {
	const config = vscode.workspace.getConfiguration('azureFace');
	const inspected = config.inspect<string>('authenticationProvider');
	// Application-scoped: only the user's own settings count, never a workspace's.
	const explicit = inspected?.globalValue;
	if (typeof explicit === 'string' && explicit.trim()) {
		return explicit.trim();
	}
	const sovereign = vscode.workspace.getConfiguration('microsoft-sovereign-cloud').get<string>('environment');
	if (typeof sovereign === 'string' && sovereign.trim()) {
		return 'microsoft-sovereign-cloud';
	}
	return inspected?.defaultValue?.trim() || 'microsoft';
}

export function scopesFor(resource: Pick<FaceResource, 'tenantId'>): string[] {
	return resource.tenantId ? [ENTRA_SCOPE, `VSCODE_TENANT:${resource.tenantId}`] : [ENTRA_SCOPE];
}

/** The session for a resource without prompting, or undefined. */
export async function silentSession(resource: Pick<FaceResource, 'tenantId'>): Promise<vscode.AuthenticationSession | undefined> {
	return vscode.authentication.getSession(authProviderId(), scopesFor(resource), { silent: true });
}

/** Prompts the user to sign in (only from an explicit Sign In action). */
export async function promptSession(resource: Pick<FaceResource, 'tenantId'>): Promise<vscode.AuthenticationSession> {
	try {
		return await vscode.authentication.getSession(authProviderId(), scopesFor(resource), { createIfNone: true });
	} catch (e) {
		// Declining VS Code's "wants to sign in" dialog is a cancellation, not an error.
		if (e instanceof Error && /did not consent/i.test(e.message)) {
			throw new vscode.CancellationError();
		}
		throw e;
	}
}
