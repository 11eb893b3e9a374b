/**
 * FACE_EXPLORER_DEFAULT_RESOURCE (issue 9, row 4): an installed extension ignores it; under development or
 * test it is taken only for a loopback endpoint, with every field checked, and never echoes the key.
 */
import * as assert from 'node:assert/strict';
import { DEFAULT_RESOURCE_ENV, ensureDefaultResource, readDefaultResource } from '../../src/resources/defaultResource';
import type { ResourceStore } from '../../src/resources/store';

const KEY = 'k3y-0123456789abcdef';

/** The part of the store ensureDefaultResource uses, recording what it was asked to do. */
function fakeStore(existing: { id: string; endpoint: string; label: string; auth: 'key' | 'entra' }[] = [], keys = new Set<string>()) {
	const added: { endpoint: string; key?: string }[] = [];
	const keysSet: string[] = [];
	const store = {
		listResources: () => existing,
		hasKey: async (id: string) => keys.has(id),
		setKey: async (id: string) => void keysSet.push(id),
		prepare: (r: { endpoint: string; label?: string }) => ({ ...r, id: 'new', label: r.label ?? 'x' }),
		add: async (r: { endpoint: string }, key?: string) => void added.push({ endpoint: r.endpoint, key }),
	};
	return { store: store as unknown as ResourceStore, added, keysSet };
}

const env = (value: unknown) => ({ [DEFAULT_RESOURCE_ENV]: typeof value === 'string' ? value : JSON.stringify(value) });

describe('default resource from the environment', () => {
	it('an installed (production) extension ignores it: nothing added, no key stored, the reason logged without the key', async () => {
		const { store, added, keysSet } = fakeStore([{ id: 'r1', endpoint: 'http://127.0.0.1:5055', label: 'Emu', auth: 'key' }]);
		for (const endpoint of ['http://127.0.0.1:5055', 'https://evil.example.com']) {
			await assert.rejects(ensureDefaultResource(store, true, env({ endpoint, key: KEY })), (e: Error) => {
				assert.match(e.message, /installed extension does not take a resource/);
				assert.ok(!e.message.includes(KEY));
				return true;
			});
		}
		assert.deepEqual(added, []);
		assert.deepEqual(keysSet, [], 'the keyless resource did not get the key');
	});

	it('under development: a loopback endpoint is added with its key; a remote host is refused', async () => {
		const { store, added } = fakeStore();
		assert.match((await ensureDefaultResource(store, false, env({ endpoint: 'http://127.0.0.1:5055', label: 'Emu', key: KEY })))!, /Added the default resource 'Emu'/);
		assert.deepEqual(added, [{ endpoint: 'http://127.0.0.1:5055', key: KEY }]);
		for (const endpoint of ['https://myface.cognitiveservices.azure.com', 'https://127.0.0.1.nip.io', 'https://localhost.evil.com']) {
			await assert.rejects(ensureDefaultResource(store, false, env({ endpoint, key: KEY })), (e: Error) => {
				assert.match(e.message, /only an endpoint on this machine/);
				assert.ok(!e.message.includes(KEY));
				return true;
			});
		}
		assert.equal(added.length, 1);
	});

	it('checks every field, and never echoes the key', () => {
		const bad: [unknown, RegExp][] = [
			['not json', /not JSON/],
			[[1, 2], /JSON object/],
			[{ endpoint: 'http://127.0.0.1:1', extra: 1 }, /unknown field "extra"/],
			[{}, /needs an "endpoint"/],
			[{ endpoint: 'http://127.0.0.1:1', label: 'x'.repeat(101) }, /"label" must be/],
			[{ endpoint: 'http://127.0.0.1:1', label: 'a\nb' }, /"label" must be/],
			[{ endpoint: 'http://127.0.0.1:1', key: `${KEY} with spaces` }, /"key" must be/],
			[{ endpoint: 'http://127.0.0.1:1', key: 42 }, /"key" must be/],
			[{ endpoint: 'http://127.0.0.1:1', apiVersion: 'v9' }, /unknown "apiVersion"/],
			[{ endpoint: 'http://127.0.0.1:1', tier: 'P1' }, /"tier" must be/],
		];
		for (const [value, expected] of bad) {
			assert.throws(() => readDefaultResource(env(value)), (e: Error) => expected.test(e.message) && !e.message.includes(KEY), JSON.stringify(value));
		}
		assert.deepEqual(readDefaultResource(env({ endpoint: 'http://127.0.0.1:1', label: 'Emu', key: KEY, apiVersion: 'v1.2', tier: 'F0' })), {
			endpoint: 'http://127.0.0.1:1', label: 'Emu', key: KEY, apiVersion: 'v1.2', tier: 'F0',
		});
		assert.equal(readDefaultResource({}), undefined);
	});
});
