// Enrolling folders, inside VS Code against an emulator this file starts: a generated folder tree goes into a
// Person Group created on the spot (one person per sub-folder), the status bar counts up, low-quality,
// multi-face, non-image, tiny and oversized files are skipped and listed (summary, log, JSON report); a re-run
// adds nothing; an enrollment interrupted half-way (its tracker disposed) and resumed adds exactly the rest;
// answers lost after a face was added are settled by reading, without duplicates; a folder into a Large Face
// List; Cancel stops it and keeps what went in.
import * as assert from 'assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import * as vscode from 'vscode';
import { parseFaceMark } from '../../src/operations/enrollCheck';
import { doneFiles } from '../../src/operations/enrollRecord';
import { OperationTracker } from '../../src/operations/tracker';
import type { Operation } from '../../src/operations/types';
import type { FaceResource } from '../../src/resources/types';
import { makeTestImage } from '../emulator/images';
import { startEmulator, type Emulator } from '../emulator/server';
import { RawFace } from '../emulator/testClient';
import { TROUBLE, writeTree } from '../support/enrollTree';
import { statusBarOf, storedOperations, whenDone } from '../support/operations';
import { ScriptedPrompter } from '../support/scriptedPrompter';
import { api, errorsOf, logLines, run, waitFor } from './helpers';
import { children, hasToken, provider, show, walk } from './treeTestSupport';

const KEY = `enroll-key-${Math.random().toString(36).slice(2)}`;
const ADD_FACE = 'POST /persongroups/{personGroupId}/persons/{personId}/persistedfaces';

class MemoryMemento implements vscode.Memento {
	private readonly data = new Map<string, unknown>();
	keys(): readonly string[] {
		return [...this.data.keys()];
	}
	get<T>(key: string, defaultValue?: T): T | undefined {
		return this.data.has(key) ? (this.data.get(key) as T) : defaultValue;
	}
	update(key: string, value: unknown): Thenable<void> {
		this.data.set(key, JSON.parse(JSON.stringify(value)));
		return Promise.resolve();
	}
}

describe('Enroll folders', () => {
	let emu: Emulator;
	let raw: RawFace;
	let resource: FaceResource;
	let dir: string;

	before(async () => {
		emu = await startEmulator({ key: KEY });
		raw = new RawFace(emu.endpoint, KEY);
		const store = (await api()).resources;
		resource = await store.add(store.prepare({ endpoint: emu.endpoint, label: 'Enroll Emulator', auth: 'key', tier: 'S0' }), KEY);
		dir = mkdtempSync(join(tmpdir(), 'face-enroll-'));
	});

	beforeEach(async () => {
		await emu.control.reset();
		await emu.control.setConfig({ profile: 's0', rateLimit: false, faults: { lostAnswerRate: 0, latencyMs: 0, match: '' } });
	});

	after(async () => {
		const a = await api();
		for (const op of a.tracker.active()) {
			a.tracker.stopWatching(op.id);
		}
		if (resource && a.resources.getResource(resource.id)) {
			await a.resources.remove(resource.id);
		}
		await emu?.close();
		rmSync(dir, { recursive: true, force: true });
	});

	const createGroup = async (id: string) => assert.strictEqual((await raw.put(`/persongroups/${id}`, { name: id, recognitionModel: 'recognition_04' })).status, 200);
	const persons = async (group: string) => (await raw.get(`/persongroups/${group}/persons`)).body as Array<{ personId: string; name: string; persistedFaceIds: string[] }>;
	/** Every face's file (from its mark) in the group. */
	const faceFiles = async (group: string) => {
		const files: string[] = [];
		for (const p of await persons(group)) {
			for (const id of p.persistedFaceIds) {
				files.push(parseFaceMark(((await raw.get(`/persongroups/${group}/persons/${p.personId}/persistedfaces/${id}`)).body as { userData?: string }).userData)?.file ?? '?');
			}
		}
		return files;
	};
	const ref = (containerId: string, kind = 'personGroup') => ({ resourceId: resource.id, kind, containerId });

	it('enrolls a folder tree into a Person Group created on the spot; the status bar counts up; bad files are skipped and listed; the report is saved', async () => {
		const a = await api();
		const root = writeTree(dir, { root: 'team', persons: 3, imagesPerPerson: 3, troublemakers: true });
		writeFileSync(join(root, 'person-01', 'huge.png'), makeTestImage('huge', 1, { exactBytes: 6 * 1024 * 1024 + 1 }));
		writeFileSync(join(root, 'group-photo.png'), makeTestImage('loose'));
		const reportPath = join(dir, 'team-report.json');
		const bar: string[] = [];
		const sub = a.tracker.onDidChangeOperation(() => bar.push(statusBarOf(a.statusBar).text));
		const prompter = new ScriptedPrompter(
			['Enroll Emulator', 'Person Group', 'Create New Person Group…', 'team-2024', 'Team 2024', '', reportPath],
			(m) => (m.items.includes('Save Report…') ? 'Save Report…' : undefined),
		);
		a.setPrompter(prompter);
		let op: Operation | undefined;
		try {
			op = await vscode.commands.executeCommand<Operation>('azureFace.enrollFolder', vscode.Uri.file(root));
			assert.ok(op, 'the command started an enrollment');
			op = await whenDone(a.tracker, op.id);
		} finally {
			sub.dispose();
		}
		assert.strictEqual(op.state, 'succeeded', op.message);
		assert.deepStrictEqual(op.enrollment?.counts, { added: 9, existing: 0, skipped: 6, failed: 0 });
		assert.strictEqual(op.enrollment?.total, 15);
		assert.ok(bar.some((t) => /Enrolling \d+\/15/.test(t)), `the status bar counted: ${bar.join(' | ')}`);
		assert.deepStrictEqual((await persons('team-2024')).map((p) => p.name).sort(), ['person-00', 'person-01', 'person-02']);
		const created = (await raw.get('/persongroups/team-2024?returnRecognitionModel=true')).body as { name: string; recognitionModel: string };
		assert.strictEqual(created.name, 'Team 2024');
		assert.strictEqual(created.recognitionModel, 'recognition_04', 'recognition_04 is the first (default) choice');
		const summary = prompter.messages.find((m) => m.message.startsWith('Enrolled'));
		assert.ok(summary, prompter.messages.map((m) => m.message).join(' | '));
		assert.strictEqual(summary.severity, 'warning');
		assert.match(summary.message, /9 added, 0 already there, 6 skipped, 0 failed/);
		assert.deepStrictEqual(summary.items, ['Train Now', 'Save Report…', 'Show Log']);
		await waitFor(() => { try { return readFileSync(reportPath, 'utf8'); } catch { return undefined; } }, 10_000, 'the saved report');
		const report = JSON.parse(readFileSync(reportPath, 'utf8')) as { added: number; skipped: Array<{ file: string; reason: string }>; target: { id: string } };
		assert.strictEqual(report.added, 9);
		assert.strictEqual(report.target.id, 'team-2024');
		const reasons = Object.fromEntries(report.skipped.map((s) => [s.file.split('/').pop(), s.reason]));
		assert.strictEqual(reasons[TROUBLE.low], 'low quality for recognition');
		assert.strictEqual(reasons[TROUBLE.pair], '2 faces: pick one with Add Face…');
		assert.match(reasons[TROUBLE.text], /not a JPEG, PNG, GIF or BMP image/);
		assert.match(reasons[TROUBLE.tiny], /bytes: the Face service takes images of 1 KB to 6 MB/);
		assert.match(reasons['huge.png'], /6\.0 MB: the Face service takes images of 1 KB to 6 MB/);
		assert.strictEqual(reasons['group-photo.png'], "not in a person's folder (each sub-folder is a person)");
		assert.ok(logLines(a).some((l) => /\[info\].*Enrollment 'Team 2024': team\/person-00\/blurry\.png skipped: low quality/.test(l)), 'each skipped file is in the log');
		assert.ok(logLines(a).some((l) => /Enrollment 'Team 2024' of 'team' succeeded .*9 added/.test(l)), 'the summary is in the log');

		// A re-run adds nothing (and sends no image).
		await emu.control.resetCounters();
		const again = await run<Operation>('azureFace.enrollFolder', [], vscode.Uri.file(root), ref('team-2024'));
		const second = await whenDone(a.tracker, again.result!.id);
		assert.deepStrictEqual(second.enrollment?.counts, { added: 0, existing: 9, skipped: 6, failed: 0 });
		assert.strictEqual((await emu.control.counters()).requests[ADD_FACE] ?? 0, 0);
		assert.strictEqual((await faceFiles('team-2024')).length, 9);
	});

	it('an enrollment interrupted half-way (tracker disposed) and resumed adds exactly the rest', async () => {
		const a = await api();
		await createGroup('halfway');
		const root = writeTree(dir, { root: 'crowd', persons: 6, imagesPerPerson: 5 });
		writeFileSync(join(root, 'stray.png'), makeTestImage('stray'));
		await emu.control.setConfig({ faults: { latencyMs: 40 } });
		const memento = new MemoryMemento();
		const first = new OperationTracker({ globalState: memento }, a.resources, a.log);
		const op = first.startEnrollment({ resourceId: resource.id, kind: 'personGroup', containerId: 'halfway', label: 'halfway', folder: vscode.Uri.file(root), folderName: 'crowd', qualityGate: false, total: 31 });
		await waitFor(() => (first.get(op.id)?.enrollment && doneFiles(first.get(op.id)!.enrollment!) >= 12) || undefined, 30_000, 'half of the files');
		first.dispose();
		await first.saved();
		const stored = storedOperations(memento).find((o) => o.id === op.id);
		assert.strictEqual(stored?.state, 'running', 'left in globalState for the next window');
		assert.strictEqual(stored?.enrollment?.folder, vscode.Uri.file(root).toString());
		await new Promise((r) => setTimeout(r, 300)); // answers of calls in flight arrive
		const before = (await faceFiles('halfway')).length;
		assert.ok(before >= 12 && before < 30, `${before} faces went in before the interruption`);

		await emu.control.setConfig({ faults: { latencyMs: 0 } });
		const second = new OperationTracker({ globalState: memento }, a.resources, a.log);
		try {
			second.resume();
			const done = await whenDone(second, op.id);
			assert.strictEqual(done.state, 'succeeded', done.message);
			assert.deepStrictEqual(done.enrollment?.counts, { added: 30, existing: 0, skipped: 1, failed: 0 }, 'its own faces count as added, not as already there; the stray file once');
			assert.strictEqual(done.enrollment?.issues.length, 1);
		} finally {
			second.dispose();
		}
		const files = await faceFiles('halfway');
		assert.strictEqual(files.length, 30, '0 lost, 0 duplicated');
		assert.strictEqual(new Set(files).size, 30);
		assert.strictEqual((await persons('halfway')).length, 6);
		assert.ok(logLines(a).some((l) => /Resuming enrollment 'halfway'/.test(l)));
	});

	it('two windows: the other one shows the count; when the enrolling window closes, the other takes over and finishes, exactly once', async () => {
		const a = await api();
		await createGroup('two-windows');
		const root = writeTree(dir, { root: 'shared', persons: 5, imagesPerPerson: 5 });
		await emu.control.setConfig({ faults: { latencyMs: 40 } });
		const memento = new MemoryMemento();
		const timing = { syncMs: 200, leaseMs: 1500 };
		const A = new OperationTracker({ globalState: memento }, a.resources, a.log, { ...timing, windowId: 'enroll-a' });
		const B = new OperationTracker({ globalState: memento }, a.resources, a.log, { ...timing, windowId: 'enroll-b' });
		try {
			const op = A.startEnrollment({ resourceId: resource.id, kind: 'personGroup', containerId: 'two-windows', label: 'two-windows', folder: vscode.Uri.file(root), folderName: 'shared', qualityGate: false, total: 25 });
			await waitFor(() => (B.get(op.id)?.enrollment && doneFiles(B.get(op.id)!.enrollment!) >= 5) || undefined, 20_000, 'window B to see the count go up');
			assert.strictEqual(B.followedWhere(B.get(op.id)!), 'elsewhere');
			A.dispose(); // the window closes: its lease is released
			await A.saved();
			await emu.control.setConfig({ faults: { latencyMs: 0 } });
			const done = await whenDone(B, op.id);
			assert.strictEqual(done.state, 'succeeded', done.message);
			assert.strictEqual(done.enrollment?.counts.added, 25);
			assert.ok(logLines(a).some((l) => /Taking over enrollment 'two-windows'/.test(l)));
		} finally {
			A.dispose();
			B.dispose();
		}
		const files = await faceFiles('two-windows');
		assert.strictEqual(files.length, 25, '0 lost, 0 duplicated');
		assert.strictEqual(new Set(files).size, 25);
	});

	it('answers lost after the face was added are settled by reading the person, without a duplicate', async () => {
		const a = await api();
		await createGroup('lossy');
		const root = writeTree(dir, { root: 'lossy-team', persons: 3, imagesPerPerson: 4 });
		await emu.control.setConfig({ faults: { lostAnswerRate: 0.35, match: ADD_FACE, seed: 3 } });
		const started = await run<Operation>('azureFace.enrollFolder', [], vscode.Uri.file(root), ref('lossy'));
		const done = await whenDone(a.tracker, started.result!.id);
		assert.strictEqual(done.state, 'succeeded', done.message);
		const lost = (await emu.control.requests(0)).filter((r) => r.fault === 'lostAnswer').length;
		assert.ok(lost > 0, 'answers were lost');
		assert.ok((done.enrollment?.settled ?? 0) > 0, 'settled by reading');
		assert.strictEqual(done.enrollment?.counts.added, 12);
		const files = await faceFiles('lossy');
		assert.strictEqual(files.length, 12);
		assert.strictEqual(new Set(files).size, 12);
		assert.ok(logLines(a).some((l) => /the answer was lost; reading the faces showed it was added/.test(l)));
	});

	it('adds a folder to a Large Face List created on the spot; Cancel keeps what went in', async () => {
		const a = await api();
		const root = writeTree(dir, { root: 'catalog-pics', persons: 2, imagesPerPerson: 3 });
		const started = await run<Operation>('azureFace.addFolderToFaceList', ['Enroll Emulator', 'Large Face List', 'Create New Large Face List…', 'pics', 'Pics', ''], vscode.Uri.file(root));
		const done = await whenDone(a.tracker, started.result!.id);
		assert.deepStrictEqual(done.enrollment?.counts, { added: 6, existing: 0, skipped: 0, failed: 0 });
		assert.strictEqual(((await raw.get('/largefacelists/pics/persistedfaces')).body as unknown[]).length, 6);

		await createGroup('slow');
		await emu.control.setConfig({ faults: { latencyMs: 150 } });
		const big = writeTree(dir, { root: 'slow-team', persons: 2, imagesPerPerson: 20 });
		const slow = await run<Operation>('azureFace.enrollFolder', [], vscode.Uri.file(big), ref('slow'));
		await waitFor(() => (a.tracker.get(slow.result!.id)?.enrollment?.counts.added ?? 0) >= 3 || undefined, 20_000, 'a few faces');
		assert.ok(a.tracker.stopWatching(slow.result!.id));
		const stopped = await whenDone(a.tracker, slow.result!.id);
		assert.strictEqual(stopped.state, 'stopped');
		assert.match(stopped.message ?? '', /Cancelled/);
		await new Promise((r) => setTimeout(r, 400));
		const n = (await faceFiles('slow')).length;
		assert.ok(n >= 3 && n < 40, `${n} faces stay`);
	});

	it('from the palette it asks for the folder; a reference names the group; Train Now trains it; a folder with nothing in it is refused', async () => {
		const a = await api();
		await createGroup('palette');
		const root = writeTree(dir, { root: 'palette-team', persons: 2, imagesPerPerson: 2 });
		const prompter = new ScriptedPrompter([root], (m) => (m.items.includes('Train Now') ? 'Train Now' : undefined));
		// The summary comes after the command returned: the prompter stays until it is answered.
		a.setPrompter(prompter);
		let training: Operation;
		try {
			const started = await vscode.commands.executeCommand<Operation>('azureFace.enrollFolder', ref('palette'));
			assert.strictEqual(prompter.asked[0]?.type, 'open', 'the folder is asked for first');
			const done = await whenDone(a.tracker, started!.id);
			assert.deepStrictEqual(done.enrollment?.counts, { added: 4, existing: 0, skipped: 0, failed: 0 });
			training = await waitFor(() => a.tracker.findOperation(resource.id, 'personGroup', 'palette'), 10_000, 'the training Train Now started');
		} finally {
			a.setPrompter(undefined);
		}
		assert.strictEqual(training.type ?? 'training', 'training');
		await waitFor(async () => (await emu.control.state()).persongroups.find((c) => c.id === 'palette')?.training !== 'none', 10_000, 'the group trains');
		a.tracker.stopWatching(training.id);

		const empty = mkdtempSync(join(dir, 'empty-'));
		const refused = await run<Operation>('azureFace.enrollFolder', [], vscode.Uri.file(empty), ref('palette'));
		assert.strictEqual(refused.result, undefined);
		assert.ok(refused.prompter.messages.some((m) => m.severity === 'error' && /has no files to enroll/.test(m.message)), refused.prompter.messages.map((m) => m.message).join(' | '));
	});

	it('face rows of enrolled faces show the file name; Reveal in Explorer finds the file in the workspace', async () => {
		const a = await api();
		const ws = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
		assert.ok(ws, 'the test host opens a workspace folder');
		const root = writeTree(ws, { root: 'reveal-pics', persons: 1, imagesPerPerson: 2 });
		try {
			const started = await run<Operation>('azureFace.addFolderToFaceList', ['Enroll Emulator', 'Large Face List', 'Create New Large Face List…', 'reveal', 'Reveal', ''], vscode.Uri.file(root));
			await whenDone(a.tracker, started.result!.id);
			const list = await walk(resource, 'Large Face Lists', 'Reveal');
			const rows = await waitFor(async () => {
				a.tree.provider.refreshContainer(resource.id, 'largeFaceList', 'reveal');
				const shown = await children(list.node);
				return shown.length === 2 ? shown : undefined;
			}, 10_000, 'the two faces in the tree');
			assert.deepStrictEqual(rows.map((r) => r.label).sort(), ['0.png', '1.png'], 'the file name is the label');
			assert.ok(rows.every((r) => /^[0-9a-f-]{36}$/.test(r.description)), 'the face id is the description');
			assert.ok(rows.every((r) => hasToken(r.contextValue, 'hasFile')));
			assert.match(rows[0].tooltip, /reveal-pics\/person-00\/[01]\.png/);
			const revealed = await run<vscode.Uri>('azureFace.revealFaceFile', [], rows.find((r) => r.label === '1.png')!.node);
			assert.strictEqual(revealed.result?.fsPath, join(root, 'person-00', '1.png'));
			rmSync(join(root, 'person-00', '0.png'));
			const missing = await run<vscode.Uri>('azureFace.revealFaceFile', [], rows.find((r) => r.label === '0.png')!.node);
			assert.deepStrictEqual(errorsOf(missing.prompter), ['reveal-pics/person-00/0.png is not in this workspace.']);
		} finally {
			rmSync(root, { recursive: true, force: true });
		}
	});

	it("a person's face rows show their file names without a call; a face added elsewhere is read once, on hover; Reveal in Explorer reads an unread face", async () => {
		const a = await api();
		const ws = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
		assert.ok(ws, 'the test host opens a workspace folder');
		const root = writeTree(ws, { root: 'named-pics', persons: 1, imagesPerPerson: 2 });
		const GET_FACE = 'GET /persongroups/{personGroupId}/persons/{personId}/persistedfaces/{persistedFaceId}';
		const faceReads = async () => (await emu.control.counters()).requests[GET_FACE] ?? 0;
		try {
			const started = await run<Operation>('azureFace.enrollFolder', ['Enroll Emulator', 'Person Group', 'Create New Person Group…', 'named', 'Named', ''], vscode.Uri.file(root));
			await whenDone(a.tracker, started.result!.id);
			await emu.control.resetCounters();
			const person = await walk(resource, 'Person Groups', 'Named', 'person-00');
			const rows = await children(person.node);
			assert.deepStrictEqual(rows.map((r) => r.label).sort(), ['0.png', '1.png'], 'the enrollment recorded each face it added');
			assert.ok(rows.every((r) => hasToken(r.contextValue, 'hasFile')));
			assert.match(rows[0].tooltip, /File: named-pics\/person-00\/[01]\.png/);
			assert.strictEqual(await faceReads(), 0, 'rows and tooltips of known faces cost no call');

			// Faces added by another tool (or another machine): one with a mark, one with none.
			const { personId } = person.node as unknown as { personId: string };
			const facesUrl = `/persongroups/named/persons/${personId}/persistedfaces`;
			const elsewhere = JSON.stringify({ file: 'named-pics/person-00/0.png', sha256: 'a'.repeat(32) });
			const marked = (await raw.post(`${facesUrl}?userData=${encodeURIComponent(elsewhere)}`, { bytes: makeTestImage('elsewhere') })).body as { persistedFaceId: string };
			const plain = (await raw.post(facesUrl, { bytes: makeTestImage('plain') })).body as { persistedFaceId: string };
			a.tree.provider.refreshPerson(resource.id, 'personGroup', 'named', personId);
			const nodes = await (await provider()).getChildren(person.node);
			const row = async (id: string, hover: boolean) => show(nodes.find((n) => (n as unknown as { faceId: string }).faceId === id)!, hover);
			const unread = await row(marked.persistedFaceId, false);
			assert.deepStrictEqual([unread.label, unread.description], [marked.persistedFaceId, ''], 'not read yet: the id, no file name');
			assert.ok(hasToken(unread.contextValue, 'hasFile'), 'Reveal in Explorer is offered: it reads the face first');
			assert.strictEqual(await faceReads(), 0, 'listing the faces reads none of them');
			const hovered = await row(marked.persistedFaceId, true);
			assert.match(hovered.tooltip, /File: named-pics\/person-00\/0\.png/);
			assert.strictEqual(await faceReads(), 1, 'the hover read the face once');
			assert.strictEqual((await row(marked.persistedFaceId, false)).label, '0.png', 'the row shows the file name now');
			await row(marked.persistedFaceId, true);
			assert.strictEqual(await faceReads(), 1, 'a second hover reads nothing');
			const revealed = await run<vscode.Uri>('azureFace.revealFaceFile', [], (await row(marked.persistedFaceId, false)).node);
			assert.strictEqual(revealed.result?.fsPath, join(root, 'person-00', '0.png'));

			const none = await run<vscode.Uri>('azureFace.revealFaceFile', [], (await row(plain.persistedFaceId, false)).node);
			assert.strictEqual(await faceReads(), 2, 'Reveal in Explorer read the unread face');
			assert.deepStrictEqual(errorsOf(none.prompter), ['Reveal in Explorer works on faces added by Face Explorer (their user data names the file); this one was added otherwise.']);
			const read = await row(plain.persistedFaceId, false);
			assert.ok(!hasToken(read.contextValue, 'hasFile'), 'once read and found without a file, Reveal in Explorer is not offered');

			// A read that fails says why in the tooltip, and the next hover tries again.
			const third = (await raw.post(facesUrl, { bytes: makeTestImage('third') })).body as { persistedFaceId: string };
			a.tree.provider.refreshPerson(resource.id, 'personGroup', 'named', personId);
			const again = await (await provider()).getChildren(person.node);
			const thirdNode = again.find((n) => (n as unknown as { faceId: string }).faceId === third.persistedFaceId)!;
			await emu.control.setConfig({ faults: { match: GET_FACE, errorRate: 1 } });
			const failed = await show(thirdNode, true);
			assert.match(failed.tooltip, /File: not read \(/);
			await emu.control.setConfig({ faults: { match: '', errorRate: 0 } });
			const retried = await show(thirdNode, true);
			assert.doesNotMatch(retried.tooltip, /not read/);
			assert.ok(!hasToken((await show(thirdNode, false)).contextValue, 'hasFile'));
		} finally {
			rmSync(root, { recursive: true, force: true });
		}
	});

	it('Add Face… on an image with two faces shows their numbered boxes on the picture, lists them in a quick pick and adds the one picked as targetFace', async () => {
		await createGroup('pairs');
		const person = (await raw.post('/persongroups/pairs/persons', { json: { name: 'Pat' } })).body as { personId: string };
		const file = join(dir, 'two-faces.png');
		writeFileSync(file, makeTestImage('pair-pick', 2));
		const a = await api();
		const before = a.panels().panels.length;
		let shownAtPick: { boxes: number; image: string; calls: number } | undefined;
		const pickSecond = (q: { items?: readonly string[] }) => {
			const shown = a.panels().panels.slice(before)[0]?.state.results[0];
			shownAtPick = shown && { boxes: shown.faces.length, image: shown.image.name, calls: shown.calls };
			return q.items?.[1];
		};
		const { prompter } = await run<string>('azureFace.addFace', [pickSecond], { resourceId: resource.id, kind: 'personGroup', containerId: 'pairs', personId: person.personId }, vscode.Uri.file(file));
		assert.deepStrictEqual(shownAtPick, { boxes: 2, image: 'two-faces.png', calls: 2 }, 'while the pick is open, the picture shows both faces boxed (the panel of Detect Faces, no call of its own)');
		assert.strictEqual(a.panels().panels.length, before, 'the picture closes once a face is picked');
		const question = prompter.asked.find((q) => q.type === 'pick');
		assert.strictEqual(question?.title, 'two-faces.png has 2 faces: which one?');
		assert.strictEqual(question?.placeHolder, 'The numbers are those of the boxes on the picture');
		assert.strictEqual(question?.items?.length, 2);
		assert.match(question?.items?.[0] ?? '', /^Face 1: \d+×\d+ px$/);
		const faces = ((await raw.get(`/persongroups/pairs/persons/${person.personId}`)).body as { persistedFaceIds: string[] }).persistedFaceIds;
		assert.strictEqual(faces.length, 1, 'the face picked went in');
		const requests = await emu.control.requests(0);
		assert.ok(requests.some((r) => /\/persistedfaces$/.test(r.path) && r.status === 200), 'the add with targetFace succeeded');
	});
});
