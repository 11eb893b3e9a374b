/**
 * `FACE_EXPLORER_DEFAULT_RESOURCE`: a resource configured from the environment, used by `npm start`
 * and the test hosts to point a fresh VS Code at the emulator. JSON
 * `{ "endpoint": "http://127.0.0.1:N", "label"?: "Emulator", "key"?: "…", "apiVersion"?: "v1.2", "tier"?: "F0"|"S0" }`.
 * On activation, when no resource has that endpoint, it is added (no request is made); the key goes to
 * SecretStorage only, and is stored too when the resource exists but its origin has no key yet.
 */
import { API_VERSIONS, type ApiVersion, type PricingTier } from '../face/kinds';
import { parseEndpoint } from './endpoint';
import type { ResourceStore } from './store';

export const DEFAULT_RESOURCE_ENV = 'FACE_EXPLORER_DEFAULT_RESOURCE';

interface DefaultResourceSpec {
	readonly endpoint: string;
	readonly label?: string;
	readonly key?: string;
	readonly apiVersion?: ApiVersion;
	readonly tier?: PricingTier;
}

export function readDefaultResource(env: NodeJS.ProcessEnv = process.env): DefaultResourceSpec | undefined {
	const raw = env[DEFAULT_RESOURCE_ENV];
	if (!raw?.trim()) {
		return undefined;
	}
	let value: unknown;
	try {
		value = JSON.parse(raw);
	} catch {
		throw new Error(`${DEFAULT_RESOURCE_ENV} is not JSON.`);
	}
	const v = value as Partial<Record<keyof DefaultResourceSpec, unknown>>;
	if (typeof v !== 'object' || v === null || typeof v.endpoint !== 'string') {
		throw new Error(`${DEFAULT_RESOURCE_ENV} needs an "endpoint" string.`);
	}
	if (v.apiVersion !== undefined && !API_VERSIONS.includes(v.apiVersion as ApiVersion)) {
		throw new Error(`${DEFAULT_RESOURCE_ENV}: unknown apiVersion (use one of ${API_VERSIONS.join(', ')}).`);
	}
	return {
		endpoint: v.endpoint,
		label: typeof v.label === 'string' ? v.label : undefined,
		key: typeof v.key === 'string' && v.key ? v.key : undefined,
		apiVersion: v.apiVersion as ApiVersion | undefined,
		tier: v.tier === 'F0' || v.tier === 'S0' ? v.tier : undefined,
	};
}

/** Adds the environment's default resource when missing. Returns what it did, for the log. */
export async function ensureDefaultResource(store: ResourceStore, env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
	const spec = readDefaultResource(env);
	if (!spec) {
		return undefined;
	}
	const endpoint = parseEndpoint(spec.endpoint).endpoint;
	const existing = store.listResources().find((r) => r.endpoint === endpoint);
	if (existing) {
		if (spec.key && existing.auth === 'key' && !(await store.hasKey(existing.id))) {
			await store.setKey(existing.id, spec.key);
			return `Stored the key of the default resource '${existing.label}' from ${DEFAULT_RESOURCE_ENV}`;
		}
		return undefined;
	}
	const resource = store.prepare({ endpoint, label: spec.label, apiVersion: spec.apiVersion, auth: 'key', tier: spec.tier });
	await store.add(resource, spec.key);
	return `Added the default resource '${resource.label}' (${endpoint}) from ${DEFAULT_RESOURCE_ENV}`;
}
