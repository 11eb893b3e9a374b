/**
 * What a failed load means for the person looking at the tree: a one-line message, details for the
 * tooltip, and whether setting a key or signing in would fix it. Typed checks only (no string matching
 * on messages).
 */
import * as vscode from 'vscode';
import { FaceApiError, FaceNetworkError } from '../face/errors';
import { CredentialsError } from '../resources/errors';
import type { AuthMode } from '../resources/types';
import { describeError } from '../shared/errors';

export interface ErrorInfo {
	readonly message: string;
	readonly detail?: string;
	readonly fix?: 'key' | 'signIn';
}

export function errorInfo(e: unknown, auth: AuthMode | undefined): ErrorInfo {
	if (FaceApiError.is(e)) {
		const detail = [
			e.request,
			vscode.l10n.t('HTTP {0}, code {1}', e.status, e.code),
			e.apimRequestId ? `apim-request-id: ${e.apimRequestId}` : undefined,
		].filter(Boolean).join('\n');
		const fix = e.status === 401 ? (auth === 'entra' ? 'signIn' : 'key') : undefined;
		return { message: firstLine(e.message), detail, fix };
	}
	if (FaceNetworkError.is(e)) {
		return { message: firstLine(e.message), detail: [e.hint, e.request].filter(Boolean).join('\n') };
	}
	if (CredentialsError.is(e)) {
		return { message: firstLine(e.message), fix: e.reason === 'noSession' ? 'signIn' : 'key' };
	}
	return { message: firstLine(describeError(e)) };
}

function firstLine(text: string): string {
	const line = text.split(/\r?\n/)[0].trim();
	return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}
