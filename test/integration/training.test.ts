// Training, inside VS Code against emulators this file starts itself: the Train command drives each trainable
// kind to `succeeded` and the status bar, the log and the notifications say so; an empty group ends
// `failed` with the service's message; two resources train at once; a tracker disposed mid-training
// resumes from globalState and finishes; 429s from an F0 resource do not lose the operation; stop watching;
// and the key never reaches the log or globalState.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { ScriptedPrompter } from '../support/scriptedPrompter';
import { apiKeyAuth, createFaceClient, UNLIMITED_BUDGET } from '../../src/face/index';
import type { ContainerKind } from '../../src/face/kinds';
import { operationItem } from '../../src/commands/operationsPick';
import { REMOVED_MESSAGE } from '../../src/operations/follower';
import { OperationTracker } from '../../src/operations/tracker';
import type { Operation } from '../../src/operations/types';
import type { ClientProvider, FaceResource } from '../../src/resources/types';
import { startEmulator, type Emulator } from '../emulator/server';
import type { FaceExplorerTestApi } from '../../src/testApi';
import { RawFace } from '../emulator/testClient';
import { pollsIt, statusBarOf, whenDone } from '../support/operations';
import { loggedPolls, nextPollDueAt, waitPast } from '../support/pollLog';
import { api, logEntries, logLines, waitFor } from './helpers';
import { StorageKey } from '../../src/state/keys';

const CANARY = `canary-key-${Math.random().toString(36).slice(2)}-do-not-log`;
const CANARY_B = `canary-key-b-${Math.random().toString(36).slice(2)}-do-not-log`;
/** Long enough never to end by itself: tests end trainings through the control surface. */
const FOREVER_MS = 3_600_000;

const TRAINABLE: ReadonlyArray<{ kind: ContainerKind; route: string; id: string }> = [
	{ kind: 'personGroup', route: 'persongroups', id: 'staff' },
	{ kind: 'largePersonGroup', route: 'largepersongroups', id: 'employees' },
	{ kind: 'largeFaceList', route: 'largefacelists', id: 'catalog' },
];

/** globalState for a tracker of our own (resume tests), kept in memory. */
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
	json(): string {
		return JSON.stringify(Object.fromEntries(this.data));
	}
}

async function pollsOf(emu: Emulator, route: string, id: string): Promise<number> {
	return (await emu.control.counters()).polls[`${route}/${id}`] ?? 0;
}

async function trainingOf(emu: Emulator, route: string, id: string): Promise<string | undefined> {
	return (await emu.control.state())[route]?.find((c) => c.id === id)?.training;
}

function logHas(a: FaceExplorerTestApi, pattern: RegExp): boolean {
	return logLines(a).some((l) => pattern.test(l));
}

describe('Training', () => {
	let emu: Emulator;
	let emuB: Emulator;
	let resource: FaceResource;
	let resourceB: FaceResource;
	const prompter = new ScriptedPrompter();
	const mementos: MemoryMemento[] = [];

	before(async () => {
		emu = await startEmulator({ key: CANARY, seed: 'demo' });
		emuB = await startEmulator({ key: CANARY_B, seed: 'demo' });
		const store = (await api()).resources;
		resource = await store.add(store.prepare({ endpoint: emu.endpoint, label: 'Training A', auth: 'key', tier: 'S0' }), CANARY);
		resourceB = await store.add(store.prepare({ endpoint: emuB.endpoint, label: 'Training B', auth: 'key', tier: 'S0' }), CANARY_B);
		(await api()).setPrompter(prompter);
	});

	beforeEach(async () => {
		for (const e of [emu, emuB]) {
			await e.control.reset();
			await e.control.seed('demo');
			await e.control.setConfig({ profile: 's0', rateLimit: false, trainingMs: FOREVER_MS, timeScale: 1 });
		}
		prompter.messages.splice(0);
	});

	/**
	 * Asserts that `route/id` is polled no more: watches the emulator's count until the poll after the last
	 * one logged for `label` since `since` was due (the follower announced it; gaps reach 30 s), and then some.
	 */
	async function assertNoMorePolls(route: string, id: string, label: string, since: number, what: string): Promise<void> {
		const a = await api();
		const polls = await pollsOf(emu, route, id);
		const waited = await waitPast(nextPollDueAt(logEntries(a), label, since));
		assert.strictEqual(await pollsOf(emu, route, id), polls, `${what} (watched ${waited} ms, past the time the next poll was due)`);
	}

	/** Waits until a poll of `label` since `since` is in the log (its answer handled: the next one is announced). */
	async function loggedPoll(label: string, since: number): Promise<void> {
		const a = await api();
		await waitFor(() => loggedPolls(logEntries(a), label, since).length > 0, 20_000, `a logged poll of '${label}'`);
	}

	after(async () => {
		const a = await api();
		a.setPrompter(undefined);
		for (const op of a.tracker.active()) {
			a.tracker.stopWatching(op.id);
		}
		for (const r of [resource, resourceB]) {
			if (r && a.resources.getResource(r.id)) {
				await a.resources.remove(r.id);
			}
		}
		await emu?.close();
		await emuB?.close();
	});

	for (const { kind, route, id } of TRAINABLE) {
		it(`Train on a ${kind} drives the training to succeeded; the status bar, the log and a notification say so`, async () => {
			const a = await api();
			const op = await vscode.commands.executeCommand<Operation>('azureFace.train', { resourceId: resource.id, kind, containerId: id });
			assert.ok(op, 'the Train command returns the operation');
			assert.strictEqual(op.state, 'running');
			assert.strictEqual(await trainingOf(emu, route, id), 'running', 'the emulator is training');
			const during = statusBarOf(a.statusBar);
			assert.ok(during.visible, 'the status bar item shows while training');
			assert.match(during.text, new RegExp(`^\\$\\(sync~spin\\) Training '${id}' \\d+s$`));
			assert.match(during.tooltip, new RegExp(`'${id}'.*Training A`));
			assert.match(during.tooltip, /Billed transactions this session:[\s\S]*Training A: \d+/, 'the tooltip counts billed calls');
			assert.ok(logHas(a, new RegExp(`\\[info\\].*Training '${id}' started`)), 'the log has the start');

			await waitFor(async () => (await pollsOf(emu, route, id)) >= 2, 20_000, 'the first status poll');
			await emu.control.finishTraining({ route, id });
			const done = await whenDone(a.tracker, op.id);
			assert.strictEqual(done.state, 'succeeded');
			assert.strictEqual(done.lastStatus, 'succeeded');
			assert.ok(done.polls >= 2);
			const after = statusBarOf(a.statusBar);
			assert.ok(after.visible, 'the result stays in the status bar for a while');
			assert.strictEqual(after.text, `$(check) '${id}' trained`);
			assert.ok(logHas(a, new RegExp(`\\[info\\].*Training '${id}' succeeded in \\d+`)), 'the log has the success');
			assert.ok(logHas(a, new RegExp(`\\[info\\].*Training '${id}' is running`)), 'the log has the running state');
			await waitFor(() => prompter.messages.some((m) => m.severity === 'info' && new RegExp(`^'${id}' trained in \\d+s$`).test(m.message)), 5000, 'the completion notification');
			assert.strictEqual(a.tracker.findOperation(resource.id, kind, id)?.state, 'succeeded');
		});
	}

	it('a training of an empty group ends failed with the service message, and is polled no more', async () => {
		const a = await api();
		await emu.control.setConfig({ trainingMs: 1500 });
		const since = Date.now();
		const op = await vscode.commands.executeCommand<Operation>('azureFace.train', { resourceId: resource.id, kind: 'personGroup', containerId: 'empty-group' });
		assert.ok(op);
		const done = await whenDone(a.tracker, op.id);
		assert.strictEqual(done.state, 'failed');
		assert.match(done.message ?? '', /no person/i);
		assert.strictEqual(statusBarOf(a.statusBar).text, "$(error) 'empty-group' failed");
		assert.ok(logHas(a, /\[error\].*Training 'empty-group' failed after .*no person/i), 'the log has the failure with the message');
		await waitFor(() => prompter.messages.find((m) => m.severity === 'error' && /empty-group/.test(m.message) && /no person/i.test(m.message) && m.items.includes('Show Log')), 5000, 'the failure notification with Show Log');
		await assertNoMorePolls('persongroups', 'empty-group', 'empty-group', since, 'a failed training is never polled again');
	});

	it('follows two trainings on two resources at once', async () => {
		const a = await api();
		const [opA, opB] = await Promise.all([
			vscode.commands.executeCommand<Operation>('azureFace.train', { resourceId: resource.id, kind: 'personGroup', containerId: 'staff' }),
			vscode.commands.executeCommand<Operation>('azureFace.train', { resourceId: resourceB.id, kind: 'largeFaceList', containerId: 'catalog' }),
		]);
		assert.ok(opA && opB);
		const bar = statusBarOf(a.statusBar);
		assert.strictEqual(bar.text, '$(sync~spin) Training 2');
		assert.match(bar.tooltip, /'staff'.*Training A/);
		assert.match(bar.tooltip, /'catalog'.*Training B/);
		assert.strictEqual(await trainingOf(emu, 'persongroups', 'staff'), 'running');
		assert.strictEqual(await trainingOf(emuB, 'largefacelists', 'catalog'), 'running');
		await emuB.control.finishTraining({ route: 'largefacelists', id: 'catalog' });
		assert.strictEqual((await whenDone(a.tracker, opB.id)).state, 'succeeded');
		assert.strictEqual(a.tracker.get(opA.id)?.state, 'running', 'the other one still runs');
		assert.match(statusBarOf(a.statusBar).text, /^\$\(sync~spin\) Training 'staff' \d+s$/);
		await emu.control.finishTraining({ route: 'persongroups', id: 'staff' });
		assert.strictEqual((await whenDone(a.tracker, opA.id)).state, 'succeeded');
		assert.strictEqual(await trainingOf(emuB, 'largefacelists', 'catalog'), 'succeeded');
	});

	it('a tracker disposed mid-training leaves the operation in globalState; a new one resumes and finishes it', async () => {
		const a = await api();
		const memento = new MemoryMemento();
		mementos.push(memento);
		const first = new OperationTracker({ globalState: memento }, a.resources, a.log);
		const since = Date.now();
		const op = await first.startTraining(resource.id, 'largePersonGroup', 'employees', 'employees');
		await waitFor(async () => (await pollsOf(emu, 'largepersongroups', 'employees')) >= 2, 20_000, 'the first poll');
		await loggedPoll('employees', since);
		first.dispose();
		const stored = memento.get<{ operations: Operation[] }>(StorageKey.operations)?.operations ?? [];
		const persisted = stored.find((o) => o.id === op.id);
		assert.ok(persisted, 'the operation is in globalState');
		assert.strictEqual(persisted.state, 'running');
		assert.match(persisted.pollUrl, /\/largepersongroups\/employees\/training$/);
		await assertNoMorePolls('largepersongroups', 'employees', 'employees', since, 'a disposed tracker polls no more');

		await emu.control.finishTraining({ route: 'largepersongroups', id: 'employees' });
		const second = new OperationTracker({ globalState: memento }, a.resources, a.log);
		try {
			assert.strictEqual(second.get(op.id)?.state, 'running', 'the new tracker loads it');
			second.resume();
			const done = await whenDone(second, op.id);
			assert.strictEqual(done.state, 'succeeded');
			assert.ok(done.polls > persisted.polls, 'it went on polling');
			assert.strictEqual(memento.get<{ operations: Operation[] }>(StorageKey.operations)?.operations.find((o) => o.id === op.id)?.state, 'succeeded');
			assert.ok(logHas(a, /\[info\].*Resuming training 'employees'/));
		} finally {
			second.dispose();
		}
	});

	/** Two windows (trackers) over one globalState, each with a client that counts the polls it sends. */
	async function twoWindows(leaseMs = 1500) {
		const a = await api();
		const memento = new MemoryMemento();
		mementos.push(memento);
		const polls = { A: 0, B: 0 };
		const counting = (who: 'A' | 'B'): ClientProvider => ({
			onDidChangeResources: a.resources.onDidChangeResources,
			listResources: () => a.resources.listResources(),
			getResource: (id) => a.resources.getResource(id),
			getClient: async (id) => {
				const client = await a.resources.getClient(id);
				return new Proxy(client, {
					get(target, p) {
						const v = Reflect.get(target, p) as unknown;
						if (p === 'pollTraining') {
							return (...args: Parameters<typeof client.pollTraining>) => {
								polls[who]++;
								return client.pollTraining(...args);
							};
						}
						return typeof v === 'function' ? (v as (...x: unknown[]) => unknown).bind(target) : v;
					},
				});
			},
		});
		const timing = { syncMs: 200, leaseMs };
		const A = new OperationTracker({ globalState: memento }, counting('A'), a.log, { ...timing, windowId: 'window-a' });
		const B = new OperationTracker({ globalState: memento }, counting('B'), a.log, { ...timing, windowId: 'window-b' });
		return { a, memento, polls, A, B };
	}

	it('two windows: one polls a training, the other shows it and does not train again; when the first closes, the second takes over', async () => {
		const { a, memento, polls, A, B } = await twoWindows();
		try {
			const op = await A.startTraining(resource.id, 'largeFaceList', 'catalog', 'catalog');
			await waitFor(() => B.get(op.id)?.state === 'running', 5000, 'window B to show the training window A started');
			B.resume(); // as on activation: A polls it
			await waitFor(async () => (await pollsOf(emu, 'largefacelists', 'catalog')) >= 3, 20_000, 'a few polls');
			assert.strictEqual(polls.B, 0, 'only window A polls');
			assert.ok(polls.A >= 2);
			assert.ok(pollsIt(memento, A, op.id) && !pollsIt(memento, B, op.id), 'window A holds the lease');
			const again = await B.startTraining(resource.id, 'largeFaceList', 'catalog', 'catalog');
			assert.strictEqual(again.id, op.id, 'Train in window B joins what window A follows');
			assert.strictEqual((await emu.control.counters()).requests['POST /largefacelists/{largeFaceListId}/train'], 1, 'no second train call');

			A.dispose(); // the window closes (or reloads): it releases the training
			await A.saved();
			await waitFor(() => pollsIt(memento, B, op.id), 5000, 'window B to take over');
			assert.ok(logHas(a, /Taking over training 'catalog'/));
			await emu.control.finishTraining({ route: 'largefacelists', id: 'catalog' });
			assert.strictEqual((await whenDone(B, op.id)).state, 'succeeded');
			assert.ok(polls.B >= 1, 'window B polled it to the end');
		} finally {
			A.dispose();
			B.dispose();
		}
	});

	it("two windows: saving never drops the other window's operations; a window that hangs keeps its lease until it lapses", async () => {
		const { memento, A, B } = await twoWindows(2000);
		try {
			const opA = await A.startTraining(resource.id, 'personGroup', 'staff', 'staff');
			const opB = await B.startTraining(resource.id, 'largePersonGroup', 'employees', 'employees');
			await waitFor(async () => (await pollsOf(emu, 'largepersongroups', 'employees')) >= 2 && (await pollsOf(emu, 'persongroups', 'staff')) >= 2, 20_000, 'both polled');
			const stored = () => memento.get<{ operations: Operation[] }>(StorageKey.operations)?.operations ?? [];
			assert.deepStrictEqual(stored().filter((o) => o.state === 'running').map((o) => [o.containerId, o.watcher]).sort(), [['employees', 'window-b'], ['staff', 'window-a']]);

			// Window A hangs: no more polls or heartbeats, and no release.
			A.dispose();
			await A.saved();
			const hung = stored().map((o) => (o.id === opA.id ? { ...o, watcher: 'window-a', heartbeatAt: new Date().toISOString() } : o));
			await memento.update(StorageKey.operations, { version: 1, operations: hung });
			const hungAt = Date.now();
			await waitFor(() => pollsIt(memento, B, opA.id), 10_000, 'window B to take over once the lease lapses');
			assert.ok(Date.now() - hungAt >= 1500, `not before the lease lapsed (${Date.now() - hungAt} ms)`);

			await emu.control.finishTraining({ route: 'persongroups', id: 'staff' });
			await emu.control.finishTraining({ route: 'largepersongroups', id: 'employees' });
			assert.strictEqual((await whenDone(B, opA.id)).state, 'succeeded');
			assert.strictEqual((await whenDone(B, opB.id)).state, 'succeeded');
			assert.deepStrictEqual(stored().filter((o) => [opA.id, opB.id].includes(o.id)).map((o) => o.state), ['succeeded', 'succeeded']);
		} finally {
			A.dispose();
			B.dispose();
		}
	});

	it('two windows: Stop Watching in the window that does not poll stops the one that does', async () => {
		const { memento, A, B } = await twoWindows();
		try {
			const since = Date.now();
			const op = await A.startTraining(resource.id, 'personGroup', 'staff', 'staff');
			await waitFor(() => B.get(op.id)?.state === 'running', 5000, 'window B to show it');
			await loggedPoll('staff', since);
			assert.ok(B.stopWatching(op.id));
			await waitFor(() => !pollsIt(memento, A, op.id) && A.get(op.id)?.state === 'stopped', 5000, 'window A to stop polling');
			await assertNoMorePolls('persongroups', 'staff', 'staff', since, 'nobody polls it');
		} finally {
			A.dispose();
			B.dispose();
		}
	});

	it('stop watching ends the polling, not the training', async () => {
		const a = await api();
		const since = Date.now();
		const op = await vscode.commands.executeCommand<Operation>('azureFace.train', { resourceId: resource.id, kind: 'personGroup', containerId: 'staff' });
		assert.ok(op);
		await waitFor(async () => (await pollsOf(emu, 'persongroups', 'staff')) >= 2, 20_000, 'the first poll');
		await loggedPoll('staff', since);
		const stopped = await vscode.commands.executeCommand<Operation>('azureFace.stopWatching', op.id);
		assert.strictEqual(stopped?.state, 'stopped');
		assert.strictEqual(a.tracker.get(op.id)?.state, 'stopped');
		assert.ok(!statusBarOf(a.statusBar).visible, 'nothing left to show');
		await assertNoMorePolls('persongroups', 'staff', 'staff', since, 'stopped: polled no more');
		assert.strictEqual(await trainingOf(emu, 'persongroups', 'staff'), 'running', 'the service has no cancel: the training goes on');
		// Train again: the service says it is still training (409), so the tracker follows that training.
		const again = await vscode.commands.executeCommand<Operation>('azureFace.train', { resourceId: resource.id, kind: 'personGroup', containerId: 'staff' });
		assert.ok(again && again.id !== op.id);
		assert.strictEqual((await emu.control.counters()).requests['POST /persongroups/{personGroupId}/train'], 1, 'no second train call');
		await emu.control.finishTraining({ route: 'persongroups', id: 'staff' });
		assert.strictEqual((await whenDone(a.tracker, again.id)).state, 'succeeded');
	});

	it('the operations quick pick lists the trainings with their actions', async () => {
		const a = await api();
		const ops = a.tracker.list();
		assert.ok(ops.length >= 5, 'the earlier trainings are listed');
		const finished = operationItem(ops.find((o) => o.state === 'succeeded')!, 'Training A');
		assert.match(finished.label, /^\$\(check\) /);
		assert.match(finished.description ?? '', /^trained in \d+s · Training A$/);
		assert.deepStrictEqual(finished.buttons?.map((b) => b.tooltip), ['Show Log', 'Reveal in Tree']);
		const failed = operationItem(ops.find((o) => o.state === 'failed')!, 'Training A');
		assert.match(failed.detail ?? '', /no person/i, 'a failure shows the service message');
		const running = operationItem({ ...ops[0], state: 'running', endedAt: undefined }, 'Training A');
		assert.deepStrictEqual(running.buttons?.map((b) => b.tooltip), ['Show Log', 'Reveal in Tree', 'Stop Watching']);
	});

	it('429s from an F0 resource do not lose the operation', async () => {
		const a = await api();
		await emu.control.setConfig({ profile: 'f0', rateLimit: true });
		// A client that shows the tracker every 429 (no client-side retry or budget), and a short cap on
		// Retry-After (the emulator asks for up to a minute).
		const clients: ClientProvider = {
			onDidChangeResources: a.resources.onDidChangeResources,
			listResources: () => a.resources.listResources(),
			getResource: (id) => a.resources.getResource(id),
			getClient: async () => createFaceClient({ endpoint: emu.endpoint, apiVersion: 'v1.2', auth: apiKeyAuth(CANARY), tier: 'F0', maxRetries: 0, rateBudget: UNLIMITED_BUDGET }),
		};
		const memento = new MemoryMemento();
		mementos.push(memento);
		const tracker = new OperationTracker({ globalState: memento }, clients, a.log, { schedule: () => ({ maxRetryAfterMs: 1500, faultBaseMs: 500 }) });
		try {
			const op = await tracker.startTraining(resource.id, 'personGroup', 'staff', 'staff');
			// Another user of the key spends the minute's budget: every poll now meets a 429.
			const raw = new RawFace(emu.endpoint, CANARY);
			for (let i = 0; i < 20; i++) {
				await raw.get('/persongroups');
			}
			const before = await pollsOf(emu, 'persongroups', 'staff');
			await waitFor(async () => (await pollsOf(emu, 'persongroups', 'staff')) >= before + 3, 30_000, 'three throttled polls');
			assert.ok(((await emu.control.counters()).statuses['429'] ?? 0) >= 3);
			assert.strictEqual(tracker.get(op.id)?.state, 'running', 'still followed');
			assert.strictEqual(memento.get<{ operations: Operation[] }>(StorageKey.operations)?.operations.find((o) => o.id === op.id)?.state, 'running', 'still persisted');
			assert.ok(logHas(a, /\[trace\].*Training 'staff' poll \d+ .*error: 429/), 'the log has the throttled polls');
			await emu.control.setConfig({ rateLimit: false });
			await emu.control.finishTraining({ route: 'persongroups', id: 'staff' });
			assert.strictEqual((await whenDone(tracker, op.id)).state, 'succeeded');
		} finally {
			tracker.dispose();
		}
	});

	it('removing a resource stops following its trainings', async () => {
		const a = await api();
		const gone = await a.resources.add(a.resources.prepare({ endpoint: emu.endpoint, label: 'Training Gone', auth: 'key', tier: 'S0' }), CANARY);
		const since = Date.now();
		const op = await vscode.commands.executeCommand<Operation>('azureFace.train', { resourceId: gone.id, kind: 'largeFaceList', containerId: 'catalog' });
		assert.ok(op);
		await waitFor(async () => (await pollsOf(emu, 'largefacelists', 'catalog')) >= 2, 20_000, 'the first poll');
		await loggedPoll('catalog', since);
		await a.resources.remove(gone.id);
		const done = await whenDone(a.tracker, op.id);
		assert.deepStrictEqual([done.state, done.message], ['stopped', REMOVED_MESSAGE]);
		assert.ok(!pollsIt(a.testing.state, a.tracker, op.id), 'no lease held on it');
		await assertNoMorePolls('largefacelists', 'catalog', 'catalog', since, 'no poll after the removal');
		assert.ok(!statusBarOf(a.statusBar).visible, 'nothing left in the status bar');
	});

	it('the key never appears in the log or in globalState', async () => {
		const a = await api();
		const log = logLines(a).join('\n');
		assert.ok(log.includes('Training'), 'the log has the trainings');
		for (const key of [CANARY, CANARY_B]) {
			assert.ok(!log.includes(key), 'the key is not in the log');
			assert.ok(!a.globalStateJson().includes(key), 'the key is not in globalState');
			for (const m of mementos) {
				assert.ok(!m.json().includes(key), "the key is not in a tracker's stored operations");
			}
		}
		assert.ok(a.globalStateJson().includes(StorageKey.operations), 'operations are persisted in globalState');
	});
});
