/**
 * Training status, normalised across API versions: v1.0 says `nonstarted`/`notstarted` in lower case,
 * v1.1+ says `notStarted`; "required" fields are often missing in practice (`lastSuccessfulTrainingDateTime`
 * before the first success); a never-trained container answers 404 `…NotTrained`. `/operations/{id}` bodies
 * (`createdTime`, `lastActionTime`, `finishedTime`) map onto the same states.
 */
import { FaceApiError, FaceNetworkError } from './errors';
import { cleanMessage } from './sanitize';
import type { OperationStatus, TrainingState, TrainingStatus } from './types';

/**
 * Lower-cases and unifies a raw status; unknown values count as `running` (the poller keeps asking, and
 * the parsed status says `unrecognised`: see `isKnownTrainingStatus`, `pollAnswerProblem`).
 */
export function normalizeTrainingState(raw: string): TrainingState {
	return knownState(raw) ?? 'running';
}

/** Whether the client knows this raw status (any spelling of notstarted, running, succeeded, failed, …). */
export function isKnownTrainingStatus(raw: string): boolean {
	return knownState(raw) !== undefined;
}

function knownState(raw: string): TrainingState | undefined {
	const s = raw.trim().toLowerCase().replace(/[\s_-]/g, '');
	switch (s) {
		case 'notstarted':
		case 'nonstarted':
		case 'queued':
			return 'notstarted';
		case 'running':
		case 'inprogress':
			return 'running';
		case 'succeeded':
		case 'success':
		case 'completed':
			return 'succeeded';
		case 'failed':
		case 'failure':
		case 'canceled':
		case 'cancelled':
			return 'failed';
		case 'nottrained':
			return 'nottrained';
		default:
			return undefined;
	}
}

export function isTerminal(state: TrainingState): boolean {
	return state === 'succeeded' || state === 'failed' || state === 'nottrained';
}

/** The body as a record and its raw `status`, or undefined when it has none. */
function statusBody(input: unknown): { body: Record<string, unknown>; raw: string } | undefined {
	if (!isRecord(input)) {
		return undefined;
	}
	const raw = findStatus(input);
	return raw === undefined ? undefined : { body: input, raw };
}

/** Returns undefined when the body has no usable `status` (the caller reports a malformed answer). */
export function parseTrainingStatus(input: unknown): TrainingStatus | undefined {
	const found = statusBody(input);
	if (!found) {
		return undefined;
	}
	const { body, raw } = found;
	return {
		state: normalizeTrainingState(raw),
		rawStatus: raw,
		createdDateTime: str(body.createdDateTime) ?? str(body.createdTime),
		lastActionDateTime: str(body.lastActionDateTime) ?? str(body.lastActionTime) ?? str(body.finishedTime),
		lastSuccessfulTrainingDateTime: str(body.lastSuccessfulTrainingDateTime),
		message: str(body.message),
		...unrecognised(raw),
	};
}

export function parseOperationStatus(input: unknown): OperationStatus | undefined {
	const found = statusBody(input);
	if (!found) {
		return undefined;
	}
	const { body, raw } = found;
	return {
		operationId: str(body.operationId),
		state: normalizeTrainingState(raw),
		rawStatus: raw,
		createdTime: str(body.createdTime) ?? str(body.createdDateTime),
		lastActionTime: str(body.lastActionTime) ?? str(body.lastActionDateTime),
		finishedTime: str(body.finishedTime),
		resourceLocation: str(body.resourceLocation),
		message: str(body.message),
		...unrecognised(raw),
	};
}

function unrecognised(raw: string): { unrecognised?: true } {
	return isKnownTrainingStatus(raw) ? {} : { unrecognised: true };
}

/** An operation body seen through the training lens (for `pollTraining` on an `/operations/{id}` URL). */
export function operationToTraining(op: OperationStatus): TrainingStatus {
	return {
		state: op.state,
		rawStatus: op.rawStatus,
		createdDateTime: op.createdTime,
		lastActionDateTime: op.finishedTime ?? op.lastActionTime,
		lastSuccessfulTrainingDateTime: op.state === 'succeeded' ? (op.finishedTime ?? op.lastActionTime) : undefined,
		message: op.message,
		...(op.unrecognised ? { unrecognised: true as const } : {}),
	};
}

/**
 * What was odd about one poll's answer, for a follower to count: a status the client does not know
 * (`"Paused"`), or a 2xx body that is not a status at all (HTML, empty, JSON without `status`: the
 * client rejects those with a FaceNetworkError of reason `malformed`). Undefined for a usable answer
 * and for ordinary faults (429, 503, resets), which have their own back-off.
 */
export type PollAnswerProblem =
	| { readonly kind: 'unknownStatus'; readonly status: string; readonly description: string }
	| { readonly kind: 'malformed'; readonly description: string };

export function pollAnswerProblem(answer: { readonly status?: TrainingStatus; readonly error?: unknown }): PollAnswerProblem | undefined {
	if (answer.status?.unrecognised) {
		const status = cleanMessage(answer.status.rawStatus ?? '').slice(0, 64);
		return { kind: 'unknownStatus', status, description: `the service answered an unknown status '${status}'` };
	}
	if (answer.error !== undefined && FaceNetworkError.is(answer.error) && answer.error.reason === 'malformed') {
		return { kind: 'malformed', description: `the service answered with something that is not a training status (${answer.error.message})` };
	}
	return undefined;
}

export const NOT_TRAINED: TrainingStatus = Object.freeze({ state: 'nottrained' as const });

/** A 404 `…NotTrained` means "never trained": a state, not an error. */
export function notTrainedFromError(e: unknown): TrainingStatus | undefined {
	return FaceApiError.is(e) && e.status === 404 && /NotTrained$/i.test(e.code) ? NOT_TRAINED : undefined;
}

/** `status` as the service spells it, also tolerating `Status` and `state`. */
function findStatus(body: Record<string, unknown>): string | undefined {
	for (const k of ['status', 'Status', 'state']) {
		const v = body[k];
		if (typeof v === 'string' && v.trim() !== '') {
			return v;
		}
	}
	return undefined;
}

function str(v: unknown): string | undefined {
	return typeof v === 'string' && v !== '' ? v : undefined;
}

function isRecord(v: unknown): v is Record<string, unknown> {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}
