/**
 * `FACE_EXPLORER_DEFAULT_RESOURCE`: a resource configured from the environment, used by `npm start`
 * and the test hosts to point a fresh VS Code at the emulator. JSON
 * `{ "endpoint": "http://127.0.0.1:N", "label"?: "Emulator", "key"?: "…", "apiVersion"?: "v1.2", "tier"?: "F0"|"S0" }`.
 * On activation, when no resource has that endpoint, it is added (no request is made); the key goes to
 * SecretStorage only, and is stored too when the resource exists but its origin has no key yet.
 *
 * Honoured only where it cannot surprise anyone: outside `ExtensionMode.Production` (an extension under
 * development or test) and for a loopback endpoint; every field is checked. An installed extension ignores
 * it and says so in the log (never with the key).
 */
import { API_VERSIONS, type ApiVersion, type PricingTier } from '../face/kinds';
import { isLoopbackEndpoint, parseEndpoint } from './endpoint';
import type { ResourceStore } from './store';

export const DEFAULT_RESOURCE_ENV = 'FACE_EXPLORER_DEFAULT_RESOURCE';

interface DefaultResourceSpec {
	readonly endpoint: string;
	readonly label?: string;
	readonly key?: string;
	readonly apiVersion?: ApiVersion;
	readonly tier?: PricingTier;
}

const FIELDS = new Set(['endpoint', 'label', 'key', 'apiVersion', 'tier']);
const MAX_LABEL = 100;
const MAX_KEY = 512;

function invalid(problem: string): Error {
	return new Error(`${DEFAULT_RESOURCE_ENV} ignored: ${problem}`);
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
		throw invalid('it is not JSON.');
	}
	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		throw invalid('it must be a JSON object.');
	}
	const v = value as Partial<Record<keyof DefaultResourceSpec, unknown>>;
	const unknown = Object.keys(v).filter((k) => !FIELDS.has(k));
	if (unknown.length) {
		throw invalid(`unknown field ${unknown.map((k) => `"${k.slice(0, 40)}"`).join(', ')} (known: ${[...FIELDS].join(', ')}).`);
	}
	if (typeof v.endpoint !== 'string' || !v.endpoint.trim()) {
		throw invalid('it needs an "endpoint" string.');
	}
	if (v.label !== undefined && (typeof v.label !== 'string' || !v.label.trim() || v.label.length > MAX_LABEL || [...v.label].some((c) => c < ' ' || c === '\u007f'))) {
		throw invalid(`"label" must be 1–${MAX_LABEL} printable characters.`);
	}
	// Never echo the key, not even in part.
	if (v.key !== undefined && (typeof v.key !== 'string' || !/^[\x21-\x7e]+$/.test(v.key) || v.key.length > MAX_KEY)) {
		throw invalid(`"key" must be 1–${MAX_KEY} printable ASCII characters without spaces.`);
	}
	if (v.apiVersion !== undefined && !API_VERSIONS.includes(v.apiVersion as ApiVersion)) {
		throw invalid(`unknown "apiVersion" (use one of ${API_VERSIONS.join(', ')}).`);
	}
	if (v.tier !== undefined && v.tier !== 'F0' && v.tier !== 'S0') {
		throw invalid('"tier" must be "F0" or "S0".');
	}
	return {
		endpoint: v.endpoint,
		label: v.label as string | undefined,
		key: v.key as string | undefined,
		apiVersion: v.apiVersion as ApiVersion | undefined,
		tier: v.tier as PricingTier | undefined,
	};
}

/** Adds the environment's default resource when missing. Returns what it did, for the log. */
export async function ensureDefaultResource(store: ResourceStore, production: boolean, env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
	if (!env[DEFAULT_RESOURCE_ENV]?.trim()) {
		return undefined;
	}
	if (production) {
		throw invalid('an installed extension does not take a resource (or a key) from its environment; add it with Add Face Resource.');
	}
	const spec = readDefaultResource(env);
	if (!spec) {
		return undefined;
	}
	const endpoint = parseEndpoint(spec.endpoint).endpoint;
	if (!isLoopbackEndpoint(endpoint)) {
		throw invalid(`only an endpoint on this machine (loopback) is taken from the environment, not ${new URL(endpoint).host}.`);
	}
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
