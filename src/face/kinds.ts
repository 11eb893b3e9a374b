/**
 * The one table of Face container kinds. The client's routes, the emulator's routes, the tree's nodes,
 * context values and menu `when` clauses all derive from these rows: adding a kind is one row.
 */

export type ContainerKind = 'personGroup' | 'largePersonGroup' | 'faceList' | 'largeFaceList';

export interface KindInfo {
	readonly kind: ContainerKind;
	/** Path segment under `/face/{version}/`. */
	readonly route: 'persongroups' | 'largepersongroups' | 'facelists' | 'largefacelists';
	/** Name of the id field in the container's JSON. */
	readonly idField: 'personGroupId' | 'largePersonGroupId' | 'faceListId' | 'largeFaceListId';
	/** Whether the container must be trained (`POST …/train`, `GET …/training`). */
	readonly trainable: boolean;
	/** Whether `GET /{route}` pages with `start`/`top` (FaceList does not). */
	readonly paged: boolean;
	/** What a container holds: persons (with faces) or faces directly. */
	readonly children: 'persons' | 'faces';
	/** Whether a container's faces are listed by a paged `GET …/persistedfaces` (LFL) or embedded in GET (FL). */
	readonly facesPaged: boolean;
	/** Prefix of the Face error codes: `${errorPrefix}NotFound`, `…Exists`, `…NotTrained`, `…TrainingNotFinished`. */
	readonly errorPrefix: 'PersonGroup' | 'LargePersonGroup' | 'FaceList' | 'LargeFaceList';
	/** Lower-case words used in messages: "Person group 'x' is not found." */
	readonly noun: string;
	/** Display names. */
	readonly label: string;
	readonly pluralLabel: string;
	/** Codicon id used in the tree. */
	readonly icon: string;
	/** Token used in tree context values and `when` clauses. */
	readonly contextToken: string;
	/** Service quotas for this kind (count of containers per resource) by tier. */
	readonly maxContainers: { readonly f0: number; readonly s0: number };
}

export const KINDS: Readonly<Record<ContainerKind, KindInfo>> = {
	personGroup: {
		kind: 'personGroup',
		route: 'persongroups',
		idField: 'personGroupId',
		trainable: true,
		paged: true,
		children: 'persons',
		facesPaged: false,
		errorPrefix: 'PersonGroup',
		noun: 'person group',
		label: 'Person Group',
		pluralLabel: 'Person Groups',
		icon: 'organization',
		contextToken: 'personGroup',
		maxContainers: { f0: 1000, s0: 1_000_000 },
	},
	largePersonGroup: {
		kind: 'largePersonGroup',
		route: 'largepersongroups',
		idField: 'largePersonGroupId',
		trainable: true,
		paged: true,
		children: 'persons',
		facesPaged: false,
		errorPrefix: 'LargePersonGroup',
		noun: 'large person group',
		label: 'Large Person Group',
		pluralLabel: 'Large Person Groups',
		icon: 'organization',
		contextToken: 'largePersonGroup',
		maxContainers: { f0: 1000, s0: 1_000_000 },
	},
	faceList: {
		kind: 'faceList',
		route: 'facelists',
		idField: 'faceListId',
		trainable: false,
		paged: false,
		children: 'faces',
		facesPaged: false,
		errorPrefix: 'FaceList',
		noun: 'face list',
		label: 'Face List',
		pluralLabel: 'Face Lists',
		icon: 'list-unordered',
		contextToken: 'faceList',
		maxContainers: { f0: 64, s0: 64 },
	},
	largeFaceList: {
		kind: 'largeFaceList',
		route: 'largefacelists',
		idField: 'largeFaceListId',
		trainable: true,
		paged: true,
		children: 'faces',
		facesPaged: true,
		errorPrefix: 'LargeFaceList',
		noun: 'large face list',
		label: 'Large Face List',
		pluralLabel: 'Large Face Lists',
		icon: 'list-tree',
		contextToken: 'largeFaceList',
		maxContainers: { f0: 64, s0: 1_000_000 },
	},
};

export const ALL_KINDS: readonly KindInfo[] = Object.values(KINDS);
export const TRAINABLE_KINDS: readonly KindInfo[] = ALL_KINDS.filter((k) => k.trainable);

export function kindByRoute(route: string): KindInfo | undefined {
	return ALL_KINDS.find((k) => k.route === route);
}

/** Container ids: caller-chosen, `^[a-z0-9-_]+$`, 1–64 characters. */
export const CONTAINER_ID_PATTERN = /^[a-z0-9-_]{1,64}$/;
export const MAX_NAME_LENGTH = 128;
export const MAX_USER_DATA_LENGTH = 16 * 1024;
export const MAX_FACE_USER_DATA_LENGTH = 1024;
export const MIN_IMAGE_BYTES = 1024;
export const MAX_IMAGE_BYTES = 6 * 1024 * 1024;

/** Returns a human message when `id` is not a valid container id, else undefined. */
export function validateContainerId(id: string): string | undefined {
	if (id.length === 0) {
		return 'An ID is required.';
	}
	if (id.length > 64) {
		return `An ID has at most 64 characters (this one has ${id.length}).`;
	}
	if (!CONTAINER_ID_PATTERN.test(id)) {
		return 'Use only lower-case letters, digits, "-" and "_".';
	}
	return undefined;
}

export function validateName(name: string): string | undefined {
	if (name.trim().length === 0) {
		return 'A name is required.';
	}
	if (name.length > MAX_NAME_LENGTH) {
		return `A name has at most ${MAX_NAME_LENGTH} characters (this one has ${name.length}).`;
	}
	return undefined;
}

export function validateUserData(userData: string, max = MAX_USER_DATA_LENGTH): string | undefined {
	return userData.length > max ? `User data has at most ${max} characters (this has ${userData.length}).` : undefined;
}

export const API_VERSIONS = ['v1.0', 'v1.1-preview.1', 'v1.2-preview.1', 'v1.2'] as const;
export type ApiVersion = (typeof API_VERSIONS)[number];
/** The newest GA version: the default for new resources. */
export const DEFAULT_API_VERSION: ApiVersion = 'v1.2';

export const RECOGNITION_MODELS = ['recognition_04', 'recognition_03', 'recognition_02', 'recognition_01'] as const;
export type RecognitionModel = (typeof RECOGNITION_MODELS)[number];
export const DETECTION_MODELS = ['detection_03', 'detection_02', 'detection_01'] as const;
export type DetectionModel = (typeof DETECTION_MODELS)[number];

/** Tiers: F0 allows 20 calls a minute, S0 10 calls a second. */
export type PricingTier = 'F0' | 'S0';
