/**
 * The runner of a picture try (src/images/run.ts) against the emulator: the calls it makes (each billed),
 * the names it finds (from the tree first), the model it detects with, and how it recovers when the
 * container's recognition model is not the one it was told.
 */
import '../support/vscodeShim';
import * as assert from 'node:assert/strict';
import { apiKeyAuth, createFaceClient, UNLIMITED_BUDGET, type FaceApi } from '../../src/face';
import { runTry, type TrySpec } from '../../src/images/run';
import type { TryTarget } from '../../src/images/model';
import { demoId } from '../emulator/demo';
import { makeTestImage } from '../emulator/images';
import { type Emulator, startEmulator } from '../emulator/server';
import { RawFace } from '../emulator/testClient';

describe('images: trying a picture (runTry) against the emulator', () => {
	let emu: Emulator;
	let client: FaceApi;
	const resource = { resourceId: 'r', resourceLabel: 'Demo' };

	before(async () => {
		emu = await startEmulator({ seed: 'demo', trainingMs: 0 });
		client = createFaceClient({ endpoint: emu.endpoint, apiVersion: 'v1.2', auth: apiKeyAuth(emu.key), rateBudget: UNLIMITED_BUDGET });
	});
	after(() => emu.close());
	beforeEach(() => emu.control.resetCounters());

	const spec = (mode: TrySpec['mode'], target: Partial<TryTarget>, bytes: Buffer, recognitionModel?: string): TrySpec => ({
		mode,
		target: { ...resource, ...target },
		recognitionModel,
		image: { name: 'p.png', path: '/p.png', mime: 'image/png', bytes },
	});
	const requests = async () => (await emu.control.counters()).requests;

	it('identify: the enrolled person by name for a new photo, nobody for a stranger; 1 detect + 1 identify + 1 person read', async () => {
		const r = await runTry(client, spec('identify', { kind: 'personGroup', containerId: 'visitors', label: 'Visitors' }, makeTestImage('visitors/dave', 2, { variant: 5, size: 256 }), 'recognition_04'));
		assert.equal(r.faces.length, 2);
		assert.deepEqual(r.faces[0].matches.map((m) => [m.id, m.name]), [[demoId('visitors/dave'), 'Dave Lee']]);
		assert.ok(r.faces[0].matches[0].confidence >= 0.85);
		assert.deepEqual(r.faces[1].matches, [], 'the second face is a stranger');
		assert.equal(r.faces[0].attributes?.qualityForRecognition !== undefined, true, 'detection_03 with recognition_04 rates the quality');
		assert.equal(r.calls, 3);
		assert.deepEqual(await requests(), { 'POST /detect': 1, 'POST /identify': 1, 'GET /persongroups/{personGroupId}/persons/{personId}': 1 });
		assert.equal(r.detectionModel, 'detection_03');
	});

	it('names the tree already holds cost no call; more than 10 faces go in several identify calls', async () => {
		const r = await runTry(
			client,
			spec('identify', { kind: 'personGroup', containerId: 'visitors' }, makeTestImage('visitors/eve', 12, { size: 320 }), 'recognition_04'),
			{ person: (id) => (id === demoId('visitors/eve') ? 'Eve (from the tree)' : undefined), face: () => undefined },
		);
		assert.equal(r.faces.length, 12);
		assert.equal(r.faces.filter((f) => f.matches.length > 0).length, 1);
		assert.equal(r.faces.find((f) => f.matches.length > 0)?.matches[0].name, 'Eve (from the tree)');
		assert.deepEqual(await requests(), { 'POST /detect': 1, 'POST /identify': 2 });
	});

	it('a stale recognition model: the container is read, the picture detected again with its model, and the result says so', async () => {
		const r = await runTry(client, spec('identify', { kind: 'personGroup', containerId: 'visitors', label: 'Visitors' }, makeTestImage('visitors/dave', 1, { variant: 6 }), 'recognition_01'));
		assert.equal(r.recognitionModel, 'recognition_04');
		assert.equal(r.faces[0].matches[0]?.name, 'Dave Lee');
		assert.deepEqual(r.notes, ['Visitors uses recognition_04: the picture was detected again with it.']);
		const req = await requests();
		assert.equal(req['POST /detect'], 2);
		assert.equal(req['GET /persongroups/{personGroupId}'], 1);
	});

	it('without a known model the container is read first; a never-trained group throws …NotTrained for the command to offer training', async () => {
		await assert.rejects(
			runTry(client, spec('identify', { kind: 'personGroup', containerId: 'staff' }, makeTestImage('staff/alice', 1, { variant: 6 }))),
			(e: { code?: string }) => e.code === 'PersonGroupNotTrained',
		);
		const req = await requests();
		assert.equal(req['GET /persongroups/{personGroupId}'], 1, 'the model was read');
		assert.equal(req['POST /detect'], 1);
	});

	it('find similar in a Face List: its userData in one list read; verify against a person', async () => {
		const raw = new RawFace(emu.endpoint, emu.key);
		await raw.post(`/facelists/vip-faces/persistedfaces?userData=judy-badge`, { bytes: makeTestImage('vip-faces/judy', 1, { variant: 8 }) });
		await emu.control.resetCounters();
		const similar = await runTry(client, spec('similar', { kind: 'faceList', containerId: 'vip-faces', matchMode: 'matchFace' }, makeTestImage('vip-faces/judy', 1, { variant: 9 }), 'recognition_04'));
		assert.equal(similar.faces[0].matches.length, 2, 'the demo face and the one just added');
		assert.ok(similar.faces[0].matches.some((m) => m.name === 'judy-badge'));
		assert.deepEqual(await requests(), { 'POST /detect': 1, 'POST /findsimilars': 1, 'GET /facelists/{faceListId}': 1 });

		const verify = await runTry(client, spec('verify', { kind: 'personGroup', containerId: 'staff', personId: demoId('staff/bob'), personName: 'Bob Smith' }, makeTestImage('staff/bob', 2, { variant: 3, size: 128 }), 'recognition_04'));
		assert.deepEqual(verify.faces.map((f) => f.matches[0].isIdentical), [true, false]);
		assert.equal(verify.faces[0].matches[0].name, 'Bob Smith');
	});

	it('find similar in a Large Face List: one read per matched face, none for faces the tree holds', async () => {
		const raw = new RawFace(emu.endpoint, emu.key);
		assert.equal((await raw.post('/largefacelists/catalog/train')).status, 202);
		await emu.control.finishTraining();
		await emu.control.resetCounters();
		const target = { kind: 'largeFaceList' as const, containerId: 'catalog' };
		const read = await runTry(client, spec('similar', target, makeTestImage('catalog/peggy', 1, { variant: 4 }), 'recognition_04'));
		assert.deepEqual(read.faces[0].matches.map((m) => [m.id, m.name]), [[demoId('catalog/peggy'), 'Peggy']]);
		assert.equal((await requests())['GET /largefacelists/{largeFaceListId}/persistedfaces/{persistedFaceId}'], 1);
		await emu.control.resetCounters();
		const held = await runTry(client, spec('similar', target, makeTestImage('catalog/peggy', 1, { variant: 4 }), 'recognition_04'), {
			person: () => undefined,
			face: (id) => (id === demoId('catalog/peggy') ? null : undefined),
		});
		assert.equal(held.faces[0].matches[0].name, undefined, 'the tree holds the face: it has no userData, nothing to read');
		assert.deepEqual(await requests(), { 'POST /detect': 1, 'POST /findsimilars': 1 });
	});

	it('detect: no face ids (no Limited Access needed), detection_01 with the quality attributes of the model', async () => {
		await emu.control.setConfig({ limitedAccess: false });
		try {
			const r = await runTry(client, spec('detect', {}, makeTestImage('crowd', 3, { size: 192 }), 'recognition_04'));
			assert.equal(r.faces.length, 3);
			assert.deepEqual(Object.keys(r.faces[0].attributes ?? {}).sort(), ['accessories', 'blur', 'exposure', 'headPose', 'noise', 'occlusion', 'qualityForRecognition']);
			const old = await runTry(client, spec('detect', {}, makeTestImage('crowd', 1), 'recognition_01'));
			assert.equal(old.faces[0].attributes?.qualityForRecognition, undefined, 'recognition_01 has no quality rating');
			assert.deepEqual(await requests(), { 'POST /detect': 2 });
		} finally {
			await emu.control.setConfig({ limitedAccess: true });
		}
	});
});
