/**
 * Issue 9, row 13: network hints name the settings the extension reads (`azureFace.proxy`,
 * `azureFace.strictSSL`), not VS Code's `http.proxy` / `http.proxyStrictSSL`.
 */
import * as assert from 'node:assert/strict';
import { classifyNetworkError } from '../../src/face/networkErrors';

describe('hardening (row 13): network hints name the azureFace.* settings', () => {
	const url = new URL('https://x.cognitiveservices.azure.com/face/v1.2/persongroups');

	it('a proxy that cannot be reached → the hint names azureFace.proxy', () => {
		const e = classifyNetworkError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), { url, proxy: 'http://127.0.0.1:9' });
		assert.equal(e.reason, 'proxy');
		assert.match(e.hint, /\bazureFace\.proxy\b/);
		assert.doesNotMatch(e.hint, /http\.proxy/);
	});

	it('a TLS failure → the hint names azureFace.strictSSL (and NODE_EXTRA_CA_CERTS)', () => {
		const e = classifyNetworkError(Object.assign(new Error('self-signed certificate'), { code: 'SELF_SIGNED_CERT_IN_CHAIN' }), { url });
		assert.equal(e.reason, 'tls');
		assert.match(e.hint, /\bazureFace\.strictSSL\b/);
		assert.match(e.hint, /NODE_EXTRA_CA_CERTS/);
		assert.doesNotMatch(e.hint, /http\.proxyStrictSSL/);
	});
});
