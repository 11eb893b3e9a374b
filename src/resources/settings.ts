/**
 * Client options from settings. The network settings are application-scoped (package.json), so a
 * workspace cannot route the key through a proxy of its choosing.
 */
import * as vscode from 'vscode';
import type { ProxyOptions } from '../face/types';

export const SETTINGS_SECTION = 'azureFace';
/** Settings whose change invalidates the cached clients. */
export const CLIENT_SETTINGS = ['proxy', 'strictSSL', 'requestTimeoutSeconds', 'authenticationProvider'].map((s) => `${SETTINGS_SECTION}.${s}`);

export interface ClientSettings {
	readonly proxy: ProxyOptions;
	readonly timeoutMs: number;
	readonly userAgent: string;
}

export function readClientSettings(extensionVersion: string): ClientSettings {
	const config = vscode.workspace.getConfiguration(SETTINGS_SECTION);
	const proxyUrl = config.get<string>('proxy')?.trim();
	const strictSSL = config.inspect<boolean>('strictSSL')?.globalValue ?? vscode.workspace.getConfiguration('http').get<boolean>('proxyStrictSSL') ?? true;
	const seconds = config.get<number>('requestTimeoutSeconds') ?? 30;
	return {
		proxy: { ...(proxyUrl ? { url: proxyUrl } : {}), strictSSL },
		timeoutMs: Math.max(1, Math.min(600, seconds)) * 1000,
		userAgent: `face-explorer/${extensionVersion} vscode/${vscode.version}`,
	};
}

export function affectsClients(e: vscode.ConfigurationChangeEvent): boolean {
	return CLIENT_SETTINGS.some((s) => e.affectsConfiguration(s)) || e.affectsConfiguration('http.proxyStrictSSL') || e.affectsConfiguration('microsoft-sovereign-cloud.environment');
}
