import * as assert from 'node:assert/strict';
import { makeTestImage } from '../emulator/images';
import { type Emulator, startEmulator } from '../emulator/server';
import { RawFace } from '../emulator/testClient';

interface Status {
	status: string;
	createdDateTime: string;
	lastActionDateTime: string;
	lastSuccessfulTrainingDateTime?: string;
	lastSuccessfulTrainingId?: string;
	message?: string;
}

const ISO7 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/;

describe('emulator: training state machine', () => {
	let emu: Emulator;
	let face: RawFace;

	before(async () => {
		emu = await startEmulator({ trainingMs: 60_000 });
		face = new RawFace(emu.endpoint, emu.key);
	});
	after(() => emu.close());
	beforeEach(async () => {
		await emu.control.reset();
		await emu.control.setConfig({ trainingMs: 60_000, trainingMsPerEntry: 0, timeScale: 1 });
	});

	/** A PG/LPG with one person and one face, or an LFL with one face. */
	async function filled(route: string, id: string, f = face, seed = 'trainee'): Promise<void> {
		await f.put(`/${route}/${id}`, { name: id });
		if (route === 'largefacelists') {
			await f.post(`/${route}/${id}/persistedfaces`, { bytes: makeTestImage(seed) });
			return;
		}
		const { personId } = (await f.post(`/${route}/${id}/persons`, { json: { name: 'P' } })).body as { personId: string };
		await f.post(`/${route}/${id}/persons/${personId}/persistedfaces`, { bytes: makeTestImage(seed) });
	}

	const status = async (path: string, f = face) => (await f.get(path)).body as Status;

	for (const [route, prefix, noun] of [
		['persongroups', 'PersonGroup', 'Person group'],
		['largepersongroups', 'LargePersonGroup', 'Large person group'],
		['largefacelists', 'LargeFaceList', 'Large face list'],
	] as const) {
		describe(route, () => {
			it('answers 404 …NotTrained before the first training and 404 …NotFound for a missing container', async () => {
				await face.put(`/${route}/c`, { name: 'C' });
				const res = await face.get(`/${route}/c/training`);
				assert.equal(res.status, 404);
				assert.equal(res.code, `${prefix}NotTrained`);
				assert.equal(res.message, `${noun} 'c' not trained.`);
				assert.equal((await face.post(`/${route}/missing/train`)).code, `${prefix}NotFound`);
				assert.equal((await face.get(`/${route}/missing/training`)).code, `${prefix}NotFound`);
			});

			it('v1.2: 202 with an absolute Operation-Location to /training, first poll running, then succeeded', async () => {
				await filled(route, 'c');
				const res = await face.post(`/${route}/c/train`);
				assert.equal(res.status, 202);
				assert.equal(res.text, '');
				assert.equal(res.headers.get('content-length'), '0');
				assert.equal(res.headers.get('content-type'), null);
				assert.equal(res.headers.get('operation-location'), `${emu.endpoint}/face/v1.2/${route}/c/training`);
				const running = await status(res.headers.get('operation-location')!);
				assert.equal(running.status, 'running');
				assert.match(running.createdDateTime, ISO7);
				assert.equal(running.lastSuccessfulTrainingDateTime, undefined);
				assert.equal(running.message, undefined);
				assert.deepEqual(await emu.control.finishTraining({ route, id: 'c' }), [`${route}/c`]);
				const done = await status(`/${route}/c/training`);
				assert.equal(done.status, 'succeeded');
				assert.equal(done.createdDateTime, running.createdDateTime);
				assert.ok(done.lastActionDateTime >= running.lastActionDateTime);
				assert.equal(done.lastSuccessfulTrainingDateTime, done.lastActionDateTime);
				assert.equal('lastSuccessfulTrainingId' in done, route === 'persongroups', 'lastSuccessfulTrainingId only on person groups');
			});

			it('v1.0 and v1.0-preview: 202 without Operation-Location; later versions send it', async () => {
				for (const v of ['v1.0', 'v1.0-preview', 'v1.1-preview.1', 'v1.2-preview.1']) {
					await filled(route, 'c');
					const res = await face.withVersion(v).post(`/${route}/c/train`);
					assert.equal(res.status, 202, v);
					const location = res.headers.get('operation-location');
					if (v.startsWith('v1.0')) {
						assert.equal(location, null, v);
					} else {
						assert.equal(location, `${emu.endpoint}/face/${v}/${route}/c/training`, v);
					}
					assert.equal((await status(`/${route}/c/training`, face.withVersion(v))).status, 'running');
					await face.delete(`/${route}/c`);
				}
			});

			it(`answers 409 ${prefix}TrainingNotFinished to a train while running`, async () => {
				await filled(route, 'c');
				assert.equal((await face.post(`/${route}/c/train`)).status, 202);
				const again = await face.post(`/${route}/c/train`);
				assert.equal(again.status, 409);
				assert.equal(again.code, `${prefix}TrainingNotFinished`);
				assert.equal(again.message, `${noun} 'c' is under training.`);
				await emu.control.finishTraining();
				assert.equal((await face.post(`/${route}/c/train`)).status, 202, 'a finished training can be restarted');
			});

			it('fails an empty container with a message and keeps the last success on later failures', async () => {
				await face.put(`/${route}/e`, { name: 'E' });
				await face.post(`/${route}/e/train`);
				assert.equal((await status(`/${route}/e/training`)).status, 'running');
				await emu.control.finishTraining();
				const failed = await status(`/${route}/e/training`);
				assert.equal(failed.status, 'failed');
				assert.match(failed.message ?? '', route === 'largefacelists' ? /no persisted face in the large face list/ : /no person or no persisted face/);
				assert.equal(failed.lastSuccessfulTrainingDateTime, undefined);

				await filled(route, 'c');
				await face.post(`/${route}/c/train`);
				await emu.control.finishTraining();
				const ok = await status(`/${route}/c/training`);
				assert.equal(ok.status, 'succeeded');
				// empty it again
				if (route === 'largefacelists') {
					for (const f of (await face.get(`/${route}/c/persistedfaces`)).body as Array<{ persistedFaceId: string }>) {
						await face.delete(`/${route}/c/persistedfaces/${f.persistedFaceId}`);
					}
				} else {
					for (const p of (await face.get(`/${route}/c/persons`)).body as Array<{ personId: string }>) {
						await face.delete(`/${route}/c/persons/${p.personId}`);
					}
				}
				await face.post(`/${route}/c/train`);
				await status(`/${route}/c/training`);
				await emu.control.finishTraining();
				const later = await status(`/${route}/c/training`);
				assert.equal(later.status, 'failed');
				assert.equal(later.lastSuccessfulTrainingDateTime, ok.lastSuccessfulTrainingDateTime);
				assert.ok(later.createdDateTime > ok.createdDateTime, 'createdDateTime is when this run was queued');
			});
		});
	}

	it('says running on the first poll even when training takes 0 ms', async () => {
		await emu.control.setConfig({ trainingMs: 0 });
		await filled('persongroups', 'g');
		await face.post('/persongroups/g/train');
		await new Promise((r) => setTimeout(r, 100));
		assert.equal((await status('/persongroups/g/training')).status, 'running');
		const done = await status('/persongroups/g/training');
		assert.equal(done.status, 'succeeded');
		const took = Date.parse(done.lastActionDateTime) - Date.parse(done.createdDateTime);
		assert.ok(took >= 0 && took < 100, `the training ended when it ended, not when it was looked at (${took} ms)`);
	});

	it('grows the duration with trainingMsPerEntry × entries', async () => {
		await emu.control.setConfig({ trainingMs: 0, trainingMsPerEntry: 60_000 });
		await face.put('/persongroups/none', { name: 'N' });
		await filled('persongroups', 'one');
		await face.post('/persongroups/none/train');
		await face.post('/persongroups/one/train');
		await status('/persongroups/none/training');
		await status('/persongroups/one/training');
		assert.equal((await status('/persongroups/none/training')).status, 'failed', '0 entries: done at once');
		assert.equal((await status('/persongroups/one/training')).status, 'running', '1 entry: 60 s');
	});

	it('runs a "600 s" training fast with timeScale', async () => {
		await emu.control.setConfig({ trainingMs: 600_000, timeScale: 600_000 });
		await filled('largepersongroups', 'big');
		await face.post('/largepersongroups/big/train');
		assert.equal((await status('/largepersongroups/big/training')).status, 'running');
		let last = 'running';
		for (let i = 0; i < 50 && last === 'running'; i++) {
			await new Promise((r) => setTimeout(r, 20));
			last = (await status('/largepersongroups/big/training')).status;
		}
		assert.equal(last, 'succeeded');
	});

	it('identify: 400 NotTrained before training, 409 during, candidates after, using what was trained', async () => {
		await filled('persongroups', 'g', face, 'alice');
		const detect = async (seed: string) =>
			((await face.post('/detect', { bytes: makeTestImage(seed, 1, { variant: 7 }) })).body as Array<{ faceId: string }>)[0].faceId;
		const faceId = await detect('alice');
		const identify = () => face.post('/identify', { json: { faceIds: [faceId], personGroupId: 'g' } });
		const before = await identify();
		assert.equal(before.status, 400);
		assert.equal(before.code, 'PersonGroupNotTrained');
		await face.post('/persongroups/g/train');
		const during = await identify();
		assert.equal(during.status, 409);
		assert.equal(during.code, 'PersonGroupTrainingNotFinished');
		await emu.control.finishTraining();
		const after = (await identify()).body as Array<{ faceId: string; candidates: Array<{ personId: string; confidence: number }> }>;
		const persons = (await face.get('/persongroups/g/persons')).body as Array<{ personId: string }>;
		assert.equal(after[0].faceId, faceId);
		assert.deepEqual(after[0].candidates.map((c) => c.personId), [persons[0].personId]);
		// A person added after training is not identifiable until the next training.
		const { personId } = (await face.post('/persongroups/g/persons', { json: { name: 'Bob' } })).body as { personId: string };
		await face.post(`/persongroups/g/persons/${personId}/persistedfaces`, { bytes: makeTestImage('bob') });
		const bobFace = await detect('bob');
		const stale = (await face.post('/identify', { json: { faceIds: [bobFace], personGroupId: 'g' } })).body as Array<{ candidates: unknown[] }>;
		assert.deepEqual(stale[0].candidates, []);
		await face.post('/persongroups/g/train');
		await emu.control.finishTraining();
		const fresh = (await face.post('/identify', { json: { faceIds: [bobFace], personGroupId: 'g' } })).body as Array<{ candidates: Array<{ personId: string }> }>;
		assert.equal(fresh[0].candidates[0].personId, personId);
	});

	it('find-similar on a LargeFaceList needs training; on a FaceList it does not', async () => {
		await filled('largefacelists', 'l', face, 'carol');
		const { faceId } = ((await face.post('/detect', { bytes: makeTestImage('carol') })).body as Array<{ faceId: string }>)[0];
		const lfl = () => face.post('/findsimilars', { json: { faceId, largeFaceListId: 'l' } });
		assert.equal((await lfl()).code, 'LargeFaceListNotTrained');
		await face.post('/largefacelists/l/train');
		assert.equal((await lfl()).code, 'LargeFaceListTrainingNotFinished');
		await emu.control.finishTraining();
		assert.equal(((await lfl()).body as unknown[]).length, 1);
		await face.put('/facelists/f', { name: 'F' });
		assert.equal((await face.post('/findsimilars', { json: { faceId, faceListId: 'f' } })).code, 'FaceListNotReady');
		await face.post('/facelists/f/persistedfaces', { bytes: makeTestImage('carol', 1, { variant: 2 }) });
		assert.equal(((await face.post('/findsimilars', { json: { faceId, faceListId: 'f' } })).body as unknown[]).length, 1);
	});

	it('GET /operations/{id}: 404 for an unknown id; a control-created operation runs then succeeds', async () => {
		const missing = await face.get('/operations/00000000-0000-4000-8000-000000000000');
		assert.equal(missing.status, 404);
		assert.equal(typeof missing.code, 'string');
		const { operationId } = await emu.control.createOperation({ outcome: 'failed', message: 'nope' });
		const first = (await face.get(`/operations/${operationId}`)).body as Record<string, unknown>;
		assert.equal(first.status, 'running');
		assert.equal(first.operationId, operationId);
		const second = (await face.get(`/operations/${operationId}`)).body as Record<string, unknown>;
		assert.equal(second.status, 'failed');
		assert.equal(second.message, 'nope');
		assert.equal(typeof second.finishedTime, 'string');
		const legacy = (await face.withVersion('v1.0-preview').get(`/operations/${operationId}`)).body as Record<string, unknown>;
		assert.equal(legacy.operationId, undefined);
		const polls = (await emu.control.counters()).polls;
		assert.equal(polls[`operations/${operationId}`], 3);
	});
});
