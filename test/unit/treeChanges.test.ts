/** The change journal behind "changed since its last training": kept in state, seen by a new journal (another window, a reload), bounded. */
import * as assert from 'node:assert/strict';
import { ConsistentMemento } from '../../src/state/consistentMemento';
import { ChangeJournal, MAX_CHANGES } from '../../src/tree/changes';
import { StorageKey } from '../../src/state/keys';

class Memory {
	readonly data = new Map<string, unknown>();
	keys(): readonly string[] {
		return [...this.data.keys()];
	}
	get<T>(key: string, defaultValue?: T): T | undefined {
		return this.data.has(key) ? (this.data.get(key) as T) : defaultValue;
	}
	async update(key: string, value: unknown): Promise<void> {
		this.data.set(key, JSON.parse(JSON.stringify(value)));
	}
}

describe('tree: change journal', () => {
	it('a change is seen after the last training started, by this journal and by a new one over the same state', () => {
		const memory = new Memory();
		const state = new ConsistentMemento(memory);
		try {
			const journal = new ChangeJournal(state);
			journal.markChanged('r', 'personGroup', 'staff', 1, 2000);
			assert.equal(journal.isChangedSince('r', 'personGroup', 'staff', 1000), true);
			assert.equal(journal.isChangedSince('r', 'personGroup', 'staff', 3000), false, 'trained after the change');
			assert.equal(journal.isChangedSince('r', 'personGroup', 'visitors', 1000), false);
			assert.equal(new ChangeJournal(memory).changedAt('r', 'personGroup', 'staff'), 2000, 'another window, or after a reload');
			journal.forget('r', 'personGroup', 'staff');
			assert.equal(new ChangeJournal(memory).changedAt('r', 'personGroup', 'staff'), undefined);
		} finally {
			state.dispose();
		}
	});

	it(`keeps the ${MAX_CHANGES} most recently changed containers`, () => {
		const memory = new Memory();
		const journal = new ChangeJournal(memory);
		for (let i = 0; i < MAX_CHANGES + 10; i++) {
			journal.markChanged('r', 'largeFaceList', `c${i}`, 1, 1000 + i);
		}
		const stored = memory.get<{ changes: Record<string, number> }>(StorageKey.changes);
		assert.equal(Object.keys(stored?.changes ?? {}).length, MAX_CHANGES);
		assert.equal(journal.changedAt('r', 'largeFaceList', 'c0'), undefined, 'the oldest went');
		assert.equal(journal.changedAt('r', 'largeFaceList', `c${MAX_CHANGES + 9}`), 1000 + MAX_CHANGES + 9);
	});

	it('ignores what is not a change record', () => {
		const memory = new Memory();
		void memory.update(StorageKey.changes, { version: 1, changes: { 'r/personGroup/a': 'soon', 'r/personGroup/b': 5 } });
		const journal = new ChangeJournal(memory);
		assert.equal(journal.changedAt('r', 'personGroup', 'a'), undefined);
		assert.equal(journal.changedAt('r', 'personGroup', 'b'), 5);
		void memory.update(StorageKey.changes, 'garbage');
		assert.equal(journal.changedAt('r', 'personGroup', 'b'), undefined);
	});
});
