/**
 * Issue 9, row 11: an endpoint of 40,000 `/` made the trailing-slash regex run for seconds (it is
 * quadratic when the slashes are followed by anything). Trimming is linear now, and endpoints have a
 * length cap (2,048) with a clear message — in the Face client and in the resource layer's parser.
 */
import * as assert from 'node:assert/strict';
import { FaceUsageError, MAX_ENDPOINT_LENGTH, normaliseEndpoint, trimTrailingSlashes } from '../../src/face';
import { parseEndpoint } from '../../src/resources/endpoint';

const timed = <T>(fn: () => T): { ms: number; value?: T; error?: unknown } => {
	const t = performance.now();
	try {
		const value = fn();
		return { ms: performance.now() - t, value };
	} catch (error) {
		return { ms: performance.now() - t, error };
	}
};

describe('hardening (row 11): endpoints are trimmed in linear time and capped in length', () => {
	const SLASHES = '/'.repeat(40_000);

	it('normaliseEndpoint: 40,000 slashes (then a path) are refused at once with a clear message', () => {
		for (const endpoint of [`http://h.example${SLASHES}a`, `http://h.example/a${SLASHES}face`, `https://h.example${SLASHES}`]) {
			const r = timed(() => normaliseEndpoint(endpoint));
			assert.ok(FaceUsageError.is(r.error), `no error for ${endpoint.length} chars`);
			assert.match((r.error as Error).message, /^The endpoint is 40,0\d\d characters long; an endpoint URL has at most 2,048 /);
			assert.ok(r.ms < 50, `took ${r.ms.toFixed(1)} ms`);
			console.log(`      refused ${endpoint.length} chars in ${r.ms.toFixed(2)} ms`);
		}
	});

	it('trimTrailingSlashes is linear: 40,000 slashes before a character, and 40,000 at the end, in well under 50 ms', () => {
		const inner = timed(() => trimTrailingSlashes(`${SLASHES}a`));
		const trailing = timed(() => trimTrailingSlashes(`a${SLASHES}`));
		assert.equal(inner.value, `${SLASHES}a`);
		assert.equal(trailing.value, 'a');
		assert.equal(trimTrailingSlashes('///'), '');
		assert.ok(inner.ms < 50 && trailing.ms < 50, `${inner.ms.toFixed(2)} / ${trailing.ms.toFixed(2)} ms`);
		console.log(`      trimmed 40,001 chars in ${inner.ms.toFixed(2)} ms and ${trailing.ms.toFixed(2)} ms`);
	});

	it('an endpoint just under the cap, full of slashes, still normalises quickly', () => {
		const endpoint = `https://h.example/a${'/'.repeat(MAX_ENDPOINT_LENGTH - 40)}b/face/v1.2///`;
		assert.ok(endpoint.length <= MAX_ENDPOINT_LENGTH);
		const r = timed(() => normaliseEndpoint(endpoint));
		assert.equal(r.error, undefined);
		assert.ok(String(r.value).endsWith('/b'), String(r.value).slice(-20));
		assert.ok(r.ms < 20, `took ${r.ms.toFixed(1)} ms`);
	});

	it('the resource layer (parseEndpoint) has the same cap as the client and linear trimming', () => {
		const long = timed(() => parseEndpoint(`http://localhost${SLASHES}a`));
		assert.match(String((long.error as Error)?.message), /^This URL has 40,?0\d\d characters; an endpoint has at most 2,?048/);
		assert.ok(long.ms < 50, `took ${long.ms.toFixed(1)} ms`);
		const ok = timed(() => parseEndpoint(`https://x.cognitiveservices.azure.com/${'/'.repeat(2000)}`));
		assert.equal(ok.value?.endpoint, 'https://x.cognitiveservices.azure.com');
		assert.ok(ok.ms < 20, `took ${ok.ms.toFixed(1)} ms`);
	});
});
