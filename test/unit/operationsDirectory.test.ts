/**
 * A Person Directory write as an operation: the `directoryWrite` type follows `…/operations/{id}` with the
 * same follower and schedule as a training, against the emulator over HTTP with the real Face client. The
 * emulator's operations and the follower's clock run `SCALE` times faster; nothing asserts on time.
 */
import * as assert from 'node:assert/strict';
import { apiKeyAuth, createFaceClient, type FaceApi } from '../../src/face/index';
import { followOperation, type PollEvent } from '../../src/operations/follower';
import { followDirectoryWrite } from '../../src/operations/directoryWrites';
import { isOperationType, typeOf } from '../../src/operations/operationTypes';
import { OperationStore } from '../../src/operations/store';
import type { Operation } from '../../src/operations/types';
import type { ClientProvider, FaceResource } from '../../src/resources/types';
import { StorageKey } from '../../src/state/keys';
import { makeTestImage } from '../emulator/images';
import { type Emulator, startEmulator } from '../emulator/server';
import { scaledClock } from '../support/scaledClock';

const SCALE = 50;
const RESOURCE: FaceResource = { id: 'r1', label: 'Emulator', endpoint: 'http://127.0.0.1:1', apiVersion: 'v1.2-preview.1', auth: 'key' };

describe('operations: a Person Directory write followed to its end (directoryWrite)', () => {
	let emu: Emulator;
	let api: FaceApi;
	let clients: Pick<ClientProvider, 'getResource' | 'getClient'>;

	before(async () => {
		emu = await startEmulator({ timeScale: SCALE });
		api = createFaceClient({ endpoint: emu.endpoint, apiVersion: 'v1.2-preview.1', auth: apiKeyAuth(emu.key) });
		const resource = { ...RESOURCE, endpoint: emu.endpoint };
		clients = { getResource: (id) => (id === resource.id ? resource : undefined), getClient: async () => api };
	});
	after(() => emu.close());
	beforeEach(async () => {
		await emu.control.reset();
		// 10 s queued and 20 s running, emulated: 0.6 s of real time.
		await emu.control.setConfig({ timeScale: SCALE, operationQueueMs: 10_000, operationMs: 20_000, operationFailure: '' });
	});

	/** Sends a write, hands it to a recording host, and follows the Operation the host got to its end. */
	async function sendAndFollow(send: () => ReturnType<FaceApi['directory']['addFace']> | ReturnType<FaceApi['directory']['createPerson']>) {
		const clock = scaledClock(SCALE);
		const sentAt = clock.now();
		const write = await send();
		const begun: Array<{ op: Operation; priorCalls: readonly number[] }> = [];
		const op = followDirectoryWrite({ begin: (o, _c, priorCalls) => begun.push({ op: o, priorCalls }) }, api, { resourceId: RESOURCE.id, kind: 'personDirectory', targetId: 'p', label: 'Adding a face' }, write, { clock, sentAt });
		assert.ok(op, 'a 202 with an operation URL is followed');
		assert.equal(begun.length, 1);
		assert.deepEqual(begun[0].priorCalls, [0], 'the write itself is the first call of the budget');
		const events: PollEvent[] = [];
		const end = await followOperation(op, clients, { clock, signal: new AbortController().signal, priorCalls: [0], onPoll: (e) => events.push(e) });
		return { op, end, events, write };
	}

	it('polls …/operations/{id} until succeeded: the states it saw and the polls the service counted agree', async () => {
		const { personId } = await api.directory.createPerson({ name: 'Uma' });
		await emu.control.finishOperations();
		const { op, end, events, write } = await sendAndFollow(() => api.directory.addFace(personId, 'recognition_04', { bytes: makeTestImage('uma') }));
		assert.equal(op.type, 'directoryWrite');
		assert.equal(op.pollUrl, write.operationUrl);
		assert.equal(end?.state, 'succeeded', `${end?.state}: ${end?.message}`);
		assert.equal(end?.status?.state, 'succeeded');
		const seen = events.map((e) => e.status?.state).filter((s, i, all) => s !== undefined && s !== all[i - 1]);
		assert.equal(seen.at(-1), 'succeeded');
		assert.ok(seen.every((s) => ['notstarted', 'running', 'succeeded'].includes(s!)), seen.join(' → '));
		const polls = (await emu.control.counters()).polls[`operations/${write.operationId}`];
		assert.equal(end?.polls, polls, 'every poll reached the service once');
		const query = (await api.detect({ bytes: makeTestImage('uma', 1, { variant: 4 }) }, { recognitionModel: 'recognition_04' }))[0].faceId!;
		assert.deepEqual((await api.directory.identify([query], '*'))[0].candidates.map((c) => c.personId), [personId], 'searchable once it succeeded');
	});

	it('ends failed with the service message when the operation fails, and polls no more', async () => {
		const { personId } = await api.directory.createPerson({ name: 'Failing' });
		await emu.control.finishOperations();
		await emu.control.setConfig({ operationFailure: 'addFace', operationFailureMessage: 'The face could not be added.' });
		const { end, write } = await sendAndFollow(() => api.directory.addFace(personId, 'recognition_04', { bytes: makeTestImage('failing') }));
		assert.equal(end?.state, 'failed');
		assert.equal(end?.message, 'The face could not be added.');
		const polls = (await emu.control.counters()).polls[`operations/${write.operationId}`];
		await new Promise((r) => setTimeout(r, 300));
		assert.equal((await emu.control.counters()).polls[`operations/${write.operationId}`], polls, 'no poll after the end');
	});

	it('a write answered 200 (a group created without persons) has nothing to follow', async () => {
		const begun: Operation[] = [];
		const write = await api.dynamicGroups.create('plain', { name: 'Plain' });
		const op = followDirectoryWrite({ begin: (o) => begun.push(o) }, api, { resourceId: RESOURCE.id, kind: 'dynamicPersonGroup', targetId: 'plain', label: 'Creating' }, write, { clock: scaledClock(SCALE) });
		assert.equal(op, undefined);
		assert.equal(begun.length, 0);
	});

	it('is a stored type: its records survive a reload; a training that names the directory does not', async () => {
		assert.ok(isOperationType('directoryWrite'));
		assert.equal(typeOf({ type: 'directoryWrite' }).noun, 'Person Directory change');
		const base = { resourceId: 'r1', containerId: 'p', label: 'x', startedAt: new Date().toISOString(), state: 'running', pollUrl: 'https://x/face/v1.2-preview.1/operations/1', polls: 0 };
		const records = [
			{ ...base, id: 'write', type: 'directoryWrite', kind: 'personDirectory' },
			{ ...base, id: 'group', type: 'directoryWrite', kind: 'dynamicPersonGroup' },
			{ ...base, id: 'bad-training', type: 'training', kind: 'personDirectory' },
			{ ...base, id: 'bad-write', type: 'directoryWrite', kind: 'personGroup' },
		];
		const memento = { get: <T>(key: string) => (key === StorageKey.operations ? ({ version: 1, operations: records } as T) : undefined), update: async () => undefined };
		assert.deepEqual(new OperationStore(memento).load().map((o) => o.id), ['write', 'group']);
	});
});
