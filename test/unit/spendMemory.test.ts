/**
 * A window reload starts a new extension host with new rate budgets: what the origin spent in its current
 * window must come back (src/resources/spendMemory.ts), or the reloaded window sends a full window more (the
 * fault bench saw 21 and 22 calls in a minute on F0). Budgets on a hand-driven clock; no timing asserted.
 */
import '../support/vscodeShim';
import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { defaultPadMs, getRateBudget, RateBudget, TIER_LIMITS } from '../../src/face';
import { ClientFactory } from '../../src/resources/clientFactory';
import { KeyStore } from '../../src/resources/keys';
import { RequestSink } from '../../src/resources/requestSink';
import { SpendMemory } from '../../src/resources/spendMemory';
import type { FaceResource } from '../../src/resources/types';
import { secretKeyFor, StorageKey } from '../../src/state/keys';
import { MemoryLog, MemoryMemento, MemorySecrets } from '../support/vscodeShim';

const ORIGIN = 'https://one.cognitiveservices.azure.com';

function f0(now: () => number): RateBudget {
	return new RateBudget({ ...TIER_LIMITS.F0, now });
}

describe('rate budget spend across a reload (spendMemory.ts)', () => {
	let now = 1_700_000_000_000;
	const clock = () => now;
	/** `n` calls through `b`; past half its capacity the clock moves on by its pace (F0: 3.0 s) before each. */
	const spend = async (b: RateBudget, n: number) => {
		for (let i = 0; i < n; i++) {
			const s = b.stats();
			if (s.inWindow >= Math.ceil(s.capacity / 2)) {
				now += Math.ceil((s.windowMs + defaultPadMs(s.windowMs)) / s.capacity);
			}
			(await b.acquire())();
		}
	};
	let memento: MemoryMemento;

	beforeEach(() => {
		memento = new MemoryMemento();
	});

	it("a reloaded window's budget holds the slots its previous life spent in the window", async () => {
		const before = new SpendMemory(memento, { now: clock });
		const first = f0(clock);
		before.attach(ORIGIN, first);
		await spend(first, 20);
		assert.equal(first.stats().inWindow, 20);
		before.dispose(); // the window reloads
		await before.saved();

		now += 5_000; // the first ten calls 35 s ago, the last 5 s ago
		const after = new SpendMemory(memento, { now: clock });
		const second = f0(clock);
		after.attach(ORIGIN, second);
		assert.equal(second.stats().inWindow, 20, 'the 20 calls of 5 s ago still count');
		let granted = false;
		const next = second.acquire().then((release) => {
			granted = true;
			release();
		});
		await Promise.resolve();
		await Promise.resolve();
		assert.equal(granted, false, 'the 21st call of the minute waits');
		assert.equal(second.stats().queued, 1);
		now += 25_100; // past 60.12 s (the minute and its pad) after the first answers
		second.recall([]); // pumps
		await next;
		assert.equal(granted, true);
		after.dispose();
	});

	it('stores each slot as it is taken, so a hard reload (no dispose) loses none of them', async () => {
		const memory = new SpendMemory(memento, { now: clock });
		const budget = f0(clock);
		memory.attach(ORIGIN, budget);
		const release = await budget.acquire(); // in flight when the window vanishes: no dispose, no saved()
		await new Promise((r) => setTimeout(r, 5));
		const stored = memento.get<{ origins: Record<string, Record<string, number[]>> }>(StorageKey.rateSpend);
		assert.deepEqual(Object.values(stored!.origins[ORIGIN]).flat(), [now]);
		const reloaded = f0(clock);
		new SpendMemory(memento, { now: clock }).attach(ORIGIN, reloaded);
		assert.equal(reloaded.stats().inWindow, 1);
		release();
		memory.dispose();
	});

	it('another window keeps its entries; entries older than two windows and garbage are dropped or ignored', async () => {
		await memento.update(StorageKey.rateSpend, {
			version: 1,
			origins: {
				[ORIGIN]: { other: [now - 1000, now - 2000, 'x', null], old: [now - 10 * 60_000] },
				'https://two.example': 'garbage',
			},
		});
		const memory = new SpendMemory(memento, { now: clock, id: 'me' });
		const budget = f0(clock);
		memory.attach(ORIGIN, budget);
		assert.equal(budget.stats().inWindow, 2, 'only the two numbers within the window');
		await spend(budget, 1);
		await memory.saved();
		const stored = memento.get<{ origins: Record<string, Record<string, number[]>> }>(StorageKey.rateSpend)!;
		assert.deepEqual(Object.keys(stored.origins[ORIGIN]).sort(), ['me', 'other']);
		assert.equal(stored.origins[ORIGIN].me.length, 3, "this window's budget: the two recalled slots and its own");
		assert.equal(stored.origins['https://two.example'], undefined);
		memory.dispose();
	});

	it('a budget that reads back its own stored spend (the extension restarted in the same host) counts it once', async () => {
		const budget = f0(clock);
		const first = new SpendMemory(memento, { now: clock });
		first.attach(ORIGIN, budget);
		await spend(budget, 5);
		first.dispose();
		await first.saved();
		new SpendMemory(memento, { now: clock }).attach(ORIGIN, budget);
		assert.equal(budget.stats().inWindow, 5);
	});

	it('an S0 budget (a 1 s window, over before a reload ends) is not remembered', async () => {
		const memory = new SpendMemory(memento, { now: clock });
		const budget = new RateBudget({ ...TIER_LIMITS.S0, now: clock });
		memory.attach(ORIGIN, budget);
		await spend(budget, 3);
		await new Promise((r) => setTimeout(r, 5));
		assert.equal(memento.get(StorageKey.rateSpend), undefined);
		memory.dispose();
	});

	it('a stored value of another version or shape is ignored, never thrown', () => {
		for (const value of [undefined, 42, { version: 2, origins: {} }, { version: 1, origins: null }, { version: 1, origins: { [ORIGIN]: [1, 2] } }]) {
			const m = new MemoryMemento();
			void m.update(StorageKey.rateSpend, value);
			const budget = f0(clock);
			assert.doesNotThrow(() => new SpendMemory(m, { now: clock }).attach(ORIGIN, budget));
		}
	});

	it("the extension's clients (ClientFactory) give each origin's shared budget the spend stored before the reload", async () => {
		const origin = `http://127.0.0.1:${40_000 + Math.floor(Math.random() * 20_000)}`;
		const resource: FaceResource = { id: 'r1', label: 'R', endpoint: origin, apiVersion: 'v1.2', auth: 'key', tier: 'F0' };
		await memento.update(StorageKey.rateSpend, { version: 1, origins: { [origin]: { previous: Array.from({ length: 12 }, (_, i) => Date.now() - 1000 * i) } } });
		const secrets = new MemorySecrets();
		await secrets.store(secretKeyFor(origin), 'k');
		const log = new MemoryLog() as unknown as vscode.LogOutputChannel;
		const memory = new SpendMemory(memento);
		const factory = new ClientFactory('0.0.0', log, new KeyStore(secrets as unknown as vscode.SecretStorage), new RequestSink(log), () => resource, memory);
		await factory.get(resource);
		assert.equal(getRateBudget(origin, 'F0').stats().inWindow, 12, 'the shared budget of the origin holds the 12 recent calls');
		memory.dispose();
	});
});
