import * as assert from 'node:assert/strict';
import type { FaceApi } from '../../src/face';
import { MAX_FACES_PER_PERSON, contentHash, contentProblem, faceUserData, imageTypeOf, parseFaceMark, personFolderOf } from '../../src/operations/enrollCheck';
import { enroll, type FileResult, type GroupResult } from '../../src/operations/enrollEngine';
import { makeTestImage } from '../emulator/images';
import { RawFace } from '../emulator/testClient';
import { TROUBLE, treeGroups } from '../support/enrollTree';
import { TEST_KEY, useEmulator } from './clientSupport';

const ADD = 'POST /persongroups/{personGroupId}/persons/{personId}/persistedfaces';

interface PersonJson { personId: string; name: string; userData?: string; persistedFaceIds: string[] }

describe('enrollment engine (plain Node, against the emulator)', () => {
	const h = useEmulator();
	let api: FaceApi;
	let raw: RawFace;

	beforeEach(async () => {
		api = h.client();
		raw = new RawFace(h.emu.endpoint, TEST_KEY);
		assert.equal((await raw.put('/persongroups/staff', { name: 'Staff', recognitionModel: 'recognition_04' })).status, 200);
	});

	const persons = async (group = 'staff') => (await raw.get(`/persongroups/${group}/persons`)).body as PersonJson[];
	/** Every face of the group: person name → the marks' file paths. */
	const facesByPerson = async (group = 'staff') => {
		const out = new Map<string, string[]>();
		for (const p of await persons(group)) {
			const files: string[] = [];
			for (const id of p.persistedFaceIds) {
				const f = (await raw.get(`/persongroups/${group}/persons/${p.personId}/persistedfaces/${id}`)).body as { userData?: string };
				files.push(parseFaceMark(f.userData)?.file ?? '(unmarked)');
			}
			out.set(p.name, files.sort());
		}
		return out;
	};
	const tally = (results: readonly FileResult[]) => {
		const t = { added: 0, existing: 0, skipped: 0, failed: 0 };
		results.forEach((r) => (t[r.outcome] += 1));
		return t;
	};
	const run = async (groups: ReturnType<typeof treeGroups>, opId: string, extra: Partial<Parameters<typeof enroll>[4]> = {}) => {
		const files: FileResult[] = [];
		const done: GroupResult[] = [];
		const signal = extra.signal ?? new AbortController().signal;
		await enroll(api, 'personGroup', 'staff', groups, { opId, signal, qualityGate: true, recognitionModel: 'recognition_04', onFile: (_g, r) => files.push(r), onGroup: (g) => done.push(g), ...extra });
		return { files, done };
	};

	it('checks files locally: type by content, 1 KB–6 MB, hash; marks fit in 1 KB', () => {
		assert.equal(imageTypeOf(makeTestImage('a')), 'png');
		assert.equal(imageTypeOf(Buffer.from([0xff, 0xd8, 0xff, 0xe0])), 'jpeg');
		assert.equal(imageTypeOf(Buffer.from('GIF89a....')), 'gif');
		assert.equal(imageTypeOf(Buffer.from('BM......')), 'bmp');
		assert.equal(imageTypeOf(Buffer.from('hello.png')), undefined);
		assert.match(contentProblem(Buffer.alloc(2000, 0x41)) ?? '', /not a JPEG, PNG, GIF or BMP/);
		assert.match(contentProblem(makeTestImage('a', 1, { exactBytes: 900 })) ?? '', /900 bytes/);
		assert.match(contentProblem(makeTestImage('a', 1, { exactBytes: 6 * 1024 * 1024 + 1 })) ?? '', /6\.0 MB/);
		assert.equal(contentHash(makeTestImage('a')), contentHash(makeTestImage('a')));
		const long = faceUserData({ file: 'x/'.repeat(800) + 'y.png', sha256: 'a'.repeat(32), op: 'op-1' });
		assert.ok(long.length <= 1024);
		assert.equal(parseFaceMark(long)?.sha256, 'a'.repeat(32));
		assert.ok(parseFaceMark(long)?.file.endsWith('y.png'));
		assert.equal(parseFaceMark('photo 2'), undefined);
		assert.equal(MAX_FACES_PER_PERSON, 248);
	});

	it('enrolls a folder tree: one person per folder, each image once; skips low quality, several faces, non-images, tiny files', async () => {
		const groups = treeGroups({ root: 'team', persons: 3, imagesPerPerson: 3, troublemakers: true });
		const { files } = await run(groups, 'op-1');
		assert.deepEqual(tally(files), { added: 9, existing: 0, skipped: 4, failed: 0 });
		const reasons = Object.fromEntries(files.filter((r) => r.outcome === 'skipped').map((r) => [r.file.split('/').pop(), r.reason]));
		assert.equal(reasons[TROUBLE.low], 'low quality for recognition');
		assert.equal(reasons[TROUBLE.pair], '2 faces: pick one with Add Face…');
		assert.match(reasons[TROUBLE.text] ?? '', /not a JPEG, PNG, GIF or BMP image/);
		assert.match(reasons[TROUBLE.tiny] ?? '', /600 bytes: the Face service takes images of 1 KB to 6 MB/);
		const faces = await facesByPerson();
		assert.deepEqual([...faces.keys()].sort(), ['person-00', 'person-01', 'person-02']);
		assert.deepEqual(faces.get('person-01'), ['team/person-01/0.png', 'team/person-01/1.png', 'team/person-01/2.png']);
		const p0 = (await persons()).find((p) => p.name === 'person-00')!;
		assert.equal(personFolderOf(p0.userData), 'team/person-00');
	});

	it('without the quality gate: no detect call, a low-quality image goes in, a two-face image is still skipped with its face count', async () => {
		const groups = treeGroups({ root: 'nogate', persons: 1, imagesPerPerson: 2, troublemakers: true });
		const { files } = await run(groups, 'op-g', { qualityGate: false });
		const byName = Object.fromEntries(files.map((r) => [r.file.split('/').pop(), r]));
		assert.equal(byName[TROUBLE.low].outcome, 'added', 'nobody asked for its quality');
		assert.equal(byName[TROUBLE.pair].outcome, 'skipped');
		assert.equal(byName[TROUBLE.pair].reason, '2 faces: pick one with Add Face…', 'the service refused it; one detect counted the faces');
		const counters = await h.emu.control.counters();
		assert.equal(counters.requests['POST /detect'], 1, 'one detect: for the refused two-face image only');
	});

	it('a re-run adds nothing and sends no image; an existing person of the same name (even from another folder) is reused, not duplicated', async () => {
		const created = (await raw.post('/persongroups/staff/persons', { json: { name: 'person-01', userData: JSON.stringify({ folder: 'last-year/person-01' }) } })).body as { personId: string };
		const groups = treeGroups({ root: 'team', persons: 3, imagesPerPerson: 2 });
		await run(groups, 'op-1');
		assert.equal((await persons()).length, 3);
		assert.equal((await persons()).find((p) => p.name === 'person-01')!.personId, created.personId);
		await h.emu.control.resetCounters();
		const again = await run(groups, 'op-2');
		assert.deepEqual(tally(again.files), { added: 0, existing: 6, skipped: 0, failed: 0 });
		const counters = await h.emu.control.counters();
		assert.equal(counters.requests[ADD] ?? 0, 0);
		assert.equal(counters.requests['POST /detect'] ?? 0, 0, 'images already there are not even checked for quality again');
		assert.equal((await persons()).length, 3);
	});

	it('interrupted half-way and resumed: adds exactly the rest, counting its own faces as added', async () => {
		const groups = treeGroups({ root: 'big', persons: 6, imagesPerPerson: 5 });
		const stop = new AbortController();
		const first: FileResult[] = [];
		const finished = new Set<string>();
		await assert.rejects(run(groups, 'op-r', {
			signal: stop.signal,
			concurrency: 3,
			onFile: (_g, r) => (first.push(r), first.length === 14 && stop.abort()),
			onGroup: (g) => finished.add(g.folder),
		}));
		const before = [...(await facesByPerson()).values()].flat().length;
		assert.ok(before >= 14 && before < 30, `${before} faces after the interruption`);
		const second = await run(groups, 'op-r', { skipGroups: finished, concurrency: 3 });
		const resumed = tally(second.files);
		const finishedFiles = groups.filter((g) => finished.has(g.folder)).flatMap((g) => g.files).length;
		assert.equal(resumed.added + finishedFiles, 30, 'every file of the unfinished persons counts as added by this operation');
		assert.equal(resumed.existing, 0);
		const faces = await facesByPerson();
		const all = [...faces.values()].flat();
		assert.equal(all.length, 30, '0 lost, 0 duplicated');
		assert.equal(new Set(all).size, 30);
		assert.equal((await persons()).length, 6);
	});

	it('answers lost after the face was added are settled by reading the person, without a duplicate', async () => {
		await h.emu.control.setConfig({ faults: { lostAnswerRate: 0.4, match: 'POST /persongroups/{personGroupId}/persons', seed: 7 } });
		const groups = treeGroups({ root: 'lossy', persons: 4, imagesPerPerson: 4 });
		const { files } = await run(groups, 'op-l', { qualityGate: false });
		await h.emu.control.setConfig({ faults: { lostAnswerRate: 0 } });
		const log = await h.emu.control.requests(0);
		assert.ok(log.filter((r) => r.fault === 'lostAnswer').length >= 3, 'the fault happened');
		assert.ok(files.some((r) => r.reconciled), 'at least one add was settled by reading');
		assert.deepEqual(tally(files), { added: 16, existing: 0, skipped: 0, failed: 0 });
		const all = [...(await facesByPerson()).values()].flat();
		assert.equal(all.length, 16);
		assert.equal(new Set(all).size, 16);
		assert.equal((await persons()).length, 4, 'a person whose create answer was lost is found, not made twice');
	});

	it('fills a Large Face List from a folder, and a re-run adds nothing', async () => {
		assert.equal((await raw.put('/largefacelists/cat', { name: 'Cat', recognitionModel: 'recognition_04' })).status, 200);
		const files = treeGroups({ root: 'pics', persons: 2, imagesPerPerson: 3 }).flatMap((g) => g.files);
		const group = [{ folder: 'pics', name: 'pics', files }];
		const first: FileResult[] = [];
		await enroll(api, 'largeFaceList', 'cat', group, { opId: 'l1', signal: new AbortController().signal, onFile: (_g, r) => first.push(r) });
		assert.deepEqual(tally(first), { added: 6, existing: 0, skipped: 0, failed: 0 });
		const second: FileResult[] = [];
		await enroll(api, 'largeFaceList', 'cat', group, { opId: 'l2', signal: new AbortController().signal, onFile: (_g, r) => second.push(r) });
		assert.deepEqual(tally(second), { added: 0, existing: 6, skipped: 0, failed: 0 });
		assert.equal(((await raw.get('/largefacelists/cat/persistedfaces')).body as unknown[]).length, 6);
	});

	it('a person over the service quota fails its images with the service message; a missing group ends the run', async () => {
		await h.emu.control.setConfig({ limits: { facesPerPerson: 2 } });
		await h.emu.control.resetCounters();
		const { files } = await run(treeGroups({ root: 'q', persons: 1, imagesPerPerson: 5 }), 'op-q', { qualityGate: false });
		assert.deepEqual(tally(files), { added: 2, existing: 0, skipped: 0, failed: 3 });
		const failed = files.filter((r) => r.outcome === 'failed');
		assert.match(failed[0].reason ?? '', /reached/);
		assert.match(failed[1].reason ?? '', /^not sent: .*reached/);
		assert.equal((await h.emu.control.counters()).requests[ADD] ?? 0, 3, 'one refusal, then nothing more is sent to the full person');
		await assert.rejects(
			enroll(api, 'personGroup', 'nope', treeGroups({ root: 'q', persons: 1, imagesPerPerson: 1 }), { opId: 'x', signal: new AbortController().signal }),
			/not found/i,
		);
	});
});
