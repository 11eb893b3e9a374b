/**
 * Starts (or joins) a training: reads the container's last training status (how long it took is the
 * prediction for this one), then POSTs train. A training already running — seen in that status, or told by
 * a 409 `…TrainingNotFinished` — is joined instead of failed. No VS Code here.
 */
import { FaceApiError, isAbortError } from '../face/errors';
import { type ContainerKind, KINDS } from '../face/kinds';
import type { FaceApi, TrainingStatus } from '../face/types';
import { parseTime } from '../shared/time';
import { type Clock, systemClock } from './clock';

export interface TrainingStart {
	/** The URL to poll: `operation-Location`, else `…/{id}/training`. */
	readonly pollUrl: string;
	/** Clock time the train call was answered (for a joined training: when it was queued, as far as we can tell). */
	readonly startedAt: number;
	/** Predicted duration in clock ms, from the previous training of the same container. */
	readonly predictedMs?: number;
	/** True when a training was already running and we follow it instead of starting one. */
	readonly joined: boolean;
	/** The status read before the train call (undefined when never trained or unreadable). */
	readonly previous?: TrainingStatus;
	/** Calls spent on the way, as ms elapsed since `startedAt` (for the schedule's budget). */
	readonly calls: readonly number[];
}

export interface StartOptions {
	readonly clock?: Clock;
	readonly signal?: AbortSignal;
	/**
	 * The container's last status when the caller already has it (the tree's row, Train All's check) and it is
	 * not a running one: no status read then, the training costs its POST and its polls (a training started
	 * meanwhile elsewhere still answers 409 and is joined).
	 */
	readonly known?: TrainingStatus;
}

type TrainingApi = Pick<FaceApi, 'endpoint' | 'apiVersion' | 'train' | 'getTrainingStatus'>;

export async function startOrJoinTraining(api: TrainingApi, kind: ContainerKind, id: string, options: StartOptions = {}): Promise<TrainingStart> {
	const clock = options.clock ?? systemClock;
	const readAt = clock.now();
	const known = options.known && options.known.state !== 'running' && options.known.state !== 'notstarted' ? options.known : undefined;
	const previous = known ?? (await readStatus(api, kind, id, options.signal));
	if (previous && (previous.state === 'running' || previous.state === 'notstarted')) {
		const soFar = (durationMs(previous) ?? 0) * clock.scale;
		return {
			pollUrl: trainingUrl(api, kind, id),
			startedAt: clock.now() - soFar,
			joined: true,
			previous,
			calls: [soFar],
		};
	}
	const predictedMs = predictionFrom(previous, clock);
	// The training starts when the POST arrives, not when it was asked for: on F0 under load the POST first
	// waits its turn for the rate budget (up to two 3.0 s slots behind the tree's reads and the edits), and
	// counted from before that wait the poll meant for the predicted end went early and missed it. So the
	// clock starts at the answer (a round trip after the send at most).
	const answered = (): { startedAt: number; calls: number[] } => {
		const startedAt = clock.now();
		return { startedAt, calls: known ? [0] : [Math.min(0, readAt - startedAt), 0] };
	};
	try {
		const result = await api.train(kind, id, { signal: options.signal });
		return { pollUrl: pollUrlFor(api, kind, id, result.pollUrl), ...answered(), predictedMs, joined: false, previous };
	} catch (e) {
		if (FaceApiError.is(e) && e.status === 409 && e.code.endsWith('TrainingNotFinished')) {
			return { pollUrl: trainingUrl(api, kind, id), ...answered(), predictedMs, joined: true, previous };
		}
		throw e;
	}
}

/**
 * The `operation-Location` value when it is on the resource's own origin; else (a regional endpoint answered
 * with the resource's own host, a proxy rewrote it, …) the `…/training` URL of the endpoint we know: the
 * client never sends the key to another origin, and `/training` is what the header points at anyway.
 */
export function pollUrlFor(api: Pick<FaceApi, 'endpoint' | 'apiVersion'>, kind: ContainerKind, id: string, headerUrl: string): string {
	try {
		if (new URL(headerUrl).origin === new URL(api.endpoint).origin) {
			return headerUrl;
		}
	} catch {
		// Not an absolute URL: fall through to the known one.
	}
	return trainingUrl(api, kind, id);
}

/** `…/face/{version}/{route}/{id}/training` of the client's resource. */
export function trainingUrl(api: Pick<FaceApi, 'endpoint' | 'apiVersion'>, kind: ContainerKind, id: string): string {
	return `${api.endpoint.replace(/\/+$/, '')}/face/${api.apiVersion}/${KINDS[kind].route}/${encodeURIComponent(id)}/training`;
}

/** How long the previous successful training took, in clock ms. */
export function predictionFrom(previous: TrainingStatus | undefined, clock: Pick<Clock, 'scale'> = systemClock): number | undefined {
	if (!previous || previous.state !== 'succeeded') {
		return undefined;
	}
	const d = durationMs(previous);
	return d === undefined ? undefined : d * clock.scale;
}

/** `createdDateTime` → `lastActionDateTime` in real ms (undefined when a time is missing or unreadable). */
export function durationMs(status: TrainingStatus): number | undefined {
	const from = parseTime(status.createdDateTime);
	const to = parseTime(status.lastActionDateTime);
	return from === undefined || to === undefined || to < from ? undefined : to - from;
}

async function readStatus(api: TrainingApi, kind: ContainerKind, id: string, signal: AbortSignal | undefined): Promise<TrainingStatus | undefined> {
	try {
		return await api.getTrainingStatus(kind, id, { signal });
	} catch (e) {
		if (isAbortError(e)) {
			throw e;
		}
		// Never trained, throttled, unreachable: train anyway, without a prediction (the POST reports real problems).
		return undefined;
	}
}
