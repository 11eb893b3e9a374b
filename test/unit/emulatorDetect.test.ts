/**
 * The emulator's detect as a picture needs it: rectangles in the image's pixels (where `makeTestImage` paints the
 * faces), attributes and landmarks per detection model and API version, the documented identify limits, the
 * not-trained, model-mismatch and Limited Access errors.
 */
import * as assert from 'node:assert/strict';
import { makeTestImage } from '../emulator/images';
import { imageSize } from '../emulator/faces';
import { type Emulator, startEmulator } from '../emulator/server';
import { RawFace } from '../emulator/testClient';

interface Rect {
	top: number;
	left: number;
	width: number;
	height: number;
}
interface Detected {
	faceId?: string;
	faceRectangle: Rect;
	faceAttributes?: Record<string, unknown>;
	faceLandmarks?: Record<string, { x: number; y: number }>;
}

describe('emulator: detect for pictures (rectangles, attributes, limits, errors)', () => {
	let emu: Emulator;
	let face: RawFace;

	before(async () => {
		emu = await startEmulator({ seed: 'demo' });
		face = new RawFace(emu.endpoint, emu.key);
	});
	after(() => emu.close());
	afterEach(() => emu.control.setConfig({ limitedAccess: true }));

	const detect = async (bytes: Buffer, query = '', f = face) => {
		const res = await f.post(`/detect${query}`, { bytes });
		assert.equal(res.status, 200, res.text);
		return res.body as Detected[];
	};

	it('reads the size of PNG, JPEG, GIF and BMP headers', () => {
		assert.deepEqual(imageSize(makeTestImage('a', 1, { size: 200 })), { width: 200, height: 200 });
		const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 4, 0, 0, 0xff, 0xc0, 0, 11, 8, 0x01, 0xe0, 0x02, 0x80, 3, 0, 0, 0]);
		assert.deepEqual(imageSize(jpeg), { width: 640, height: 480 });
		const gif = Buffer.concat([Buffer.from('GIF89a', 'latin1'), Buffer.from([0x20, 0x03, 0x58, 0x02])]);
		assert.deepEqual(imageSize(gif), { width: 800, height: 600 });
		const bmp = Buffer.alloc(30);
		bmp.write('BM', 0, 'latin1');
		bmp.writeInt32LE(300, 18);
		bmp.writeInt32LE(-150, 22);
		assert.deepEqual(imageSize(bmp), { width: 300, height: 150 });
		assert.equal(imageSize(Buffer.from([0xff, 0xd8, 0x00])), undefined);
	});

	it('puts each face of a test image inside the picture, on the painted disc, none overlapping', async () => {
		const one = await detect(makeTestImage('a', 1, { size: 256 }));
		assert.deepEqual(one[0].faceRectangle, { left: 26, top: 26, width: 205, height: 205 }, 'one face: the centred disc of radius 0.4 × 256');
		const six = await detect(makeTestImage('a', 6, { size: 320 }));
		assert.equal(six.length, 6);
		for (const f of six) {
			const r = f.faceRectangle;
			assert.ok(r.left >= 0 && r.top >= 0 && r.left + r.width <= 320 && r.top + r.height <= 320, JSON.stringify(r));
		}
		for (let i = 0; i < six.length; i++) {
			for (let j = i + 1; j < six.length; j++) {
				const a = six[i].faceRectangle;
				const b = six[j].faceRectangle;
				const apart = a.left + a.width <= b.left || b.left + b.width <= a.left || a.top + a.height <= b.top || b.top + b.height <= a.top;
				assert.ok(apart, `faces ${i} and ${j} overlap`);
			}
		}
	});

	it('returns attributes per detection model: detection_01 the full set, detection_03 its four, detection_02 none', async () => {
		const image = makeTestImage('attr', 1, { size: 128 });
		const q = 'returnFaceId=false&recognitionModel=recognition_04';
		const [d1] = await detect(image, `?${q}&detectionModel=detection_01&returnFaceAttributes=headPose,blur,exposure,noise,occlusion,qualityForRecognition`);
		assert.deepEqual(Object.keys(d1.faceAttributes!).sort(), ['blur', 'exposure', 'headPose', 'noise', 'occlusion', 'qualityForRecognition']);
		assert.ok(['low', 'medium', 'high'].includes(d1.faceAttributes!.qualityForRecognition as string));
		const [d3] = await detect(image, `?${q}&detectionModel=detection_03&returnFaceAttributes=headPose,blur,mask,qualityForRecognition&returnFaceLandmarks=true`);
		assert.deepEqual(Object.keys(d3.faceAttributes!).sort(), ['blur', 'headPose', 'mask', 'qualityForRecognition']);
		assert.equal(Object.keys(d3.faceLandmarks!).length, 27);
		const r = d3.faceRectangle;
		for (const p of Object.values(d3.faceLandmarks!)) {
			assert.ok(p.x >= r.left && p.x <= r.left + r.width && p.y >= r.top && p.y <= r.top + r.height, 'landmarks inside the face');
		}
		const [again] = await detect(image, `?${q}&detectionModel=detection_03&returnFaceAttributes=headPose,blur,mask,qualityForRecognition`);
		assert.deepEqual(again.faceAttributes, d3.faceAttributes, 'the same face, the same attributes');
		const refused = async (query: string, pattern: RegExp, f = face) => {
			const res = await f.post(`/detect?${query}`, { bytes: image });
			assert.equal(res.status, 400, res.text);
			assert.equal(res.code, 'BadArgument');
			assert.match(res.message ?? '', pattern);
		};
		await refused('detectionModel=detection_02&returnFaceAttributes=headPose', /'headPose' is not supported by detection model 'detection_02'/);
		await refused('detectionModel=detection_02&returnFaceLandmarks=true', /landmarks.*detection_02/);
		await refused('detectionModel=detection_03&returnFaceAttributes=glasses', /'glasses'.*detection_03/);
		await refused('detectionModel=detection_01&recognitionModel=recognition_01&returnFaceAttributes=qualityForRecognition', /recognition_03.*recognition_04/);
		await refused('returnFaceAttributes=emotion', /'emotion' is not a face attribute/);
		// v1.0: detection_03 has only mask and qualityForRecognition; the retired attributes are still there.
		await refused('detectionModel=detection_03&recognitionModel=recognition_04&returnFaceAttributes=headPose', /'headPose'.*detection_03/, face.withVersion('v1.0'));
		const [legacy] = await detect(image, '?returnFaceAttributes=emotion,gender', face.withVersion('v1.0'));
		assert.deepEqual(Object.keys(legacy.faceAttributes!).sort(), ['emotion', 'gender']);
	});

	it('identify: 1–10 face ids, maxNumOfCandidatesReturned 1–100, confidenceThreshold 0–1', async () => {
		const faces = await detect(makeTestImage('visitors/dave', 11, { size: 256 }), '?recognitionModel=recognition_04');
		const ids = faces.map((f) => f.faceId);
		const identify = (body: Record<string, unknown>) => face.post('/identify', { json: { personGroupId: 'visitors', ...body } });
		assert.equal((await identify({ faceIds: ids.slice(0, 10) })).status, 200);
		assert.match((await identify({ faceIds: ids })).message ?? '', /1 to 10/);
		for (const max of [0, 101, 1.5]) {
			assert.equal((await identify({ faceIds: ids.slice(0, 1), maxNumOfCandidatesReturned: max })).code, 'BadArgument', `max ${max}`);
		}
		assert.equal((await identify({ faceIds: ids.slice(0, 1), maxNumOfCandidatesReturned: 100 })).status, 200);
		for (const threshold of [-0.1, 1.1, 'high']) {
			assert.equal((await identify({ faceIds: ids.slice(0, 1), confidenceThreshold: threshold })).code, 'BadArgument', `threshold ${String(threshold)}`);
		}
		const all = (await identify({ faceIds: ids.slice(0, 1), confidenceThreshold: 0 })).body as Array<{ candidates: Array<{ confidence: number }> }>;
		assert.ok(all[0].candidates[0].confidence >= 0.85, 'the same synthetic face: high confidence');
		const none = (await identify({ faceIds: ids.slice(0, 1), confidenceThreshold: 1 })).body as Array<{ candidates: unknown[] }>;
		assert.deepEqual(none[0].candidates, [], 'a threshold of 1 keeps nobody');
	});

	it('identify in a never-trained group → 400 PersonGroupNotTrained; a face of another model → BadArgument naming both', async () => {
		const [f04] = await detect(makeTestImage('staff/alice', 1, { variant: 7 }), '?recognitionModel=recognition_04');
		const notTrained = await face.post('/identify', { json: { faceIds: [f04.faceId], personGroupId: 'staff' } });
		assert.equal(notTrained.status, 400);
		assert.equal(notTrained.code, 'PersonGroupNotTrained');
		const [f01] = await detect(makeTestImage('visitors/dave', 1, { variant: 7 }));
		const mismatch = await face.post('/identify', { json: { faceIds: [f01.faceId], personGroupId: 'visitors' } });
		assert.equal(mismatch.code, 'BadArgument');
		assert.match(mismatch.message ?? '', /'recognition_01'.*'recognition_04'/);
	});

	it('without Limited Access: identify, verify, find-similar and a detect with face ids → 403 UnsupportedFeature', async () => {
		const [f] = await detect(makeTestImage('visitors/dave', 1, { variant: 2 }), '?recognitionModel=recognition_04');
		await emu.control.setConfig({ limitedAccess: false });
		const calls = [
			face.post('/detect', { bytes: makeTestImage('x') }),
			face.post('/identify', { json: { faceIds: [f.faceId], personGroupId: 'visitors' } }),
			face.post('/verify', { json: { faceId1: f.faceId, faceId2: f.faceId } }),
			face.post('/findsimilars', { json: { faceId: f.faceId, faceListId: 'vip-faces' } }),
		];
		for (const res of await Promise.all(calls)) {
			assert.equal(res.status, 403, res.text);
			assert.equal(res.code, 'UnsupportedFeature');
			assert.match(res.message ?? '', /aka\.ms\/facerecognition/);
		}
		assert.equal((await face.post('/detect?returnFaceId=false', { bytes: makeTestImage('x') })).status, 200, 'detection without face ids needs no approval');
	});
});
