/**
 * Issue 9, row 12: a key deletion that fails while a resource is removed or moved used to leave the key
 * orphaned (the metadata was saved first), and a later resource on that origin silently reused it. Now the
 * keys change first, each step undone on a failure, and a key no key resource uses is deleted (at
 * activation, and when a resource arrives at its origin without a key). A SecretStorage double that fails
 * once (delete or store) drives the real KeyStore.
 */
import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { applyKeyPlan, orphanOrigins, planKeys } from '../../src/resources/keyChanges';
import { KeyStore } from '../../src/resources/keys';
import type { FaceResource } from '../../src/resources/types';
import { secretKeyFor } from '../../src/state/keys';

const A = 'https://a.cognitiveservices.azure.com';
const B = 'https://b.cognitiveservices.azure.com';
const KEY_A = 'key-a-0123456789';
const KEY_B = 'key-b-0123456789';

const res = (id: string, endpoint: string, auth: 'key' | 'entra' = 'key'): FaceResource => ({ id, label: id, endpoint, apiVersion: 'v1.2', auth });

/** SecretStorage in memory; `failOnce('delete')` makes the next delete reject like a locked keyring. */
class FlakySecrets {
	readonly map = new Map<string, string>();
	private failing = new Set<'get' | 'store' | 'delete'>();
	calls: string[] = [];

	failOnce(op: 'get' | 'store' | 'delete'): void {
		this.failing.add(op);
	}

	private maybeFail(op: 'get' | 'store' | 'delete'): void {
		this.calls.push(op);
		if (this.failing.delete(op)) {
			throw new Error('Cannot delete an item in a locked collection');
		}
	}

	async get(k: string): Promise<string | undefined> {
		this.maybeFail('get');
		return this.map.get(k);
	}

	async store(k: string, v: string): Promise<void> {
		this.maybeFail('store');
		this.map.set(k, v);
	}

	async delete(k: string): Promise<void> {
		this.maybeFail('delete');
		this.map.delete(k);
	}

	async keys(): Promise<string[]> {
		return [...this.map.keys()];
	}
}

function setup(initial: Record<string, string> = {}) {
	const secrets = new FlakySecrets();
	for (const [origin, key] of Object.entries(initial)) {
		secrets.map.set(secretKeyFor(origin), key);
	}
	const keys = new KeyStore(secrets as unknown as vscode.SecretStorage);
	let saves = 0;
	let saveFails = false;
	const save = async () => {
		if (saveFails) {
			saveFails = false;
			throw new Error('globalState write failed');
		}
		saves++;
	};
	const undoFailures: string[] = [];
	const apply = (plan: ReturnType<typeof planKeys>) => applyKeyPlan(keys, plan, save, (origin) => void undoFailures.push(origin));
	return { secrets, keys, apply, saves: () => saves, failSaveOnce: () => (saveFails = true), undoFailures, key: (origin: string) => secrets.map.get(secretKeyFor(origin)) };
}

describe('hardening (row 12): keys change before the metadata, and orphaned keys are deleted', () => {
	it('plans: remove and move drop the old key unless another key resource shares the origin', () => {
		const r = res('r', A);
		assert.deepEqual(planKeys(r, undefined, []), { drop: [A] });
		assert.deepEqual(planKeys(r, undefined, [res('s', A)]), { drop: [] }, 'shared origin: kept');
		assert.deepEqual(planKeys(r, undefined, [res('s', A, 'entra')]), { drop: [A] }, 'an Entra resource there needs no key');
		assert.deepEqual(planKeys(r, res('r', B), [], KEY_B), { drop: [A], store: { origin: B, key: KEY_B } });
		assert.deepEqual(planKeys(r, res('r', `${A}/prefix`), []), { drop: [] }, 'same origin: the key stays');
		assert.deepEqual(planKeys(r, res('r', A, 'entra'), []), { drop: [A] }, 'switched to Entra ID: the key goes');
		assert.deepEqual(planKeys(res('r', A, 'entra'), undefined, []), { drop: [] });
	});

	it('plans: a key resource arriving without a key at an origin nobody uses finds no key there (an old one is dropped, not reused)', () => {
		assert.deepEqual(planKeys(undefined, res('n', A), []), { drop: [A] });
		assert.deepEqual(planKeys(undefined, res('n', A), [res('s', A)]), { drop: [] }, 'the key of the resource sharing the origin is used');
		assert.deepEqual(planKeys(undefined, res('n', A), [], KEY_A), { drop: [], store: { origin: A, key: KEY_A } });
		assert.deepEqual(planKeys(res('r', A, 'entra'), res('r', A), []), { drop: [A] }, 'Entra → key without a key: no stale key');
		assert.deepEqual(planKeys(res('r', A), res('r', B), []), { drop: [A, B] }, 'moved without a key: neither key is kept');
	});

	it('a delete that fails once: nothing saved, the key kept, a clear keyring error; the retry removes both', async () => {
		const t = setup({ [A]: KEY_A });
		const plan = planKeys(res('r', A), undefined, []);
		t.secrets.failOnce('delete');
		await assert.rejects(t.apply(plan), (e: Error) => {
			assert.equal(e.name, 'KeyringError');
			assert.match(e.message, /^Could not delete the API key from the operating system's keyring \(Cannot delete an item in a locked collection\)\. On Linux/);
			assert.ok(!e.message.includes(KEY_A));
			return true;
		});
		const saved = t.saves();
		assert.equal(saved, 0);
		assert.equal(t.saves(), saved, 'the metadata was not saved: the resource stays');
		assert.equal(t.key(A), KEY_A, 'its key stays with it');
		assert.deepEqual(await t.apply(plan), [A], 'the retry deletes the key');
		assert.equal(t.saves(), saved + 1);
		assert.equal(t.key(A), undefined);
	});

	it('a metadata save that fails after the key was deleted puts the key back', async () => {
		const t = setup({ [A]: KEY_A });
		t.failSaveOnce();
		await assert.rejects(t.apply(planKeys(res('r', A), undefined, [])), /globalState write failed/);
		assert.equal(t.key(A), KEY_A);
		assert.deepEqual(t.undoFailures, []);
	});

	it('a move whose old key cannot be deleted stores no key at the new origin; one whose new key cannot be stored keeps the old key', async () => {
		const t = setup({ [A]: KEY_A });
		const move = planKeys(res('r', A), res('r', B), [], KEY_B);
		t.secrets.failOnce('delete');
		await assert.rejects(t.apply(move), /Could not delete/);
		assert.deepEqual([t.key(A), t.key(B), t.saves()], [KEY_A, undefined, 0]);
		t.secrets.failOnce('store');
		await assert.rejects(t.apply(move), /Could not save the API key/);
		assert.deepEqual([t.key(A), t.key(B), t.saves()], [KEY_A, undefined, 0], 'the deleted old key was put back');
		await t.apply(move);
		assert.deepEqual([t.key(A), t.key(B), t.saves()], [undefined, KEY_B, 1]);
	});

	it('a replaced key is put back when the save fails (rotating a shared origin loses nothing)', async () => {
		const t = setup({ [A]: KEY_A });
		t.failSaveOnce();
		await assert.rejects(t.apply(planKeys(undefined, res('n', A), [res('s', A)], 'new-key-0123')), /globalState/);
		assert.equal(t.key(A), KEY_A);
	});

	it('orphans: keys of origins no key resource uses, whether removed or moved away; shared and foreign names are left alone', () => {
		const names = [secretKeyFor(A), secretKeyFor(B), secretKeyFor('http://127.0.0.1:5055'), 'someOtherSecret'];
		assert.deepEqual(orphanOrigins(names, [res('r', `${B}/x`)]), [A, 'http://127.0.0.1:5055']);
		assert.deepEqual(orphanOrigins(names, [res('r', A, 'entra'), res('s', B), res('t', 'http://127.0.0.1:5055')]), [A]);
		assert.deepEqual(orphanOrigins([], [res('r', A)]), []);
	});
});
