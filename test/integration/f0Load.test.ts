// Issue 9, "an F0 resource with tree loads, a training and edits at once through the product's client":
// a person opens every folder of an F0 resource (20 calls a minute), hovers the rows, trains a group and
// edits persons and faces while that goes on. Everything goes through the extension's own client and its
// one rate budget per endpoint; the emulator enforces F0's sliding minute and logs when each call arrived.
// Asserted from the emulator's side: no 429, never more than 20 calls in any 60 s, every call it answered
// 2xx counted in the resource's tooltip (the billed count a person reads), and the work all done.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { Operation } from '../../src/operations/types';
import type { FaceResource } from '../../src/resources/types';
import { makeTestImage } from '../emulator/images';
import type { LoggedRequest } from '../emulator/requestLog';
import { startEmulator, type Emulator } from '../emulator/server';
import { whenDone } from '../support/operations';
import { api, errorsOf, logEntries, run, waitFor } from './helpers';
import { DialogPrompter, type Node, type Shown, children, show, walk } from './treeTestSupport';

const KEY = `f0-key-${Math.random().toString(36).slice(2)}`;
const F0_PER_MINUTE = 20;
const MINUTE_MS = 60_000;

/** The most calls that arrived within any 60 s (a sliding window over arrival times). */
function mostInAMinute(requests: readonly LoggedRequest[]): { count: number; from: number } {
	const at = requests.map((r) => r.at).sort((a, b) => a - b);
	let best = { count: 0, from: at[0] ?? 0 };
	let start = 0;
	for (let end = 0; end < at.length; end++) {
		while (at[end] - at[start] >= MINUTE_MS) {
			start++;
		}
		if (end - start + 1 > best.count) {
			best = { count: end - start + 1, from: at[start] };
		}
	}
	return best;
}

/** Expands every row below `node` (not the faces of persons: a person opens them one at a time) and hovers each. */
async function openAll(node: Node, depth: number, shown: string[]): Promise<void> {
	const rows = await children(node);
	for (const row of rows) {
		const hovered = await show(row.node, true);
		shown.push(`${hovered.label} — ${hovered.description}`);
		if (depth > 1 && row.item.collapsibleState !== vscode.TreeItemCollapsibleState.None) {
			await openAll(row.node, depth - 1, shown);
		}
	}
}

/**
 * The row `label` under `node`, once the tree shows it: an edit re-reads its list, and on F0 that read
 * waits for the budget when the tree has just spent the minute's 20 calls (up to a minute).
 */
function shownUnder(node: Node, label: string): Promise<Shown> {
	return waitFor(async () => (await children(node)).find((c) => c.label === label), 2 * MINUTE_MS + 30_000, `'${label}' shown`, 250);
}

describe('F0 under load: tree, training and edits at once (issue 9)', function () {
	let emu: Emulator;
	let resource: FaceResource;
	let tmp: string;

	before(async () => {
		emu = await startEmulator({ key: KEY, seed: 'demo', profile: 'f0', trainingMs: 20_000 });
		assert.strictEqual((await emu.control.getConfig()).rateLimit, true, 'the emulator enforces F0');
		tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'f0-load-'));
		const store = (await api()).resources;
		resource = await store.add(store.prepare({ endpoint: emu.endpoint, label: 'Free Tier', auth: 'key', tier: 'F0' }), KEY);
	});

	after(async function () {
		const a = await api();
		for (const op of a.tracker.active()) {
			a.tracker.stopWatching(op.id);
		}
		if (resource && a.resources.getResource(resource.id)) {
			await a.resources.remove(resource.id);
		}
		if (this.currentTest?.state === 'failed' || process.env.FACE_DEBUG) {
			const t0 = (await emu.control.requests())[0]?.at ?? 0;
			for (const r of await emu.control.requests()) {
				console.log(`        ${((r.at - t0) / 1000).toFixed(1).padStart(6)} s ${r.method} ${r.path} → ${r.status ?? '…'}`);
			}
			// The extension's log (calls as answered, each poll and when the next one is due) on the same clock.
			for (const e of logEntries(a).filter((e) => e.at >= t0 - 1000)) {
				console.log(`        ${((e.at - t0) / 1000).toFixed(1).padStart(6)} s log ${e.line}`);
			}
		}
		await emu?.close();
		fs.rmSync(tmp, { recursive: true, force: true });
	});

	it('stays within 20 calls a minute without a 429, and the tooltip counts what the service billed', async function () {
		this.timeout(6 * MINUTE_MS);
		const started = Date.now();
		const top = await walk(resource);

		// 1. The whole tree: the four kinds, every container (training state), its persons or faces, every tooltip.
		const shown: string[] = [];
		const browsing = openAll(top.node, 3, shown);

		// 2. A training, from the tree's command, followed by the tracker to its end.
		const training = (async () => {
			const op = await vscode.commands.executeCommand<Operation>('azureFace.train', { resourceId: resource.id, kind: 'personGroup', containerId: 'staff' });
			assert.ok(op, 'the training started');
			return whenDone((await api()).tracker, op.id);
		})();

		// 3. Edits while both go on: a person created and renamed, a face added to them, a container renamed.
		const editing = (async () => {
			const visitors = await walk(resource, 'Person Groups', 'Visitors');
			const created = await run<string>('azureFace.createPerson', ['Zoe', ''], visitors.node);
			assert.deepStrictEqual(errorsOf(created.prompter), []);
			const zoe = await shownUnder(visitors.node, 'Zoe');
			const renamed = await run('azureFace.renamePerson', ['Zoe Adams', 'guest'], zoe.node);
			assert.deepStrictEqual(errorsOf(renamed.prompter), []);
			const image = vscode.Uri.file(path.join(tmp, 'zoe.png'));
			fs.writeFileSync(image.fsPath, makeTestImage('f0/zoe'));
			const zoeAdams = await shownUnder(visitors.node, 'Zoe Adams');
			const face = await run<string>('azureFace.addFace', new DialogPrompter([], [image]), zoeAdams.node);
			assert.deepStrictEqual(errorsOf(face.prompter), []);
			const list = await walk(resource, 'Large Face Lists', 'Catalog');
			const renamedList = await run('azureFace.renameContainer', ['Catalog 2026', ''], list.node);
			assert.deepStrictEqual(errorsOf(renamedList.prompter), []);
		})();

		const [, done] = await Promise.all([browsing, training, editing]);
		assert.strictEqual(done.state, 'succeeded', `the training ended ${done.state}: ${done.message ?? ''}`);
		const took = Date.now() - started;

		const state = await emu.control.state();
		assert.strictEqual(state.persongroups.find((c) => c.id === 'visitors')?.persons, 3, 'the person was created');
		assert.strictEqual(state.largefacelists.find((c) => c.id === 'catalog')?.name, 'Catalog 2026', 'the list was renamed');
		assert.strictEqual(state.persongroups.find((c) => c.id === 'staff')?.trained, true, 'the group was trained');
		assert.ok(shown.length >= 15, `the tree showed its rows (${shown.length})`);

		const requests = await emu.control.requests();
		const counters = await emu.control.counters();
		const throttled = requests.filter((r) => r.status === 429);
		const most = mostInAMinute(requests);
		const tooltip = (await show(top.node, true)).tooltip;
		const billed = /Billed transactions this session: (\d+)/.exec(tooltip)?.[1];
		const serviceEnd = Date.parse(state.persongroups.find((c) => c.id === 'staff')?.trainingEndsAt ?? '');
		const lag = (Date.parse(done.endedAt ?? '') - serviceEnd) / 1000;
		console.log(`      F0: ${requests.length} calls in ${(took / 1000).toFixed(1)} s (tree rows ${shown.length}, training polls ${done.polls}, its end seen ${lag.toFixed(1)} s after the service's); most in any minute ${most.count}/${F0_PER_MINUTE}; 429s ${throttled.length}; billed: emulator ${counters.billed}, tooltip ${billed}`);
		assert.deepStrictEqual(throttled.map((r) => `${r.method} ${r.route}`), [], 'no call was refused with 429');
		assert.ok(most.count <= F0_PER_MINUTE, `${most.count} calls arrived within a minute from ${new Date(most.from).toISOString()} (F0 allows ${F0_PER_MINUTE})`);
		assert.ok(requests.length > F0_PER_MINUTE, `the load is more than a minute's allowance (${requests.length} calls), so the budget had to pace it`);
		assert.strictEqual(billed, String(counters.billed), "the resource tooltip's billed count is what the emulator billed");
	});
});
