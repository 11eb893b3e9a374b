// The node commands inside VS Code against an emulator of their own (demo data), answered through a
// ScriptedPrompter as a person would: from tree nodes and from the palette (quick picks for the target).
// Asserts what a person sees (tree rows, questions, messages) and what the service holds afterwards.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { ScriptedPrompter } from '../support/scriptedPrompter';
import type { FaceResource } from '../../src/resources/types';
import { makeTestImage } from '../emulator/images';
import { startEmulator, type Emulator } from '../emulator/server';
import { api, errorsOf, run, waitFor } from './helpers';
import {
	DialogPrompter,
	addResource,
	children,
	hasToken,
	removeAdded,
	resourceNode,
	walk,
	waitForRow,
} from './treeTestSupport';

const KEY = `commands-key-${Math.random().toString(36).slice(2)}`;
const LABEL = 'Cmd Demo';

describe('Node commands', () => {
	let emu: Emulator;
	let r: FaceResource;
	let tmp: string;
	const added: string[] = [];

	before(async () => {
		emu = await startEmulator({ port: 0, key: KEY, seed: 'demo', trainingMs: 200 });
		tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'face-commands-'));
	});

	beforeEach(async () => {
		await emu.control.reset();
		await emu.control.seed('demo');
		await emu.control.setConfig({ trainingMs: 200 });
		r = await addResource(emu.endpoint, KEY, LABEL, added);
	});

	afterEach(async () => {
		await removeAdded(added);
	});

	after(async () => {
		await emu?.close();
		fs.rmSync(tmp, { recursive: true, force: true });
	});

	async function state(route: string) {
		return (await emu.control.state())[route];
	}

	it('Create Container from the palette: refuses invalid ids in the box, then creates with the chosen model', async () => {
		const folder = await walk(r, 'Large Person Groups');
		assert.deepStrictEqual((await children(folder.node)).map((c) => c.label), ['Employees']);
		await emu.control.resetCounters();
		const { result, prompter } = await run<{ containerId: string }>('azureFace.createContainer', [LABEL, 'Large Person Group', 'Bad ID!', 'x'.repeat(65), 'team-a', 'Team A', '']);
		assert.deepStrictEqual(errorsOf(prompter), []);
		assert.strictEqual(result?.containerId, 'team-a');
		const idBox = prompter.asked.find((q) => q.type === 'input')!;
		assert.deepStrictEqual(idBox.rejected.map((x) => x.message), ['Use only lower-case letters, digits, "-" and "_".', 'An ID has at most 64 characters (this one has 65).']);
		const models = prompter.asked.find((q) => q.type === 'pick' && q.items?.includes('recognition_04'));
		assert.strictEqual(models?.answer, 'recognition_04', 'recognition_04 is the default');
		const counters = await emu.control.counters();
		assert.strictEqual(counters.requests['PUT /largepersongroups/{largePersonGroupId}'], 1, 'only the valid id was sent');
		const created = (await state('largepersongroups')).find((c) => c.id === 'team-a');
		assert.deepStrictEqual({ name: created?.name, model: created?.recognitionModel }, { name: 'Team A', model: 'recognition_04' });
		assert.deepStrictEqual((await children(folder.node)).map((c) => c.label), ['Employees', 'Team A'], 'the folder refreshed');
	});

	it('an invalid id never reaches the service: giving up after a refusal sends nothing', async () => {
		await emu.control.resetCounters();
		const { result, prompter } = await run('azureFace.createContainer', [LABEL, 'Person Group', 'UPPER-case', undefined]);
		assert.strictEqual(result, undefined);
		assert.deepStrictEqual(prompter.asked.find((q) => q.type === 'input')?.rejected.map((x) => x.value), ['UPPER-case']);
		const counters = await emu.control.counters();
		assert.strictEqual(counters.total, 0, JSON.stringify(counters.requests));
	});

	it('Create on a kind folder asks no kind; Rename edits name and user data; Delete asks first', async () => {
		const folder = await walk(r, 'Face Lists');
		const create = await run('azureFace.createContainer', ['my-list', 'My List', 'recognition_03'], folder.node);
		assert.deepStrictEqual(errorsOf(create.prompter), []);
		assert.strictEqual(create.prompter.asked[0].type, 'input', 'the kind came from the folder');
		const row = (await children(folder.node)).find((c) => c.label === 'My List');
		assert.ok(row, 'the new list shows in its folder');
		assert.ok(row.tooltip.includes('recognition_03'), row.tooltip);

		const rename = await run('azureFace.renameContainer', ['Our List', 'team notes'], row.node);
		assert.deepStrictEqual(errorsOf(rename.prompter), []);
		assert.strictEqual(rename.prompter.asked[0].value, 'My List', 'the box shows the current name');
		const renamed = await waitForRow(row.node, (s) => s.label === 'Our List', 'the row shows the new name');
		assert.ok(renamed.tooltip.includes('team notes'), renamed.tooltip);
		assert.strictEqual((await state('facelists')).find((c) => c.id === 'my-list')?.name, 'Our List');

		const kept = await run('azureFace.deleteContainer', [undefined], row.node);
		assert.match(kept.prompter.asked[0].title ?? '', /^Delete Face List 'Our List' \(my-list\) from Cmd Demo\?$/);
		assert.ok((await state('facelists')).some((c) => c.id === 'my-list'), 'cancelled: nothing deleted');
		await run('azureFace.deleteContainer', ['Delete'], row.node);
		assert.ok(!(await state('facelists')).some((c) => c.id === 'my-list'));
		assert.deepStrictEqual((await children(folder.node)).map((c) => c.label), ['VIP Faces']);
	});

	it('creates, renames and deletes persons; a trained group then shows "changed"', async () => {
		const visitors = await walk(r, 'Person Groups', 'Visitors');
		await waitForRow(visitors.node, (s) => /^trained \S+ ago$/.test(s.description), 'Visitors: trained');
		const created = await run<string>('azureFace.createPerson', ['Zoe', ''], visitors.node);
		assert.deepStrictEqual(errorsOf(created.prompter), []);
		let zoe = (await children(visitors.node)).find((c) => c.label === 'Zoe');
		assert.ok(zoe, 'the new person shows');
		assert.strictEqual(zoe.description, '0 faces');
		await waitForRow(visitors.node, (s) => /^trained \S+ ago · changed$/.test(s.description), 'Visitors: changed since trained');

		await run('azureFace.renamePerson', ['Zoe Adams', 'guest'], zoe.node);
		zoe = await waitForRow(zoe.node, (s) => s.label === 'Zoe Adams', 'renamed person');
		assert.ok(zoe.tooltip.includes('guest'), zoe.tooltip);

		const del = await run<boolean>('azureFace.deletePerson', ['Delete'], zoe.node);
		assert.strictEqual(del.result, true);
		assert.ok(!(await children(visitors.node)).some((c) => c.label === 'Zoe Adams'));
		assert.strictEqual((await state('persongroups')).find((c) => c.id === 'visitors')?.persons, 2);
	});

	it('adds a face from an image picked in the dialog, refuses a too-small file, and deletes a face', async () => {
		const good = vscode.Uri.file(path.join(tmp, 'zoe.png'));
		const small = vscode.Uri.file(path.join(tmp, 'small.png'));
		fs.writeFileSync(good.fsPath, makeTestImage('commands/zoe'));
		fs.writeFileSync(small.fsPath, makeTestImage('commands/small', 1, { exactBytes: 500 }));
		const alice = await walk(r, 'Person Groups', 'Staff', 'Alice Johnson');
		assert.strictEqual(alice.description, '2 faces');

		const dialog = new DialogPrompter([], [good]);
		const add = await run<string>('azureFace.addFace', dialog, alice.node);
		assert.deepStrictEqual(errorsOf(add.prompter), []);
		assert.match(add.result ?? '', /^[0-9a-f-]{36}$/);
		assert.deepStrictEqual(Object.values(dialog.dialogs[0].filters ?? {})[0], ['jpg', 'jpeg', 'png', 'gif', 'bmp']);
		await waitForRow(alice.node, (s) => s.description === '3 faces', 'Alice has 3 faces');
		assert.strictEqual((await children(alice.node)).length, 3);
		assert.ok(add.prompter.messages.some((m) => m.severity === 'info' && m.message.includes('zoe.png')));

		await emu.control.resetCounters();
		const tooSmall = await run('azureFace.addFace', new DialogPrompter([], [small]), alice.node);
		assert.match(errorsOf(tooSmall.prompter).join(), /small\.png is 500 bytes: the Face service accepts images of 1 KB to 6 MB/);
		assert.strictEqual((await emu.control.counters()).total, 0, 'nothing was sent');

		// From the palette, to a Face List.
		const vip = await walk(r, 'Face Lists', 'VIP Faces');
		assert.strictEqual((await children(vip.node)).length, 3);
		const palette = await run('azureFace.addFace', new DialogPrompter([LABEL, 'Face List', 'VIP Faces'], [good]));
		assert.deepStrictEqual(errorsOf(palette.prompter), []);
		assert.strictEqual((await children(vip.node)).length, 4);

		const face = (await children(alice.node))[0];
		const del = await run<boolean>('azureFace.deleteFace', ['Delete'], face.node);
		assert.strictEqual(del.result, true);
		await waitForRow(alice.node, (s) => s.description === '2 faces', 'Alice has 2 faces again');
		assert.strictEqual((await state('persongroups')).find((c) => c.id === 'staff')?.faces, 6);
	});

	it('adds the faces of images selected in the file Explorer to a person picked with quick picks; a bad image is reported, the rest go in', async () => {
		const one = vscode.Uri.file(path.join(tmp, 'explorer-1.png'));
		const two = vscode.Uri.file(path.join(tmp, 'explorer-2.jpg'));
		const none = vscode.Uri.file(path.join(tmp, 'no-face.png'));
		const text = vscode.Uri.file(path.join(tmp, 'notes.txt'));
		fs.writeFileSync(one.fsPath, makeTestImage('explorer/1'));
		fs.writeFileSync(two.fsPath, makeTestImage('explorer/2'));
		fs.writeFileSync(none.fsPath, makeTestImage('explorer/none', 0));
		fs.writeFileSync(text.fsPath, 'not an image');
		const dave = await walk(r, 'Person Groups', 'Visitors', 'Dave Lee');
		const before = Number(/^(\d+) faces?$/.exec(dave.description)?.[1]);

		// As the Explorer calls it: the clicked file, then the whole selection (a text file is ignored).
		const { result, prompter } = await run<{ added: string[]; failed: string[] }>(
			'azureFace.addFaceFromFiles', [LABEL, 'Person Group', 'Visitors', 'Dave Lee'], one, [one, two, none, text]);
		assert.deepStrictEqual(prompter.asked.map((q) => q.title), Array(4).fill('Add the faces in 3 images to…'));
		assert.strictEqual(result?.added.length, 2);
		assert.deepStrictEqual(result?.failed.map((f) => f.split(':')[0]), ['no-face.png']);
		assert.match(errorsOf(prompter).join(), /^Added 2 of 3 faces to Dave Lee \(Visitors\)\. Not added: no-face\.png: /);
		await waitForRow(dave.node, (s) => s.description === `${before + 2} faces`, `Dave has ${before + 2} faces`);

		// A selection with no image says so and asks nothing.
		const nothing = await run('azureFace.addFaceFromFiles', [], text, [text]);
		assert.deepStrictEqual(nothing.prompter.asked, []);
		assert.match(errorsOf(nothing.prompter).join(), /Select one or more images/);
	});

	it('Train spins the row until the training ends; Show Training Status tells the state', async () => {
		await emu.control.setConfig({ trainingMs: 3000 });
		const staff = await walk(r, 'Person Groups', 'Staff');
		await waitForRow(staff.node, (s) => s.description === 'never trained', 'Staff: never trained');
		const train = await run('azureFace.train', [], staff.node);
		assert.deepStrictEqual(errorsOf(train.prompter), []);
		const running = await waitForRow(staff.node, (s) => /^training… \d+s$/.test(s.description), 'Staff: training…');
		assert.strictEqual(running.icon, 'sync~spin');
		assert.ok(hasToken(running.contextValue, 'training'), `Stop Watching is on the menu: ${running.contextValue}`);
		await waitForRow(staff.node, (s) => /^trained \d+s ago$/.test(s.description) && s.icon === 'pass', 'Staff: trained', 45_000);
		assert.ok(!hasToken((await waitForRow(staff.node, () => true, 'Staff')).contextValue, 'training'), 'no Stop Watching once trained');

		const status = await run('azureFace.showTrainingStatus', [], staff.node);
		assert.match(status.prompter.messages[0]?.message ?? '', /^Person Group 'Staff' was trained \d+s ago/);
		const never = await run('azureFace.showTrainingStatus', [LABEL, 'Person Group', 'Empty Group']);
		assert.deepStrictEqual(never.prompter.messages.map((m) => [m.message, m.items]), [["Person Group 'Empty Group' has never been trained.", ['Train']]]);
	});

	it('Train All picks the never-trained, failed and changed containers, and asks first', async () => {
		const visitors = await walk(r, 'Person Groups', 'Visitors');
		await run('azureFace.createPerson', ['Newcomer', ''], visitors.node);
		const root = await resourceNode(r);
		const ask = await run<unknown[]>('azureFace.trainAll', [undefined], root.node);
		const confirm = ask.prompter.asked.find((q) => q.type === 'confirm');
		assert.strictEqual(confirm?.title, `Train 6 containers of ${LABEL}?`);
		const lines = (confirm?.prompt ?? '').split('\n');
		assert.ok(lines.includes('• Visitors (Person Group): changed through Face Explorer since its last training'), lines.join('\n'));
		assert.ok(lines.includes('• Staff (Person Group): never trained'), lines.join('\n'));
		assert.ok(lines.includes('• Catalog (Large Face List): never trained'), lines.join('\n'));
		assert.deepStrictEqual(ask.result, [], 'cancelled: nothing trained');
		assert.ok((await state('persongroups')).every((c) => c.training !== 'running'));

		const go = await run<unknown[]>('azureFace.trainAll', ['Train'], root.node);
		assert.strictEqual(go.result?.length, 6);
		await waitFor(async () => {
			const s = await emu.control.state();
			return [...s.persongroups, ...s.largepersongroups, ...s.largefacelists].every((c) => c.training === 'succeeded' || c.training === 'failed');
		}, 30_000, 'every training ended');
		const tracker = (await api()).tracker;
		await waitFor(() => {
			const mine = tracker.list().filter((o) => o.resourceId === r.id);
			return mine.length === 6 && mine.every((o) => o.state !== 'running');
		}, 30_000, 'the tracker saw the end of all six');
		const again = await run<unknown[]>('azureFace.trainAll', [undefined], root.node);
		const second = again.prompter.asked.find((q) => q.type === 'confirm');
		assert.strictEqual(second?.title, `Train 2 containers of ${LABEL}?`, `only the failed (empty) ones remain: ${second?.prompt}; ${JSON.stringify((await api()).tracker.list().filter((o) => o.resourceId === r.id).map((o) => [o.containerId, o.state, o.startedAt, o.endedAt]))}; ${JSON.stringify(await emu.control.state())}`);
		assert.deepStrictEqual((second?.prompt ?? '').split('\n').sort(), ['• Empty Catalog (Large Face List): last training failed', '• Empty Group (Person Group): last training failed']);
	});

	it('Copy ID, Copy as JSON and Show Properties work from the tree and from the palette', async () => {
		const staff = await walk(r, 'Person Groups', 'Staff');
		assert.strictEqual((await run<string>('azureFace.copyId', [], staff.node)).result, 'staff');
		const json = JSON.parse((await run<string>('azureFace.copyAsJson', [], staff.node)).result ?? '{}') as Record<string, unknown>;
		assert.deepStrictEqual({ ...json, trainingStatus: undefined }, { personGroupId: 'staff', name: 'Staff', userData: 'Office staff, badge photos', recognitionModel: 'recognition_04', trainingStatus: undefined });
		const fromPalette = await run<string>('azureFace.copyId', [LABEL, 'Large Face List', 'Catalog', '']);
		assert.strictEqual(fromPalette.result, 'catalog');
		assert.strictEqual(await vscode.env.clipboard.readText(), 'catalog');

		const alice = await walk(r, 'Person Groups', 'Staff', 'Alice Johnson');
		const shown = await run<vscode.Uri>('azureFace.showProperties', [], alice.node);
		assert.strictEqual(shown.result?.scheme, 'azureFace');
		const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === shown.result?.toString());
		const props = JSON.parse(doc?.getText() ?? '{}') as { name?: string; persistedFaceIds?: string[] };
		assert.strictEqual(props.name, 'Alice Johnson');
		assert.strictEqual(props.persistedFaceIds?.length, 2);
		await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
	});

	it('Open in Azure Portal says a local endpoint has no portal page', async () => {
		const { prompter } = await run('azureFace.openInPortal', [], (await resourceNode(r)).node);
		assert.match(errorsOf(prompter).join(), /is a local endpoint .*: it has no page in the Azure portal\./);
	});

	it('a command on a container deleted meanwhile shows the service error, once', async () => {
		const empty = await walk(r, 'Person Groups', 'Empty Group');
		await emu.control.reset();
		const p = new ScriptedPrompter(['Someone', '']);
		const { result } = await run('azureFace.createPerson', p, empty.node);
		assert.strictEqual(result, undefined);
		assert.deepStrictEqual(errorsOf(p).length, 1);
		assert.match(errorsOf(p)[0], /not found/i);
	});
});
