/**
 * The journal of persons' faces' `userData` (src/state/faceFiles.ts): what the tree's face rows show as file
 * names without a billed read. On a real file in a temporary folder: two instances stand for two windows.
 */
import * as assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { diskFile, faceHolderKey, FaceFiles, MAX_FACES, type TextFile } from '../../src/state/faceFiles';

const ALICE = faceHolderKey({ resourceId: 'r1', kind: 'personGroup', containerId: 'staff', personId: 'p-alice' });
const BOB = faceHolderKey({ resourceId: 'r1', kind: 'personGroup', containerId: 'staff', personId: 'p-bob' });
const mark = (file: string) => JSON.stringify({ file, sha256: '0'.repeat(32) });

describe('face file journal (state/faceFiles.ts)', () => {
	let dir: string;
	let file: string;
	let errors: string[];
	const journal = (f: TextFile = diskFile(file)) => new FaceFiles(f, (m) => errors.push(m));

	beforeEach(async () => {
		dir = await mkdtemp(path.join(tmpdir(), 'face-files-'));
		file = path.join(dir, 'nested', 'face-files.json');
		errors = [];
	});
	afterEach(async () => {
		await rm(dir, { recursive: true, force: true });
	});

	it('is empty with no file, and keeps what it records across a new instance (a reload)', async () => {
		const a = journal();
		await a.ready();
		assert.equal(a.has(ALICE, 'f1'), false);
		a.record(ALICE, 'f1', mark('people/alice/1.jpg'));
		a.record(ALICE, 'f2', undefined);
		assert.equal(a.get(ALICE, 'f1'), mark('people/alice/1.jpg'));
		await a.flush();
		const b = journal();
		await b.ready();
		assert.equal(b.get(ALICE, 'f1'), mark('people/alice/1.jpg'));
		assert.equal(b.has(ALICE, 'f2'), true, 'a face read without userData is known (no second read)');
		assert.equal(b.get(ALICE, 'f2'), '');
		assert.equal(b.has(BOB, 'f1'), false);
		assert.deepEqual(errors, []);
	});

	it('records made before the file was read are kept when it is read', async () => {
		const a = journal();
		a.record(ALICE, 'f1', mark('a/1.jpg'));
		await a.flush();
		const b = journal();
		b.record(BOB, 'f9', mark('b/9.jpg'));
		await b.ready();
		assert.equal(b.get(ALICE, 'f1'), mark('a/1.jpg'));
		assert.equal(b.get(BOB, 'f9'), mark('b/9.jpg'));
	});

	it('two windows add to one journal; a forgotten face stays forgotten', async () => {
		const a = journal();
		const b = journal();
		await Promise.all([a.ready(), b.ready()]);
		a.record(ALICE, 'f1', mark('a/1.jpg'));
		a.record(ALICE, 'f2', mark('a/2.jpg'));
		await a.flush();
		b.record(BOB, 'f3', mark('b/3.jpg'));
		await b.flush();
		assert.equal(b.get(ALICE, 'f1'), mark('a/1.jpg'), 'the save read the other window\'s entries');
		a.forget(ALICE, 'f2');
		await a.flush();
		const c = journal();
		await c.ready();
		assert.equal(c.get(ALICE, 'f1'), mark('a/1.jpg'));
		assert.equal(c.has(ALICE, 'f2'), false);
		assert.equal(c.get(BOB, 'f3'), mark('b/3.jpg'));
	});

	it(`keeps the most recently touched persons, at most ${MAX_FACES} faces`, async () => {
		const a = journal();
		await a.ready();
		const per = 1000;
		const holders = Array.from({ length: MAX_FACES / per + 2 }, (_, i) => faceHolderKey({ resourceId: 'r', kind: 'largePersonGroup', containerId: 'g', personId: `p${i}` }));
		for (const h of holders) {
			for (let i = 0; i < per; i++) {
				a.record(h, `f${i}`, mark(`x/${i}.jpg`));
			}
		}
		// The first person is touched again: the second is then the oldest.
		a.record(holders[0], 'f0', mark('x/again.jpg'));
		await a.flush();
		assert.equal(a.size, MAX_FACES);
		const b = journal();
		await b.ready();
		assert.equal(b.size, MAX_FACES);
		assert.equal(b.get(holders[0], 'f0'), mark('x/again.jpg'));
		assert.equal(b.has(holders[1], 'f0'), false);
		assert.equal(b.has(holders[2], 'f0'), false);
		assert.equal(b.has(holders.at(-1)!, 'f999'), true);
	});

	it('a damaged or foreign file is an empty journal, said once, and is replaced on the next save', async () => {
		await writeFile(path.join(dir, 'damaged.json'), '{"version":1,"holders":{"x": ');
		const a = journal(diskFile(path.join(dir, 'damaged.json')));
		await a.ready();
		assert.equal(a.size, 0);
		assert.equal(errors.length, 1);
		assert.match(errors[0], /damaged/);
		a.record(ALICE, 'f1', mark('a/1.jpg'));
		await a.flush();
		const saved = JSON.parse(await readFile(path.join(dir, 'damaged.json'), 'utf8')) as { holders: Record<string, Record<string, string>> };
		assert.deepEqual(saved.holders[ALICE], { f1: mark('a/1.jpg') });

		await writeFile(path.join(dir, 'foreign.json'), JSON.stringify({ version: 7, holders: { [ALICE]: { f1: 'x' } } }));
		const b = journal(diskFile(path.join(dir, 'foreign.json')));
		await b.ready();
		assert.equal(b.size, 0, 'another version is not read as this one');
		await writeFile(path.join(dir, 'odd.json'), JSON.stringify({ version: 1, holders: { [ALICE]: { f1: 42, f2: 'ok', f3: 'y'.repeat(2000) }, [BOB]: 'no' } }));
		const c = journal(diskFile(path.join(dir, 'odd.json')));
		await c.ready();
		assert.deepEqual([c.has(ALICE, 'f1'), c.get(ALICE, 'f2'), c.has(ALICE, 'f3'), c.size], [false, 'ok', false, 1]);
	});

	it('a failing disk costs entries, never an exception, and never overwrites what it could not read', async () => {
		let readFails = true;
		let writeFails = false;
		let text: string | undefined = JSON.stringify({ version: 1, holders: { [BOB]: { f7: mark('b/7.jpg') } } });
		const flaky: TextFile = {
			read: async () => {
				if (readFails) {
					throw new Error('EACCES: permission denied');
				}
				return text;
			},
			write: async (t) => {
				if (writeFails) {
					throw new Error('ENOSPC: no space left on device');
				}
				text = t;
			},
		};
		const a = journal(flaky);
		await a.ready();
		a.record(ALICE, 'f1', mark('a/1.jpg'));
		await a.flush();
		assert.equal(a.get(ALICE, 'f1'), mark('a/1.jpg'), 'still known in this window');
		assert.deepEqual(errors.map((e) => e.replace(/:.*/, '')), ['Face file names not read', 'Face file names not read']);
		assert.match(text, /b\/7\.jpg/);
		assert.doesNotMatch(text, /a\/1\.jpg/, 'nothing written over a file it could not read');
		readFails = false;
		writeFails = true;
		a.record(ALICE, 'f2', mark('a/2.jpg'));
		await a.flush();
		assert.equal(errors.at(-1)?.replace(/:.*/, ''), 'Face file names not saved');
		writeFails = false;
		a.record(ALICE, 'f3', mark('a/3.jpg'));
		await a.flush();
		const saved = (JSON.parse(text) as { holders: Record<string, Record<string, string>> }).holders;
		assert.deepEqual(Object.keys(saved[ALICE]).sort(), ['f1', 'f2', 'f3'], 'the changes kept back after a failed read or write went with the next save');
		assert.deepEqual(Object.keys(saved[BOB]), ['f7']);
		assert.equal(errors.length, 3);
	});

	it('saves on its own shortly after a change, once for a burst', async () => {
		let writes = 0;
		let text: string | undefined;
		const counted: TextFile = { read: async () => text, write: async (t) => { writes++; text = t; } };
		const a = new FaceFiles(counted, (m) => errors.push(m), 300);
		await a.ready();
		for (let i = 0; i < 50; i++) {
			a.record(ALICE, `f${i}`, mark(`a/${i}.jpg`));
		}
		assert.equal(writes, 0);
		await new Promise((r) => setTimeout(r, 500));
		assert.equal(writes, 1);
		assert.equal(Object.keys((JSON.parse(text!) as { holders: Record<string, object> }).holders[ALICE]).length, 50);
	});

	it('refuses what is not a face\'s userData (over 1 KB)', async () => {
		const a = journal();
		await a.ready();
		a.record(ALICE, 'f1', 'z'.repeat(1025));
		assert.equal(a.has(ALICE, 'f1'), false);
	});
});
