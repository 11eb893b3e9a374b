/**
 * Issue 9, row 1: a response body of hundreds of MB must not be read into memory. The client stops at
 * MAX_RESPONSE_BYTES (32 MB: the largest page the API can send is about 26 MB) and reports a malformed answer that says how much the server sent.
 */
import * as assert from 'node:assert/strict';
import { apiKeyAuth, createFaceClient, FaceNetworkError, UNLIMITED_BUDGET, type RequestLogEntry } from '../../src/face';
import { MAX_RESPONSE_BYTES } from '../../src/face/http';
import { peakRssGrowthMb, startHugeBodyServer, type HugeBodyServer } from '../support/hugeBodyServer';
import { caught, TEST_KEY } from './clientSupport';

const MB = 1024 * 1024;

describe('hardening (row 1): response bodies are read up to a cap', function () {
	this.timeout(60_000);
	let server: HugeBodyServer | undefined;
	afterEach(async () => {
		await server?.close();
		server = undefined;
	});

	const client = (endpoint: string, log: RequestLogEntry[]) =>
		createFaceClient({ endpoint, apiVersion: 'v1.2', auth: apiKeyAuth(TEST_KEY), rateBudget: UNLIMITED_BUDGET, maxRetries: 2, onRequest: (e) => log.push(e) });

	it('the cap is a named constant: 32 MB, above the largest legitimate page (1,000 persons × 16 KB userData × 248 face ids ≈ 26 MB)', () => {
		assert.equal(MAX_RESPONSE_BYTES, 32 * MB);
		const person = JSON.stringify({ personId: 'x'.repeat(36), name: 'n'.repeat(128), userData: 'u'.repeat(16_384), persistedFaceIds: Array(248).fill('f'.repeat(36)) });
		assert.ok(1000 * (person.length + 1) < MAX_RESPONSE_BYTES, `${((1000 * person.length) / MB).toFixed(1)} MB`);
	});

	for (const sizeMb of [400, 600]) {
		it(`Content-Length ${sizeMb} MB: refused before reading, "the server sent ${sizeMb} MB", not retried`, async () => {
			server = await startHugeBodyServer({ bytes: sizeMb * MB, declareLength: true });
			const log: RequestLogEntry[] = [];
			const { result: e, peakMb } = await peakRssGrowthMb(() => caught(() => client(server!.url, log).listContainers('personGroup')));
			assert.ok(FaceNetworkError.is(e), String(e));
			assert.equal(e.reason, 'malformed');
			assert.match(e.message, new RegExp(`the server sent ${sizeMb} MB, more than a Face response can be`));
			assert.doesNotMatch(`${e.message} ${e.hint}`, /check the endpoint and your network/i);
			assert.equal(log.length, 1, 'a malformed answer is not repeated');
			assert.ok(server.written() < 64 * MB, `the server wrote ${Math.round(server.written() / MB)} MB before the client hung up`);
			console.log(`      peak RSS growth ${peakMb.toFixed(1)} MB (declared ${sizeMb} MB)`);
			assert.ok(peakMb < 64, `peak RSS grew by ${peakMb.toFixed(1)} MB`);
		});
	}

	it('chunked 600 MB without Content-Length: reading stops at the cap, memory stays bounded', async () => {
		server = await startHugeBodyServer({ bytes: 600 * MB, declareLength: false });
		const log: RequestLogEntry[] = [];
		const { result: e, peakMb } = await peakRssGrowthMb(() => caught(() => client(server!.url, log).listContainers('personGroup')));
		assert.ok(FaceNetworkError.is(e), String(e));
		assert.equal(e.reason, 'malformed');
		assert.match(e.message, /the server sent more than 32 MB, more than a Face response can be/);
		assert.equal(log.length, 1);
		assert.match(log[0].error ?? '', /^malformed: /);
		assert.ok(server.written() < 96 * MB, `the server wrote ${Math.round(server.written() / MB)} MB before the client hung up`);
		console.log(`      peak RSS growth ${peakMb.toFixed(1)} MB (chunked 600 MB)`);
		assert.ok(peakMb < 128, `peak RSS grew by ${peakMb.toFixed(1)} MB`);
	});

	it('an error body (500) of 600 MB is capped the same way', async () => {
		server = await startHugeBodyServer({ bytes: 600 * MB, declareLength: false, status: 500 });
		const e = await caught(() => client(server!.url, []).listContainers('personGroup'));
		assert.ok(FaceNetworkError.is(e), String(e));
		assert.equal(e.reason, 'malformed');
	});

	it('a body just under the cap is still read', async () => {
		server = await startHugeBodyServer({ bytes: MAX_RESPONSE_BYTES - 1, declareLength: false });
		const e = await caught(() => client(server!.url, []).listContainers('personGroup'));
		assert.ok(FaceNetworkError.is(e));
		assert.match(e.message, /a body that is not JSON/, 'read whole, then refused as not JSON');
	});
});
