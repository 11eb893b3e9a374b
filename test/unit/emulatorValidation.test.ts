import * as assert from 'node:assert/strict';
import { makeTestImage } from '../emulator/images';
import { type Emulator, startEmulator } from '../emulator/server';
import { RawFace, type RawResponse } from '../emulator/testClient';

function expectError(res: RawResponse, status: number, code: string, message?: string | RegExp): void {
	assert.equal(res.status, status, `${res.status} ${res.text}`);
	assert.equal(res.code, code, res.text);
	if (typeof message === 'string') {
		assert.equal(res.message, message);
	} else if (message) {
		assert.match(res.message ?? '', message);
	}
}

describe('emulator: validation, paging, quotas', () => {
	let emu: Emulator;
	let face: RawFace;
	const image = makeTestImage('validation-person');

	before(async () => {
		emu = await startEmulator();
		face = new RawFace(emu.endpoint, emu.key);
	});
	after(() => emu.close());
	beforeEach(() => emu.control.reset());

	async function personWithFace(group = 'g'): Promise<string> {
		await face.put(`/persongroups/${group}`, { name: 'G' });
		const personId = ((await face.post(`/persongroups/${group}/persons`, { json: { name: 'P' } })).body as { personId: string }).personId;
		return personId;
	}

	it('rejects invalid container ids for each kind with "<Kind> ID is invalid."', async () => {
		const cases: Array<[string, string]> = [
			['persongroups', 'Person group ID is invalid.'],
			['largepersongroups', 'Large person group ID is invalid.'],
			['facelists', 'Face list ID is invalid.'],
			['largefacelists', 'Large face list ID is invalid.'],
		];
		for (const [route, message] of cases) {
			for (const id of ['Upper', 'has space', 'a'.repeat(65), 'dot.ted']) {
				expectError(await face.put(`/${route}/${encodeURIComponent(id)}`, { name: 'x' }), 400, 'BadArgument', message);
			}
			assert.equal((await face.put(`/${route}/${'a'.repeat(64)}`, { name: 'x' })).status, 200);
			assert.equal((await face.put(`/${route}/a-b_c-0`, { name: 'x' })).status, 200);
		}
	});

	it('requires a name of 1–128 characters on create and limits userData to 16 KB', async () => {
		expectError(await face.put('/persongroups/g', {}), 400, 'BadArgument', /name/);
		expectError(await face.put('/persongroups/g', { name: '' }), 400, 'BadArgument', /name/);
		expectError(await face.put('/persongroups/g', { name: 'n'.repeat(129) }), 400, 'BadArgument', /name/);
		expectError(await face.put('/persongroups/g', { name: 'ok', userData: 'u'.repeat(16385) }), 400, 'BadArgument', /userData/);
		assert.equal((await face.put('/persongroups/g', { name: 'n'.repeat(128), userData: 'u'.repeat(16384) })).status, 200);
		expectError(await face.post('/persongroups/g/persons', { json: { name: '' } }), 400, 'BadArgument', /name/);
	});

	it('answers a broken JSON body with 400 BadArgument', async () => {
		expectError(await face.call('PUT', '/persongroups/g', { text: '{"name": ' }), 400, 'BadArgument');
		expectError(await face.call('PUT', '/persongroups/g', { text: '[1]' }), 400, 'BadArgument');
	});

	it('validates recognitionModel and returns it only when asked', async () => {
		expectError(await face.put('/persongroups/g', { name: 'G', recognitionModel: 'recognition_99' }), 400, 'BadArgument');
		await face.put('/persongroups/g', { name: 'G', recognitionModel: 'recognition_04' });
		assert.deepEqual((await face.get('/persongroups/g')).body, { personGroupId: 'g', name: 'G' });
		assert.deepEqual((await face.get('/persongroups/g?returnRecognitionModel=true')).body, {
			personGroupId: 'g',
			name: 'G',
			recognitionModel: 'recognition_04',
		});
		await face.put('/facelists/f', { name: 'F' });
		assert.equal(((await face.get('/facelists?returnRecognitionModel=true')).body as Array<{ recognitionModel: string }>)[0].recognitionModel, 'recognition_01');
	});

	it('answers 409 …Exists and 404 …NotFound with the id in the message', async () => {
		await face.put('/largepersongroups/lpg', { name: 'L' });
		expectError(await face.put('/largepersongroups/lpg', { name: 'L' }), 409, 'LargePersonGroupExists', /'lpg'/);
		expectError(await face.get('/largefacelists/nope'), 404, 'LargeFaceListNotFound', "Large face list 'nope' is not found.");
		expectError(await face.get('/persongroups/sample_group'), 404, 'PersonGroupNotFound', "Person group 'sample_group' is not found.");
		const missing = '00000000-0000-4000-8000-000000000000';
		expectError(await face.get(`/largepersongroups/lpg/persons/${missing}`), 404, 'PersonNotFound', new RegExp(missing));
		const personId = await personWithFace();
		expectError(await face.get(`/persongroups/g/persons/${personId}/persistedfaces/${missing}`), 404, 'PersistedFaceNotFound', new RegExp(missing));
	});

	it('rejects a PATCH of a Large* container or person with neither name nor userData', async () => {
		await face.put('/largefacelists/l', { name: 'L' });
		expectError(await face.patch('/largefacelists/l', {}), 400, 'BadArgument', "Both 'name' and 'userData' are empty.");
		await face.put('/largepersongroups/l', { name: 'L' });
		expectError(await face.patch('/largepersongroups/l', {}), 400, 'BadArgument', "Both 'name' and 'userData' are empty.");
		assert.equal((await face.patch('/largefacelists/l', { userData: 'u' })).status, 200);
		assert.deepEqual((await face.get('/largefacelists/l')).body, { largeFaceListId: 'l', name: 'L', userData: 'u' });
		await face.put('/persongroups/g', { name: 'G' });
		assert.equal((await face.patch('/persongroups/g', {})).status, 200, 'PersonGroup PATCH may be empty');
	});

	it('pages ascending by id with exclusive start and top 1–1000', async () => {
		for (const id of ['c', 'a', 'e', 'b', 'd']) {
			await face.put(`/largefacelists/${id}`, { name: id.toUpperCase() });
		}
		const ids = async (q: string) => ((await face.get(`/largefacelists${q}`)).body as Array<{ largeFaceListId: string }>).map((x) => x.largeFaceListId);
		assert.deepEqual(await ids(''), ['a', 'b', 'c', 'd', 'e']);
		assert.deepEqual(await ids('?top=2'), ['a', 'b']);
		assert.deepEqual(await ids('?start=b&top=2'), ['c', 'd']);
		assert.deepEqual(await ids('?start=e'), []);
		for (const top of ['0', '1001', 'x', '-1']) {
			expectError(await face.get(`/largefacelists?top=${top}`), 400, 'BadArgument', "'top' is invalid.");
		}
		expectError(await face.get(`/largefacelists?start=${'s'.repeat(65)}`), 400, 'BadArgument', "'start' is too long.");
	});

	it('pages persons by personId', async () => {
		await face.put('/persongroups/g', { name: 'G' });
		for (let i = 0; i < 5; i++) {
			await face.post('/persongroups/g/persons', { json: { name: `P${i}` } });
		}
		const all = ((await face.get('/persongroups/g/persons')).body as Array<{ personId: string }>).map((p) => p.personId);
		assert.deepEqual(all, [...all].sort());
		const next = ((await face.get(`/persongroups/g/persons?start=${all[1]}&top=2`)).body as Array<{ personId: string }>).map((p) => p.personId);
		assert.deepEqual(next, all.slice(2, 4));
	});

	it('does not page FaceLists and embeds their faces', async () => {
		await face.put('/facelists/f', { name: 'F' });
		const added = (await face.post('/facelists/f/persistedfaces?userData=hello', { bytes: image })).body as { persistedFaceId: string };
		assert.deepEqual((await face.get('/facelists/f')).body, {
			faceListId: 'f',
			name: 'F',
			persistedFaces: [{ persistedFaceId: added.persistedFaceId, userData: 'hello' }],
		});
		assert.deepEqual((await face.get('/facelists?top=0')).body, [{ faceListId: 'f', name: 'F' }], 'top is ignored');
	});

	it('checks image size, format, face count and targetFace on add-face', async () => {
		const personId = await personWithFace();
		const path = `/persongroups/g/persons/${personId}/persistedfaces`;
		expectError(await face.post(path, { bytes: makeTestImage('s', 1, { exactBytes: 1023 }) }), 400, 'InvalidImageSize');
		expectError(await face.post(path, { bytes: makeTestImage('s', 1, { exactBytes: 6 * 1024 * 1024 + 1 }) }), 400, 'InvalidImageSize');
		expectError(await face.post(path, { bytes: Buffer.alloc(2048, 7) }), 400, 'InvalidImage');
		expectError(await face.post(path, { bytes: makeTestImage('s', 0) }), 400, 'InvalidImage', /no face/);
		expectError(await face.post(path, { bytes: makeTestImage('s', 2) }), 400, 'InvalidImage', /more than 1 face/);
		assert.equal((await face.post(`${path}?targetFace=10,10,100,100`, { bytes: makeTestImage('s', 2) })).status, 200);
		for (const t of ['1,2,3', '1,2,3,4,5', 'a,b,c,d', '1,2,-3,4']) {
			expectError(await face.post(`${path}?targetFace=${t}`, { bytes: image }), 400, 'BadArgument', /targetFace/);
		}
		expectError(await face.post(`${path}?detectionModel=detection_09`, { bytes: image }), 400, 'BadArgument');
		expectError(await face.post(`${path}?userData=${'u'.repeat(1025)}`, { bytes: image }), 400, 'BadArgument', /userData/);
		assert.equal((await face.post(`${path}?userData=${'u'.repeat(1024)}&detectionModel=detection_03`, { bytes: image })).status, 200);
		expectError(await face.post(path, { json: { url: 'not a url' } }), 400, 'InvalidURL');
		assert.equal((await face.post(path, { json: { url: 'https://example.com/a.jpg' } })).status, 200);
		expectError(await face.post(path, { json: { url: 'https://example.com/a.jpg?faces=0' } }), 400, 'InvalidImage');
		assert.equal((await face.post(path, { text: 'x', headers: { 'Content-Type': 'text/plain' } })).status, 415);
		const faces = ((await face.get(`/persongroups/g/persons/${personId}`)).body as { persistedFaceIds: string[] }).persistedFaceIds;
		assert.equal(faces.length, 3);
	});

	it('limits a person to 248 faces (403 QuotaExceeded)', async () => {
		const personId = await personWithFace();
		const path = `/persongroups/g/persons/${personId}/persistedfaces`;
		for (let i = 0; i < 248; i++) {
			assert.equal((await face.post(path, { bytes: image })).status, 200);
		}
		expectError(await face.post(path, { bytes: image }), 403, 'QuotaExceeded', 'Persisted face number reached limit.');
	});

	it('enforces profile quotas: 64 FaceLists, and test-sized limits for groups and persons', async () => {
		for (let i = 0; i < 64; i++) {
			await face.put(`/facelists/f${i}`, { name: 'F' });
		}
		expectError(await face.put('/facelists/f64', { name: 'F' }), 403, 'QuotaExceeded');
		await emu.control.setConfig({ limits: { personGroups: 1, personsPerPersonGroup: 2 } });
		try {
			await face.put('/persongroups/one', { name: 'G' });
			expectError(await face.put('/persongroups/two', { name: 'G' }), 403, 'QuotaExceeded', /Person group number/);
			await face.post('/persongroups/one/persons', { json: { name: 'a' } });
			await face.post('/persongroups/one/persons', { json: { name: 'b' } });
			expectError(await face.post('/persongroups/one/persons', { json: { name: 'c' } }), 403, 'QuotaExceeded', /Person number/);
		} finally {
			await emu.control.setConfig({ profile: 'f0', rateLimit: false });
			await emu.control.setConfig({ profile: 's0' });
		}
	});

	it('uses the F0 quota table for the f0 profile', async () => {
		const config = await emu.control.setConfig({ profile: 'f0', rateLimit: false });
		try {
			assert.equal(config.limits.largeFaceLists, 64);
			assert.equal(config.limits.personsPerPersonGroup, 1000);
		} finally {
			const s0 = await emu.control.setConfig({ profile: 's0' });
			assert.equal(s0.limits.largeFaceLists, 1_000_000);
			assert.equal(s0.rateLimit, false);
		}
	});

	it('deletes persons and faces and cascades container deletes', async () => {
		const personId = await personWithFace();
		const faceId = ((await face.post(`/persongroups/g/persons/${personId}/persistedfaces`, { bytes: image })).body as { persistedFaceId: string }).persistedFaceId;
		assert.equal((await face.patch(`/persongroups/g/persons/${personId}/persistedfaces/${faceId}`, { userData: 'x' })).status, 200);
		assert.deepEqual((await face.get(`/persongroups/g/persons/${personId}/persistedfaces/${faceId}`)).body, { persistedFaceId: faceId, userData: 'x' });
		assert.equal((await face.delete(`/persongroups/g/persons/${personId}/persistedfaces/${faceId}`)).status, 200);
		expectError(await face.delete(`/persongroups/g/persons/${personId}/persistedfaces/${faceId}`), 404, 'PersistedFaceNotFound');
		assert.equal((await face.delete(`/persongroups/g/persons/${personId}`)).status, 200);
		expectError(await face.get(`/persongroups/g/persons/${personId}`), 404, 'PersonNotFound');
		assert.equal((await face.delete('/persongroups/g')).status, 200);
		expectError(await face.get('/persongroups/g/persons'), 404, 'PersonGroupNotFound');
	});
});
