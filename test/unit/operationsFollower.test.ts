/**
 * The follower and the train starter against the emulator over HTTP, with the real Face client.
 * Time: the emulator's trainings run `SCALE` times faster (`timeScale`) and the follower lives on a clock
 * running `SCALE` times faster, so the schedule's seconds become hundredths. Nothing here asserts on time.
 */
import * as assert from 'node:assert/strict';
import { type ContainerKind, createFaceClient, type FaceApi, UNLIMITED_BUDGET } from '../../src/face/index';
import { apiKeyAuth, type ApiVersion } from '../../src/face/index';
import { scaledClock } from '../support/scaledClock';
import { followTraining, type FollowResult, type PollEvent } from '../../src/operations/follower';
import { PollSchedule, type ScheduleOptions } from '../../src/operations/schedule';
import { startOrJoinTraining } from '../../src/operations/starter';
import { type Emulator, startEmulator } from '../emulator/server';
import { RawFace } from '../emulator/testClient';

const SCALE = 50;
/** Emulated training time of every test training: 30 s, i.e. 0.6 s of real time. */
const TRAINING_MS = 30_000;

function client(emu: Emulator, options: { apiVersion?: ApiVersion; raw?: boolean; endpoint?: string } = {}): FaceApi {
	return createFaceClient({
		endpoint: options.endpoint ?? emu.endpoint,
		apiVersion: options.apiVersion ?? 'v1.2',
		auth: apiKeyAuth(emu.key),
		// `raw`: no client-side retries or budget, so the follower itself meets every 429 and 503.
		...(options.raw ? { maxRetries: 0, rateBudget: UNLIMITED_BUDGET } : {}),
	});
}

/** A poll event with the real time (`Date.now()`) it came. */
type TimedEvent = PollEvent & { readonly at: number };

interface Followed extends FollowResult {
	readonly events: TimedEvent[];
	readonly predictedMs?: number;
	readonly joined: boolean;
}

async function trainAndFollow(api: FaceApi, kind: ContainerKind, id: string, schedule: Partial<ScheduleOptions> = {}, signal?: AbortSignal): Promise<Followed> {
	const clock = scaledClock(SCALE);
	const start = await startOrJoinTraining(api, kind, id, { clock });
	const events: TimedEvent[] = [];
	const result = await followTraining({
		poll: (s) => api.pollTraining(start.pollUrl, { signal: s }),
		startedAt: start.startedAt,
		predictedMs: start.predictedMs,
		priorCalls: start.calls,
		schedule,
		clock,
		signal,
		onPoll: (e) => events.push({ ...e, at: Date.now() }),
	});
	return { ...result, events, predictedMs: start.predictedMs, joined: start.joined };
}

/**
 * Waits (real time) until the poll after the last event would have been due, and 200 ms more: the delay
 * the follower announced, or after the end the longest gap the schedule takes then without a prediction
 * (its cold bound). "Polls no more" holds only if no poll came in that window. Returns the wait in ms.
 */
async function waitPastNextDue(events: readonly TimedEvent[]): Promise<number> {
	const last = events.at(-1);
	assert.ok(last, 'a poll was made');
	const cold = (elapsedMs: number) => new PollSchedule().coldBound(elapsedMs);
	const gap = last.nextInMs ?? Math.max(events.at(-2)?.nextInMs ?? 0, cold(last.elapsedMs));
	// A poll in flight at the stop (aborted, so never an event): the one after it would come a gap later.
	const inFlight = Date.now() + cold(last.elapsedMs + (Date.now() - last.at) * SCALE) / SCALE;
	const ms = Math.max(50, Math.max(last.at + gap / SCALE, inFlight) + 200 - Date.now());
	await new Promise((r) => setTimeout(r, ms));
	return ms;
}

async function pollsOf(emu: Emulator, route: string, id: string): Promise<number> {
	return (await emu.control.counters()).polls[`${route}/${id}`] ?? 0;
}

async function until(what: string, check: () => Promise<boolean>): Promise<void> {
	for (let i = 0; i < 400; i++) {
		if (await check()) {
			return;
		}
		await new Promise((r) => setTimeout(r, 25));
	}
	assert.fail(`gave up waiting for ${what}`);
}

describe('operations: following a training against the emulator', () => {
	let emu: Emulator;

	before(async () => {
		emu = await startEmulator({ seed: 'demo', trainingMs: TRAINING_MS, timeScale: SCALE });
	});

	after(async () => {
		await emu.close();
	});

	beforeEach(async () => {
		await emu.control.reset();
		await emu.control.seed('demo');
		await emu.control.setConfig({ profile: 's0', rateLimit: false, trainingMs: TRAINING_MS, timeScale: SCALE, faults: { errorRate: 0, resetRate: 0 } });
	});

	for (const [kind, route, id] of [
		['personGroup', 'persongroups', 'staff'],
		['largePersonGroup', 'largepersongroups', 'employees'],
		['largeFaceList', 'largefacelists', 'catalog'],
	] as const) {
		it(`follows a ${kind} training to succeeded, counting every poll the service saw`, async () => {
			const result = await trainAndFollow(client(emu), kind, id);
			assert.equal(result.state, 'succeeded');
			assert.equal(result.status?.state, 'succeeded');
			assert.ok(result.status?.lastSuccessfulTrainingDateTime, 'the final status has the success time');
			assert.ok(result.polls >= 2, 'the first poll always says running');
			const state = await emu.control.state();
			assert.equal(state[route].find((c) => c.id === id)?.training, 'succeeded');
			// The status read before the train call is a poll too.
			assert.equal(await pollsOf(emu, route, id), result.polls + 1);
		});
	}

	it('ends a training of an empty group as failed with the service message, and polls no more', async () => {
		const result = await trainAndFollow(client(emu), 'personGroup', 'empty-group');
		assert.equal(result.state, 'failed');
		assert.match(result.message ?? '', /no person/i);
		const polls = await pollsOf(emu, 'persongroups', 'empty-group');
		assert.equal(polls, result.polls + 1);
		// Let the time the next poll would have come pass: the counter must not move.
		const waited = await waitPastNextDue(result.events);
		assert.equal(await pollsOf(emu, 'persongroups', 'empty-group'), polls, `a failed training is never polled again (watched ${waited} ms)`);
	});

	it('uses the previous training of the same container as a prediction: fewer polls the second time', async () => {
		// Two minutes of emulated time (2.4 s real): long enough that the no-prediction schedule's polls clearly
		// outnumber the predicted ones even when a busy machine stretches the scaled clock's gaps.
		const trainingMs = 120_000;
		await emu.control.setConfig({ trainingMs });
		const api = client(emu);
		const first = await trainAndFollow(api, 'largeFaceList', 'catalog');
		const second = await trainAndFollow(api, 'largeFaceList', 'catalog');
		assert.equal(first.predictedMs, undefined, 'never trained before: no prediction');
		assert.ok(second.predictedMs !== undefined, 'the second training has a prediction');
		assert.ok(Math.abs(second.predictedMs - trainingMs) <= 0.1 * trainingMs, `predicted ${second.predictedMs} ms of emulated time`);
		assert.equal(second.state, 'succeeded');
		assert.ok(second.polls < first.polls, `${second.polls} polls with a prediction, ${first.polls} without`);
	});

	it('with the last status already known (the tree read it), the training costs its POST and its polls only', async () => {
		const api = client(emu);
		const first = await trainAndFollow(api, 'largeFaceList', 'catalog');
		assert.equal(first.state, 'succeeded');
		const before = await emu.control.counters();
		const clock = scaledClock(SCALE);
		const start = await startOrJoinTraining(api, 'largeFaceList', 'catalog', { clock, known: first.status });
		assert.deepEqual(start.calls, [0], 'one call on the budget: the POST');
		assert.ok(start.predictedMs !== undefined && Math.abs(start.predictedMs - TRAINING_MS) <= 0.1 * TRAINING_MS, 'predicted from the known status');
		const result = await followTraining({ poll: (s) => api.pollTraining(start.pollUrl, { signal: s }), startedAt: start.startedAt, predictedMs: start.predictedMs, priorCalls: start.calls, clock });
		assert.equal(result.state, 'succeeded');
		const after = await emu.control.counters();
		assert.equal(after.total - before.total, 1 + result.polls, 'the POST and the polls, no status read before them');
		// A known running status is not trusted: the start reads the service (and joins).
		await emu.control.setConfig({ trainingMs: 3_600_000 });
		const raw = new RawFace(emu.endpoint, emu.key);
		assert.equal((await raw.call('POST', '/largefacelists/catalog/train')).status, 202);
		const joined = await startOrJoinTraining(api, 'largeFaceList', 'catalog', { clock, known: { state: 'running' } });
		assert.equal(joined.joined, true);
		await emu.control.finishTraining({ route: 'largefacelists', id: 'catalog' });
	});

	it('joins a training that is already running instead of failing with 409', async () => {
		await emu.control.setConfig({ trainingMs: 3_600_000 });
		const raw = new RawFace(emu.endpoint, emu.key);
		assert.equal((await raw.call('POST', '/largepersongroups/employees/train')).status, 202);
		const controller = new AbortController();
		const following = trainAndFollow(client(emu), 'largePersonGroup', 'employees', {}, controller.signal);
		await until('a poll of the joined training', async () => (await pollsOf(emu, 'largepersongroups', 'employees')) >= 2);
		const counters = await emu.control.counters();
		assert.equal(counters.requests['POST /largepersongroups/{largePersonGroupId}/train'], 1, 'no second train call');
		await emu.control.finishTraining({ route: 'largepersongroups', id: 'employees' });
		const result = await following;
		assert.equal(result.joined, true);
		assert.equal(result.state, 'succeeded');
	});

	it('follows a 409 TrainingNotFinished on the train call (a training started between the read and the POST)', async () => {
		await emu.control.setConfig({ trainingMs: 3_600_000 });
		const api = client(emu);
		const raw = new RawFace(emu.endpoint, emu.key);
		// The status read sees no training; the POST finds one running.
		const racing: Pick<FaceApi, 'endpoint' | 'apiVersion' | 'train' | 'getTrainingStatus'> = {
			endpoint: api.endpoint,
			apiVersion: api.apiVersion,
			getTrainingStatus: async (kind, id, o) => {
				const status = await api.getTrainingStatus(kind, id, o);
				assert.equal((await raw.call('POST', `/persongroups/${id}/train`)).status, 202);
				return status;
			},
			train: (kind, id, o) => api.train(kind, id, o),
		};
		const start = await startOrJoinTraining(racing, 'personGroup', 'staff');
		assert.equal(start.joined, true);
		assert.match(start.pollUrl, /\/persongroups\/staff\/training$/);
		await emu.control.finishTraining({ route: 'persongroups', id: 'staff' });
		const result = await followTraining({ poll: (s) => api.pollTraining(start.pollUrl, { signal: s }), startedAt: start.startedAt, clock: scaledClock(SCALE) });
		assert.equal(result.state, 'succeeded');
	});

	it('does not lose the operation to 429s from an F0 resource, and then sees its end', async () => {
		await emu.control.setConfig({ profile: 'f0', rateLimit: true, trainingMs: 3_600_000 });
		const api = client(emu, { raw: true });
		const controller = new AbortController();
		// A short cap on Retry-After keeps the test fast (the emulator asks for up to a minute).
		const following = trainAndFollow(api, 'personGroup', 'staff', { maxRetryAfterMs: 2000 }, controller.signal);
		// Another user of the same key spends the minute's budget.
		const raw = new RawFace(emu.endpoint, emu.key);
		for (let i = 0; i < 20; i++) {
			await raw.get('/persongroups');
		}
		// The minute is now full: every further poll meets a 429 until the window passes.
		const pollsBefore = await pollsOf(emu, 'persongroups', 'staff');
		await until('three more status polls', async () => (await pollsOf(emu, 'persongroups', 'staff')) >= pollsBefore + 3);
		await emu.control.setConfig({ rateLimit: false });
		await emu.control.finishTraining({ route: 'persongroups', id: 'staff' });
		const result = await following;
		assert.equal(result.state, 'succeeded');
		const throttled = result.events.filter((e) => (e.error as { status?: number } | undefined)?.status === 429);
		assert.ok(throttled.length >= 3, `the follower met ${throttled.length} 429s and kept going`);
		assert.ok(throttled.every((e) => e.nextInMs !== undefined && e.nextInMs > 0), 'each 429 was followed by a later poll');
	});

	it('backs off on 503s and dropped connections and keeps going to the end', async () => {
		await emu.control.setConfig({ faults: { errorRate: 0.35, resetRate: 0.15, seed: 7, match: 'training' } });
		const result = await trainAndFollow(client(emu, { raw: true }), 'largeFaceList', 'catalog');
		assert.equal(result.state, 'succeeded');
		const faults = result.events.filter((e) => e.error !== undefined);
		assert.ok(faults.length >= 1, 'some polls met a fault');
		const statuses = (await emu.control.counters()).statuses;
		assert.ok((statuses['503'] ?? 0) + (statuses['-1'] ?? 0) >= 1, 'the emulator injected faults');
	});

	it('v1.0 (no operation-Location) polls …/training', async () => {
		const api = client(emu, { apiVersion: 'v1.0' });
		const start = await startOrJoinTraining(api, 'largePersonGroup', 'employees', { clock: scaledClock(SCALE) });
		assert.equal(start.pollUrl, `${emu.endpoint}/face/v1.0/largepersongroups/employees/training`);
		const result = await followTraining({
			poll: (s) => api.pollTraining(start.pollUrl, { signal: s }),
			startedAt: start.startedAt,
			clock: scaledClock(SCALE),
		});
		assert.equal(result.state, 'succeeded');
		assert.equal(result.status?.rawStatus, 'succeeded');
		assert.equal((await emu.control.counters()).requests['GET /largepersongroups/{largePersonGroupId}/training'], result.polls + 1);
	});

	it('polls the endpoint it knows when operation-Location names another host', async () => {
		const api = client(emu, { endpoint: emu.endpoint.replace('127.0.0.1', 'localhost') });
		const start = await startOrJoinTraining(api, 'personGroup', 'staff', { clock: scaledClock(SCALE) });
		assert.match(start.pollUrl, /^http:\/\/localhost:\d+\/face\/v1\.2\/persongroups\/staff\/training$/);
		const result = await followTraining({ poll: (s) => api.pollTraining(start.pollUrl, { signal: s }), startedAt: start.startedAt, clock: scaledClock(SCALE) });
		assert.equal(result.state, 'succeeded');
	});

	it('stops when told to (stop watching), without another poll', async () => {
		await emu.control.setConfig({ trainingMs: 3_600_000 });
		const controller = new AbortController();
		const following = trainAndFollow(client(emu), 'personGroup', 'staff', {}, controller.signal);
		// Two polls: the first one's answer (and its announced next poll) is in.
		await until('two polls', async () => (await pollsOf(emu, 'persongroups', 'staff')) >= 3);
		controller.abort();
		const result = await following;
		assert.equal(result.state, 'stopped');
		const polls = await pollsOf(emu, 'persongroups', 'staff');
		const waited = await waitPastNextDue(result.events);
		assert.equal(await pollsOf(emu, 'persongroups', 'staff'), polls, `no poll after the stop (watched ${waited} ms)`);
		assert.equal((await emu.control.state()).persongroups.find((c) => c.id === 'staff')?.training, 'running', 'the training itself goes on');
	});
});
