/**
 * A batch of Person Directory writes followed as one operation (batch.ts): its writes' operations are read
 * in order, about one read per write; it ends when the command closed it and every write ended; failed
 * writes and writes refused when sent make it fail with a count and the service's messages. Against the
 * emulator over HTTP with the real Face client, the follower and its schedule (time `SCALE`× faster).
 */
import * as assert from 'node:assert/strict';
import { apiKeyAuth, createFaceClient, type FaceApi } from '../../src/face/index';
import { batchFailure, closedAfterReload, pollBatch } from '../../src/operations/batch';
import { followOperation } from '../../src/operations/follower';
import { OperationStore } from '../../src/operations/store';
import { StorageKey } from '../../src/state/keys';
import { afterEnd, afterPoll } from '../../src/operations/progress';
import type { Operation, OperationBatch } from '../../src/operations/types';
import type { ClientProvider, FaceResource } from '../../src/resources/types';
import { makeTestImage } from '../emulator/images';
import { type Emulator, startEmulator } from '../emulator/server';
import { scaledClock } from '../support/scaledClock';

const SCALE = 50;
const RESOURCE: FaceResource = { id: 'r1', label: 'Emulator', endpoint: 'http://127.0.0.1:1', apiVersion: 'v1.2-preview.1', auth: 'key' };

describe('operations: a batch of Person Directory writes as one operation', () => {
	let emu: Emulator;
	let api: FaceApi;
	let clients: Pick<ClientProvider, 'getResource' | 'getClient'>;
	let personId: string;

	before(async () => {
		emu = await startEmulator({ timeScale: SCALE });
		api = createFaceClient({ endpoint: emu.endpoint, apiVersion: 'v1.2-preview.1', auth: apiKeyAuth(emu.key) });
		const resource = { ...RESOURCE, endpoint: emu.endpoint };
		clients = { getResource: (id) => (id === resource.id ? resource : undefined), getClient: async () => api };
	});
	after(() => emu.close());
	beforeEach(async () => {
		await emu.control.reset();
		await emu.control.setConfig({ timeScale: SCALE, operationQueueMs: 0, operationMs: 10_000, operationFailure: '' });
		personId = (await api.directory.createPerson({ name: 'Uma' })).personId;
		await emu.control.finishOperations();
	});

	async function sendFaces(n: number): Promise<string[]> {
		const urls: string[] = [];
		for (let i = 0; i < n; i++) {
			const added = await api.directory.addFace(personId, 'recognition_04', { bytes: makeTestImage('uma', 1, { variant: i }) });
			urls.push(added.operationUrl!);
		}
		return urls;
	}

	function batchOp(batch: OperationBatch): Operation {
		return { id: 'b', type: 'directoryWrite', resourceId: RESOURCE.id, kind: 'personDirectory', containerId: personId, label: 'Adding faces to Uma', startedAt: new Date().toISOString(), state: 'running', pollUrl: batch.urls[0], polls: 0, batch };
	}

	it('reads the writes in order and stops at the first still running; ends only once closed and all ended', async () => {
		const urls = await sendFaces(3);
		const open: OperationBatch = { total: 3, urls, ended: 0, failed: 0, refused: 0, messages: [], open: true };
		const first = await pollBatch(api, open, new AbortController().signal);
		assert.equal(first.state, 'running');
		assert.equal(first.batch?.ended, 0, 'nothing ended yet (serial: 10 s each, emulated)');
		await emu.control.finishOperations();
		const before = (await emu.control.counters()).total;
		const all = await pollBatch(api, open, new AbortController().signal);
		assert.equal(all.batch?.ended, 3);
		assert.equal((await emu.control.counters()).total - before, 3, 'one read per ended write');
		assert.equal(all.state, 'running', 'still open: the command may send more');
		const closed = await pollBatch(api, { ...open, ...all.batch, open: false }, new AbortController().signal);
		assert.equal(closed.state, 'succeeded');
		assert.equal((await emu.control.counters()).total - before, 3, 'nothing left to read');
	});

	it('followed by the follower: the record carries the progress; failures and refusals make it fail with the count and messages', async () => {
		await emu.control.setConfig({ operationFailure: 'addFace', operationFailureMessage: 'Not enrollable.' });
		const urls = await sendFaces(2);
		const op = batchOp({ total: 3, urls, ended: 0, failed: 0, refused: 1, messages: ['x.png: no face'], open: false });
		let record = op;
		const clock = scaledClock(SCALE);
		const end = await followOperation(op, clients, { clock, signal: new AbortController().signal, current: () => record, onPoll: (e) => { record = afterPoll(record, e, clock); } });
		assert.equal(end?.state, 'failed');
		const final = afterEnd(record, end!, clock);
		assert.deepEqual([final.batch?.ended, final.batch?.failed, final.batch?.refused], [2, 2, 1]);
		assert.equal(final.message, '3 of 3 failed: x.png: no face; Not enrollable.');
		assert.equal(batchFailure(final.batch!), final.message);
	});

	it('a batch still open when its window went away is closed at what was sent', () => {
		const op = batchOp({ total: 200, urls: ['u1', 'u2'], ended: 1, failed: 0, refused: 1, messages: ['x'], open: true });
		assert.deepEqual(closedAfterReload(op).batch, { total: 3, urls: ['u1', 'u2'], ended: 1, failed: 0, refused: 1, messages: ['x'], open: false });
		const closed = closedAfterReload(op);
		assert.equal(closedAfterReload(closed), closed, 'a closed batch stays as it is');
	});

	it('a batch that named its images closes with those not sent (for Add Them Now); one sent to the end names none', () => {
		const files = ['file:///p/0.png', 'file:///p/1.png', 'file:///p/2.png', 'file:///p/3.png'];
		const cut = batchOp({ total: 4, urls: ['u1', 'u2'], ended: 0, failed: 0, refused: 1, messages: ['x'], open: true, files, sent: 3, recognitionModel: 'recognition_04' });
		assert.deepEqual(closedAfterReload(cut).batch?.unsent, ['file:///p/3.png']);
		assert.equal(closedAfterReload(cut).batch?.total, 3);
		const whole = batchOp({ total: 4, urls: ['u1', 'u2', 'u3', 'u4'], ended: 0, failed: 0, refused: 0, messages: [], open: true, files, sent: 4 });
		assert.equal(closedAfterReload(whole).batch?.unsent, undefined);
	});

	it('a stored batch loads as it was saved; a malformed one is not loaded (nothing to poll with)', async () => {
		const data = new Map<string, unknown>();
		const memento = { get: <T>(k: string) => data.get(k) as T, update: async (k: string, v: unknown) => void data.set(k, JSON.parse(JSON.stringify(v))) };
		const good = batchOp({ total: 2, urls: ['http://x/face/v1.2-preview.1/operations/1'], ended: 0, failed: 0, refused: 1, messages: ['a.png: no face'], open: true });
		await new OperationStore(memento).save([good]);
		assert.deepEqual(new OperationStore(memento).load().map((o) => o.batch), [good.batch]);
		const broken = { ...good, id: 'c', batch: { ...good.batch, urls: 'http://x' } };
		data.set(StorageKey.operations, { version: 1, operations: [broken] });
		assert.deepEqual(new OperationStore(memento).load(), []);
		for (const odd of [{ files: 'file:///a.png' }, { files: [1] }, { unsent: [null] }, { sent: '3' }]) {
			data.set(StorageKey.operations, { version: 1, operations: [{ ...good, id: 'd', batch: { ...good.batch, ...odd } }] });
			assert.deepEqual(new OperationStore(memento).load(), [], JSON.stringify(odd));
		}
	});
});
