import * as assert from 'node:assert/strict';
import { makeTestImage } from '../emulator/images';
import { type Emulator, startEmulator } from '../emulator/server';
import { RawFace } from '../emulator/testClient';

interface Detected {
	faceRectangle: { top: number; left: number; width: number; height: number };
	faceAttributes?: { qualityForRecognition?: string };
}

const QUALITY = '?detectionModel=detection_03&recognitionModel=recognition_04&returnFaceId=false&returnFaceAttributes=qualityForRecognition';

describe('emulator: qualityForRecognition, several faces, targetFace (enrollment)', () => {
	let emu: Emulator;
	let face: RawFace;

	before(async () => {
		emu = await startEmulator({});
		face = new RawFace(emu.endpoint, emu.key);
	});
	after(() => emu.close());

	const detect = async (bytes: Buffer, query: string) => {
		const res = await face.post(`/detect${query}`, { bytes });
		assert.equal(res.status, 200, res.text);
		return res.body as Detected[];
	};

	it('says high for a test image, low or medium when the image was made so, and only when asked', async () => {
		assert.deepEqual((await detect(makeTestImage('q'), QUALITY))[0].faceAttributes, { qualityForRecognition: 'high' });
		assert.deepEqual((await detect(makeTestImage('q', 1, { quality: 'low' }), QUALITY))[0].faceAttributes, { qualityForRecognition: 'low' });
		assert.deepEqual((await detect(makeTestImage('q', 1, { quality: 'medium' }), QUALITY))[0].faceAttributes, { qualityForRecognition: 'medium' });
		assert.equal((await detect(makeTestImage('q', 1, { quality: 'low' }), '?returnFaceId=false'))[0].faceAttributes, undefined);
		// The quality does not change who is on the picture: the same seed is the same face box.
		assert.deepEqual((await detect(makeTestImage('q', 1, { quality: 'low' }), QUALITY))[0].faceRectangle, (await detect(makeTestImage('q'), QUALITY))[0].faceRectangle);
	});

	it('gives every face of a group photo its quality, and takes the attribute from URLs too', async () => {
		const group = await detect(makeTestImage('g', 3, { quality: 'low' }), QUALITY);
		assert.deepEqual(group.map((f) => f.faceAttributes?.qualityForRecognition), ['low', 'low', 'low']);
		const res = await face.post(`/detect${QUALITY}`, { json: { url: 'https://example.com/a.jpg?quality=low' } });
		assert.equal((res.body as Detected[])[0].faceAttributes?.qualityForRecognition, 'low');
	});

	it('refuses qualityForRecognition with detection_02 or an old recognition model, and unknown attributes', async () => {
		const img = makeTestImage('q');
		const d2 = await face.post('/detect?detectionModel=detection_02&recognitionModel=recognition_04&returnFaceAttributes=qualityForRecognition', { bytes: img });
		assert.equal(d2.status, 400);
		assert.equal(d2.code, 'BadArgument');
		assert.match(d2.message ?? '', /qualityForRecognition/);
		const r1 = await face.post('/detect?detectionModel=detection_03&returnFaceAttributes=qualityForRecognition', { bytes: img });
		assert.equal(r1.code, 'BadArgument', 'recognition_01 is the default model and has no quality attribute');
		assert.equal((await face.post('/detect?returnFaceAttributes=eyeColour', { bytes: img })).code, 'BadArgument');
		// Attributes the detector accepts but does not compute stay accepted.
		assert.equal((await face.post('/detect?returnFaceAttributes=headPose,blur', { bytes: img })).status, 200);
	});

	it('adds one face of a multi-face image only with targetFace, the face under the rectangle', async () => {
		assert.equal((await face.put('/persongroups/q', { name: 'Q', recognitionModel: 'recognition_04' })).status, 200);
		const person = (await face.post('/persongroups/q/persons', { json: { name: 'P' } })).body as { personId: string };
		const img = makeTestImage('pair', 2);
		const refused = await face.post(`/persongroups/q/persons/${person.personId}/persistedfaces?detectionModel=detection_03`, { bytes: img });
		assert.equal(refused.code, 'InvalidImage');
		assert.match(refused.message ?? '', /more than 1 face/);
		const faces = await detect(img, '?returnFaceId=false');
		const r = faces[1].faceRectangle;
		const added = await face.post(`/persongroups/q/persons/${person.personId}/persistedfaces?targetFace=${r.left},${r.top},${r.width},${r.height}`, { bytes: img });
		assert.equal(added.status, 200, added.text);
	});
});
