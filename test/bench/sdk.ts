/**
 * The official `@azure-rest/ai-vision-face` poller: POST train, `getLongRunningPoller`, `pollUntilDone()`.
 * Its default interval is core-lro's 2000 ms; on a time scale of N the bench passes `intervalInMs: 2000 / N`,
 * which is the same 2 s of emulated time.
 */
import { AzureKeyCredential } from '@azure/core-auth';
import createClient, { getLongRunningPoller } from '@azure-rest/ai-vision-face';
import { apiKeyAuth, createFaceClient } from '../../src/face/index';
import { parseTime } from '../../src/shared/time';
import type { Emulator } from '../emulator/server';
import { maxInWindow, type Measured } from './measure';

/** core-lro's POLL_INTERVAL_IN_MS, the SDK's default. */
export const SDK_INTERVAL_MS = 2000;

export async function runSdk(emu: Emulator, id: string, durationMs: number, scale: number): Promise<Measured> {
	const client = createClient(emu.endpoint, new AzureKeyCredential(emu.key), { apiVersion: 'v1.2', allowInsecureConnection: true });
	const sent: number[] = [];
	client.pipeline.addPolicy({ name: 'benchCallTimes', sendRequest: (request, next) => (sent.push(Date.now()), next(request)) });
	const response = await client.path('/persongroups/{personGroupId}/train', id).post();
	if (response.status !== '202') {
		throw new Error(`SDK: train answered ${response.status}`);
	}
	const postedAt = sent[0];
	const poller = await getLongRunningPoller(client, response, { intervalInMs: SDK_INTERVAL_MS / scale });
	await poller.pollUntilDone();
	const seenAt = Date.now();
	const state = poller.getOperationState().status;
	const calls = sent.length;
	// Read the true end with our client (not counted: it is after the SDK finished).
	const ours = createFaceClient({ endpoint: emu.endpoint, apiVersion: 'v1.2', auth: apiKeyAuth(emu.key) });
	const endedAt = parseTime((await ours.getTrainingStatus('personGroup', id)).lastActionDateTime);
	if (state !== 'succeeded' || endedAt === undefined) {
		throw new Error(`SDK: training ended ${state}`);
	}
	return {
		poller: `SDK (${SDK_INTERVAL_MS / 1000} s)`,
		durationMs,
		scale,
		polls: calls - 1,
		calls,
		lagMs: (seenAt - endedAt) * scale,
		maxPerMinute: maxInWindow(sent.map((t) => (t - postedAt) * scale)),
		state,
	};
}
