/**
 * Issue 9, row 10: with `azureFace.proxy` set (the client's `proxy.url`), a loopback endpoint must not be
 * tunnelled through the proxy (which would see the key of a plain-http local endpoint). A local fake
 * proxy records whether it was used.
 */
import * as assert from 'node:assert/strict';
import { proxyForUrl } from '../../src/face';
import { startTinyProxy, TEST_KEY, useEmulator, type TinyProxy } from './clientSupport';

describe('hardening (row 10): loopback never goes through a proxy, even an explicit one', () => {
	const h = useEmulator({ seed: 'demo' });
	let proxy: TinyProxy | undefined;
	afterEach(async () => {
		await proxy?.close();
		proxy = undefined;
	});

	for (const host of ['127.0.0.1', 'localhost']) {
		it(`proxy.url set, endpoint http://${host}: the request goes direct, the proxy sees nothing`, async () => {
			proxy = await startTinyProxy();
			const groups = await h.client({ endpoint: `http://${host}:${h.emu.port}`, proxy: { url: proxy.url } }).listContainers('personGroup');
			assert.equal(groups.length, 3);
			assert.deepEqual(proxy.tunnels, [], 'no CONNECT tunnel');
			assert.deepEqual(proxy.forwarded, [], 'no forwarded request (which would carry the key in plain text)');
			assert.equal((await h.emu.control.counters()).total, 1, 'the emulator answered directly');
			assert.ok(TEST_KEY.length > 0);
		});
	}

	it('proxy selection: 127.0.0.0/8, ::1, localhost (and *.localhost, IPv4-mapped 127.x) bypass an explicit proxy', () => {
		const explicit = 'http://proxy.example:3128';
		for (const url of ['http://127.0.0.1:5000', 'http://127.200.3.4', 'http://[::1]:5000', 'http://localhost:5000', 'http://face.localhost', 'http://[::ffff:127.0.0.1]:80']) {
			assert.equal(proxyForUrl(new URL(url), explicit, {}), undefined, url);
		}
		assert.equal(proxyForUrl(new URL('https://x.cognitiveservices.azure.com'), explicit, {}), explicit);
		assert.equal(proxyForUrl(new URL('http://128.0.0.1'), explicit, {}), explicit);
	});
});
