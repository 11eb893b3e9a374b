/**
 * `--seed large`: 10,000 Person Groups, a Large Person Group of 10,000 persons and a Large Face List of
 * 1,000,000 faces, paged over HTTP like the service pages (ids ascending, `start` exclusive, `top` ≤ 1000),
 * with the faces generated on demand so the seed stays small in memory.
 */
import * as assert from 'node:assert/strict';
import { makeTestImage } from '../emulator/images';
import { LARGE, largeId } from '../emulator/large';
import { type Emulator, startEmulator } from '../emulator/server';
import { RawFace } from '../emulator/testClient';

interface Face {
	persistedFaceId: string;
	userData?: string;
}

const LFL = `/largefacelists/${LARGE.lflId}`;

describe('emulator: the large seed', () => {
	let emu: Emulator;
	let face: RawFace;

	before(async () => {
		emu = await startEmulator({ seed: 'large' });
		face = new RawFace(emu.endpoint, emu.key);
	});
	after(() => emu.close());

	async function faces(start?: string, top = 1000): Promise<Face[]> {
		const q = new URLSearchParams({ top: String(top) });
		if (start !== undefined) {
			q.set('start', start);
		}
		const res = await face.get(`${LFL}/persistedfaces?${q}`);
		assert.equal(res.status, 200, res.text);
		return res.body as Face[];
	}

	/** Every id of a paged list, page after page of `top`; the number of pages. */
	async function pageAll(path: string, idField: string): Promise<{ ids: string[]; pages: number }> {
		const ids: string[] = [];
		let pages = 0;
		for (;;) {
			const q = new URLSearchParams({ top: '1000' });
			if (ids.length) {
				q.set('start', ids[ids.length - 1]);
			}
			const page = (await face.get(`${path}?${q}`)).body as Record<string, string>[];
			pages++;
			ids.push(...page.map((e) => e[idField]));
			if (page.length < 1000) {
				return { ids, pages };
			}
		}
	}

	it('holds the counts the scale bench expects', async () => {
		const state = await emu.control.state();
		assert.equal(state.persongroups.length, LARGE.personGroups);
		const lpg = state.largepersongroups.find((c) => c.id === LARGE.lpgId);
		assert.equal(lpg?.persons, LARGE.lpgPersons);
		const lfl = state.largefacelists.find((c) => c.id === LARGE.lflId);
		assert.equal(lfl?.faces, LARGE.lflFaces);
	});

	it('pages over 10,000 Person Groups and 10,000 persons: every id once, ascending, 11 pages of 1000', async () => {
		for (const [path, field, n] of [['/persongroups', 'personGroupId', LARGE.personGroups], [`/largepersongroups/${LARGE.lpgId}/persons`, 'personId', LARGE.lpgPersons]] as const) {
			const { ids, pages } = await pageAll(path, field);
			assert.equal(ids.length, n, path);
			assert.equal(new Set(ids).size, n, `${path}: duplicates`);
			assert.deepEqual(ids, [...ids].sort(), `${path}: not ascending`);
			assert.equal(pages, n / 1000 + 1, path);
		}
	});

	it('pages the million faces from the start, the middle and the end, ascending and exclusive of start', async () => {
		const first = await faces(undefined, 1000);
		assert.equal(first.length, 1000);
		assert.equal(first[0].persistedFaceId, largeId('fa000000', 0));
		const next = await faces(first[999].persistedFaceId, 1000);
		assert.equal(next[0].persistedFaceId, largeId('fa000000', 1000));
		const middle = await faces(largeId('fa000000', 499_999), 3);
		assert.deepEqual(middle.map((f) => f.persistedFaceId), [500_000, 500_001, 500_002].map((i) => largeId('fa000000', i)));
		const tail = await faces(largeId('fa000000', LARGE.lflFaces - 3), 1000);
		assert.deepEqual(tail.map((f) => f.persistedFaceId), [LARGE.lflFaces - 2, LARGE.lflFaces - 1].map((i) => largeId('fa000000', i)));
		// A start between two ids (not one of them) pages on from the next id, as with any string order.
		const between = await faces(`${largeId('fa000000', 41)}0`, 1);
		assert.equal(between[0].persistedFaceId, largeId('fa000000', 42));
		assert.deepEqual(await faces('ffffffff', 10), []);
	});

	it('every face of the million is reachable one by one', async () => {
		const id = largeId('fa000000', 765_432);
		assert.equal((await face.get(`${LFL}/persistedfaces/${id}`)).status, 200);
		assert.equal((await face.get(`${LFL}/persistedfaces/${largeId('fa000000', LARGE.lflFaces)}`)).code, 'PersistedFaceNotFound');
	});

	it('edits, deletes and additions on the generated list behave as on any list', async () => {
		const victim = largeId('fa000000', 10);
		assert.equal((await face.patch(`${LFL}/persistedfaces/${victim}`, { userData: 'edited' })).status, 200);
		assert.equal((await faces(largeId('fa000000', 9), 1))[0].userData, 'edited');
		assert.equal((await face.delete(`${LFL}/persistedfaces/${victim}`)).status, 200);
		assert.equal((await face.delete(`${LFL}/persistedfaces/${victim}`)).code, 'PersistedFaceNotFound');
		assert.deepEqual((await faces(largeId('fa000000', 9), 1)).map((f) => f.persistedFaceId), [largeId('fa000000', 11)]);
		const added = await face.post(`${LFL}/persistedfaces`, { bytes: makeTestImage('large-extra') });
		assert.equal(added.status, 200, added.text);
		const newId = (added.body as { persistedFaceId: string }).persistedFaceId;
		// The added (random) id sits in its place in the order, between generated ones or after them.
		const before = await faces(`${newId.slice(0, -1)}`, 1);
		assert.equal(before[0].persistedFaceId, newId);
		const state = await emu.control.state();
		assert.equal(state.largefacelists.find((c) => c.id === LARGE.lflId)?.faces, LARGE.lflFaces);
	});

	it('costs the emulator little memory: the million faces are not stored', async () => {
		const gc = (globalThis as { gc?: () => void }).gc;
		gc?.();
		const before = process.memoryUsage().heapUsed;
		const other = await startEmulator({ seed: 'large' });
		gc?.();
		const grown = (process.memoryUsage().heapUsed - before) / 2 ** 20;
		await other.close();
		// 10,000 groups and 10,000 persons are stored (a few MB); a stored million faces would be ~300 MB.
		assert.ok(grown < 60, `a second large emulator grew the heap by ${grown.toFixed(1)} MB`);
	});
});
