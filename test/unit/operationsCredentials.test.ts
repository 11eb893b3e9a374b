/**
 * Issue 9 row 2: a training whose key (or Entra session) cannot be read when it is resumed — a locked
 * keyring, a session not restored yet — or whose key the service refuses mid-way, is never dropped: the
 * follower waits (back-off, and at once when the resources, keys or sessions change) and polls on to the end.
 * Against the emulator over HTTP with the real Face client; the "wake" is a deterministic clock whose long
 * sleeps never end by themselves, so only a change event can end them.
 */
import * as assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { apiKeyAuth, createFaceClient, type FaceApi } from '../../src/face/index';
import { FaceApiError } from '../../src/face/errors';
import type { Clock } from '../../src/operations/clock';
import { credentialsRetryMs, followOperation, type PollEvent } from '../../src/operations/follower';
import { startOrJoinTraining } from '../../src/operations/starter';
import type { Operation } from '../../src/operations/types';
import { CredentialsError, KeyringError } from '../../src/resources/errors';
import type { ClientProvider, FaceResource } from '../../src/resources/types';
import { type Emulator, startEmulator } from '../emulator/server';
import { scaledClock } from '../support/scaledClock';

const SCALE = 50;
const RESOURCE: FaceResource = { id: 'r1', label: 'Emulator', endpoint: 'http://127.0.0.1:1', apiVersion: 'v1.2', auth: 'key' };

/** A ClientProvider over the emulator whose `getClient` fails as `failures` says, and a change event. */
function provider(emu: Emulator, failures: () => Error | undefined): { clients: ClientProvider & { fire(): void }; calls: () => number } {
	const events = new EventEmitter();
	let calls = 0;
	const api = createFaceClient({ endpoint: emu.endpoint, apiVersion: 'v1.2', auth: apiKeyAuth(emu.key) });
	const resource = { ...RESOURCE, endpoint: emu.endpoint };
	return {
		calls: () => calls,
		clients: {
			onDidChangeResources: (listener: () => void) => {
				events.on('change', listener);
				return { dispose: () => events.off('change', listener) };
			},
			listResources: () => [resource],
			getResource: (id) => (id === resource.id ? resource : undefined),
			getClient: async () => {
				calls += 1;
				const e = failures();
				if (e) {
					throw e;
				}
				return api;
			},
			fire: () => events.emit('change'),
		},
	};
}

async function operationFor(emu: Emulator, clock: Clock): Promise<Operation> {
	const api = createFaceClient({ endpoint: emu.endpoint, apiVersion: 'v1.2', auth: apiKeyAuth(emu.key) });
	const start = await startOrJoinTraining(api, 'personGroup', 'staff', { clock });
	return {
		id: 'op1',
		type: 'training',
		resourceId: RESOURCE.id,
		kind: 'personGroup',
		containerId: 'staff',
		label: 'staff',
		startedAt: new Date(start.startedAt).toISOString(),
		state: 'running',
		pollUrl: start.pollUrl,
		polls: 0,
	};
}

describe('operations: a training waits for its credentials instead of being dropped (issue 9 row 2)', () => {
	let emu: Emulator;

	before(async () => {
		emu = await startEmulator({ seed: 'demo', trainingMs: 3_600_000, timeScale: SCALE });
	});

	after(async () => {
		await emu.close();
	});

	beforeEach(async () => {
		await emu.control.reset();
		await emu.control.seed('demo');
		await emu.control.setConfig({ profile: 's0', rateLimit: false, trainingMs: 3_600_000, timeScale: SCALE, faults: { errorRate: 0, resetRate: 0 } });
	});

	it('the back-off doubles from 2 s to at most 5 minutes', () => {
		assert.deepEqual([1, 2, 3, 4].map(credentialsRetryMs), [2000, 4000, 8000, 16000]);
		assert.equal(credentialsRetryMs(50), 300_000);
		assert.equal(credentialsRetryMs(1e9), 300_000);
	});

	it('a keyring that fails once on resume: the training is followed to its end, not stopped', async () => {
		const clock = scaledClock(SCALE);
		const op = await operationFor(emu, clock);
		let failures = 1;
		const { clients, calls } = provider(emu, () => (failures-- > 0 ? new KeyringError('The OS keyring could not be read (locked).') : undefined));
		const events: PollEvent[] = [];
		const controller = new AbortController();
		const following = followOperation(op, clients, { clock, signal: controller.signal, onPoll: (e) => events.push(e) });
		await until(() => events.some((e) => e.status !== undefined), 'a poll after the failed key read');
		await emu.control.finishTraining({ route: 'persongroups', id: 'staff' });
		const end = await following;
		assert.equal(end?.state, 'succeeded', `ended ${end?.state}: ${end?.message}`);
		const waits = events.filter((e) => e.waiting !== undefined);
		assert.equal(waits.length, 1, 'one wait for the keyring');
		assert.match(waits[0].waiting ?? '', /keyring/);
		assert.ok(calls() >= 2, 'the key was read again');
	});

	it('no key yet (or no session): waits with back-off, and a change of key or session ends the wait at once', async () => {
		// Sleeps of 10 s and more never end by themselves: only the change event can end the fourth wait (16 s).
		const real = scaledClock(SCALE);
		const clock: Clock = {
			now: real.now,
			scale: real.scale,
			sleep: (ms, signal) => (ms >= 10_000 ? new Promise((_, reject) => signal?.addEventListener('abort', () => reject(Object.assign(new Error('aborted'), { name: 'AbortError' })), { once: true })) : real.sleep(ms, signal)),
		};
		const op = await operationFor(emu, clock);
		let keySet = false;
		const { clients, calls } = provider(emu, () => (keySet ? undefined : new CredentialsError('noKey', RESOURCE.id, "No API key is stored for 'Emulator'. Set the API key.")));
		const events: PollEvent[] = [];
		const controller = new AbortController();
		const following = followOperation(op, clients, { clock, signal: controller.signal, onPoll: (e) => events.push(e) });
		await until(() => calls() === 4, 'four tries of the key (2 s, 4 s, 8 s apart)');
		await new Promise((r) => setTimeout(r, 300));
		assert.equal(calls(), 4, 'the fourth wait (16 s) does not end by itself on this clock');
		assert.deepEqual(events.map((e) => e.nextInMs !== undefined && Math.round(e.nextInMs / 1000)), [2, 4, 8, 16]);
		keySet = true;
		clients.fire(); // Set API Key… (secrets.onDidChange) or a restored session
		await until(() => events.some((e) => e.status !== undefined), 'a poll right after the key was set');
		await emu.control.finishTraining({ route: 'persongroups', id: 'staff' });
		// The finished status is seen on a poll within the short sleeps; stop if the schedule waits longer.
		setTimeout(() => controller.abort(), 5000).unref();
		const end = await following;
		assert.equal(end?.state, 'succeeded');
	});

	it('a key the service refuses mid-way (401): waits for a new key, then sees the end', async () => {
		const clock = scaledClock(SCALE);
		const op = await operationFor(emu, clock);
		const good = createFaceClient({ endpoint: emu.endpoint, apiVersion: 'v1.2', auth: apiKeyAuth(emu.key) });
		const wrong = createFaceClient({ endpoint: emu.endpoint, apiVersion: 'v1.2', auth: apiKeyAuth('rotated-elsewhere'), maxRetries: 0 });
		let current: FaceApi = wrong;
		const { clients } = provider(emu, () => undefined);
		const events: PollEvent[] = [];
		const following = followOperation(op, { ...clients, getClient: async () => current }, { clock, signal: new AbortController().signal, onPoll: (e) => events.push(e) });
		await until(() => events.some((e) => e.waiting !== undefined), 'the 401 to make it wait');
		assert.ok(FaceApiError.is(events.find((e) => e.waiting)?.error) && (events.find((e) => e.waiting)?.error as FaceApiError).status === 401);
		current = good;
		clients.fire();
		await until(() => events.some((e) => e.status !== undefined), 'a poll with the new key');
		await emu.control.finishTraining({ route: 'persongroups', id: 'staff' });
		const end = await following;
		assert.equal(end?.state, 'succeeded');
	});

	it('a resource removed while it waits ends the follow as removed', async () => {
		const clock = scaledClock(SCALE);
		const op = await operationFor(emu, clock);
		const { clients } = provider(emu, () => new KeyringError('locked'));
		let present = true;
		const events: PollEvent[] = [];
		const following = followOperation(op, { ...clients, getResource: (id) => (present ? clients.getResource(id) : undefined) }, { clock, signal: new AbortController().signal, onPoll: (e) => events.push(e) });
		await until(() => events.length >= 1, 'the first wait');
		present = false;
		clients.fire();
		const end = await following;
		assert.equal(end?.state, 'stopped');
		assert.equal(end?.message, 'The resource was removed.');
	});
});

async function until(check: () => boolean, what: string): Promise<void> {
	for (let i = 0; i < 400; i++) {
		if (check()) {
			return;
		}
		await new Promise((r) => setTimeout(r, 25));
	}
	assert.fail(`gave up waiting for ${what}`);
}
