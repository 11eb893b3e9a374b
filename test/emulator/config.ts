/**
 * Emulator configuration: what tests and the CLI can set, with defaults per profile.
 * Read and changed at runtime through `GET|POST /_emulator/config`.
 */

export type Profile = 's0' | 'f0';

export interface FaultConfig {
	/** Probability (0–1) that a Face call answers 503 with an error body. */
	errorRate: number;
	/** Probability (0–1) that a Face call's connection is destroyed without an answer. */
	resetRate: number;
	/** Delay added before every Face answer, in ms. */
	latencyMs: number;
	/** Seed of the PRNG that rolls the dice, so a run is reproducible. Setting it (even to the same value) restarts the sequence. */
	seed: number;
	/** When set, faults apply only to calls whose "METHOD /route/template" contains this text. */
	match?: string;
	/**
	 * Probability (0–1) that a Face call starts a burst of injected 429s (the documented body, no `Retry-After`
	 * header and no "try again in" time: the client has to pace itself), as a busy gateway does: this call and
	 * every call within `throttleBurstMs` after it are answered 429. Injected 429s do not use the rate limit's budget.
	 */
	throttleRate: number;
	/** How long an injected 429 burst lasts, in emulated ms (divided by `timeScale`); 0: just the one call. */
	throttleBurstMs: number;
	/** Probability (0–1) that a Face call stalls: it is counted on arrival, then answered `stallMs` later. */
	stallRate: number;
	/** How long a stall lasts, in emulated ms (divided by `timeScale`, like training durations). */
	stallMs: number;
}

/** Object quotas (FACE-API.md §2). Overridable per test (`limits`), e.g. to reach a quota in few calls. */
export interface Limits {
	personGroups: number;
	personsPerPersonGroup: number;
	personsAcrossPersonGroups: number;
	largePersonGroups: number;
	personsPerLargePersonGroup: number;
	personsAcrossLargePersonGroups: number;
	faceLists: number;
	facesPerFaceList: number;
	largeFaceLists: number;
	facesPerLargeFaceList: number;
	facesPerPerson: number;
	/** Persons in the Person Directory (F0 1,000, S0 75,000,000). */
	directoryPersons: number;
}

export interface EmulatorConfig {
	/** The accepted `Ocp-Apim-Subscription-Key`. */
	key: string;
	profile: Profile;
	/** Accept any `Authorization: Bearer <token>`. */
	acceptBearer: boolean;
	/** Fixed part of every training's duration, in (emulated) ms. */
	trainingMs: number;
	/** Added per entry (persons for PG/LPG, faces for LFL), in (emulated) ms. */
	trainingMsPerEntry: number;
	/** How long a Person Directory write's operation runs (`running`), in emulated ms. */
	operationMs: number;
	/** How long it waits first (`notStarted`), in emulated ms; writes to one person or group also wait for each other. */
	operationQueueMs: number;
	/** Which writes' operations fail: '' none, '*' all, else text matched against the write (`addFace`, `createPerson`, `Group`, …). */
	operationFailure: string;
	/** The `message` of a failed operation. */
	operationFailureMessage: string;
	/** Emulated time runs this many times faster for training: 600 s of training with timeScale 100 take 6 s. */
	timeScale: number;
	/** Enforce the profile's rate limit (F0 20/min sliding window, S0 10/s). */
	rateLimit: boolean;
	/** Send `Retry-After` on 429 (the real service does not). */
	retryAfter: boolean;
	/**
	 * Run the rate limit on the emulated clock: its window (F0 a minute, S0 a second) is divided by `timeScale`,
	 * so a scaled run meets the tier's limit per emulated minute. The 429's "Try again in N seconds" stays in
	 * real seconds, like every time the emulator sends.
	 */
	scaleRateLimit: boolean;
	faults: FaultConfig;
	/** Value of the `x-ms-region` header. */
	region: string;
	limits: Limits;
	/**
	 * The resource is approved for Limited Access (identification and verification). When false, identify,
	 * verify, find-similar and a detect that returns face ids answer `403 UnsupportedFeature`, as the service does.
	 */
	limitedAccess: boolean;
}

export type ConfigPatch = Partial<Omit<EmulatorConfig, 'faults' | 'limits'>> & {
	faults?: Partial<FaultConfig>;
	limits?: Partial<Limits>;
};

export function defaultLimits(profile: Profile): Limits {
	const f0 = profile === 'f0';
	return {
		personGroups: f0 ? 1000 : 1_000_000,
		personsPerPersonGroup: f0 ? 1000 : 10_000,
		personsAcrossPersonGroups: f0 ? 1000 : 100_000_000,
		largePersonGroups: f0 ? 1000 : 1_000_000,
		personsPerLargePersonGroup: f0 ? 1000 : 1_000_000,
		personsAcrossLargePersonGroups: f0 ? 1000 : 1_000_000_000,
		faceLists: 64,
		facesPerFaceList: 1000,
		largeFaceLists: f0 ? 64 : 1_000_000,
		facesPerLargeFaceList: f0 ? 1000 : 1_000_000,
		facesPerPerson: 248,
		directoryPersons: f0 ? 1000 : 75_000_000,
	};
}

export const DEFAULT_KEY = 'emulator-key';

export function defaultConfig(profile: Profile = 's0'): EmulatorConfig {
	return {
		key: DEFAULT_KEY,
		profile,
		acceptBearer: true,
		trainingMs: 1000,
		trainingMsPerEntry: 0,
		operationMs: 500,
		operationQueueMs: 0,
		operationFailure: '',
		operationFailureMessage: 'The operation failed: the face could not be processed.',
		timeScale: 1,
		rateLimit: profile === 'f0',
		retryAfter: false,
		scaleRateLimit: false,
		faults: { errorRate: 0, resetRate: 0, latencyMs: 0, seed: 1, throttleRate: 0, throttleBurstMs: 0, stallRate: 0, stallMs: 0 },
		region: 'westus',
		limits: defaultLimits(profile),
		limitedAccess: true,
	};
}

/**
 * Applies a patch, validating types. Changing `profile` also resets `limits` to the new profile's quotas and,
 * unless the same patch sets `rateLimit`, turns the rate limit on for F0 and off for S0.
 * Returns an error message for an invalid patch (nothing applied), else undefined.
 */
export function applyConfig(config: EmulatorConfig, patch: ConfigPatch): string | undefined {
	const problem = checkPatch(patch);
	if (problem) {
		return problem;
	}
	if (patch.profile !== undefined && patch.profile !== config.profile) {
		config.profile = patch.profile;
		config.limits = defaultLimits(patch.profile);
		if (patch.rateLimit === undefined) {
			config.rateLimit = patch.profile === 'f0';
		}
	}
	for (const k of ['key', 'acceptBearer', 'trainingMs', 'trainingMsPerEntry', 'operationMs', 'operationQueueMs', 'operationFailure', 'operationFailureMessage', 'timeScale', 'rateLimit', 'retryAfter', 'scaleRateLimit', 'region', 'limitedAccess'] as const) {
		if (patch[k] !== undefined) {
			(config as unknown as Record<string, unknown>)[k] = patch[k];
		}
	}
	if (patch.faults) {
		config.faults = { ...config.faults, ...patch.faults };
	}
	if (patch.limits) {
		config.limits = { ...config.limits, ...patch.limits };
	}
	return undefined;
}

function checkPatch(patch: ConfigPatch): string | undefined {
	if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) {
		return 'config must be a JSON object';
	}
	const types: Record<string, string> = {
		key: 'string', profile: 'string', acceptBearer: 'boolean', trainingMs: 'number', trainingMsPerEntry: 'number',
		operationMs: 'number', operationQueueMs: 'number', operationFailure: 'string', operationFailureMessage: 'string',
		timeScale: 'number', rateLimit: 'boolean', retryAfter: 'boolean', scaleRateLimit: 'boolean', region: 'string', faults: 'object', limits: 'object', limitedAccess: 'boolean',
	};
	for (const [k, v] of Object.entries(patch)) {
		if (!(k in types)) {
			return `unknown config field '${k}'`;
		}
		if (v !== undefined && typeof v !== types[k]) {
			return `config field '${k}' must be a ${types[k]}`;
		}
	}
	if (patch.profile !== undefined && patch.profile !== 's0' && patch.profile !== 'f0') {
		return "profile must be 's0' or 'f0'";
	}
	if (patch.key !== undefined && patch.key.length === 0) {
		return 'key must not be empty';
	}
	for (const k of ['trainingMs', 'trainingMsPerEntry', 'operationMs', 'operationQueueMs'] as const) {
		if (patch[k] !== undefined && !(patch[k] >= 0)) {
			return `${k} must be >= 0`;
		}
	}
	if (patch.timeScale !== undefined && !(patch.timeScale > 0)) {
		return 'timeScale must be > 0';
	}
	const f = patch.faults;
	if (f) {
		for (const k of ['errorRate', 'resetRate', 'throttleRate', 'stallRate'] as const) {
			if (f[k] !== undefined && !(typeof f[k] === 'number' && f[k] >= 0 && f[k] <= 1)) {
				return `faults.${k} must be a number between 0 and 1`;
			}
		}
		if (f.latencyMs !== undefined && !(typeof f.latencyMs === 'number' && f.latencyMs >= 0)) {
			return 'faults.latencyMs must be >= 0';
		}
		if (f.throttleBurstMs !== undefined && !(typeof f.throttleBurstMs === 'number' && f.throttleBurstMs >= 0)) {
			return 'faults.throttleBurstMs must be >= 0';
		}
		if (f.stallMs !== undefined && !(typeof f.stallMs === 'number' && f.stallMs >= 0)) {
			return 'faults.stallMs must be >= 0';
		}
		if (f.seed !== undefined && typeof f.seed !== 'number') {
			return 'faults.seed must be a number';
		}
	}
	if (patch.limits) {
		for (const [k, v] of Object.entries(patch.limits)) {
			if (!(k in defaultLimits('s0')) || typeof v !== 'number' || v < 0) {
				return `limits.${k} is not a known non-negative limit`;
			}
		}
	}
	return undefined;
}
