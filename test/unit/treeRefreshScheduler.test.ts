/**
 * RefreshScheduler.rootsSettled: a reveal waits until VS Code fetched the roots after a whole-view change
 * (a resource added a moment ago), so that the workbench holds the row it reveals.
 */
import * as assert from 'node:assert/strict';
import { RefreshScheduler } from '../../src/tree/refreshScheduler';
import type { FaceTreeNode } from '../../src/tree/node';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

function settledWithin(p: Promise<void>): { readonly done: boolean } {
	const state = { done: false };
	void p.then(() => (state.done = true));
	return state;
}

describe('tree: RefreshScheduler.rootsSettled', () => {
	let emitted: Array<FaceTreeNode | undefined>;
	let scheduler: RefreshScheduler;
	beforeEach(() => {
		emitted = [];
		scheduler = new RefreshScheduler((node) => emitted.push(node));
	});
	afterEach(() => scheduler.dispose());

	it('resolves at once when no whole-view change is outstanding', async () => {
		const s = settledWithin(scheduler.rootsSettled(5000));
		await tick(1);
		assert.equal(s.done, true);
	});

	it('waits for the event and for a roots fetch that began after it', async () => {
		scheduler.request();
		const s = settledWithin(scheduler.rootsSettled(5000));
		// A fetch that began before the event does not count.
		scheduler.childrenRequested(undefined);
		await tick(80);
		assert.deepEqual(emitted, [undefined], 'the whole-view event went out');
		scheduler.childrenDelivered(undefined, []);
		await tick(5);
		assert.equal(s.done, false, 'that fetch began before the event');
		scheduler.childrenRequested(undefined);
		await tick(5);
		assert.equal(s.done, false, 'still fetching');
		scheduler.childrenDelivered(undefined, []);
		await tick(5);
		assert.equal(s.done, true);
	});

	it('gives up after its time-out (the view is hidden, VS Code fetches nothing)', async () => {
		scheduler.request();
		const s = settledWithin(scheduler.rootsSettled(100));
		await tick(60);
		assert.equal(s.done, false);
		await tick(100);
		assert.equal(s.done, true);
	});

	it('lets waiters go when disposed', async () => {
		scheduler.request();
		const s = settledWithin(scheduler.rootsSettled(5000));
		scheduler.dispose();
		await tick(1);
		assert.equal(s.done, true);
	});
});
