/** The Face client against the emulator over HTTP: containers, persons and faces of all four kinds. */
import * as assert from 'node:assert/strict';
import { ALL_KINDS, FaceApiError, FaceUsageError, type ContainerKind } from '../../src/face';
import { makeTestImage } from '../emulator/images';
import { caught, useEmulator } from './clientSupport';

describe('Face client: containers, persons, faces (emulator)', () => {
	const h = useEmulator();

	for (const info of ALL_KINDS) {
		const kind: ContainerKind = info.kind;

		it(`${info.label}: create, get, list, update, delete`, async () => {
			const client = h.client();
			await client.createContainer(kind, 'alpha', { name: 'Alpha', userData: 'first', recognitionModel: 'recognition_04' });
			await client.createContainer(kind, 'beta', { name: 'Beta' });

			const alpha = await client.getContainer(kind, 'alpha');
			assert.deepEqual(
				{ kind: alpha.kind, id: alpha.id, name: alpha.name, userData: alpha.userData, model: alpha.recognitionModel },
				{ kind, id: 'alpha', name: 'Alpha', userData: 'first', model: 'recognition_04' },
			);
			assert.deepEqual((await client.listContainers(kind)).map((c) => c.id), ['alpha', 'beta']);

			await client.updateContainer(kind, 'alpha', { name: 'Alpha 2' });
			const updated = await client.getContainer(kind, 'alpha');
			assert.equal(updated.name, 'Alpha 2');
			assert.equal(updated.userData, 'first', 'PATCH is partial: userData kept');

			await client.deleteContainer(kind, 'beta');
			assert.deepEqual((await client.listContainers(kind)).map((c) => c.id), ['alpha']);
			const gone = await caught(() => client.getContainer(kind, 'beta'));
			assert.ok(FaceApiError.is(gone));
			assert.equal(gone.status, 404);
			assert.equal(gone.code, `${info.errorPrefix}NotFound`);
			assert.ok(FaceApiError.isNotFound(gone));
		});

		it(`${info.label}: creating an existing id → 409 ${info.errorPrefix}Exists`, async () => {
			const client = h.client();
			await client.createContainer(kind, 'dup', { name: 'Dup' });
			const e = await caught(() => client.createContainer(kind, 'dup', { name: 'Dup' }));
			assert.ok(FaceApiError.is(e));
			assert.equal(e.status, 409);
			assert.equal(e.code, `${info.errorPrefix}Exists`);
		});

		it(`${info.label}: list ${info.paged ? 'pages with start/top' : 'is not paged (start/top ignored)'}`, async () => {
			const client = h.client();
			for (const id of ['c', 'a', 'e', 'b', 'd']) {
				await client.createContainer(kind, id, { name: id.toUpperCase() });
			}
			const first = await client.listContainers(kind, { top: 2 });
			if (!info.paged) {
				assert.deepEqual(first.map((c) => c.id).sort(), ['a', 'b', 'c', 'd', 'e']);
				return;
			}
			assert.deepEqual(first.map((c) => c.id), ['a', 'b']);
			const second = await client.listContainers(kind, { start: 'b', top: 2 });
			assert.deepEqual(second.map((c) => c.id), ['c', 'd']);
			const last = await client.listContainers(kind, { start: 'd', top: 2 });
			assert.deepEqual(last.map((c) => c.id), ['e']);
			assert.ok(h.log.some((e) => e.path.includes('start=b') && e.path.includes('top=2')), 'start/top sent as query');
		});
	}

	for (const kind of ['personGroup', 'largePersonGroup'] as const) {
		it(`${kind}: persons and their faces (bytes and URL)`, async () => {
			const client = h.client();
			await client.createContainer(kind, 'team', { name: 'Team' });
			const ann = await client.createPerson(kind, 'team', { name: 'Ann', userData: 'lead' });
			const ben = await client.createPerson(kind, 'team', { name: 'Ben' });
			assert.match(ann, /^[0-9a-f-]{36}$/);

			const f1 = await client.addFace(kind, 'team', ann, { bytes: makeTestImage('ann') }, { userData: 'badge', detectionModel: 'detection_03' });
			const f2 = await client.addFace(kind, 'team', ann, { url: 'https://example.test/ann.jpg' });
			// Two faces in one image: pick one with targetFace.
			const group = makeTestImage('pair', 2);
			const detected = await client.detect({ bytes: group }, { returnFaceId: false });
			assert.equal(detected.length, 2);
			const r = detected[1].faceRectangle;
			const f3 = await client.addFace(kind, 'team', ben, { bytes: group }, { targetFace: [r.left, r.top, r.width, r.height] });

			const annP = await client.getPerson(kind, 'team', ann);
			assert.equal(annP.name, 'Ann');
			assert.equal(annP.userData, 'lead');
			assert.deepEqual([...annP.persistedFaceIds].sort(), [f1, f2].sort());
			assert.deepEqual((await client.getPerson(kind, 'team', ben)).persistedFaceIds, [f3]);

			const face = await client.getFace(kind, 'team', ann, f1);
			assert.deepEqual(face, { persistedFaceId: f1, userData: 'badge' });
			await client.updateFace(kind, 'team', ann, f1, 'renewed');
			assert.equal((await client.getFace(kind, 'team', ann, f1)).userData, 'renewed');
			await client.deleteFace(kind, 'team', ann, f2);
			assert.deepEqual((await client.getPerson(kind, 'team', ann)).persistedFaceIds, [f1]);

			await client.updatePerson(kind, 'team', ben, { name: 'Benjamin' });
			assert.equal((await client.getPerson(kind, 'team', ben)).name, 'Benjamin');

			const persons = await client.listPersons(kind, 'team');
			assert.deepEqual(persons.map((p) => p.personId), [ann, ben].sort());
			const firstPage = await client.listPersons(kind, 'team', { top: 1 });
			assert.equal(firstPage.length, 1);
			const nextPage = await client.listPersons(kind, 'team', { start: firstPage[0].personId, top: 1 });
			assert.equal(nextPage.length, 1);
			assert.notEqual(nextPage[0].personId, firstPage[0].personId);

			await client.deletePerson(kind, 'team', ben);
			const e = await caught(() => client.getPerson(kind, 'team', ben));
			assert.ok(FaceApiError.is(e));
			assert.equal(e.code, 'PersonNotFound');
		});
	}

	it('Face List: faces embedded in the list, getFace finds one, update is refused', async () => {
		const client = h.client();
		await client.createContainer('faceList', 'vips', { name: 'VIPs' });
		const a = await client.addFace('faceList', 'vips', undefined, { bytes: makeTestImage('vip-a') }, { userData: 'A' });
		const b = await client.addFace('faceList', 'vips', undefined, { bytes: makeTestImage('vip-b') });
		const list = await client.getFaceList('vips');
		assert.equal(list.name, 'VIPs');
		assert.deepEqual(list.persistedFaces.map((f) => f.persistedFaceId).sort(), [a, b].sort());
		assert.deepEqual(await client.getFace('faceList', 'vips', undefined, a), { persistedFaceId: a, userData: 'A' });
		assert.deepEqual((await client.listFaces('faceList', 'vips')).map((f) => f.persistedFaceId).sort(), [a, b].sort());
		assert.ok(FaceUsageError.is(await caught(() => client.updateFace('faceList', 'vips', undefined, a, 'x'))));
		const missing = await caught(() => client.getFace('faceList', 'vips', undefined, '00000000-0000-0000-0000-000000000000'));
		assert.ok(FaceApiError.is(missing));
		assert.equal(missing.code, 'PersistedFaceNotFound');
		await client.deleteFace('faceList', 'vips', undefined, b);
		assert.deepEqual((await client.getFaceList('vips')).persistedFaces.map((f) => f.persistedFaceId), [a]);
	});

	it('Large Face List: faces listed with paging, get/update/delete', async () => {
		const client = h.client();
		await client.createContainer('largeFaceList', 'catalog', { name: 'Catalog' });
		const ids: string[] = [];
		for (let i = 0; i < 3; i++) {
			ids.push(await client.addFace('largeFaceList', 'catalog', undefined, { bytes: makeTestImage(`item-${i}`) }));
		}
		const sorted = [...ids].sort();
		assert.deepEqual((await client.listFaces('largeFaceList', 'catalog')).map((f) => f.persistedFaceId), sorted);
		const page = await client.listFaces('largeFaceList', 'catalog', { start: sorted[0], top: 1 });
		assert.deepEqual(page.map((f) => f.persistedFaceId), [sorted[1]]);
		await client.updateFace('largeFaceList', 'catalog', undefined, ids[0], 'tagged');
		assert.equal((await client.getFace('largeFaceList', 'catalog', undefined, ids[0])).userData, 'tagged');
		await client.deleteFace('largeFaceList', 'catalog', undefined, ids[0]);
		assert.equal((await client.listFaces('largeFaceList', 'catalog')).length, 2);
	});

	it('refuses calls that do not fit the kind, without a request', async () => {
		const client = h.client();
		assert.ok(FaceUsageError.is(await caught(() => client.listPersons('faceList', 'x'))));
		assert.ok(FaceUsageError.is(await caught(() => client.addFace('personGroup', 'x', undefined, { url: 'https://x/y.jpg' }))));
		assert.ok(FaceUsageError.is(await caught(() => client.addFace('largeFaceList', 'x', 'p', { url: 'https://x/y.jpg' }))));
		assert.ok(FaceUsageError.is(await caught(() => client.train('faceList', 'x'))));
		assert.ok(FaceUsageError.is(await caught(() => client.listFaces('personGroup', 'x'))));
		assert.equal(h.log.length, 0);
	});

	it('ids are URL-encoded in paths', async () => {
		const client = h.client();
		const e = await caught(() => client.getContainer('personGroup', 'a b+c&d'));
		assert.ok(FaceApiError.is(e));
		assert.ok(h.log[0].path.startsWith('/face/v1.2/persongroups/a%20b%2Bc%26d'), h.log[0].path);
	});
});
