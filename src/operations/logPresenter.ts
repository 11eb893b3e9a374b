/**
 * The log presenter: every line the tracker writes about an operation, worded here (beside the status
 * bar and the notifications, which present the same operations elsewhere). `Training 'staff' started
 * (expected ~41s, like the previous training). Polling /face/v1.2/…/training.`
 */
import type * as vscode from 'vscode';
import { isAbortError } from '../face/errors';
import { errorMessage } from '../shared/errors';
import { formatDuration } from '../shared/time';
import { type PollEvent, STOPPED_MESSAGE } from './follower';
import { elapsedMs, pollPath } from './format';
import { typeOf } from './operationTypes';
import { KINDS } from '../face/kinds';
import { tallyText } from './enrollRecord';
import type { EnrollIssue, Operation } from './types';
import { containerKindOf } from './types';

export class OperationLog {
	constructor(private readonly log: vscode.LogOutputChannel) {}

	alreadyWatched(op: Operation, where: 'here' | 'elsewhere'): void {
		this.log.info(where === 'here'
			? `${name(op)} is already being watched.`
			: `${name(op)} is already being watched in another window.`);
	}

	started(op: Operation, joined: boolean, basis = `like the previous ${noun(op)}`): void {
		const early = op.earliestMs === undefined ? '' : `, checked from ~${formatDuration(op.earliestMs)}`;
		const expected = op.predictedMs === undefined ? '' : ` (expected ~${formatDuration(op.predictedMs)}, ${basis}${early})`;
		this.log.info(joined
			? `${name(op)} was already running: following it${expected}. Polling ${pollPath(op.pollUrl)}.`
			: `${name(op)} started${expected}. Polling ${pollPath(op.pollUrl)}.`);
	}

	enrollmentStarted(op: Operation): void {
		const e = op.enrollment;
		this.log.info(`${name(op)} started: ${e?.total ?? 0} files of '${e?.folderName}' into ${KINDS[containerKindOf(op)].noun} '${op.containerId}'${e?.qualityGate ? ' (quality gate on: detection_03 + qualityForRecognition)' : ''}.`);
	}

	/** A file an enrollment skipped (info) or could not add (warning, with the service's message). */
	enrollIssue(op: Operation, issue: EnrollIssue): void {
		if (issue.outcome === 'failed') {
			this.log.warn(`${name(op)}: ${issue.file} failed: ${issue.reason}`);
		} else {
			this.log.info(`${name(op)}: ${issue.file} skipped: ${issue.reason}`);
		}
	}

	enrollSettled(op: Operation, file: string): void {
		this.log.info(`${name(op)}: ${file}: the answer was lost; reading the faces showed it was added (not sent again).`);
	}

	resuming(op: Operation, now: number): void {
		this.log.info(`Resuming ${noun(op)} '${op.label}' (running for ${formatDuration(elapsedMs(op, now))}).`);
	}

	followedElsewhere(op: Operation): void {
		this.log.info(`${name(op)} is followed by another window.`);
	}

	endedElsewhere(op: Operation): void {
		this.log.info(`${name(op)} was ${op.state} in another window.`);
	}

	takingOver(op: Operation, now: number): void {
		this.log.info(`Taking over ${noun(op)} '${op.label}': no other window follows it (running for ${formatDuration(elapsedMs(op, now))}).`);
	}

	/** A new reason to wait for credentials (the operation keeps running; the service goes on). */
	waiting(op: Operation, why: string): void {
		this.log.warn(`${name(op)} waits for its credentials: ${why} It goes on in the service; polling resumes when the key or sign-in is available (tried again with back-off, and at once when it changes).`);
	}

	credentialsBack(op: Operation): void {
		this.log.info(`${name(op)}: credentials available again, polling resumed.`);
	}

	/** Each poll at trace level; a new status that is not the end (`notstarted` → `running`) at info. `op` is as it was before the poll. */
	poll(op: Operation, event: PollEvent): void {
		if (event.waiting !== undefined) {
			const next = event.nextInMs === undefined ? '' : `; next try in ${formatDuration(event.nextInMs)}`;
			this.log.trace(`${name(op)} waits for credentials at ${formatDuration(event.elapsedMs)}${next}`);
			return;
		}
		const what = event.status ? event.status.rawStatus ?? event.status.state : `error: ${pollError(event.error)}`;
		const next = event.nextInMs === undefined ? '' : `; next poll in ${formatDuration(event.nextInMs)}`;
		this.log.trace(`${name(op)} poll ${event.polls} at ${formatDuration(event.elapsedMs)}: ${what}${next}`);
		const status = event.status;
		if (status && (status.rawStatus ?? status.state) !== op.lastStatus && status.state !== 'succeeded' && status.state !== 'failed') {
			this.log.info(`${name(op)} is ${status.rawStatus ?? status.state} (${formatDuration(event.elapsedMs)}).`);
		}
	}

	finished(op: Operation): void {
		const took = formatDuration(elapsedMs(op));
		if (op.enrollment) {
			const e = op.enrollment;
			const line = `${name(op)} of '${e.folderName}' ${op.state === 'running' ? 'ran' : op.state} after ${took}: ${tallyText(e)} (${e.personsCreated} persons created, ${e.settled} lost answers settled by reading).${op.message && op.state !== 'succeeded' ? ` ${op.message}` : ''}`;
			return op.state === 'failed' ? this.log.error(line) : this.log.info(line);
		}
		switch (op.state) {
			case 'succeeded':
				this.log.info(`${name(op)} succeeded in ${took} (${op.polls} polls).`);
				break;
			case 'failed':
				this.log.error(`${name(op)} failed after ${took}: ${op.message ?? 'no message from the service'}`);
				break;
			default:
				this.log.info(`${name(op)}: ${op.message ?? STOPPED_MESSAGE}`);
		}
	}

	broke(op: Operation, e: unknown): void {
		this.log.error(`Following ${noun(op)} '${op.label}' broke: ${errorMessage(e)}`);
	}

	saveFailed(e: unknown): void {
		this.log.warn(`Could not save operations: ${errorMessage(e)}`);
	}
}

/** `Training 'staff'`. */
function name(op: Operation): string {
	return `${typeOf(op).noun} '${op.label}'`;
}

/** `training`. */
function noun(op: Operation): string {
	return typeOf(op).noun.toLowerCase();
}

/** A failed poll in a trace line: `aborted`, `429 Rate limit is exceeded…`. */
function pollError(e: unknown): string {
	if (isAbortError(e)) {
		return 'aborted';
	}
	const status = (e as { status?: unknown } | undefined)?.status;
	return e instanceof Error && typeof status === 'number' ? `${status} ${e.message}` : errorMessage(e);
}
