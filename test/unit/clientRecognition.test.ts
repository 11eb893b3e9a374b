/** Detect, identify, find-similar and verify through the Face client, on the emulator's demo data. */
import * as assert from 'node:assert/strict';
import { FaceApiError, FaceUsageError } from '../../src/face';
import { makeTestImage } from '../emulator/images';
import { caught, useEmulator } from './clientSupport';

describe('Face client: recognition (emulator demo data)', () => {
	const h = useEmulator({ seed: 'demo' });

	it('detect: one face id per face, rectangles, query options sent', async () => {
		const client = h.client();
		const faces = await client.detect({ bytes: makeTestImage('crowd', 3) }, { recognitionModel: 'recognition_04', detectionModel: 'detection_03', returnRecognitionModel: true });
		assert.equal(faces.length, 3);
		for (const f of faces) {
			assert.match(f.faceId ?? '', /^[0-9a-f-]{36}$/);
			assert.ok(f.faceRectangle.width > 0 && f.faceRectangle.height > 0);
		}
		const q = new URL(h.log[0].path, 'http://x').searchParams;
		assert.equal(q.get('returnFaceId'), 'true');
		assert.equal(q.get('recognitionModel'), 'recognition_04');
		assert.equal(q.get('detectionModel'), 'detection_03');
	});

	it('identify against a trained person group finds the person', async () => {
		const client = h.client();
		const [face] = await client.detect({ bytes: makeTestImage('visitors/dave', 1, { variant: 7 }) }, { recognitionModel: 'recognition_04' });
		const [result] = await client.identify([face.faceId!], { kind: 'personGroup', id: 'visitors' }, { maxNumOfCandidatesReturned: 2 });
		assert.equal(result.faceId, face.faceId);
		const dave = (await client.listPersons('personGroup', 'visitors')).find((p) => p.name === 'Dave Lee');
		assert.equal(result.candidates[0]?.personId, dave?.personId);
		assert.ok(result.candidates[0].confidence > 0.5);
	});

	it('identify against a never-trained group → 400 PersonGroupNotTrained', async () => {
		const client = h.client();
		const [face] = await client.detect({ bytes: makeTestImage('staff/alice') }, { recognitionModel: 'recognition_04' });
		const e = await caught(() => client.identify([face.faceId!], { kind: 'personGroup', id: 'staff' }));
		assert.ok(FaceApiError.is(e));
		assert.equal(e.status, 400);
		assert.equal(e.code, 'PersonGroupNotTrained');
		assert.ok(FaceApiError.isNotTrained(e));
	});

	it('find-similar in a face list and among face ids; identify refuses a face list', async () => {
		const client = h.client();
		const [judy] = await client.detect({ bytes: makeTestImage('vip-faces/judy', 1, { variant: 3 }) }, { recognitionModel: 'recognition_04' });
		const similar = await client.findSimilar(judy.faceId!, { kind: 'faceList', id: 'vip-faces' }, { mode: 'matchFace' });
		const list = await client.getFaceList('vip-faces');
		const judyFace = list.persistedFaces.find((f) => f.userData === 'Judy');
		assert.equal(similar[0]?.persistedFaceId, judyFace?.persistedFaceId);

		const [again] = await client.detect({ bytes: makeTestImage('vip-faces/judy', 1, { variant: 4 }) }, { recognitionModel: 'recognition_04' });
		const byIds = await client.findSimilar(judy.faceId!, { faceIds: [again.faceId!] });
		assert.equal(byIds[0]?.faceId, again.faceId);

		assert.ok(FaceUsageError.is(await caught(() => client.identify([judy.faceId!], { kind: 'faceList', id: 'vip-faces' }))));
	});

	it('verify two faces, and a face against a person', async () => {
		const client = h.client();
		const detect = async (seed: string, variant: number) =>
			(await client.detect({ bytes: makeTestImage(seed, 1, { variant }) }, { recognitionModel: 'recognition_04' }))[0].faceId!;
		const a1 = await detect('employees/grace', 5);
		const a2 = await detect('employees/grace', 6);
		const b = await detect('employees/frank', 5);
		assert.equal((await client.verify(a1, a2)).isIdentical, true);
		assert.equal((await client.verify(a1, b)).isIdentical, false);
		const grace = (await client.listPersons('largePersonGroup', 'employees')).find((p) => p.name === 'Grace Kim')!;
		const toPerson = await client.verifyToPerson(a1, { kind: 'largePersonGroup', id: 'employees', personId: grace.personId });
		assert.equal(toPerson.isIdentical, true);
	});
});
