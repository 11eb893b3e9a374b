/**
 * *Load All* on a Large Face List of 1,000,000 faces: it stops at `azureFace.loadAllLimit` entries (never
 * more, in pages of at most 1000) and says it stopped there, instead of making 1,000 calls and a million rows.
 */
import * as assert from 'node:assert/strict';
import { MAX_TOP, PagedList, type PageSource } from '../../src/tree/pagedList';

/** A paged service of `n` entries `e0000000` …, counting its calls and the largest `top` asked for. */
function service(n: number) {
	const id = (i: number) => `e${String(i).padStart(7, '0')}`;
	const calls: { start?: string; top: number }[] = [];
	const source: PageSource<string> = {
		paged: true,
		idOf: (s) => s,
		load: (start, top) => {
			calls.push({ start, top });
			const from = start === undefined ? 0 : Number(start.slice(1)) + 1;
			return Promise.resolve(Array.from({ length: Math.max(0, Math.min(top, n - from)) }, (_, k) => id(from + k)));
		},
	};
	return { source, calls };
}

describe('tree: Load All is bounded', () => {
	it('stops at the limit on a million entries: limit rows, limit/1000 calls, and tells it stopped', async () => {
		const svc = service(1_000_000);
		const list = new PagedList(svc.source, () => 100);
		await list.ensureLoaded();
		const progress: number[] = [];
		const stopped = await list.loadAll(undefined, (c) => progress.push(c), 10_000);
		assert.equal(stopped, true);
		assert.equal(list.items.length, 10_000);
		assert.equal(list.done, false, 'more remain: Load more… stays');
		// The first page (100 + 1 to see whether there is more), then pages of at most 1000 up to the limit.
		assert.ok(svc.calls.every((c) => c.top <= MAX_TOP));
		assert.equal(svc.calls.length, 1 + Math.ceil((10_000 - 100) / 1000));
		assert.equal(progress[progress.length - 1], 10_000);
		assert.equal(new Set(list.items).size, 10_000);
		// Load more still pages on past the limit.
		await list.loadMore();
		assert.equal(list.items.length, 10_100);
	});

	it('never asks for more than fits under the limit', async () => {
		const svc = service(1_000_000);
		const list = new PagedList(svc.source, () => 100);
		await list.ensureLoaded();
		assert.equal(await list.loadAll(undefined, undefined, 1_550), true);
		assert.equal(list.items.length, 1_550);
		assert.deepEqual(svc.calls.slice(1).map((c) => c.top), [1000, 451]);
	});

	it('loads everything and says it did not stop when the list is shorter than the limit', async () => {
		const svc = service(2_345);
		const list = new PagedList(svc.source, () => 100);
		assert.equal(await list.loadAll(undefined, undefined, 10_000), false);
		assert.equal(list.items.length, 2_345);
		assert.equal(list.done, true);
	});
});
