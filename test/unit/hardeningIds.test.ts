/**
 * Issue 9, row 9: ids `.` and `..` (and empty ids, and ids holding `/ ? # %`) are refused inside the
 * client, before any request: `deletePerson(g, '..')` used to send `DELETE …/persongroups/g/`, which
 * deletes the group.
 */
import * as assert from 'node:assert/strict';
import { FaceUsageError, type FaceApi } from '../../src/face';
import { caught, startTinyServer, type TinyServer } from './clientSupport';
import { apiKeyAuth, createFaceClient, UNLIMITED_BUDGET } from '../../src/face';

const BAD_IDS = ['.', '..', '', 'a/b', 'a?b', 'a#b', '%2e%2e', 'a\\b', 'a\nb'];

describe('hardening (row 9): ids are validated before any request', () => {
	let server: TinyServer;
	let client: FaceApi;
	before(async () => {
		// Answers everything with 200: a request that gets through would "succeed", so only the check stops it.
		server = await startTinyServer((_req, res) => res.writeHead(200, { 'content-length': '0' }).end());
		client = createFaceClient({ endpoint: server.url, apiVersion: 'v1.2', auth: apiKeyAuth('k'.repeat(32)), rateBudget: UNLIMITED_BUDGET, maxRetries: 0 });
	});
	after(async () => {
		await server.close();
	});

	const calls: Array<[string, (id: string) => Promise<unknown>]> = [
		['deletePerson(g, id)', (id) => client.deletePerson('personGroup', 'g', id)],
		['deleteContainer(id)', (id) => client.deleteContainer('largePersonGroup', id)],
		['deleteFace(lfl, id)', (id) => client.deleteFace('largeFaceList', 'l', undefined, id)],
		['deleteFace(pg, g, id, f)', (id) => client.deleteFace('personGroup', 'g', id, 'f')],
		['updateContainer(id)', (id) => client.updateContainer('personGroup', id, { name: 'x' })],
		['train(id)', (id) => client.train('largeFaceList', id)],
		['getOperation(id)', (id) => client.getOperation(id)],
	];

	for (const [name, call] of calls) {
		it(`${name}: every invalid id is refused with a FaceUsageError, and nothing is sent`, async () => {
			for (const id of BAD_IDS) {
				const sent = server.requests.length;
				const e = await caught(() => call(id));
				assert.ok(FaceUsageError.is(e), `${JSON.stringify(id)}: ${String(e)} (sent ${server.requests.slice(sent).map((r) => `${r.method} ${r.url}`).join(', ')})`);
				assert.match((e as Error).message, /^Invalid .*id .*No request was sent\.$/);
				assert.equal(server.requests.length, sent, `${JSON.stringify(id)} reached the server`);
			}
		});
	}

	it("the message says which id and why, e.g. deletePerson(g, '..')", async () => {
		const e = await caught(() => client.deletePerson('personGroup', 'g', '..'));
		assert.equal((e as Error).message, "Invalid person id '..': an id cannot be '.' or '..'. No request was sent.");
		const c = await caught(() => client.deleteContainer('personGroup', '..'));
		assert.equal((c as Error).message, "Invalid person group id '..': an id cannot be '.' or '..'. No request was sent.");
	});

	it('the check is a rejected promise, never a synchronous throw', () => {
		let p: Promise<unknown> | undefined;
		assert.doesNotThrow(() => {
			p = client.getContainer('personGroup', '..');
		});
		return p!.then(
			() => assert.fail('resolved'),
			(e: unknown) => assert.ok(FaceUsageError.is(e)),
		);
	});

	it('valid ids (with dots, dashes, spaces) still go out, URL-encoded', async () => {
		await client.deletePerson('personGroup', 'g.1', '..a');
		await client.deleteContainer('personGroup', 'my group');
		assert.deepEqual(server.requests.slice(-2).map((r) => `${r.method} ${r.url}`), [
			'DELETE /face/v1.2/persongroups/g.1/persons/..a',
			'DELETE /face/v1.2/persongroups/my%20group',
		]);
	});
});
