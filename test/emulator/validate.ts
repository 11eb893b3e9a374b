/** Request validation with the service's error codes (FACE-API.md §2, §5). */
import {
	CONTAINER_ID_PATTERN,
	DETECTION_MODELS,
	type KindInfo,
	MAX_NAME_LENGTH,
	MAX_USER_DATA_LENGTH,
	RECOGNITION_MODELS,
} from '../../src/face/kinds';
import { FaceError, badArgument, capitalize } from './errors';
import { GeneratedMap } from './generatedMap';

export function checkContainerId(kind: KindInfo, id: string): void {
	if (!CONTAINER_ID_PATTERN.test(id)) {
		throw badArgument(`${capitalize(kind.noun)} ID is invalid.`);
	}
}

export function notFound(kind: KindInfo, id: string): FaceError {
	return new FaceError(404, `${kind.errorPrefix}NotFound`, `${capitalize(kind.noun)} '${id}' is not found.`);
}

/** `name`: required string of 1–128 characters when `required`, else optional but not empty. */
export function checkName(value: unknown, required: boolean): string | undefined {
	if (value === undefined || value === null) {
		if (required) {
			throw badArgument("'name' is empty.");
		}
		return undefined;
	}
	if (typeof value !== 'string') {
		throw badArgument('Request body is invalid.');
	}
	if (value.length === 0) {
		throw badArgument("'name' is empty.");
	}
	if (value.length > MAX_NAME_LENGTH) {
		throw badArgument("'name' is too long.");
	}
	return value;
}

export function checkUserData(value: unknown, max = MAX_USER_DATA_LENGTH): string | undefined {
	if (value === undefined || value === null) {
		return undefined;
	}
	if (typeof value !== 'string') {
		throw badArgument('Request body is invalid.');
	}
	if (value.length > max) {
		throw badArgument("'userData' is too long.");
	}
	return value;
}

export function checkRecognitionModel(value: unknown): string {
	if (value === undefined || value === null) {
		return 'recognition_01';
	}
	if (typeof value !== 'string' || !(RECOGNITION_MODELS as readonly string[]).includes(value)) {
		throw badArgument('Invalid recognition model.');
	}
	return value;
}

export function checkDetectionModel(value: string | null): string {
	if (value === null) {
		return 'detection_01';
	}
	if (!(DETECTION_MODELS as readonly string[]).includes(value)) {
		throw badArgument('Invalid detection model.');
	}
	return value;
}

/** Query booleans: `true`/`false`, any case; absent → `fallback`. */
export function queryBool(query: URLSearchParams, name: string, fallback = false): boolean {
	const v = query.get(name);
	if (v === null || v === '') {
		return fallback;
	}
	if (/^true$/i.test(v)) {
		return true;
	}
	if (/^false$/i.test(v)) {
		return false;
	}
	throw badArgument(`'${name}' is invalid.`);
}

export interface Paging {
	start?: string;
	top: number;
}

export function parsePaging(query: URLSearchParams): Paging {
	const start = query.get('start') ?? undefined;
	if (start !== undefined && start.length > 64) {
		throw badArgument("'start' is too long.");
	}
	const topText = query.get('top');
	let top = 1000;
	if (topText !== null) {
		top = /^\d{1,7}$/.test(topText) ? Number(topText) : NaN;
		if (!(top >= 1 && top <= 1000)) {
			throw badArgument("'top' is invalid.");
		}
	}
	return { start: start === '' ? undefined : start, top };
}

/** `page` over a Map's values; a generated one (the large seed) pages without sorting its million entries. */
export function pageOf<T>(items: Map<string, T>, idOf: (t: T) => string, paging: Paging): T[] {
	return items instanceof GeneratedMap ? items.page(paging.start, paging.top) : page(items.values(), idOf, paging);
}

/** Ascending string order of ids, ids > `start` (exclusive), at most `top`. */
export function page<T>(items: Iterable<T>, idOf: (t: T) => string, paging: Paging): T[] {
	const sorted = [...items].sort((a, b) => (idOf(a) < idOf(b) ? -1 : idOf(a) > idOf(b) ? 1 : 0));
	const from = paging.start === undefined ? sorted : sorted.filter((t) => idOf(t) > paging.start!);
	return from.slice(0, paging.top);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
	return typeof value === 'string' && UUID.test(value);
}
