// Issue 9, row 12, inside VS Code: the resource store over a SecretStorage that fails once (a keyring
// locked for a moment), against an emulator on its own origin; and the orphan clean-up with VS Code's own
// SecretStorage. A failed key deletion leaves the resource as it was (its key too); a key no resource
// uses is never handed to a later resource on that origin, and is deleted.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { ResourceStore } from '../../src/resources/store';
import { secretKeyFor, StorageKey } from '../../src/state/keys';
import { startEmulator, type Emulator } from '../emulator/server';
import { api, closedPort } from './helpers';

type Op = 'store' | 'delete';

/** A context with in-memory SecretStorage (listable, like VS Code ≥ 1.105) and globalState; `failOnce` arms one failure. */
function flakyContext() {
	const secrets = new Map<string, string>();
	const state = new Map<string, unknown>();
	const armed = new Set<Op>();
	const changed = new vscode.EventEmitter<vscode.SecretStorageChangeEvent>();
	const fail = (op: Op) => {
		if (armed.delete(op)) {
			throw new Error('Cannot delete an item in a locked collection');
		}
	};
	const storage = {
		get: async (k: string) => secrets.get(k),
		store: async (k: string, v: string) => {
			fail('store');
			secrets.set(k, v);
			changed.fire({ key: k });
		},
		delete: async (k: string) => {
			fail('delete');
			secrets.delete(k);
			changed.fire({ key: k });
		},
		keys: async () => [...secrets.keys()],
		onDidChange: changed.event,
	};
	const globalState = {
		keys: () => [...state.keys()],
		get: (k: string, d?: unknown) => (state.has(k) ? state.get(k) : d),
		update: async (k: string, v: unknown) => void (v === undefined ? state.delete(k) : state.set(k, v)),
		setKeysForSync: () => undefined,
	};
	const context = { secrets: storage, globalState, extension: { packageJSON: { version: '0.0.0-test' } } } as unknown as vscode.ExtensionContext;
	return { context, secrets, state, failOnce: (op: Op) => armed.add(op), dispose: () => changed.dispose() };
}

describe('Resource keys: a failing key deletion loses nothing, orphaned keys are never reused', () => {
	let a: Emulator;
	let b: Emulator;
	const keyA = `key-a-${Math.random().toString(36).slice(2)}`;
	const keyB = `key-b-${Math.random().toString(36).slice(2)}`;

	before(async () => {
		a = await startEmulator({ port: 0, key: keyA });
		b = await startEmulator({ port: 0, key: keyB });
	});

	after(async () => {
		await a?.close();
		await b?.close();
	});

	async function withStore(fn: (store: ResourceStore, fake: ReturnType<typeof flakyContext>) => Promise<void>): Promise<void> {
		const fake = flakyContext();
		const store = new ResourceStore(fake.context, (await api()).log);
		try {
			await fn(store, fake);
		} finally {
			store.dispose();
			fake.dispose();
		}
	}

	it('Remove with a key deletion that fails once: the resource stays, with its working key, and a clear message; the retry removes both', async () => {
		await withStore(async (store, fake) => {
			const r = await store.add(store.prepare({ endpoint: a.endpoint, label: 'Flaky', auth: 'key' }), keyA);
			fake.failOnce('delete');
			await assert.rejects(store.remove(r.id), (e: Error) => {
				assert.strictEqual(e.name, 'KeyringError');
				assert.match(e.message, /^'Flaky' was not removed and keeps its key: Could not delete the API key from the operating system's keyring \(Cannot delete an item in a locked collection\)\./);
				assert.ok(!e.message.includes(keyA));
				return true;
			});
			assert.deepStrictEqual(store.listResources().map((x) => x.id), [r.id], 'the resource is still configured');
			assert.strictEqual(fake.secrets.get(secretKeyFor(a.endpoint)), keyA, 'its key is still stored');
			assert.deepStrictEqual(await (await store.getClient(r.id)).listContainers('personGroup'), [], 'and still works');

			await store.remove(r.id);
			assert.deepStrictEqual(store.listResources(), []);
			assert.strictEqual(fake.secrets.get(secretKeyFor(a.endpoint)), undefined);
		});
	});

	it('a move to another origin whose old key cannot be deleted changes nothing: still at the old origin, no key stored at the new one', async () => {
		await withStore(async (store, fake) => {
			const r = await store.add(store.prepare({ endpoint: a.endpoint, label: 'Mover', auth: 'key' }), keyA);
			fake.failOnce('delete');
			await assert.rejects(store.update(r.id, { endpoint: b.endpoint }, keyB), /'Mover' was not changed: Could not delete the API key/);
			assert.strictEqual(store.getResource(r.id)?.endpoint, a.endpoint);
			assert.strictEqual(fake.secrets.get(secretKeyFor(a.endpoint)), keyA);
			assert.strictEqual(fake.secrets.get(secretKeyFor(b.endpoint)), undefined, 'the new key was taken back');

			await store.update(r.id, { endpoint: b.endpoint }, keyB);
			assert.strictEqual(store.getResource(r.id)?.endpoint, b.endpoint);
			assert.deepStrictEqual([fake.secrets.get(secretKeyFor(a.endpoint)), fake.secrets.get(secretKeyFor(b.endpoint))], [undefined, keyB]);
		});
	});

	it('a key left behind (as an older version did) is not reused by a later resource on that origin, and activation\'s clean-up deletes such keys', async () => {
		await withStore(async (store, fake) => {
			const other = `http://127.0.0.1:${await closedPort()}`;
			fake.secrets.set(secretKeyFor(a.endpoint), keyA); // orphaned: no resource uses it
			fake.secrets.set(secretKeyFor(other), 'stale-key-0123');
			fake.secrets.set('someoneElse', 'x');
			const later = await store.add(store.prepare({ endpoint: a.endpoint, label: 'Later', auth: 'key' }));
			await assert.rejects(store.getClient(later.id), (e: Error & { reason?: string }) => e.name === 'CredentialsError' && e.reason === 'noKey', 'the old key is not silently used');
			assert.strictEqual(fake.secrets.get(secretKeyFor(a.endpoint)), undefined, 'it was deleted');

			assert.deepStrictEqual(await store.deleteOrphanKeys(0), [other]);
			assert.deepStrictEqual([...fake.secrets.keys()], ['someoneElse'], 'only keys of ours that nothing uses went');
		});
	});

	it('a key whose resource arrives from another window while the clean-up waits is kept', async () => {
		await withStore(async (store, fake) => {
			fake.secrets.set(secretKeyFor(a.endpoint), keyA); // stored by another window a moment ago
			const cleanUp = store.deleteOrphanKeys(500);
			await new Promise((resolve) => setTimeout(resolve, 100));
			// …whose metadata write reaches this window now.
			fake.state.set(StorageKey.resources, [{ id: 'other-window', label: 'Other', endpoint: a.endpoint, apiVersion: 'v1.2', auth: 'key' }]);
			assert.deepStrictEqual(await cleanUp, []);
			assert.strictEqual(fake.secrets.get(secretKeyFor(a.endpoint)), keyA);
		});
	});

	it('the extension\'s own SecretStorage: an orphaned key is deleted by the clean-up, a used one kept', async () => {
		const t = await api();
		const orphan = `http://127.0.0.1:${await closedPort()}`;
		await t.testing.secrets.store(secretKeyFor(orphan), 'stale-key-0123');
		const used = await t.resources.add(t.resources.prepare({ endpoint: a.endpoint, label: 'Used', auth: 'key' }), keyA);
		try {
			const deleted = await t.resources.deleteOrphanKeys(0);
			assert.ok(deleted, 'this VS Code lists secrets');
			assert.ok(deleted.includes(orphan), `deleted ${deleted.join(', ')}`);
			assert.strictEqual(await t.secretFor(orphan), undefined);
			assert.strictEqual(await t.secretFor(a.endpoint), keyA);
		} finally {
			await t.resources.remove(used.id);
		}
	});
});
