/** What the tracker keeps in globalState (pure: an in-memory memento), and the short texts it shows. */
import * as assert from 'node:assert/strict';
import { pollPath } from '../../src/operations/format';
import { formatDuration, parseTime } from '../../src/shared/time';
import { durationMs, pollUrlFor, predictionFrom, trainingUrl } from '../../src/operations/starter';
import { leaseExpiry, leaseHeld, mergeOperations, planSync, releaseLeases } from '../../src/operations/leases';
import { MAX_RECENT, OperationStore, prune } from '../../src/operations/store';
import { typeOf } from '../../src/operations/operationTypes';
import type { Operation } from '../../src/operations/types';
import { StorageKey } from '../../src/state/keys';

class Memory {
	readonly data = new Map<string, unknown>();
	writes = 0;
	get<T>(key: string): T | undefined {
		return this.data.get(key) as T | undefined;
	}
	async update(key: string, value: unknown): Promise<void> {
		// A slow first write must not land after a later one.
		await new Promise((r) => setTimeout(r, this.writes++ === 0 ? 30 : 0));
		this.data.set(key, JSON.parse(JSON.stringify(value)));
	}
}

const NOW = Date.parse('2025-01-10T12:00:00Z');

function op(id: string, state: Operation['state'], endedMinutesAgo?: number): Operation {
	const ended = endedMinutesAgo === undefined ? undefined : new Date(NOW - endedMinutesAgo * 60_000).toISOString();
	return {
		id,
		resourceId: 'r1',
		kind: 'personGroup',
		containerId: id,
		label: id,
		startedAt: new Date(NOW - ((endedMinutesAgo ?? 0) + 1) * 60_000).toISOString(),
		endedAt: ended,
		state,
		pollUrl: `https://x.cognitiveservices.azure.com/face/v1.2/persongroups/${id}/training`,
		polls: 3,
	};
}

describe('operations: stored operations', () => {
	it('keeps every unfinished operation and the recent finished ones, newest first', () => {
		const ops = [op('run1', 'running'), op('old', 'succeeded', 2 * 24 * 60), op('a', 'failed', 5), op('b', 'succeeded', 1), op('run2', 'running')];
		const kept = prune(ops, NOW).map((o) => o.id);
		assert.deepEqual(kept, ['run1', 'run2', 'b', 'a']);
	});

	it(`keeps at most ${MAX_RECENT} finished operations`, () => {
		const ops = Array.from({ length: MAX_RECENT + 5 }, (_, i) => op(`f${i}`, 'succeeded', i));
		const kept = prune([...ops, op('live', 'running')], NOW);
		assert.equal(kept.length, MAX_RECENT + 1);
		assert.ok(kept.some((o) => o.id === 'live'));
		assert.ok(!kept.some((o) => o.id === `f${MAX_RECENT + 4}`), 'the oldest go first');
	});

	it('saves in order and loads back what it saved; ignores what is not an operation', async () => {
		const memory = new Memory();
		const store = new OperationStore(memory);
		const first = store.save([op('x', 'running')], NOW);
		const second = store.save([op('x', 'succeeded', 0)], NOW);
		await Promise.all([first, second]);
		assert.deepEqual(store.load().map((o) => [o.id, o.state]), [['x', 'succeeded']], 'the later write wins');
		memory.data.set(StorageKey.operations, { version: 1, operations: [op('ok', 'running'), { id: 'broken' }, { ...op('bad', 'running'), kind: 'faceList' }, null] });
		assert.deepEqual(store.load().map((o) => o.id), ['ok']);
		memory.data.set(StorageKey.operations, 'garbage');
		assert.deepEqual(store.load(), []);
	});

	it('loads operations saved by 0.1.0 (no type) as trainings, next to typed ones; does not run unknown types', () => {
		const memory = new Memory();
		const store = new OperationStore(memory);
		// Exactly what 0.1.0 wrote: no `type` field.
		const old = { id: 'old', resourceId: 'r1', kind: 'largePersonGroup', containerId: 'g', label: 'g', startedAt: '2025-01-10T11:59:00.000Z', state: 'running', pollUrl: 'https://x/face/v1.2/largepersongroups/g/training', polls: 2, watcher: 'w', heartbeatAt: '2025-01-10T11:59:30.000Z' };
		const typed: Operation = { ...op('new', 'running'), type: 'training' };
		memory.data.set(StorageKey.operations, { version: 1, operations: [old, typed, { ...op('future', 'running'), type: 'enrollment' }] });
		const loaded = store.load();
		assert.deepEqual(loaded.map((o) => o.id), ['old', 'new']);
		assert.deepEqual(loaded.map((o) => typeOf(o).type), ['training', 'training']);
		assert.deepEqual(loaded[0], old, 'loaded as stored, nothing lost');
	});

	it('writes back what a newer version stored (an unknown type): this window cannot run it, but must not erase it', async () => {
		const memory = new Memory();
		const store = new OperationStore(memory);
		const future = { ...op('future', 'running'), type: 'faceLivenessSession', done: 120, total: 480 };
		memory.data.set(StorageKey.operations, { version: 1, operations: [op('mine', 'running'), future] });
		assert.deepEqual(store.load().map((o) => o.id), ['mine']);
		await store.save([op('mine', 'succeeded', 0)], NOW);
		const written = (memory.data.get(StorageKey.operations) as { operations: { id: string }[] }).operations;
		assert.deepEqual(written.map((o) => o.id), ['mine', 'future']);
		assert.deepEqual(written[1], JSON.parse(JSON.stringify(future)), 'kept as it was stored');
	});

	it('loads an enrollment with what resuming it needs, and drops one whose record lost its folder', () => {
		const memory = new Memory();
		const counts = { added: 3, existing: 0, skipped: 1, failed: 0 };
		const enrollment = { folder: 'file:///data/team', folderName: 'team', qualityGate: true, total: 10, counts, doneGroups: ['team/a'], doneCounts: counts, issues: [], personsCreated: 1, settled: 0 };
		const good = { ...op('e1', 'running'), type: 'enrollment', pollUrl: '', enrollment };
		const broken = { ...op('e2', 'running'), type: 'enrollment', pollUrl: '', enrollment: { ...enrollment, folder: undefined } };
		memory.data.set(StorageKey.operations, { version: 1, operations: [good, broken] });
		const loaded = new OperationStore(memory).load();
		assert.deepEqual(loaded.map((o) => o.id), ['e1']);
		assert.deepEqual(loaded[0].enrollment, enrollment);
	});
});

describe('operations: several windows', () => {
	const windowA = (polled: string[] = [], dropped: string[] = []) => ({ id: 'A', polls: (id: string) => polled.includes(id), dropped: new Set(dropped) });

	it("keeps the other windows' operations when one window saves its own", () => {
		const stored = [op('theirs', 'running'), op('shared', 'succeeded', 1)];
		const merged = mergeOperations(stored, [op('mine', 'running')], windowA(['mine']), NOW);
		assert.deepEqual(merged.map((o: { id: string }) => o.id).sort(), ['mine', 'shared', 'theirs']);
	});

	it('an end beats running, from either window; while it runs, the polling window\'s copy wins', () => {
		const ended = { ...op('x', 'succeeded', 0), polls: 9 };
		assert.equal(mergeOperations([ended], [op('x', 'running')], windowA(['x']), NOW)[0].state, 'succeeded', 'ended elsewhere');
		assert.equal(mergeOperations([op('x', 'running')], [{ ...op('x', 'stopped', 0) }], windowA(), NOW)[0].state, 'stopped', 'stopped here');
		const theirs = { ...op('x', 'running'), polls: 7, watcher: 'B', heartbeatAt: new Date(NOW).toISOString() };
		assert.equal(mergeOperations([theirs], [{ ...op('x', 'running'), polls: 2 }], windowA(), NOW)[0].polls, 7, 'B polls it: B\'s copy');
		assert.equal(mergeOperations([theirs], [{ ...op('x', 'running'), polls: 8 }], windowA(['x']), NOW)[0].polls, 8, 'A polls it: A\'s copy');
	});

	it('stamps what this window polls with its id and the time (its lease), and drops the records it replaced', () => {
		const merged = mergeOperations([op('old', 'running')], [op('new', 'running'), op('done', 'failed', 0)], windowA(['new', 'done'], ['old']), NOW);
		assert.deepEqual(merged.map((o) => [o.id, o.watcher, o.heartbeatAt]), [
			['new', 'A', new Date(NOW).toISOString()],
			['done', undefined, undefined],
		]);
	});

	it('a lease holds while its heartbeat is younger than the lease time', () => {
		const at = (ms: number) => ({ ...op('x', 'running'), watcher: 'B', heartbeatAt: new Date(NOW - ms).toISOString() });
		assert.equal(leaseHeld(at(10_000), NOW, 45_000), true);
		assert.equal(leaseHeld(at(50_000), NOW, 45_000), false, 'lapsed');
		assert.equal(leaseHeld(at(-60_000), NOW, 45_000), false, 'a heartbeat far in the future (clock change) does not hold forever');
		assert.equal(leaseHeld(op('x', 'running'), NOW, 45_000), false, 'released, or saved by a version without leases');
	});

	it('a lease holds until a short lapse after the poll its holder announced, whatever the heartbeat (issue 9 row 15)', () => {
		const lease = (beatAgo: number, dueIn?: number) => ({
			...op('x', 'running'),
			watcher: 'B',
			heartbeatAt: new Date(NOW - beatAgo).toISOString(),
			...(dueIn === undefined ? {} : { nextPollAt: new Date(NOW + dueIn).toISOString() }),
		});
		assert.equal(leaseHeld(lease(20_000, 25_000), NOW, 4500), true, 'quiet between polls: the next poll is due in 25 s');
		assert.equal(leaseHeld(lease(30_000, -4000), NOW, 4500), true, 'due 4 s ago: within the lapse');
		assert.equal(leaseHeld(lease(30_000, -5000), NOW, 4500), false, 'due 5 s ago and no word since: it went away');
		assert.equal(leaseHeld(lease(1000, -60_000), NOW, 4500), true, 'a slow poll renews with heartbeats');
		assert.equal(leaseHeld(lease(1000, 60 * 60_000), NOW + 6000, 4500), false, 'a next poll an hour ahead is not believed');
		assert.equal(leaseExpiry(lease(30_000, 10_000), NOW, 4500), NOW + 14_500);
		assert.equal(leaseExpiry(op('x', 'running'), NOW, 4500), undefined);
	});

	it('sync: a reloaded window takes back its own leases at once (its previous id)', () => {
		const stored = [{ ...op('mine-before', 'running'), watcher: 'A-before', heartbeatAt: new Date(NOW).toISOString(), nextPollAt: new Date(NOW + 30_000).toISOString() }, held('theirs', 'B')];
		const plan = planSync(stored, { ...here([]), previousId: 'A-before' }, NOW, 4500);
		assert.deepEqual(plan.takeOver.map((o) => o.id), ['mine-before']);
		assert.deepEqual(planSync(stored, here([]), NOW, 4500).takeOver, [], 'without its previous id, the lease holds');
	});

	const held = (id: string, watcher: string, msAgo = 1000) => ({ ...op(id, 'running'), watcher, heartbeatAt: new Date(NOW - msAgo).toISOString() });
	const here = (polled: string[], local: ReturnType<typeof op>[] = [], dropped: string[] = []) => ({
		...windowA(polled, dropped),
		get: (id: string) => local.find((o) => o.id === id),
	});

	it('sync: shows what other windows do, takes over what nobody polls, leaves alone what another window holds', () => {
		const stored = [held('theirs', 'B'), held('lapsed', 'B', 60_000), op('released', 'running'), op('done', 'succeeded', 1), op('gone', 'running')];
		const plan = planSync(stored, here([], [], ['gone']), NOW, 45_000);
		assert.deepEqual(plan.adopt.map((o) => o.id), ['theirs', 'lapsed', 'released', 'done']);
		assert.deepEqual(plan.takeOver.map((o) => o.id), ['lapsed', 'released']);
		assert.deepEqual(plan.release, []);
		assert.deepEqual(planSync(stored, here([], stored), NOW, 45_000).adopt, [], 'nothing new: nothing to adopt');
	});

	it('sync: stops polling what another window ended, stopped, or holds with a smaller id', () => {
		const stored = [op('ended', 'succeeded', 0), op('stopped', 'stopped', 0), held('twice', '0-first'), held('mine', 'A'), held('bigger', 'Z')];
		const plan = planSync(stored, here(['ended', 'stopped', 'twice', 'mine', 'bigger']), NOW, 45_000);
		assert.deepEqual(plan.release.map((r) => [r.op.id, r.why]), [['ended', 'ended'], ['stopped', 'ended'], ['twice', 'held']]);
		assert.deepEqual([...plan.adopt, ...plan.takeOver], []);
	});

	it('sync: an operation that ended here is not taken back by a stale running copy', () => {
		const plan = planSync([op('x', 'running')], here([], [op('x', 'succeeded', 0)]), NOW, 45_000);
		assert.deepEqual([plan.adopt, plan.takeOver], [[], []]);
	});

	it('a window that closes releases only its own leases', () => {
		const merged = [held('mine', 'A'), held('theirs', 'B'), op('done', 'failed', 0)];
		const released = releaseLeases(merged, new Set(['mine', 'theirs', 'done']), 'A');
		assert.deepEqual(released.map((o) => [o.id, o.watcher]), [['mine', undefined], ['theirs', 'B'], ['done', undefined]]);
	});
});

describe('operations: texts and times', () => {
	it('formats durations the way the status bar shows them', () => {
		assert.equal(formatDuration(0), '0s');
		assert.equal(formatDuration(12_400), '12s');
		assert.equal(formatDuration(60_000), '1m');
		assert.equal(formatDuration(125_000), '2m 5s');
		assert.equal(formatDuration(3_600_000), '1h');
		assert.equal(formatDuration(3_720_000), '1h 2m');
	});

	it('logs only the path of a poll URL', () => {
		assert.equal(pollPath('https://x.cognitiveservices.azure.com/face/v1.2/persongroups/g/training?a=b'), '/face/v1.2/persongroups/g/training');
	});

	it('reads the service times (7 fractional digits) and the previous training duration', () => {
		assert.equal(parseTime('2024-09-03T15:56:37.7779551Z'), Date.parse('2024-09-03T15:56:37.777Z'));
		assert.equal(parseTime('not a time'), undefined);
		const status = { state: 'succeeded' as const, createdDateTime: '2024-09-03T15:56:37.777955Z', lastActionDateTime: '2024-09-03T15:57:18.027056Z' };
		assert.equal(durationMs(status), 40_250);
		assert.equal(predictionFrom(status), 40_250);
		assert.equal(predictionFrom(status, { scale: 10 }), 402_500);
		assert.equal(predictionFrom({ ...status, state: 'failed' }), undefined, 'a failed run predicts nothing');
		assert.equal(predictionFrom({ state: 'nottrained' }), undefined);
	});

	it("polls operation-Location on the resource's origin, else the resource's own …/training", () => {
		const api = { endpoint: 'https://mine.cognitiveservices.azure.com', apiVersion: 'v1.2' as const };
		assert.equal(trainingUrl(api, 'largeFaceList', 'my list'), 'https://mine.cognitiveservices.azure.com/face/v1.2/largefacelists/my%20list/training');
		const same = 'https://mine.cognitiveservices.azure.com/face/v1.2/persongroups/g/training';
		assert.equal(pollUrlFor(api, 'personGroup', 'g', same), same);
		assert.equal(pollUrlFor(api, 'personGroup', 'g', 'https://elsewhere.example/face/v1.2/persongroups/g/training'), same);
		assert.equal(pollUrlFor(api, 'personGroup', 'g', '/relative'), same);
	});
});
