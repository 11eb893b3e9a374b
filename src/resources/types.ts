import type * as vscode from 'vscode';
import type { ApiVersion, PricingTier } from '../face/kinds';
import type { FaceApi } from '../face/types';

export type AuthMode = 'key' | 'entra';

/** A configured Face resource. Metadata only: kept in globalState; its key (if any) lives in SecretStorage. */
export interface FaceResource {
	/** Stable local id (uuid), used in tree ids and persisted operations. */
	readonly id: string;
	readonly label: string;
	/** `https://<name>.cognitiveservices.azure.com` (or loopback http for the emulator). No trailing slash. */
	readonly endpoint: string;
	readonly apiVersion: ApiVersion;
	readonly auth: AuthMode;
	readonly tenantId?: string;
	/** Pricing tier, sizing the rate budget (default S0). */
	readonly tier?: PricingTier;
}

/** What the tree, the commands and the operation tracker use to reach the service. */
export interface ClientProvider {
	readonly onDidChangeResources: vscode.Event<void>;
	listResources(): readonly FaceResource[];
	getResource(resourceId: string): FaceResource | undefined;
	/** A client for the resource (lazy-loads the Face bundle on first use). Throws a typed error when no key / no session. */
	getClient(resourceId: string): Promise<FaceApi>;
}

/** Billed transactions per resource in this session (the store counts them; the status bar and the resource tooltip show them). */
export interface BilledCounter {
	getBilledCount(resourceId: string): number;
	/** Fires with the resource id whose count changed. */
	readonly onDidChangeBilledCount: vscode.Event<string>;
}
