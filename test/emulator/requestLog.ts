/**
 * Every Face request the emulator received, in order of arrival, for `GET /_emulator/requests`: when it
 * arrived (real epoch ms, and the emulated ms since the log was cleared), what it was and how it was
 * answered. Benchmarks count calls per (emulated) minute and tell what each call was from it.
 */

export interface LoggedRequest {
	/** 1, 2, … in order of arrival (since the last clear). */
	readonly seq: number;
	/** Arrival, real epoch ms. */
	readonly at: number;
	/** Arrival on the emulated clock: ms since the log was cleared × `timeScale` at arrival. */
	readonly emulatedMs: number;
	readonly method: string;
	/** Route template (`/persongroups/{personGroupId}/train`), or `(unmatched)`. */
	readonly route: string;
	/** Path as sent, without the query. */
	readonly path: string;
	/** The `client-request-id` header, when the client sent one (joins the log with the client's own). */
	readonly clientRequestId?: string;
	/** The answer's HTTP status; -1 for a reset connection; undefined while it is not answered yet. */
	status?: number;
	/** Injected fault: `error` (503), `reset`, `lostAnswer` (done, then reset), `throttle` (429 burst), `stall`; `rateLimit` for a real 429. */
	fault?: 'error' | 'reset' | 'lostAnswer' | 'throttle' | 'stall' | 'rateLimit';
	/** Real ms from arrival to answer. */
	answeredAfterMs?: number;
}

/** At most this many entries are kept (the oldest go first). */
export const MAX_LOGGED_REQUESTS = 100_000;

export class RequestLog {
	private entries: LoggedRequest[] = [];
	private seq = 0;
	private origin = Date.now();
	/** Emulated ms at the last change of `timeScale`, and when it happened (real). */
	private emulatedBase = 0;
	private scale = 1;

	clear(timeScale: number): void {
		this.entries = [];
		this.seq = 0;
		this.origin = Date.now();
		this.emulatedBase = 0;
		this.scale = timeScale;
	}

	/** The emulated clock keeps running when the scale changes: its rate changes from now on. */
	setScale(timeScale: number, now = Date.now()): void {
		this.emulatedBase = this.emulatedAt(now);
		this.origin = now;
		this.scale = timeScale;
	}

	private emulatedAt(now: number): number {
		return this.emulatedBase + (now - this.origin) * this.scale;
	}

	arrived(method: string, route: string, path: string, clientRequestId: string | undefined, now = Date.now()): LoggedRequest {
		const entry: LoggedRequest = { seq: ++this.seq, at: now, emulatedMs: Math.round(this.emulatedAt(now)), method, route, path, clientRequestId };
		this.entries.push(entry);
		if (this.entries.length > MAX_LOGGED_REQUESTS) {
			this.entries.splice(0, this.entries.length - MAX_LOGGED_REQUESTS);
		}
		return entry;
	}

	/** Entries with `seq` > `since` (all by default). */
	since(since = 0): LoggedRequest[] {
		return this.entries.filter((e) => e.seq > since).map((e) => ({ ...e }));
	}
}
