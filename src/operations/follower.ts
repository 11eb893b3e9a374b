/**
 * Follows one operation to its end: sleeps per the schedule, polls, classifies what came back.
 * No VS Code here: the tracker hands in a poll function (its type's poll, e.g. a Face client's
 * `pollTraining`) and a clock, so unit tests and the benchmark drive it against the emulator over HTTP.
 */
import { isAbortError } from '../face/errors';
import { pollAnswerProblem } from '../face/training';
import type { FaceApi, TrainingStatus } from '../face/types';
import type { ClientProvider } from '../resources/types';
import { errorMessage } from '../shared/errors';
import { type Clock, systemClock } from './clock';
import { typeOf } from './operationTypes';
import { classifyPollError } from './pollErrors';
import { type PollOutcome, PollSchedule, type ScheduleOptions } from './schedule';
import type { Operation } from './types';

export type FollowEnd = 'succeeded' | 'failed' | 'stopped';

/** What one poll said, for the log and the stored operation. */
export interface PollEvent {
	/** Clock ms since the train call. */
	readonly elapsedMs: number;
	/** Polls made so far, this one included. */
	readonly polls: number;
	readonly status?: TrainingStatus;
	readonly error?: unknown;
	/** Delay until the next poll, when there is one. */
	readonly nextInMs?: number;
	/**
	 * Set while the operation waits for its credentials (the key could not be read, no Entra session yet, the
	 * service refused the key): why, in words for people. The operation keeps running; the wait ends on the
	 * next try (`nextInMs`) or at once when `wake` fires.
	 */
	readonly waiting?: string;
}

export interface FollowOptions {
	/** One status poll (the operation's poll URL); `endExpected`: the schedule's poll right after the predicted end. */
	readonly poll: (signal: AbortSignal, endExpected: boolean) => Promise<TrainingStatus>;
	/** Clock time at which the train call was sent: elapsed time counts from here. */
	readonly startedAt: number;
	/** Predicted duration of this training in clock ms (prediction.ts)… */
	readonly predictedMs?: number;
	/** …and the earliest end to guard for, clock ms (default: half the prediction). */
	readonly earliestMs?: number;
	readonly schedule?: Partial<ScheduleOptions>;
	readonly clock?: Clock;
	readonly signal?: AbortSignal;
	readonly random?: () => number;
	/** Calls already spent on this training's budget, as elapsed ms (the status read and the POST). */
	readonly priorCalls?: readonly number[];
	/** Polls already made (a resumed operation keeps counting). */
	readonly priorPolls?: number;
	readonly onPoll?: (event: PollEvent) => void;
	/**
	 * Runs before each poll (e.g. gets the resource's client: reads its key or Entra session). A credentials
	 * failure here (`CredentialsError`, `KeyringError`) is no poll: the follow waits (back-off, or until
	 * `wake` fires) and tries again; the training goes on in the service meanwhile.
	 */
	readonly prepare?: (signal: AbortSignal) => Promise<void>;
	/** Subscribes to "credentials may have changed" (a key set, a session restored): a credentials wait ends at once. */
	readonly wake?: (listener: () => void) => { dispose(): void };
	/**
	 * After this many answers in a row that are an unknown status or not a status at all, stop following
	 * (default 5): the service would never say `succeeded` in a way the client understands.
	 */
	readonly maxUnrecognisedAnswers?: number;
}

/** Default for `FollowOptions.maxUnrecognisedAnswers`. */
export const MAX_UNRECOGNISED_ANSWERS = 5;

/** Waits for credentials: the first retry after this many clock ms, doubled per failure… */
export const CREDENTIALS_RETRY_MS = 2_000;
/** …up to this (5 minutes). A change of key, session or resource ends any wait at once. */
export const CREDENTIALS_RETRY_MAX_MS = 300_000;

/** The wait before credentials try `attempt` (1-based). */
export function credentialsRetryMs(attempt: number): number {
	return Math.min(CREDENTIALS_RETRY_MAX_MS, CREDENTIALS_RETRY_MS * 2 ** Math.max(0, Math.min(attempt - 1, 20)));
}

export interface FollowResult {
	readonly state: FollowEnd;
	/** The last status seen. */
	readonly status?: TrainingStatus;
	/** The service's failure message, or why watching stopped. */
	readonly message?: string;
	readonly polls: number;
	/** Clock time of the poll that saw the end (or of the stop). */
	readonly endedAt: number;
}

export function isTerminal(status: TrainingStatus): boolean {
	return status.state === 'succeeded' || status.state === 'failed';
}

/** Polls until the training succeeds or fails, the signal fires, or an error makes further polls pointless. */
export async function followTraining(options: FollowOptions): Promise<FollowResult> {
	const clock = options.clock ?? systemClock;
	const signal = options.signal ?? new AbortController().signal;
	const prediction = options.predictedMs === undefined ? undefined : { predictedMs: options.predictedMs, earliestMs: options.earliestMs };
	const schedule = new PollSchedule(prediction, options.schedule, options.random);
	for (const at of options.priorCalls ?? []) {
		schedule.recordCall(at);
	}
	const elapsed = () => clock.now() - options.startedAt;
	let polls = options.priorPolls ?? 0;
	let last: TrainingStatus | undefined;
	const stopped = (message?: string): FollowResult => ({ state: 'stopped', status: last, message, polls, endedAt: clock.now() });

	// Answers in a row that were an unknown status or not a status: bounded, else it polls for ever.
	const maxOdd = Math.max(1, options.maxUnrecognisedAnswers ?? MAX_UNRECOGNISED_ANSWERS);
	let odd = 0;
	const tooOdd = (answer: { status?: TrainingStatus; error?: unknown }): string | undefined => {
		const problem = pollAnswerProblem(answer);
		odd = problem ? odd + 1 : answer.status ? 0 : odd; // faults neither count nor reset
		return problem && odd >= maxOdd ? `Stopped watching: ${problem.description} ${odd} times in a row.` : undefined;
	};

	// Credentials waits in a row; while > 0 a `wake` ends the sleep early.
	let credentialWaits = 0;
	const waitForCredentials = (t: number, message: string, error?: unknown): void => {
		credentialWaits += 1;
		at = elapsed() + credentialsRetryMs(credentialWaits);
		options.onPoll?.({ elapsedMs: t, polls, error, waiting: message, nextInMs: at - elapsed() });
	};

	let at = schedule.nextPollAt(elapsed());
	for (;;) {
		try {
			await sleepUntil(clock, at - elapsed(), signal, credentialWaits > 0 ? options.wake : undefined);
		} catch (e) {
			if (isAbortError(e)) {
				return stopped();
			}
			throw e;
		}
		const t = elapsed();
		if (options.prepare) {
			try {
				await options.prepare(signal);
			} catch (e) {
				const c = classifyPollError(e);
				if (c.kind === 'aborted' || signal.aborted) {
					return stopped();
				}
				if (c.kind === 'credentials') {
					waitForCredentials(t, c.message, e);
					continue;
				}
				return stopped(errorMessage(e));
			}
		}
		schedule.recordCall(t);
		polls += 1;
		let outcome: PollOutcome;
		try {
			const status = await options.poll(signal, schedule.endExpected(at));
			last = status;
			credentialWaits = 0;
			if (isTerminal(status)) {
				options.onPoll?.({ elapsedMs: t, polls, status });
				return {
					state: status.state === 'succeeded' ? 'succeeded' : 'failed',
					status,
					message: status.message,
					polls,
					endedAt: clock.now(),
				};
			}
			const giveUp = tooOdd({ status });
			if (giveUp) {
				options.onPoll?.({ elapsedMs: t, polls, status });
				return stopped(giveUp);
			}
			outcome = { kind: 'running' };
			at = schedule.nextPollAt(elapsed(), outcome, t);
			options.onPoll?.({ elapsedMs: t, polls, status, nextInMs: at - elapsed() });
		} catch (e) {
			const giveUp = tooOdd({ error: e });
			if (giveUp) {
				options.onPoll?.({ elapsedMs: t, polls, error: e });
				return stopped(giveUp);
			}
			const c = classifyPollError(e);
			switch (c.kind) {
				case 'aborted':
					return stopped();
				case 'credentials':
					waitForCredentials(t, c.message, e);
					break;
				case 'failed':
					options.onPoll?.({ elapsedMs: t, polls, error: e });
					return { state: 'failed', status: last, message: c.message, polls, endedAt: clock.now() };
				case 'stopped':
					options.onPoll?.({ elapsedMs: t, polls, error: e });
					return stopped(c.message);
				default:
					credentialWaits = 0;
					outcome = c.kind === 'fault' ? { kind: 'fault', retryAfterMs: scaleMs(c.retryAfterMs, clock) } : { kind: 'running' };
					at = schedule.nextPollAt(elapsed(), outcome);
					options.onPoll?.({ elapsedMs: t, polls, error: e, nextInMs: at - elapsed() });
			}
		}
	}
}

/**
 * Sleeps `ms` clock ms; with `wake`, a wake-up ends the sleep early (not an abort). Rejects with an
 * `AbortError` when `signal` fires.
 */
async function sleepUntil(clock: Clock, ms: number, signal: AbortSignal, wake: FollowOptions['wake']): Promise<void> {
	if (!wake) {
		return clock.sleep(ms, signal);
	}
	const woken = new AbortController();
	const onAbort = () => woken.abort(signal.reason);
	signal.addEventListener('abort', onAbort, { once: true });
	const sub = wake(() => woken.abort());
	try {
		await clock.sleep(ms, woken.signal);
	} catch (e) {
		if (signal.aborted || !isAbortError(e)) {
			throw e;
		}
	} finally {
		sub.dispose();
		signal.removeEventListener('abort', onAbort);
	}
}

/** A real-time duration (from the service) in clock ms. */
function scaleMs(ms: number | undefined, clock: Clock): number | undefined {
	return ms === undefined ? undefined : ms * clock.scale;
}

/** How a followed operation ended, as the tracker records it. */
export interface OperationEnd {
	readonly state: FollowEnd;
	readonly message?: string;
	readonly polls?: number;
	/** Clock ms; undefined: now. */
	readonly endedAt?: number;
	/** The terminal status the last poll read (succeeded or failed), if one did. */
	readonly status?: TrainingStatus;
}

/** Why an operation stopped being followed: the resource was removed, or someone chose Stop Watching. */
export const REMOVED_MESSAGE = 'The resource was removed.';
export { STOPPED_MESSAGE } from './operationTypes';

/**
 * Follows one stored operation to its end with the poll of its type. Before each poll it gets the resource's
 * client (unless given): a key that cannot be read (keyring locked) or an Entra session not restored yet makes
 * it wait and try again (back-off, and at once when the resources, keys or sessions change), never drop the
 * operation. Resolves to the end to record, or undefined when `signal` stopped it (the caller recorded why).
 */
export async function followOperation(
	op: Operation,
	clients: Pick<ClientProvider, 'getResource' | 'getClient'> & Partial<Pick<ClientProvider, 'onDidChangeResources'>>,
	options: Pick<FollowOptions, 'schedule' | 'clock' | 'priorCalls' | 'onPoll'> & {
		readonly signal: AbortSignal;
		readonly client?: FaceApi;
		/** The operation as stored now (a batch grows while its command sends); default `op`. */
		readonly current?: () => Operation;
	},
): Promise<OperationEnd | undefined> {
	if (!clients.getResource(op.resourceId)) {
		return { state: 'stopped', message: REMOVED_MESSAGE };
	}
	let client = options.client;
	const type = typeOf(op);
	const change = clients.onDidChangeResources;
	const result = await followTraining({
		...options,
		prepare: async () => {
			if (!clients.getResource(op.resourceId)) {
				throw new Error(REMOVED_MESSAGE);
			}
			try {
				client = options.client ?? (await clients.getClient(op.resourceId));
			} catch (e) {
				const kind = classifyPollError(e).kind;
				throw kind === 'credentials' || kind === 'aborted' ? e : new Error(`Cannot reach the resource: ${errorMessage(e)}`);
			}
		},
		wake: change ? (listener) => change(listener) : undefined,
		poll: (signal, endExpected) => type.poll(client!, options.current?.() ?? op, signal, endExpected),
		startedAt: Date.parse(op.startedAt),
		predictedMs: op.predictedMs,
		earliestMs: op.earliestMs,
		priorPolls: op.polls,
	});
	if (options.signal.aborted) {
		return undefined;
	}
	const status = result.status && isTerminal(result.status) ? result.status : undefined;
	return { state: result.state, message: result.message, polls: result.polls, endedAt: result.state === 'stopped' ? undefined : result.endedAt, status };
}
