// The Person Directory and Dynamic Person Groups in the Face tree (read-only), inside VS Code against an
// emulator of its own (demo data): the two folders appear only for API versions that have them, nothing
// is fetched before a row expands, persons page with Load more…, a person's faces are shown per
// recognition model, and a group's members carry the names the directory folder loaded.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { FaceResource } from '../../src/resources/types';
import { startEmulator, type Emulator } from '../emulator/server';
import { api } from './helpers';
import { children, hasToken, removeAdded, resourceNode, show, walk } from './treeTestSupport';

const KEY = `directory-key-${Math.random().toString(36).slice(2)}`;
const FACES_ROUTE = 'GET /persons/{personId}/recognitionmodels/{recognitionModel}/persistedfaces';

describe('Tree: Person Directory and Dynamic Person Groups', () => {
	let emu: Emulator;
	const added: string[] = [];

	async function addResource(label: string, apiVersion: 'v1.2' | 'v1.2-preview.1' | 'v1.1-preview.1'): Promise<FaceResource> {
		const store = (await api()).resources;
		const resource = await store.add(store.prepare({ endpoint: emu.endpoint, label, auth: 'key', tier: 'S0', apiVersion }), KEY);
		added.push(resource.id);
		return resource;
	}

	before(async () => {
		emu = await startEmulator({ port: 0, key: KEY, seed: 'demo', operationMs: 0 });
	});

	beforeEach(async () => {
		await emu.control.reset();
		await emu.control.seed('demo');
		await emu.control.setConfig({ key: KEY, operationMs: 0 });
	});

	afterEach(async () => {
		await removeAdded(added);
		await vscode.workspace.getConfiguration('azureFace').update('pageSize', undefined, vscode.ConfigurationTarget.Global);
	});

	after(async () => {
		await emu?.close();
	});

	it('shows Person Directory and Dynamic Person Groups for v1.2-preview.1 and v1.1-preview.1, not for v1.2, without a call', async () => {
		const ga = await addResource('Directory GA', 'v1.2');
		assert.deepStrictEqual((await children((await resourceNode(ga)).node)).map((f) => f.label), ['Person Groups', 'Large Person Groups', 'Face Lists', 'Large Face Lists']);
		for (const version of ['v1.2-preview.1', 'v1.1-preview.1'] as const) {
			const r = await addResource(`Directory ${version}`, version);
			const folders = await children((await resourceNode(r)).node);
			assert.deepStrictEqual(folders.map((f) => f.label).slice(4), ['Person Directory', 'Dynamic Person Groups'], version);
			assert.strictEqual(folders[4].contextValue, 'directoryFolder');
			assert.strictEqual(folders[5].contextValue, 'dynamicGroupsFolder');
			assert.deepStrictEqual(folders.slice(4).map((f) => f.item.collapsibleState), [vscode.TreeItemCollapsibleState.Collapsed, vscode.TreeItemCollapsibleState.Collapsed]);
		}
		assert.strictEqual((await emu.control.counters()).total, 0, 'nothing is fetched until a folder expands');
	});

	it('lists directory persons, a row per recognition model, and the faces of a model when it expands', async () => {
		const r = await addResource('Directory Demo', 'v1.2-preview.1');
		const folder = await walk(r, 'Person Directory');
		const persons = await children(folder.node);
		assert.deepStrictEqual(persons.map((p) => p.label).sort(), ['Uma Patel', 'Victor Chen', 'Wendy Brooks']);
		assert.strictEqual((await show(folder.node)).description, '3');
		const uma = persons.find((p) => p.label === 'Uma Patel')!;
		assert.strictEqual(uma.description, 'Night shift lead');
		assert.strictEqual(uma.contextValue, 'directoryPerson');
		assert.ok(uma.tooltip.includes('Person ID') && uma.tooltip.includes('Night shift lead'), uma.tooltip);

		const models = await children(uma.node);
		assert.deepStrictEqual(models.map((m) => m.label), ['recognition_04', 'recognition_03', 'recognition_02', 'recognition_01']);
		assert.strictEqual((await emu.control.counters()).requests[FACES_ROUTE] ?? 0, 0, 'the model rows cost no call');
		const r04 = await children(models[0].node);
		assert.strictEqual(r04.length, 2);
		assert.ok(r04.every((f) => /^[0-9a-f-]{36}$/.test(f.label) && hasToken(f.contextValue, 'directoryFace')), r04.map((f) => f.label).join());
		assert.strictEqual((await show(models[0].node)).description, '2 faces');
		assert.strictEqual((await children(models[3].node)).length, 1);
		assert.deepStrictEqual((await children(models[1].node)).map((f) => f.label), ['No faces']);
		assert.strictEqual((await emu.control.counters()).requests[FACES_ROUTE], 3, 'one call per expanded model');
	});

	it('pages directory persons with Load more…', async () => {
		for (let i = 0; i < 4; i++) {
			await fetch(`${emu.endpoint}/face/v1.2-preview.1/persons`, {
				method: 'POST',
				headers: { 'Ocp-Apim-Subscription-Key': KEY, 'Content-Type': 'application/json' },
				body: JSON.stringify({ name: `Extra ${i}` }),
			});
		}
		await vscode.workspace.getConfiguration('azureFace').update('pageSize', 5, vscode.ConfigurationTarget.Global);
		const r = await addResource('Directory Paging', 'v1.2-preview.1');
		const folder = await walk(r, 'Person Directory');
		let rows = await children(folder.node);
		assert.strictEqual(rows.length, 6);
		assert.strictEqual(rows[5].label, 'Load more…');
		assert.strictEqual((await show(folder.node)).description, '5+');
		await vscode.commands.executeCommand('azureFace.loadMore', rows[5].node);
		rows = await children(folder.node);
		assert.strictEqual(rows.length, 7, 'all 7 persons, no Load more…');
		assert.ok(rows.every((p) => p.contextValue === 'directoryPerson'));
		assert.strictEqual((await show(folder.node)).description, '7');
	});

	it('lists Dynamic Person Groups and their members, named once the directory is loaded', async () => {
		const r = await addResource('Groups Demo', 'v1.2-preview.1');
		const groups = await children((await walk(r, 'Dynamic Person Groups')).node);
		assert.deepStrictEqual(groups.map((g) => [g.label, g.description, g.contextValue]), [
			['Empty Team', 'empty-team', 'dynamicGroup'],
			['Night Shift', 'night-shift', 'dynamicGroup'],
		]);
		assert.deepStrictEqual((await children(groups[0].node)).map((m) => m.label), ['No persons']);
		const ids = await children(groups[1].node);
		assert.strictEqual(ids.length, 2);
		assert.ok(ids.every((m) => /^[0-9a-f-]{36}$/.test(m.label) && m.contextValue === 'groupMember'), 'ids before the directory is loaded');
		await children((await walk(r, 'Person Directory')).node);
		const named = await children(groups[1].node);
		assert.deepStrictEqual(named.map((m) => m.label).sort(), ['Uma Patel', 'Victor Chen']);
		assert.ok(named.every((m) => /^[0-9a-f-]{36}$/.test(m.description)), 'the id is the description');
	});
});
