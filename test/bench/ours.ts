/**
 * Our starter + follower, on a scaled clock, against the emulator, predicting as the tracker does: the
 * prediction comes from a `TrainingHistory` (the tracker's, kept here in memory: past service durations,
 * size marks, past errors) and each end is recorded in it as the tracker records it. The client's per-origin
 * rate budget works in real time (S0: 10 calls a second), which a scaled run cannot honour — at ×100 it would
 * allow 6 calls per emulated minute — so the bench gives the client an unlimited budget and lets the
 * schedule's own limit (≤ 20 calls per emulated minute, checked in the table) do the limiting, as the SDK
 * has none either.
 */
import { apiKeyAuth, createFaceClient, UNLIMITED_BUDGET } from '../../src/face/index';
import { scaledClock } from '../support/scaledClock';
import { followTraining } from '../../src/operations/follower';
import { TrainingHistory } from '../../src/operations/history';
import { containerKey } from '../../src/state/keys';
import { durationMs, startOrJoinTraining } from '../../src/operations/starter';
import type { TrainingStatus } from '../../src/face/types';
import { parseTime } from '../../src/shared/time';
import type { Emulator } from '../emulator/server';
import { maxInWindow, type Measured } from './measure';

/** globalState for a bench history. */
export class MemoryState {
	private readonly data = new Map<string, unknown>();
	get<T>(key: string): T | undefined {
		return this.data.get(key) as T | undefined;
	}
	update(key: string, value: unknown): Promise<void> {
		this.data.set(key, JSON.parse(JSON.stringify(value)));
		return Promise.resolve();
	}
}

export const BENCH_RESOURCE = 'bench';

export interface OursOptions {
	/** The history to predict from and record into (one per container sequence); default: a new one. */
	readonly history?: TrainingHistory;
	/** The container's size mark now (net entries added through Face Explorer). */
	readonly sizeMark?: number;
	/** The container's last status as the tree would know it (then no status read before the POST). */
	readonly known?: TrainingStatus;
}

export async function runOurs(emu: Emulator, id: string, durationMsEmulated: number, scale: number, poller: string, options: OursOptions = {}): Promise<Measured & { readonly status: TrainingStatus }> {
	const api = createFaceClient({ endpoint: emu.endpoint, apiVersion: 'v1.2', auth: apiKeyAuth(emu.key), rateBudget: UNLIMITED_BUDGET });
	const clock = scaledClock(scale);
	const history = options.history ?? new TrainingHistory(new MemoryState());
	const target = { resourceId: BENCH_RESOURCE, kind: 'personGroup' as const, containerId: id };
	const start = await startOrJoinTraining(api, 'personGroup', id, { clock, known: options.known });
	const prediction = history.predict(BENCH_RESOURCE, containerKey(target), options.sizeMark ?? 0, start.previous);
	const predictedMs = prediction === undefined ? undefined : prediction.predictedMs * scale;
	const pollTimes: number[] = [];
	const result = await followTraining({
		poll: (signal) => api.pollTraining(start.pollUrl, { signal }),
		startedAt: start.startedAt,
		predictedMs,
		earliestMs: prediction === undefined ? undefined : prediction.earliestMs * scale,
		priorCalls: start.calls,
		clock,
		onPoll: (e) => pollTimes.push(e.elapsedMs),
	});
	const seenAt = Date.now();
	const endedAt = parseTime(result.status?.lastActionDateTime);
	if (result.state !== 'succeeded' || endedAt === undefined || !result.status) {
		throw new Error(`${poller}: training ended ${result.state} (${result.message ?? 'no message'})`);
	}
	const trainedMs = durationMs(result.status);
	await history.recordEnd({
		...target,
		id: 'bench',
		label: id,
		startedAt: new Date().toISOString(),
		state: 'succeeded',
		pollUrl: start.pollUrl,
		polls: result.polls,
		predictedMs,
		sizeMark: options.sizeMark ?? 0,
		endStatus: result.status,
		trainedMs,
	}, scale);
	return {
		poller,
		durationMs: durationMsEmulated,
		scale,
		polls: result.polls,
		calls: start.calls.length + result.polls,
		lagMs: (seenAt - endedAt) * scale,
		maxPerMinute: maxInWindow([...start.calls, ...pollTimes]),
		state: result.state,
		predictedMs,
		measuredMs: trainedMs === undefined ? undefined : trainedMs * scale,
		status: result.status,
	};
}
