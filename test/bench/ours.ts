/**
 * Our starter + follower, on a scaled clock, against the emulator. The client's per-origin rate budget works
 * in real time (S0: 9 calls a second), which a scaled run cannot honour — at ×100 it would allow 5 calls per
 * emulated minute — so the bench gives the client an unlimited budget and lets the schedule's own
 * limit (≤ 20 calls per emulated minute, checked in the table) do the limiting, as the SDK has none either.
 */
import { apiKeyAuth, createFaceClient, UNLIMITED_BUDGET } from '../../src/face/index';
import { scaledClock } from '../support/scaledClock';
import { followTraining } from '../../src/operations/follower';
import { startOrJoinTraining } from '../../src/operations/starter';
import { parseTime } from '../../src/shared/time';
import type { Emulator } from '../emulator/server';
import { maxInWindow, type Measured } from './measure';

export async function runOurs(emu: Emulator, id: string, durationMs: number, scale: number, poller: string): Promise<Measured & { predictedMs?: number }> {
	const api = createFaceClient({ endpoint: emu.endpoint, apiVersion: 'v1.2', auth: apiKeyAuth(emu.key), rateBudget: UNLIMITED_BUDGET });
	const clock = scaledClock(scale);
	const start = await startOrJoinTraining(api, 'personGroup', id, { clock });
	const pollTimes: number[] = [];
	const result = await followTraining({
		poll: (signal) => api.pollTraining(start.pollUrl, { signal }),
		startedAt: start.startedAt,
		predictedMs: start.predictedMs,
		priorCalls: start.calls,
		clock,
		onPoll: (e) => pollTimes.push(e.elapsedMs),
	});
	const seenAt = Date.now();
	const endedAt = parseTime(result.status?.lastActionDateTime);
	if (result.state !== 'succeeded' || endedAt === undefined) {
		throw new Error(`${poller}: training ended ${result.state} (${result.message ?? 'no message'})`);
	}
	return {
		poller,
		durationMs,
		scale,
		polls: result.polls,
		calls: start.calls.length + result.polls,
		lagMs: (seenAt - endedAt) * scale,
		maxPerMinute: maxInWindow([...start.calls, ...pollTimes]),
		state: result.state,
		predictedMs: start.predictedMs,
	};
}
