/** The Face error the emulator answers with: `{"error":{"code","message"}}` and the HTTP status. */
export class FaceError extends Error {
	override readonly name = 'EmulatorFaceError';
	constructor(
		readonly status: number,
		readonly code: string,
		message: string,
	) {
		super(message);
	}

	static is(e: unknown): e is FaceError {
		return (e as { name?: unknown } | undefined)?.name === 'EmulatorFaceError';
	}
}

export function badArgument(message: string): FaceError {
	return new FaceError(400, 'BadArgument', message);
}

/** `Person group` from `person group`. */
export function capitalize(noun: string): string {
	return noun.charAt(0).toUpperCase() + noun.slice(1);
}

let lastStampMs = 0;
let subMs = 0;

/**
 * ISO 8601 with 7 fractional digits, as the service writes them (`2024-09-03T15:56:37.7779550Z`).
 * Stamps of the same millisecond taken one after the other still increase, so `lastActionDateTime` visibly advances;
 * a stamp of an earlier moment (a training that ended before anyone looked) keeps its own time.
 */
export function timestamp(ms = Date.now()): string {
	let sub = 0;
	if (ms === lastStampMs) {
		sub = ++subMs;
	} else if (ms > lastStampMs) {
		lastStampMs = ms;
		subMs = 0;
	}
	return `${new Date(ms).toISOString().slice(0, -1)}${String(sub % 10000).padStart(4, '0')}Z`;
}
