// Issue 13: the Person Directory's and Dynamic Person Groups' commands inside VS Code, against an emulator
// of its own (demo directory: Uma Patel, Victor Chen, Wendy Brooks). Every asynchronous write is an
// operation of the extension's tracker: the row shows *pending* until the emulator's operation succeeded
// (the tests end them with the control surface), the status bar counts it, one notification tells the end.
// A bulk add is one batch entry; a tracker disposed in its middle (a reload) leaves it to the next one.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { CreatedDirectoryPerson } from '../../src/commands/directory';
import { addDirectoryFaces, type AddedDirectoryFaces } from '../../src/commands/directoryFaces';
import type { GroupWrite } from '../../src/commands/dynamicGroupCommands';
import type { DirectoryIdentification } from '../../src/commands/identifyDirectory';
import { CompletionNotifier } from '../../src/operations/notifications';
import { setPrompter } from '../../src/shared/prompter';
import { OperationTracker } from '../../src/operations/tracker';
import type { Operation } from '../../src/operations/types';
import type { FaceResource } from '../../src/resources/types';
import { makeTestImage } from '../emulator/images';
import { startEmulator, type Emulator } from '../emulator/server';
import { ScriptedPrompter } from '../support/scriptedPrompter';
import { statusBarOf, storedOperations, whenDone } from '../support/operations';
import { api, errorsOf, logLines, run, waitFor } from './helpers';
import { type Node, type Shown, children, removeAdded, waitForRow, walk } from './treeTestSupport';

const KEY = `directory-commands-${Math.random().toString(36).slice(2)}`;
const LONG_MS = 10 * 60_000;

/** globalState for a tracker of our own (the reload test). */
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

/** The row `label` under `node` once the tree shows it. */
function rowUnder(node: Node, label: string): Promise<Shown> {
	return waitFor(async () => (await children(node)).find((c) => c.label === label), 20_000, `'${label}' shown`, 100);
}

describe('Person Directory commands (issue 13)', function () {
	this.timeout(120_000);
	let emu: Emulator;
	let tmp: string;
	const added: string[] = [];

	async function addResource(label: string, tier: 'S0' | 'F0' = 'S0', endpoint = emu.endpoint): Promise<FaceResource> {
		const store = (await api()).resources;
		const resource = await store.add(store.prepare({ endpoint, label, auth: 'key', tier, apiVersion: 'v1.2-preview.1' }), KEY);
		added.push(resource.id);
		return resource;
	}

	function image(name: string, seed: string, variant = 0): vscode.Uri {
		const file = path.join(tmp, name);
		fs.writeFileSync(file, makeTestImage(seed, 1, { variant }));
		return vscode.Uri.file(file);
	}

	before(async () => {
		emu = await startEmulator({ port: 0, key: KEY, seed: 'demo', operationMs: LONG_MS });
		tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'directory-commands-'));
		await vscode.workspace.getConfiguration('azureFace').update('training.maxPollIntervalSeconds', 5, vscode.ConfigurationTarget.Global);
	});

	beforeEach(async () => {
		await emu.control.reset();
		await emu.control.seed('demo');
		await emu.control.setConfig({ key: KEY, operationMs: LONG_MS, operationFailure: '', faults: { latencyMs: 0 } });
	});

	afterEach(async () => {
		const a = await api();
		a.setPrompter(undefined);
		for (const op of a.tracker.active()) {
			a.tracker.stopWatching(op.id);
		}
		await removeAdded(added);
	});

	after(async () => {
		await vscode.workspace.getConfiguration('azureFace').update('training.maxPollIntervalSeconds', undefined, vscode.ConfigurationTarget.Global);
		await emu?.close();
		fs.rmSync(tmp, { recursive: true, force: true });
	});

	it('creates a person, adds two faces (pending until their operations succeed), makes a group of selected persons, identifies against it, deletes', async () => {
		const a = await api();
		const r = await addResource('Directory Commands');
		const folder = await walk(r, 'Person Directory');
		await children(folder.node);
		const notes = new ScriptedPrompter();

		// Create a person: the row shows pending until the operation succeeded.
		const created = await run<CreatedDirectoryPerson>('azureFace.createDirectoryPerson', ['Zoe Park', ''], folder.node);
		assert.deepStrictEqual(errorsOf(created.prompter), []);
		const createOp = created.result?.operation;
		assert.ok(createOp && createOp.state === 'running', 'the create is an operation');
		a.setPrompter(notes);
		assert.match(statusBarOf(a.statusBar).text, /^\$\(sync~spin\) Creating Zoe Park \d+s$/);
		const zoe = await rowUnder(folder.node, 'Zoe Park');
		assert.strictEqual((await waitForRow(zoe.node, (s) => s.description === 'pending', 'pending person')).icon, 'loading~spin');
		assert.strictEqual((await emu.control.directory()).persons.find((p) => p.name === 'Zoe Park')?.ready, false);
		await emu.control.finishOperations();
		assert.strictEqual((await whenDone(a.tracker, createOp.id)).state, 'succeeded');
		await waitForRow((await rowUnder(folder.node, 'Zoe Park')).node, (s) => s.description !== 'pending', 'person ready');
		assert.ok(notes.messages.some((m) => m.severity === 'info' && /^Creating Zoe Park: done in \d+s$/.test(m.message)), 'one notification for the create');
		const logged = logLines(a);
		assert.ok(logged.some((l) => /\[info\] Person Directory change 'Creating Zoe Park' started\. Polling \/face\/v1\.2-preview\.1\/operations\//.test(l)), 'the log has the start');
		assert.ok(logged.some((l) => /\[info\] Person Directory change 'Creating Zoe Park' succeeded in \d+s \(\d+ polls\)/.test(l)), 'the log has the end');

		// Two faces from the dialog, for recognition_04: one batch, `Adding faces to Zoe Park 0/2`, faces pending.
		const zoeRow = await rowUnder(folder.node, 'Zoe Park');
		const model = (await children(zoeRow.node)).find((m) => m.label === 'recognition_04')!;
		const faces = await run<AddedDirectoryFaces>('azureFace.addDirectoryFaces', [], model.node, [image('zoe-1.png', 'zoe'), image('zoe-2.png', 'zoe', 1)]);
		assert.deepStrictEqual(errorsOf(faces.prompter), []);
		const batch = faces.result?.operation;
		assert.ok(batch?.batch, 'one batch operation for the two faces');
		assert.strictEqual(faces.result?.added.length, 2);
		a.setPrompter(notes);
		assert.match(statusBarOf(a.statusBar).text, /^\$\(sync~spin\) Adding faces to Zoe Park 0\/2$/);
		const faceRows = await waitFor(async () => {
			const rows = await children((await rowUnder((await rowUnder(folder.node, 'Zoe Park')).node, 'recognition_04')).node);
			return rows.length === 2 ? rows : undefined;
		}, 20_000, 'two face rows');
		assert.deepStrictEqual(faceRows.map((f) => f.description), ['pending', 'pending']);
		assert.deepStrictEqual(faceRows.map((f) => f.label).sort(), ['zoe-1.png', 'zoe-2.png'], 'each face row is labelled by the file it came from (no call)');
		assert.deepStrictEqual(faceRows.map((f) => /File: .*zoe-[12]\.png/.test(f.tooltip)), [true, true]);
		const stored = (await emu.control.directory()).persons.find((p) => p.name === 'Zoe Park')!.faces.recognition_04.map((f) => f.persistedFaceId);
		assert.deepStrictEqual(stored.sort(), [...(faces.result?.added ?? [])].sort());
		await emu.control.finishOperations();
		const batchEnd = await whenDone(a.tracker, batch.id);
		assert.strictEqual(batchEnd.state, 'succeeded');
		assert.deepStrictEqual([batchEnd.batch?.ended, batchEnd.batch?.total], [2, 2]);
		for (const f of faceRows) {
			await waitForRow(f.node, (s) => /^[0-9a-f-]{36}$/.test(s.description), 'face ready: its id beside its file name');
		}
		assert.strictEqual(notes.messages.filter((m) => m.message.startsWith('Adding faces to Zoe Park')).length, 1, 'one notification for the batch');

		// A Dynamic Person Group from two selected persons (VS Code passes the clicked row and the selection).
		const rows = await children(folder.node);
		const uma = rows.find((p) => p.label === 'Uma Patel')!;
		const zoeNow = rows.find((p) => p.label === 'Zoe Park')!;
		const group = await run<GroupWrite>('azureFace.createDynamicGroup', ['zoe-team', 'Zoe Team'], zoeNow.node, [zoeNow.node, uma.node]);
		assert.deepStrictEqual(errorsOf(group.prompter), []);
		assert.ok(group.result?.operation, 'created with persons: an operation');
		const groupsFolder = await walk(r, 'Dynamic Person Groups');
		const team = await rowUnder(groupsFolder.node, 'Zoe Team');
		await waitForRow(team.node, (s) => s.description === 'pending', 'pending group');
		await emu.control.finishOperations();
		assert.strictEqual((await whenDone(a.tracker, group.result.operation.id)).state, 'succeeded');
		const members = (await emu.control.directory()).groups.find((g) => g.dynamicPersonGroupId === 'zoe-team')?.personIds ?? [];
		assert.deepStrictEqual([...members].sort(), [created.result!.personId, (uma.node as unknown as { personId: string }).personId].sort());

		// Identify a new photo of Zoe against the group.
		const teamNow = await rowUnder(groupsFolder.node, 'Zoe Team');
		const found = await run<DirectoryIdentification>('azureFace.identifyInDynamicGroup', ['recognition_04'], teamNow.node, undefined, image('zoe-3.png', 'zoe', 7));
		assert.deepStrictEqual(errorsOf(found.prompter), []);
		assert.match(found.result?.lines[0] ?? '', /^face 1 \(\d+, \d+\): Zoe Park 0\.\d\d/);
		assert.deepStrictEqual(found.result?.result.faces.map((f) => f.matches[0]?.name), ['Zoe Park'], 'what the results panel shows');
		assert.strictEqual(found.result?.result.target.label, 'Dynamic Person Group Zoe Team');
		assert.ok(logLines(a).some((l) => /Identify zoe-3\.png against Dynamic Person Group Zoe Team \(recognition_04\): face 1/.test(l)));

		// …and against the directory: chosen persons (by reference), then every person from the palette's question.
		const chosen = await run<DirectoryIdentification>('azureFace.identifyInDirectory', ['recognition_04'], { resourceId: r.id, personIds: [created.result!.personId] }, undefined, image('zoe-4.png', 'zoe', 8));
		assert.match(chosen.result?.lines[0] ?? '', /: Zoe Park 0\.\d\d/);
		const others = await run<DirectoryIdentification>('azureFace.identifyInDirectory', ['Chosen persons…', 'Uma Patel\nVictor Chen', 'recognition_04'], folder.node, undefined, image('zoe-5.png', 'zoe', 9));
		assert.match(others.result?.lines[0] ?? '', /: no match$/, 'Zoe is not among the chosen persons');
		const everyone = await run<DirectoryIdentification>('azureFace.identifyInDirectory', ['All persons', 'recognition_04'], folder.node, undefined, image('zoe-6.png', 'zoe', 10));
		assert.match(everyone.result?.lines[0] ?? '', /: Zoe Park 0\.\d\d/);

		// Delete the group and the person: followed to their end, gone from the tree.
		const removed = await run<GroupWrite>('azureFace.deleteDynamicGroup', ['Delete'], teamNow.node);
		const deletedPerson = await run<Operation>('azureFace.deleteDirectoryPerson', ['Delete'], (await rowUnder(folder.node, 'Zoe Park')).node);
		a.setPrompter(notes);
		assert.match(statusBarOf(a.statusBar).text, /^\$\(sync~spin\) 2 operations$/);
		await emu.control.finishOperations();
		assert.strictEqual((await whenDone(a.tracker, removed.result!.operation!.id)).state, 'succeeded');
		assert.strictEqual((await whenDone(a.tracker, deletedPerson.result!.id)).state, 'succeeded');
		await waitFor(async () => !(await children(folder.node)).some((p) => p.label === 'Zoe Park'), 20_000, 'Zoe gone from the tree');
		await waitFor(async () => !(await children(groupsFolder.node)).some((g) => g.label === 'Zoe Team'), 20_000, 'the group gone from the tree');
		const dir = await emu.control.directory();
		assert.ok(!dir.persons.some((p) => p.name === 'Zoe Park') && !dir.groups.some((g) => g.dynamicPersonGroupId === 'zoe-team'));
	});

	it('a failed write says the service\'s message', async () => {
		const a = await api();
		const r = await addResource('Directory Failure');
		await emu.control.setConfig({ operationFailure: 'addFace', operationFailureMessage: 'Face is not enrollable.' });
		const notes = new ScriptedPrompter();
		const faces = await run<AddedDirectoryFaces>('azureFace.addDirectoryFaces', [], { resourceId: r.id, personId: (await emu.control.directory()).persons[0].personId, recognitionModel: 'recognition_04' }, [image('bad.png', 'bad')]);
		a.setPrompter(notes);
		await emu.control.finishOperations();
		const end = await whenDone(a.tracker, faces.result!.operation!.id);
		assert.strictEqual(end.state, 'failed');
		assert.strictEqual(end.message, 'Face is not enrollable.');
		await waitFor(() => notes.messages.find((m) => m.severity === 'error' && /^Adding a face to .+ failed: Face is not enrollable\.$/.test(m.message)), 10_000, 'the failure notification');
	});

	it('a reload in the middle of a bulk add resumes the batch in the next window; the images not sent are offered again (Add Them Now): none lost, none twice', async () => {
		const a = await api();
		const r = await addResource('Directory Reload');
		await emu.control.setConfig({ operationMs: 2_000 });
		const personId = (await emu.control.directory()).persons.find((p) => p.name === 'Victor Chen')!.personId;
		const victorFaces = async () => ((await emu.control.directory()).persons.find((p) => p.personId === personId)!.faces.recognition_04 ?? []).length;
		const before = await victorFaces();
		const memento = new MemoryMemento();
		const first = new OperationTracker({ globalState: memento }, a.resources, a.log);
		const files = [0, 1, 2, 3, 4, 5].map((i) => image(`victor-${i}.png`, 'victor', i));
		// Each answer 300 ms late: the reload below comes while an image is on its way, not after the last one.
		await emu.control.setConfig({ faults: { latencyMs: 300 } });
		const adding = addDirectoryFaces({ clients: a.resources, tree: a.tree.provider, writes: first, log: a.log }, { resourceId: r.id, personId, recognitionModel: 'recognition_04', label: 'Victor Chen' }, files);
		const op = await waitFor(() => first.list().find((o) => (o.batch?.urls.length ?? 0) >= 2), 20_000, 'two faces sent');
		first.dispose(); // the window reloads while the command is still sending
		const cut = await adding;
		await first.saved();
		await emu.control.setConfig({ faults: { latencyMs: 0 } });
		assert.ok(cut && cut.added.length < 6, 'the command stopped sending once its window closed');
		const stored = storedOperations(memento).find((o) => o.id === op.id);
		assert.ok(stored?.batch?.open && stored.state === 'running', 'saved: running, still open');
		const sent = stored.batch.urls.length;
		assert.ok(sent >= 2 && sent < 6, `the reload came in the middle (${sent} of 6 saved)`);
		assert.strictEqual(stored.batch.sent, sent);
		assert.deepStrictEqual(stored.batch.files, files.map((f) => f.toString()));

		const second = new OperationTracker({ globalState: memento }, a.resources, a.log);
		const notes = new ScriptedPrompter([], (m) => (m.items.includes('Add Them Now') ? 'Add Them Now' : undefined));
		const notifier = new CompletionNotifier(second, a.log);
		// The notifier here is this test's copy of the module (not the extension bundle's): both prompters answer.
		a.setPrompter(notes);
		setPrompter(notes);
		try {
			second.resume();
			const done = await whenDone(second, op.id);
			assert.strictEqual(done.state, 'succeeded', done.message);
			assert.deepStrictEqual([done.batch?.open, done.batch?.ended, done.batch?.total], [false, sent, sent], 'what was sent is followed to its end');
			assert.deepStrictEqual(done.batch?.unsent, files.slice(sent).map((f) => f.toString()), 'the images not sent are named');
			assert.ok(logLines(a).some((l) => l.includes('Resuming person directory change \'Adding faces to Victor Chen\'')));
			const warning = await waitFor(() => notes.messages.find((m) => m.message.startsWith('Adding faces to Victor Chen:')), 10_000, 'the end notification');
			assert.strictEqual(warning.severity, 'warning');
			assert.strictEqual(warning.message, `Adding faces to Victor Chen: ${sent} of 6 images were added; the window reloaded before the other ${6 - sent} were sent.`);
			assert.deepStrictEqual(warning.items, ['Add Them Now', 'Show Log']);
			assert.ok(logLines(a).some((l) => l.includes(`${6 - sent} of 6 images were not sent (the window reloaded): `) && l.includes('victor-5.png')));
			// Add Them Now sends the rest to the same person and model, as one more entry of the real tracker.
			const again = await waitFor(() => a.tracker.list().find((o) => o.kind === 'personDirectory' && o.containerId === personId && o.id !== op.id), 20_000, 'the images sent again');
			const resent = await whenDone(a.tracker, again.id);
			assert.strictEqual(resent.state, 'succeeded', resent.message);
			assert.strictEqual(resent.label, 'Adding faces to Victor Chen');
			// The image on its way as the window closed went in (the closed window's command had sent it): Add Them
			// Now finds its content hash on Victor and does not send it again. None lost, none twice.
			const inFlight = cut.added.length - sent;
			assert.strictEqual(inFlight, 1, 'the closed window had one more image on its way');
			assert.ok(logLines(a).some((l) => l.includes(`victor-${sent}.png went in before the window reloaded`)), 'the log says the in-flight image was found');
			assert.strictEqual(resent.batch ? resent.batch.total : 1, 6 - sent - inFlight);
			assert.strictEqual(await victorFaces(), before + 6);
		} finally {
			a.setPrompter(undefined);
			setPrompter(undefined);
			notifier.dispose();
			second.dispose();
		}
	});

	it('a bulk add of 12 faces on F0 is one entry, paced by the rate budget: no 429, at most 20 calls a minute', async function () {
		this.timeout(5 * 60_000);
		const a = await api();
		const f0 = await startEmulator({ port: 0, key: KEY, seed: 'demo', profile: 'f0', operationMs: 500 });
		try {
			assert.strictEqual((await f0.control.getConfig()).rateLimit, true, 'the emulator enforces F0');
			const r = await addResource('Directory F0', 'F0', f0.endpoint);
			const personId = (await f0.control.directory()).persons.find((p) => p.name === 'Wendy Brooks')!.personId;
			const files = Array.from({ length: 12 }, (_, i) => image(`wendy-${i}.png`, 'wendy', i));
			const started = Date.now();
			const bulk = await run<AddedDirectoryFaces>('azureFace.addDirectoryFaces', [], { resourceId: r.id, personId, recognitionModel: 'recognition_04' }, files);
			assert.deepStrictEqual(errorsOf(bulk.prompter), []);
			const op = bulk.result!.operation!;
			assert.strictEqual(a.tracker.active().filter((o) => o.resourceId === r.id).length <= 1, true, 'one entry for the 12 writes');
			const done = await whenDone(a.tracker, op.id);
			assert.strictEqual(done.state, 'succeeded', done.message);
			assert.deepStrictEqual([done.batch?.ended, done.batch?.total], [12, 12]);
			const requests = (await f0.control.requests()).filter((q) => q.at >= started - 1000);
			const throttled = requests.filter((q) => q.status === 429);
			assert.deepStrictEqual(throttled.map((q) => `${q.method} ${q.path}`), [], 'no 429');
			const at = requests.map((q) => q.at).sort((x, y) => x - y);
			let most = 0;
			for (let i = 0, j = 0; i < at.length; i++) {
				while (at[i] - at[j] >= 60_000) {
					j++;
				}
				most = Math.max(most, i - j + 1);
			}
			assert.ok(most <= 20, `at most 20 calls in any minute (${most})`);
			const reads = requests.filter((q) => q.method === 'GET' && /\/operations\//.test(q.path)).length;
			console.log(`        F0 bulk add of 12: ${requests.length} calls (${reads} operation reads) in ${((Date.now() - started) / 1000).toFixed(1)} s, most in a minute ${most}`);
			assert.ok(reads <= 12 + done.polls, `about one read per write (${reads} reads, ${done.polls} polls)`);
			assert.strictEqual((await f0.control.directory()).persons.find((p) => p.personId === personId)?.faces.recognition_04?.filter((f) => f.ready).length, 13);
		} finally {
			await f0.close();
		}
	});
});
