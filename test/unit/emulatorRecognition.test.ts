import * as assert from 'node:assert/strict';
import { inflateSync } from 'node:zlib';
import { demoId } from '../emulator/demo';
import { makeTestImage } from '../emulator/images';
import { type Emulator, startEmulator } from '../emulator/server';
import { RawFace } from '../emulator/testClient';

interface Detected {
	faceId: string;
	faceRectangle: { top: number; left: number; width: number; height: number };
	recognitionModel?: string;
}

/** Decodes the PNG chunks, checking each CRC-bearing chunk layout, and returns the chunk types and IHDR size. */
function pngChunks(png: Buffer): { types: string[]; width: number; pixels: number } {
	assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
	const types: string[] = [];
	let width = 0;
	const idat: Buffer[] = [];
	for (let at = 8; at < png.length; ) {
		const len = png.readUInt32BE(at);
		const type = png.subarray(at + 4, at + 8).toString('latin1');
		types.push(type);
		if (type === 'IHDR') {
			width = png.readUInt32BE(at + 8);
		}
		if (type === 'IDAT') {
			idat.push(png.subarray(at + 8, at + 8 + len));
		}
		at += 12 + len;
	}
	return { types, width, pixels: inflateSync(Buffer.concat(idat)).length };
}

describe('emulator: synthetic detection and recognition', () => {
	let emu: Emulator;
	let face: RawFace;

	before(async () => {
		emu = await startEmulator({ seed: 'demo' });
		face = new RawFace(emu.endpoint, emu.key);
	});
	after(() => emu.close());

	const detect = async (bytes: Buffer, query = '') => (await face.post(`/detect${query}`, { bytes })).body as Detected[];

	it('makeTestImage makes a well-formed PNG of at least 1 KB, deterministic per seed and variant', () => {
		const a = makeTestImage('x');
		assert.ok(a.length >= 1024);
		const { types, width, pixels } = pngChunks(a);
		assert.deepEqual(types.slice(0, 1), ['IHDR']);
		assert.equal(types.at(-1), 'IEND');
		assert.equal(pixels, 64 * (1 + 64 * 3));
		assert.equal(width, 64);
		assert.ok(a.equals(makeTestImage('x')));
		assert.ok(!a.equals(makeTestImage('x', 1, { variant: 1 })));
		assert.ok(!a.equals(makeTestImage('y')));
		assert.equal(makeTestImage('x', 1, { exactBytes: 5000 }).length, 5000);
	});

	it('detects the number of faces an image carries, largest first', async () => {
		assert.equal((await detect(makeTestImage('a'))).length, 1);
		assert.deepEqual(await detect(makeTestImage('a', 0)), []);
		const three = await detect(makeTestImage('a', 3));
		assert.equal(three.length, 3);
		const areas = three.map((f) => f.faceRectangle.width * f.faceRectangle.height);
		assert.deepEqual(areas, [...areas].sort((x, y) => y - x));
		assert.equal(new Set(three.map((f) => f.faceId)).size, 3);
	});

	it('treats an ordinary JPEG or PNG without the marker as one face, the same person each time', async () => {
		const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(3000, 0x42), Buffer.from([0xff, 0xd9])]);
		const [a] = await detect(jpeg);
		const [b] = await detect(jpeg);
		assert.deepEqual(a.faceRectangle, b.faceRectangle);
		const verify = (await face.post('/verify', { json: { faceId1: a.faceId, faceId2: b.faceId } })).body as { isIdentical: boolean; confidence: number };
		assert.equal(verify.isIdentical, true);
		assert.ok(verify.confidence >= 0.5);
	});

	it('detects from a URL without fetching it', async () => {
		const res = await face.post('/detect?returnRecognitionModel=true&recognitionModel=recognition_04', { json: { url: 'https://example.com/x.jpg' } });
		const faces = res.body as Detected[];
		assert.equal(faces.length, 1);
		assert.equal(faces[0].recognitionModel, 'recognition_04');
		assert.equal(((await face.post('/detect', { json: { url: 'https://example.com/x.jpg?faces=2' } })).body as unknown[]).length, 2);
		assert.equal((await face.post('/detect', { json: { url: 'ftp://example.com/x.jpg' } })).code, 'InvalidURL');
	});

	it('returns no faceId when returnFaceId=false and validates models', async () => {
		const [f] = await detect(makeTestImage('a'), '?returnFaceId=false');
		assert.equal(f.faceId, undefined);
		assert.equal((await face.post('/detect?recognitionModel=recognition_77', { bytes: makeTestImage('a') })).code, 'BadArgument');
		assert.equal((await face.post('/detect?detectionModel=detection_77', { bytes: makeTestImage('a') })).code, 'BadArgument');
	});

	it('identifies a demo visitor from a new photo of the same seed', async () => {
		const [f] = await detect(makeTestImage('visitors/dave', 1, { variant: 9 }), '?recognitionModel=recognition_04');
		const res = await face.post('/identify', { json: { faceIds: [f.faceId], personGroupId: 'visitors', maxNumOfCandidatesReturned: 3 } });
		assert.equal(res.status, 200, res.text);
		const [result] = res.body as Array<{ faceId: string; candidates: Array<{ personId: string; confidence: number }> }>;
		assert.equal(result.candidates.length, 1);
		assert.equal(result.candidates[0].personId, demoId('visitors/dave'));
		const person = (await face.get(`/persongroups/visitors/persons/${result.candidates[0].personId}`)).body as { name: string };
		assert.equal(person.name, 'Dave Lee');
	});

	it('finds nobody for a stranger; in a group photo only the seed person is known', async () => {
		const [stranger] = await detect(makeTestImage('nobody'), '?recognitionModel=recognition_04');
		const res = (await face.post('/identify', { json: { faceIds: [stranger.faceId], personGroupId: 'visitors' } })).body as Array<{ candidates: unknown[] }>;
		assert.deepEqual(res[0].candidates, []);
		const group = await detect(makeTestImage('visitors/dave', 2), '?recognitionModel=recognition_04');
		const both = (await face.post('/identify', { json: { faceIds: group.map((f) => f.faceId), personGroupId: 'visitors' } })).body as Array<{
			candidates: Array<{ personId: string }>;
		}>;
		assert.deepEqual(
			both.flatMap((r) => r.candidates.map((c) => c.personId)),
			[demoId('visitors/dave')],
			'face 0 of a group photo is the seed person, the other one is a stranger',
		);
	});

	it('rejects identify with a face of another recognition model, unknown faces and bad arguments', async () => {
		const [f01] = await detect(makeTestImage('visitors/dave'));
		assert.equal((await face.post('/identify', { json: { faceIds: [f01.faceId], personGroupId: 'visitors' } })).code, 'BadArgument');
		const unknown = '00000000-0000-4000-8000-000000000000';
		assert.equal((await face.post('/identify', { json: { faceIds: [unknown], personGroupId: 'visitors' } })).code, 'FaceNotFound');
		assert.equal((await face.post('/identify', { json: { faceIds: [], personGroupId: 'visitors' } })).code, 'BadArgument');
		assert.equal((await face.post('/identify', { json: { faceIds: [f01.faceId], personGroupId: 'nope' } })).code, 'PersonGroupNotFound');
		assert.equal((await face.post('/identify', { json: { faceIds: [f01.faceId], largePersonGroupId: 'employees' } })).code, 'BadArgument');
	});

	it('find-similar against faceIds and a FaceList; verify face to person', async () => {
		const [a] = await detect(makeTestImage('vip-faces/judy', 1, { variant: 3 }), '?recognitionModel=recognition_04');
		const [b] = await detect(makeTestImage('vip-faces/judy', 1, { variant: 4 }), '?recognitionModel=recognition_04');
		const [c] = await detect(makeTestImage('someone-else'), '?recognitionModel=recognition_04');
		const similar = (await face.post('/findsimilars', { json: { faceId: a.faceId, faceIds: [b.faceId, c.faceId] } })).body as Array<{ faceId: string }>;
		assert.deepEqual(similar.map((s) => s.faceId), [b.faceId]);
		const inList = (await face.post('/findsimilars', { json: { faceId: a.faceId, faceListId: 'vip-faces' } })).body as Array<{ persistedFaceId: string }>;
		assert.deepEqual(inList.map((s) => s.persistedFaceId), [demoId('vip-faces/judy')]);
		const [alice] = await detect(makeTestImage('staff/alice', 1, { variant: 5 }), '?recognitionModel=recognition_04');
		const yes = (await face.post('/verify', { json: { faceId: alice.faceId, personId: demoId('staff/alice'), personGroupId: 'staff' } })).body as { isIdentical: boolean };
		const no = (await face.post('/verify', { json: { faceId: alice.faceId, personId: demoId('staff/bob'), personGroupId: 'staff' } })).body as { isIdentical: boolean };
		assert.equal(yes.isIdentical, true);
		assert.equal(no.isIdentical, false);
	});
});
