// The Face tree inside VS Code against an emulator of its own (demo data): what each row says, that
// nothing is fetched before a node expands, paging with Load more / Load all, and failures shown as
// error rows with Retry (and Set API key) instead of dialogs.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { ScriptedPrompter } from '../support/scriptedPrompter';
import { startEmulator, type Emulator } from '../emulator/server';
import { api, closedPort, run, waitFor } from './helpers';
import {
	addResource,
	children,
	faceCall,
	hasToken,
	provider,
	removeAdded,
	resourceNode,
	show,
	walk,
	waitForRow,
} from './treeTestSupport';

const KEY = `tree-key-${Math.random().toString(36).slice(2)}`;

describe('Tree', () => {
	let emu: Emulator;
	const added: string[] = [];

	before(async () => {
		emu = await startEmulator({ port: 0, key: KEY, seed: 'demo', trainingMs: 200 });
	});

	beforeEach(async () => {
		await emu.control.reset();
		await emu.control.seed('demo');
		await emu.control.setConfig({ key: KEY });
	});

	afterEach(async () => {
		await removeAdded(added);
		await vscode.workspace.getConfiguration('azureFace').update('pageSize', undefined, vscode.ConfigurationTarget.Global);
	});

	after(async () => {
		await emu?.close();
	});

	it('shows the resource and its four kind folders without calling the service', async () => {
		const r = await addResource(emu.endpoint, KEY, 'Tree Demo', added);
		const root = await resourceNode(r);
		assert.strictEqual(root.description, new URL(emu.endpoint).host);
		assert.ok(hasToken(root.contextValue, 'resource') && hasToken(root.contextValue, 'authKey'), root.contextValue);
		assert.ok(!hasToken(root.contextValue, 'portal'), 'a loopback endpoint has no portal page');
		const folders = await children(root.node);
		assert.deepStrictEqual(folders.map((f) => f.label), ['Person Groups', 'Large Person Groups', 'Face Lists', 'Large Face Lists']);
		assert.deepStrictEqual(folders.map((f) => f.item.collapsibleState), folders.map(() => vscode.TreeItemCollapsibleState.Collapsed));
		assert.strictEqual((await emu.control.counters()).total, 0, 'nothing is fetched until a kind folder expands');

		const tooltip = (await show(root.node, true)).tooltip;
		for (const text of [emu.endpoint, 'v1.2', 'API key', 'Billed transactions this session']) {
			assert.ok(tooltip.includes(text), `resource tooltip mentions ${text}: ${tooltip}`);
		}
	});

	it('lists the containers with names, training states and tooltips; statuses only for rendered rows', async () => {
		const r = await addResource(emu.endpoint, KEY, 'Tree Demo', added);
		const folder = await walk(r, 'Person Groups');
		const nodes = await (await provider()).getChildren(folder.node);
		const before = await emu.control.counters();
		assert.strictEqual(before.requests['GET /persongroups'], 1);
		assert.strictEqual(before.requests['GET /persongroups/{personGroupId}/training'] ?? 0, 0, 'no status is read before a row renders');
		assert.strictEqual(nodes.length, 3);

		const rows = await children(folder.node);
		assert.deepStrictEqual(rows.map((c) => c.label), ['Empty Group', 'Staff', 'Visitors']);
		const staff = await waitForRow(rows[1].node, (s) => s.description === 'never trained', 'Staff: never trained');
		assert.strictEqual(staff.icon, 'circle-large-outline');
		const visitors = await waitForRow(rows[2].node, (s) => /^trained \d+[smhd] ago$/.test(s.description), 'Visitors: trained … ago');
		assert.strictEqual(visitors.icon, 'pass');
		assert.ok(visitors.tooltip.includes('Last successful training'), visitors.tooltip);
		assert.strictEqual(staff.contextValue, 'container;hasId;hasJson;holdsPersons;personGroup;trainable');
		for (const text of ['Staff', 'staff', 'recognition_04', 'Office staff, badge photos', 'never trained']) {
			assert.ok(staff.tooltip.includes(text), `Staff's tooltip mentions ${text}: ${staff.tooltip}`);
		}
		const folderAfter = await show(folder.node);
		assert.strictEqual(folderAfter.description, '3', 'the folder counts its containers once loaded');
	});

	it('shows a failed training as failed, with the service message in the tooltip', async () => {
		await faceCall(emu.endpoint, KEY, 'POST', '/persongroups/empty-group/train');
		await emu.control.finishTraining({ route: 'persongroups', id: 'empty-group' });
		const r = await addResource(emu.endpoint, KEY, 'Tree Demo', added);
		const row = await walk(r, 'Person Groups', 'Empty Group');
		const failed = await waitForRow(row.node, (s) => s.description === 'failed', 'Empty Group: failed');
		assert.strictEqual(failed.icon, 'error');
		assert.match(failed.tooltip, /Failure: .+/);
	});

	it('shows persons with their face counts, faces, and both face list kinds', async () => {
		const r = await addResource(emu.endpoint, KEY, 'Tree Demo', added);
		const persons = await children((await walk(r, 'Person Groups', 'Staff')).node);
		assert.deepStrictEqual(persons.map((p) => p.label).sort(), ['Alice Johnson', 'Bob Smith', 'Carol Diaz']);
		const alice = persons.find((p) => p.label === 'Alice Johnson')!;
		assert.strictEqual(alice.description, '2 faces');
		assert.strictEqual(alice.contextValue, 'hasId;hasJson;person;personGroup');
		assert.ok(alice.tooltip.includes('Reception'), alice.tooltip);
		const faces = await children(alice.node);
		// Rows go to VS Code without their tooltips (built on hover): thousands of rows carry none.
		for (const row of [alice, faces[0], ...(await children((await walk(r, 'Person Groups')).node))]) {
			assert.strictEqual((await show(row.node, false)).tooltip, '', `${row.label} is sent with a tooltip`);
			assert.notStrictEqual(row.tooltip, '', `${row.label} has a tooltip on hover`);
		}
		assert.strictEqual(faces.length, 2);
		assert.ok(faces.every((f) => /^[0-9a-f-]{36}$/.test(f.label) && hasToken(f.contextValue, 'face')), faces.map((f) => f.label).join());

		assert.strictEqual((await children((await walk(r, 'Large Person Groups', 'Employees')).node)).length, 4);
		const vip = await walk(r, 'Face Lists', 'VIP Faces');
		assert.strictEqual(vip.description, '', 'a Face List is not trained');
		assert.ok(!hasToken(vip.contextValue, 'trainable') && hasToken(vip.contextValue, 'holdsFaces'), vip.contextValue);
		assert.strictEqual((await children(vip.node)).length, 3);
		assert.strictEqual((await children((await walk(r, 'Large Face Lists', 'Catalog')).node)).length, 5);
		assert.deepStrictEqual((await children((await walk(r, 'Large Face Lists', 'Empty Catalog')).node)).map((c) => c.label), ['No faces']);
	});

	it('pages with Load more…, and Load all loads the rest', async () => {
		await emu.control.reset();
		for (let i = 0; i < 12; i++) {
			const id = `group-${String(i).padStart(2, '0')}`;
			await faceCall(emu.endpoint, KEY, 'PUT', `/persongroups/${id}`, { name: `Group ${i}` });
			await faceCall(emu.endpoint, KEY, 'PUT', `/largefacelists/list-${String(i).padStart(2, '0')}`, { name: `List ${i}` });
		}
		await vscode.workspace.getConfiguration('azureFace').update('pageSize', 5, vscode.ConfigurationTarget.Global);
		const r = await addResource(emu.endpoint, KEY, 'Paging', added);
		const folder = await walk(r, 'Person Groups');
		let rows = await children(folder.node);
		assert.deepStrictEqual(rows.map((c) => c.label), ['Group 0', 'Group 1', 'Group 2', 'Group 3', 'Group 4', 'Load more…']);
		assert.strictEqual(rows[5].description, '5 loaded');
		assert.strictEqual((await show(folder.node)).description, '5+');

		await vscode.commands.executeCommand('azureFace.loadMore', rows[5].node);
		rows = await children(folder.node);
		assert.strictEqual(rows.length, 11);
		assert.strictEqual(rows[10].label, 'Load more…');
		await vscode.commands.executeCommand('azureFace.loadMore', rows[10].node);
		rows = await children(folder.node);
		assert.deepStrictEqual(rows.map((c) => c.label), Array.from({ length: 12 }, (_, i) => `Group ${i}`), 'the last page has no Load more…');

		const lists = await walk(r, 'Large Face Lists');
		const first = await children(lists.node);
		assert.strictEqual(first.length, 6);
		assert.ok(hasToken(first[5].contextValue, 'loadMore'));
		await vscode.commands.executeCommand('azureFace.loadAll', first[5].node);
		const all = await children(lists.node);
		assert.strictEqual(all.length, 12);
		assert.ok(all.every((c) => hasToken(c.contextValue, 'largeFaceList')));
	});

	it('Load All on a million faces stops at azureFace.loadAllLimit and says so; Load more… pages on', async () => {
		await emu.control.seed('large');
		const config = vscode.workspace.getConfiguration('azureFace');
		await config.update('loadAllLimit', 2000, vscode.ConfigurationTarget.Global);
		const prompter = new ScriptedPrompter([]);
		(await api()).setPrompter(prompter);
		try {
			const r = await addResource(emu.endpoint, KEY, 'Large', added);
			const list = await walk(r, 'Large Face Lists', 'Large: 1,000,000 faces');
			const first = await children(list.node);
			assert.strictEqual(first.length, 101, 'a page of 100 and Load more…');
			const since = (await emu.control.requests()).length;
			const loaded = await vscode.commands.executeCommand<number>('azureFace.loadAll', first[100].node);
			assert.strictEqual(loaded, 2000);
			const calls = (await emu.control.requests()).slice(since).filter((q) => q.route.endsWith('/persistedfaces'));
			assert.strictEqual(calls.length, 2, 'the rest of the 2,000 in pages of at most 1,000');
			const rows = await children(list.node);
			assert.strictEqual(rows.length, 2001);
			assert.strictEqual(rows[2000].label, 'Load more…', 'more remain');
			await waitFor(() => prompter.messages.length > 0 || undefined, 5000, 'the message');
			assert.deepStrictEqual(prompter.messages.map((m) => m.severity), ['info']);
			assert.match(prompter.messages[0].message, /^Load All stopped at 2,000 entries of 'Large: 1,000,000 faces', the limit set by azureFace\.loadAllLimit/);
			assert.deepStrictEqual(prompter.messages[0].items, ['Open Setting']);
			await vscode.commands.executeCommand('azureFace.loadMore', rows[2000].node);
			assert.strictEqual((await children(list.node)).length, 2101);
		} finally {
			(await api()).setPrompter(undefined);
			await config.update('loadAllLimit', undefined, vscode.ConfigurationTarget.Global);
		}
	});

	it('a removed resource makes no more calls: the queued training-state reads of its rows are dropped', async () => {
		await emu.control.seed('large');
		const a = await api();
		// F0: the rows' status reads queue behind the rate budget (9 at once, then one every few seconds).
		const r = await a.resources.add(a.resources.prepare({ endpoint: emu.endpoint, label: 'Removed F0', auth: 'key', tier: 'F0' }), KEY);
		added.push(r.id);
		const folder = await walk(r, 'Person Groups');
		assert.strictEqual((await children(folder.node)).length, 101, 'a page of 100 groups and Load more…');
		await waitFor(async () => (await emu.control.requests()).some((q) => q.route.endsWith('/training')) || undefined, 10_000, 'the first status reads');
		await a.resources.remove(r.id);
		await emu.control.resetCounters();
		await new Promise((resolve) => setTimeout(resolve, 8000));
		const after = await emu.control.requests();
		assert.deepStrictEqual(after.map((q) => `${q.method} ${q.route}`), [], 'nothing is sent for a removed resource');
	});

	it('shows a wrong key as an error row with Retry and Set API key, and recovers on Retry', async () => {
		await emu.control.setConfig({ key: 'another-key' });
		const prompter = new ScriptedPrompter([]);
		(await api()).setPrompter(prompter);
		try {
			const r = await addResource(emu.endpoint, KEY, 'Wrong Key', added);
			const rows = await children((await walk(r, 'Person Groups')).node);
			assert.strictEqual(rows.length, 2, rows.map((c) => c.label).join(' | '));
			const [error, action] = rows;
			assert.match(error.label, /^Error: Access denied/);
			assert.strictEqual(error.contextValue, 'error;needsKey;retry');
			assert.strictEqual(error.item.command?.command, 'azureFace.retry');
			assert.ok(error.tooltip.includes('401'), error.tooltip);
			assert.strictEqual(action.label, 'Set API key…');
			assert.strictEqual(action.item.command?.command, 'azureFace.setApiKey');
			assert.deepStrictEqual(prompter.messages, [], 'the tree shows no dialog');

			await emu.control.setConfig({ key: KEY });
			await vscode.commands.executeCommand('azureFace.retry', error.node);
			const after = await children((await walk(r, 'Person Groups')).node);
			assert.deepStrictEqual(after.map((c) => c.label), ['Empty Group', 'Staff', 'Visitors']);
		} finally {
			(await api()).setPrompter(undefined);
		}
	});

	it('shows a resource without a key as an error row offering Set API key', async () => {
		const r = await addResource(`http://localhost:${emu.port}`, undefined, 'No Key', added);
		const rows = await children((await walk(r, 'Large Face Lists')).node);
		assert.ok(hasToken(rows[0].contextValue, 'needsKey'), rows[0].contextValue);
		assert.deepStrictEqual(rows.map((c) => c.label).slice(1), ['Set API key…']);
	});

	it('shows an unreachable endpoint as an error row with Retry, never a dialog', async () => {
		const port = await closedPort();
		const prompter = new ScriptedPrompter([]);
		(await api()).setPrompter(prompter);
		try {
			const r = await addResource(`http://127.0.0.1:${port}`, 'some-key', 'Unreachable', added);
			const rows = await children((await walk(r, 'Face Lists')).node);
			assert.strictEqual(rows.length, 1, rows.map((c) => c.label).join(' | '));
			assert.match(rows[0].label, /^Error: /);
			assert.strictEqual(rows[0].contextValue, 'error;retry');
			assert.deepStrictEqual(prompter.messages, []);
		} finally {
			(await api()).setPrompter(undefined);
		}
	});

	it('reveals a container by resource, kind and id (Reveal in Tree), loading pages as needed', async () => {
		await vscode.workspace.getConfiguration('azureFace').update('pageSize', 1, vscode.ConfigurationTarget.Global);
		const r = await addResource(emu.endpoint, KEY, 'Reveal', added);
		const node = await vscode.commands.executeCommand<{ id: string } | undefined>('azureFace.revealNode', r.id, 'personGroup', 'visitors');
		assert.strictEqual(node?.id, `${r.id}/personGroup/visitors`);
		const view = (await api()).tree.view;
		await waitFor(() => view.selection[0]?.id === node.id, 10_000, 'the revealed row is selected');
		assert.strictEqual((await show(view.selection[0])).label, 'Visitors');
	});

	it('refreshes a node on Refresh: a container renamed elsewhere shows its new name', async () => {
		const r = await addResource(emu.endpoint, KEY, 'Tree Demo', added);
		const folder = await walk(r, 'Large Person Groups');
		assert.deepStrictEqual((await children(folder.node)).map((c) => c.label), ['Employees']);
		await faceCall(emu.endpoint, KEY, 'PATCH', '/largepersongroups/employees', { name: 'All Staff' });
		assert.deepStrictEqual((await children(folder.node)).map((c) => c.label), ['Employees'], 'cached until refreshed');
		await run('azureFace.refreshNode', [], folder.node);
		assert.deepStrictEqual((await children(folder.node)).map((c) => c.label), ['All Staff']);
	});
});
