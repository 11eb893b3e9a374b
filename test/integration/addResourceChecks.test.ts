// Issue 9, row 14, inside VS Code: Add Face Resource checks the endpoint when it is entered (step 1) and the
// key when it is entered (step 5), against an emulator on its own origin and a few servers that are not it.
// A wrong key or an unreachable endpoint shows the service's answer in that box and the person retypes;
// the other answers are kept, and one resource is saved. Back keeps the answers too.
import * as assert from 'assert';
import { createServer, type Server } from 'http';
import type { AddressInfo } from 'net';
import type { FaceResource } from '../../src/resources/types';
import { startEmulator, type Emulator } from '../emulator/server';
import { BACK, type AskedQuestion } from '../support/scriptedPrompter';
import { api, closedPort, errorsOf, logLines, run } from './helpers';
import { removeAdded } from './treeTestSupport';

const KEY = `row14-key-${Math.random().toString(36).slice(2)}`;
const WRONG = `wrong-key-${Math.random().toString(36).slice(2)}`;
/** Enter on what the box shows (a prefilled value, or the current item of a pick). */
const keep = (q: AskedQuestion) => (q.type === 'pick' ? '' : q.value);

/** A web server that is not the Face API: an HTML page for every path. */
async function htmlServer(status: number): Promise<{ endpoint: string; close(): Promise<void> }> {
	const server: Server = createServer((_req, res) => {
		res.writeHead(status, { 'content-type': 'text/html' });
		res.end('<html><body>Welcome to nginx!</body></html>');
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return { endpoint: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('Add Face Resource checks the endpoint and the key where they are typed', () => {
	let emu: Emulator;
	const added: string[] = [];

	before(async () => {
		emu = await startEmulator({ port: 0, key: KEY });
	});

	afterEach(() => removeAdded(added));

	after(async () => {
		await emu?.close();
	});

	const ofEmulator = async () => (await api()).resources.listResources().filter((r) => r.endpoint === emu.endpoint);

	it('a wrong key, then the right one: the 401 is shown in the key box, one resource is kept with every other answer', async () => {
		const t = await api();
		await emu.control.resetCounters();
		const { result, prompter } = await run<FaceResource>('azureFace.addResource', [emu.endpoint, 'Checked Key', 'v1.1-preview.1', 'API key', WRONG, KEY, 'F0']);
		assert.deepStrictEqual(errorsOf(prompter), []);
		assert.ok(result, 'the resource was added');
		added.push(result.id);
		assert.deepStrictEqual(prompter.asked.map((q) => q.title), [1, 2, 3, 4, 5, 6].map((n) => `Add Face Resource (${n}/6)`), 'each step asked once: nothing to start again');
		const keyBox = prompter.asked[4];
		assert.deepStrictEqual(keyBox.rejected.map((r) => [r.value === WRONG, r.checked]), [[true, true]]);
		assert.match(keyBox.rejected[0].message, /^127\.0\.0\.1:\d+ refused the API key \(401\)\. Copy Key 1 or Key 2/);
		assert.strictEqual(keyBox.checks, 2);
		assert.ok(!keyBox.rejected[0].message.includes(WRONG), 'the key is not echoed');
		assert.deepStrictEqual(prompter.asked.filter((q) => q.type === 'confirm'), [], 'no "Add Anyway": the key was checked');

		assert.deepStrictEqual(
			(await ofEmulator()).map((r) => ({ id: r.id, label: r.label, apiVersion: r.apiVersion, auth: r.auth, tier: r.tier })),
			[{ id: result.id, label: 'Checked Key', apiVersion: 'v1.1-preview.1', auth: 'key', tier: 'F0' }],
		);
		assert.strictEqual(await t.secretFor(emu.endpoint), KEY);

		// Three requests: the endpoint without credentials, the wrong key, the right key (none after step 6).
		const counters = await emu.control.counters();
		assert.deepStrictEqual([counters.requests['GET /persongroups'], counters.statuses], [3, { 401: 2, 200: 1 }]);
		assert.strictEqual(t.resources.getBilledCount(result.id), counters.billed, 'the checks are in the billed count, as the service counts them');
		assert.strictEqual(counters.billed, 1);
		const log = logLines(t).join('\n');
		assert.ok(!log.includes(WRONG) && !log.includes(KEY), 'neither key is in the log');
		assert.ok(logLines(t).some((l) => l.startsWith('[warn]') && l.includes('Check of the API key for') && l.includes('(401)')));
	});

	it('an unreachable endpoint, then the emulator\'s: the failure is shown in the endpoint box, the rest follows once', async () => {
		const closed = `http://127.0.0.1:${await closedPort()}`;
		const { result, prompter } = await run<FaceResource>('azureFace.addResource', [closed, emu.endpoint, 'After Retype', '', 'API key', KEY, 'S0']);
		assert.deepStrictEqual(errorsOf(prompter), []);
		assert.ok(result);
		added.push(result.id);
		const box = prompter.asked[0];
		assert.deepStrictEqual(box.rejected.map((r) => [r.value, r.checked]), [[closed, true]]);
		assert.match(box.rejected[0].message, /^127\.0\.0\.1:\d+ refused the connection\..* Press Enter again to keep this endpoint anyway\.$/);
		assert.deepStrictEqual([result.endpoint, result.label, result.tier], [emu.endpoint, 'After Retype', 'S0']);
		assert.strictEqual((await ofEmulator()).length, 1);
	});

	it('a server that is not the Face API (an HTML page, a 404) is refused at step 1, even when entered again', async () => {
		const page = await htmlServer(200);
		const missing = await htmlServer(404);
		try {
			const { result, prompter } = await run('azureFace.addResource', [page.endpoint, page.endpoint, missing.endpoint]);
			assert.strictEqual(result, undefined);
			const messages = prompter.asked[0].rejected.map((r) => r.message);
			assert.strictEqual(messages.length, 3);
			assert.match(messages[0], /answered with something that is not the Face API/);
			assert.strictEqual(messages[1], messages[0], 'entered again: still refused, without a second request');
			assert.match(messages[2], /has no Face API at this URL \(404\)/);
			assert.strictEqual(prompter.asked[0].checks, 3);
		} finally {
			await page.close();
			await missing.close();
		}
	});

	it('Back keeps the answers: back from the key to the endpoint and forward again, each box shows what was typed; no second endpoint check', async () => {
		await emu.control.resetCounters();
		const { result, prompter } = await run<FaceResource>('azureFace.addResource', [
			emu.endpoint, 'Went Back', 'v1.1-preview.1', 'API key', BACK, BACK, BACK, BACK, keep, keep, keep, keep, KEY, BACK, keep, 'S0',
		]);
		assert.deepStrictEqual(errorsOf(prompter), []);
		assert.ok(result);
		added.push(result.id);
		assert.deepStrictEqual(prompter.asked.map((q) => q.title?.replace('Add Face Resource ', '')), ['(1/6)', '(2/6)', '(3/6)', '(4/6)', '(5/6)', '(4/6)', '(3/6)', '(2/6)', '(1/6)', '(2/6)', '(3/6)', '(4/6)', '(5/6)', '(6/6)', '(5/6)', '(6/6)']);
		assert.strictEqual(prompter.asked[0].back, false, 'no Back on the first step');
		assert.ok(prompter.asked.slice(1, 8).every((q) => q.back));
		assert.strictEqual(prompter.asked[8].value, emu.endpoint, 'the endpoint is shown again');
		assert.strictEqual(prompter.asked[7].value, 'Went Back', 'the name too');
		assert.strictEqual(prompter.asked[6].items?.[0], 'v1.1-preview.1', 'the chosen version comes first');
		assert.strictEqual(prompter.asked[14].value, KEY, 'back from the tier: the key is there, masked');
		assert.strictEqual(prompter.asked[14].password, true);
		assert.deepStrictEqual({ endpoint: result.endpoint, label: result.label, apiVersion: result.apiVersion, tier: result.tier }, { endpoint: emu.endpoint, label: 'Went Back', apiVersion: 'v1.1-preview.1', tier: 'S0' });
		const counters = await emu.control.counters();
		assert.deepStrictEqual(counters.statuses, { 401: 1, 200: 1 }, 'one endpoint check and one key check, whatever the way back and forth');
	});
});
