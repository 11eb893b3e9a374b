/**
 * A rename answered while the list holding the entity was on its way: the list's answer (older than the
 * rename) must not clear the entity's staleness, or the tree shows the old name until the next Refresh
 * (seen on F0, where the list and the rename ran at once and the row kept 'Zoe' for good).
 */
import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { PagedList } from '../../src/tree/pagedList';
import { Reloadable, loadStamp } from '../../src/tree/reloadable';

const silentLog = { warn: () => undefined } as unknown as vscode.LogOutputChannel;

interface Person {
	readonly personId: string;
	readonly name: string;
}

/** A service whose list answers when told to, with what it held when the list arrived. */
function service(initial: Person[]) {
	let persons = initial;
	let fetches = 0;
	const pending: Array<() => void> = [];
	return {
		rename(id: string, name: string) {
			persons = persons.map((p) => (p.personId === id ? { ...p, name } : p));
		},
		get fetches() {
			return fetches;
		},
		getPerson: async (id: string): Promise<Person> => {
			fetches++;
			return persons.find((p) => p.personId === id)!;
		},
		list: (): Promise<Person[]> => {
			const snapshot = persons;
			return new Promise((resolve) => pending.push(() => resolve(snapshot)));
		},
		/** Resolves once a list request has been sent. */
		async sent() {
			while (pending.length === 0) {
				await new Promise((r) => setImmediate(r));
			}
		},
		/** Answers the list request, once it has been sent. */
		async answer() {
			await this.sent();
			pending.shift()!();
		},
	};
}

describe('tree: a list answer older than a rename', () => {
	it('keeps the person stale, so the next render refetches it and shows the new name', async () => {
		const svc = service([{ personId: 'p1', name: 'Zoe' }]);
		const person = new Reloadable<Person>({ personId: 'p1', name: 'Zoe' }, () => svc.getPerson('p1'), () => "person 'p1'", silentLog);
		const list = new PagedList<Person>({ paged: false, load: () => svc.list(), idOf: (p) => p.personId }, () => 10);

		const loading = list.ensureLoaded();
		await svc.sent(); // the list leaves before the rename...
		svc.rename('p1', 'Zoe Adams'); // ...the rename is answered...
		person.markStale(); // ...and the command marks the row stale
		await svc.answer();
		await loading;
		assert.equal(list.items[0].name, 'Zoe', 'the list was read before the rename');
		person.set(list.items[0], list.since);

		assert.equal(person.stale, true, 'an older answer does not clear the mark');
		assert.equal((await person.fresh()).name, 'Zoe Adams');
		assert.equal(svc.fetches, 1);
		assert.equal(person.stale, false);
	});

	it('a list that left after the mark clears it (no needless refetch)', async () => {
		const svc = service([{ personId: 'p1', name: 'Zoe' }]);
		const person = new Reloadable<Person>({ personId: 'p1', name: 'Zoe' }, () => svc.getPerson('p1'), () => "person 'p1'", silentLog);
		svc.rename('p1', 'Zoe Adams');
		person.markStale();
		const list = new PagedList<Person>({ paged: false, load: () => svc.list(), idOf: (p) => p.personId }, () => 10);
		const loading = list.ensureLoaded();
		await svc.answer();
		await loading;
		person.set(list.items[0], list.since);
		assert.equal(person.stale, false);
		assert.equal((await person.fresh()).name, 'Zoe Adams');
		assert.equal(svc.fetches, 0);
	});

	it('a mark made while a refetch is on its way survives it', async () => {
		let release: (() => void) | undefined;
		let name = 'Zoe';
		let fetches = 0;
		const person = new Reloadable<Person>({ personId: 'p1', name }, async () => {
			fetches++;
			const seen = name;
			await new Promise<void>((r) => (release = r));
			return { personId: 'p1', name: seen };
		}, () => "person 'p1'", silentLog);
		person.markStale();
		const first = person.fresh();
		await Promise.resolve();
		name = 'Zoe Adams';
		person.markStale();
		release!();
		assert.equal((await first).name, 'Zoe');
		assert.equal(person.stale, true, 'the second mark is newer than the refetch');
		const second = person.fresh();
		await Promise.resolve();
		release!();
		assert.equal((await second).name, 'Zoe Adams');
		assert.equal(fetches, 2);
	});

	it('stamps only grow', () => {
		const a = loadStamp();
		assert.ok(loadStamp() > a);
	});
});
