/**
 * The polls of an operation as the log presenter wrote them (`[trace] Training 'staff' poll 3 at 7s:
 * running; next poll in 4s`), read back with the time each line was written (LogTap). A test that claims
 * "no more polls" after a stop, a removal, a dispose or an end must watch until the poll that would have
 * come next was due: the follower's own announcement says when that is (gaps grow to 30 s and more), so
 * the window follows the schedule instead of a fixed few seconds.
 */
import { PollSchedule, type ScheduleOptions } from '../../src/operations/schedule';

export interface LogEntry {
	readonly at: number;
	readonly line: string;
}

export interface LoggedPoll {
	/** When the line was written (`Date.now()`). */
	readonly at: number;
	readonly polls: number;
	/** Time since the train call, as logged (whole seconds). */
	readonly elapsedMs: number;
	/** `running`, `succeeded`, `error: 429 …` */
	readonly what: string;
	/** The delay to the next poll the follower announced (whole seconds in the log); none after the end. */
	readonly nextInMs?: number;
}

/** `12s`, `2m 5s`, `1h 2m` (shared/time.ts formatDuration, precise) → ms. */
export function parseDuration(text: string): number {
	const m = /^(?:(\d+)h)? ?(?:(\d+)m)? ?(?:(\d+)s)?$/.exec(text.trim());
	if (!m || text.trim() === '') {
		throw new Error(`Not a logged duration: '${text}'`);
	}
	return ((Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0)) * 60 + Number(m[3] ?? 0)) * 1000;
}

function escapeRegExp(s: string): string {
	return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The polls of the operation labelled `label` logged at or after `sinceMs`, oldest first. */
export function loggedPolls(entries: readonly LogEntry[], label: string, sinceMs = 0, noun = 'Training'): LoggedPoll[] {
	const pattern = new RegExp(`^\\[trace\\] ${escapeRegExp(noun)} '${escapeRegExp(label)}' poll (\\d+) at ([0-9hms ]+): (.*?)(?:; next poll in ([0-9hms ]+))?$`);
	const found: LoggedPoll[] = [];
	for (const { at, line } of entries) {
		const m = at >= sinceMs ? pattern.exec(line) : null;
		if (m) {
			found.push({ at, polls: Number(m[1]), elapsedMs: parseDuration(m[2]), what: m[3], nextInMs: m[4] === undefined ? undefined : parseDuration(m[4]) });
		}
	}
	return found;
}

/** The log rounds durations to the second. */
const ROUNDING_MS = 500;

/**
 * When (`Date.now()` time) the poll after the last logged one would have been due: the last poll's
 * announced delay; after a poll that saw the end (no announcement), the longest gap the schedule takes
 * for a running answer at that time without a prediction (its cold bound), and never less than the gap
 * announced before it. Never sooner than one cold gap from now (a poll aborted in flight is not logged).
 * Throws when no poll was logged.
 */
export function nextPollDueAt(entries: readonly LogEntry[], label: string, sinceMs = 0, schedule: Partial<ScheduleOptions> = {}): number {
	const polls = loggedPolls(entries, label, sinceMs);
	const last = polls.at(-1);
	if (!last) {
		throw new Error(`No poll of '${label}' in the log since ${new Date(sinceMs).toISOString()}.`);
	}
	const cold = (elapsedMs: number) => new PollSchedule(undefined, schedule).coldBound(elapsedMs);
	// A poll in flight at the stop is aborted and never logged: the one after it would come a gap after now.
	const now = Date.now();
	const inFlight = now + cold(last.elapsedMs + ROUNDING_MS + now - last.at);
	if (last.nextInMs !== undefined) {
		return Math.max(last.at + last.nextInMs + ROUNDING_MS, inFlight);
	}
	const before = polls.at(-2)?.nextInMs ?? 0;
	return Math.max(last.at + Math.max(before, cold(last.elapsedMs + ROUNDING_MS)) + ROUNDING_MS, inFlight);
}

/**
 * Waits until `dueAt` plus `slackMs` (the would-be poll's own trip on a slow machine), at least
 * `minMs` from now; returns how long it waited.
 */
export async function waitPast(dueAt: number, slackMs = 2000, minMs = 500): Promise<number> {
	const ms = Math.max(minMs, dueAt + slackMs - Date.now());
	await new Promise((r) => setTimeout(r, ms));
	return ms;
}
