/**
 * What a poll and an end change in an operation's record (pure): the tracker saves and shows what these
 * return. An end carries the terminal status the last poll read and the service's duration of the run
 * (`createdDateTime` → `lastActionDateTime`), never the time the end was noticed.
 */
import { type PollAnswer, withProgress } from './batch';
import type { Clock } from './clock';
import type { OperationEnd, PollEvent } from './follower';
import { durationMs } from './starter';
import type { Operation } from './types';

/** The record after a poll (or a credentials wait): polls, last status, when the next poll is due in real time. */
export function afterPoll(op: Operation, event: PollEvent, clock: Pick<Clock, 'now' | 'scale'>): Operation {
	const nextPollAt = event.nextInMs === undefined ? undefined : new Date(Date.now() + event.nextInMs / clock.scale).toISOString();
	if (event.waiting !== undefined) {
		return { ...op, waiting: event.waiting, nextPollAt };
	}
	return {
		...withProgress(op, (event.status as PollAnswer | undefined)?.batch),
		waiting: undefined,
		nextPollAt,
		polls: event.polls,
		lastStatus: event.status ? event.status.rawStatus ?? event.status.state : op.lastStatus,
		lastPolledAt: new Date(clock.now()).toISOString(),
	};
}

/** The record of an ended operation. */
export function afterEnd(op: Operation, end: OperationEnd, clock: Pick<Clock, 'now'>): Operation {
	const endedAt = new Date(end.endedAt ?? clock.now()).toISOString();
	const trainedMs = end.status ? durationMs(end.status) : undefined;
	return { ...withProgress(op, (end.status as PollAnswer | undefined)?.batch), state: end.state, endedAt, message: end.message, polls: end.polls ?? op.polls, waiting: undefined, nextPollAt: undefined, endStatus: end.status, trainedMs };
}
