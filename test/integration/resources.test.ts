// Resources and credentials, inside VS Code against emulators this file starts itself (each on its own
// origin, so the key-per-origin rules are observable): the Add / Edit / Remove / Set API Key commands,
// driven through a ScriptedPrompter as a person would answer the boxes, and what ends up stored.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { ResourceStore } from '../../src/resources/store';
import type { FaceResource } from '../../src/resources/types';
import { startEmulator, type Emulator } from '../emulator/server';
import { api, closedPort, errorsOf, logLines, run } from './helpers';
import { removeAdded } from './treeTestSupport';

const CANARY = `canary-key-${Math.random().toString(36).slice(2)}-do-not-log`;

async function findByEndpoint(endpoint: string): Promise<FaceResource | undefined> {
	return (await api()).resources.listResources().find((r) => r.endpoint === endpoint);
}

/** A context whose SecretStorage fails like a locked or missing OS keyring, with an in-memory globalState. */
function contextWithBrokenKeyring(): { context: vscode.ExtensionContext; state: Map<string, unknown> } {
	const state = new Map<string, unknown>();
	const fail = () => Promise.reject(new Error('Cannot create an item in a locked collection'));
	const secrets = { get: fail, store: fail, delete: fail, onDidChange: new vscode.EventEmitter<vscode.SecretStorageChangeEvent>().event };
	const globalState = {
		keys: () => [...state.keys()],
		get: (k: string, d?: unknown) => (state.has(k) ? state.get(k) : d),
		update: async (k: string, v: unknown) => void (v === undefined ? state.delete(k) : state.set(k, v)),
		setKeysForSync: () => undefined,
	};
	const context = { secrets, globalState, extension: { packageJSON: { version: '0.0.0-test' } } } as unknown as vscode.ExtensionContext;
	return { context, state };
}

describe('Resources and credentials', () => {
	let a: Emulator;
	let b: Emulator;
	const keyB = `key-b-${Math.random().toString(36).slice(2)}`;
	const added: string[] = [];

	before(async () => {
		a = await startEmulator({ port: 0, key: CANARY });
		b = await startEmulator({ port: 0, key: keyB });
	});

	afterEach(() => removeAdded(added));

	after(async () => {
		await a?.close();
		await b?.close();
	});

	async function addA(label = 'Emulator A'): Promise<FaceResource> {
		const { result, prompter } = await run<FaceResource>('azureFace.addResource', [a.endpoint, label, '', 'API key', CANARY, 'S0']);
		assert.deepStrictEqual(errorsOf(prompter), []);
		assert.ok(result, 'Add Face Resource returns the new resource');
		added.push(result.id);
		return result;
	}

	it('Add Face Resource asks endpoint, name, version, auth, key, tier; the key goes to SecretStorage only', async () => {
		const t = await api();
		await a.control.resetCounters();
		const { result, prompter } = await run<FaceResource>('azureFace.addResource', [`${a.endpoint}/face/v1.2/`, 'Emulator A', '', 'API key', CANARY, 'S0']);
		assert.ok(result);
		added.push(result.id);
		assert.deepStrictEqual(prompter.asked.map((q) => [q.type, q.title]), [
			['input', 'Add Face Resource (1/6)'], ['input', 'Add Face Resource (2/6)'], ['pick', 'Add Face Resource (3/6)'],
			['pick', 'Add Face Resource (4/6)'], ['input', 'Add Face Resource (5/6)'], ['pick', 'Add Face Resource (6/6)'],
		]);
		assert.strictEqual(prompter.asked[4].password, true, 'the key is typed in a password box');
		assert.strictEqual(prompter.asked[2].items?.[0], 'v1.2', 'the newest GA version is the default');
		assert.deepStrictEqual(
			{ endpoint: result.endpoint, label: result.label, apiVersion: result.apiVersion, auth: result.auth, tier: result.tier },
			{ endpoint: a.endpoint, label: 'Emulator A', apiVersion: 'v1.2', auth: 'key', tier: 'S0' },
			'the pasted /face/v1.2/ suffix is dropped',
		);
		assert.ok(prompter.messages.some((m) => m.severity === 'info' && m.message.includes("'Emulator A'")));

		const state = t.globalStateJson();
		assert.ok(state.includes(a.endpoint), 'the metadata is in globalState');
		assert.ok(!state.includes(CANARY), 'the key is not in globalState');
		assert.strictEqual(await t.secretFor(a.endpoint), CANARY, 'the key is in SecretStorage under the origin');

		// Two cheap check requests: the endpoint without credentials at step 1 (the Face API's 401, not billed),
		// the key at step 5 (200), logged at trace level and counted as billed for the resource.
		const counters = await a.control.counters();
		assert.strictEqual(counters.requests['GET /persongroups'], 2);
		assert.deepStrictEqual(counters.statuses, { 200: 1, 401: 1 });
		assert.ok(logLines(t).some((l) => l.startsWith('[trace]') && /GET \/face\/v1\.2\/persongroups\?top=1\S* → 200 \d+ ms apim-request-id=/.test(l)), 'the request is in the log');
		assert.strictEqual(t.resources.getBilledCount(result.id), 1);
		const client = await t.resources.getClient(result.id);
		assert.deepStrictEqual(await client.listContainers('personGroup'), []);
		assert.strictEqual(t.resources.getBilledCount(result.id), 2);
	});

	it('refuses plain http:// to a remote host and other schemes in the endpoint box; nothing is saved', async () => {
		const before = (await api()).resources.listResources().length;
		const { result, prompter } = await run('azureFace.addResource', ['http://myface.cognitiveservices.azure.com', 'ftp://127.0.0.1', 'not a url']);
		assert.strictEqual(result, undefined);
		const rejected = prompter.asked[0].rejected.map((r) => r.message);
		assert.strictEqual(rejected.length, 3);
		assert.match(rejected[0], /Plain http:\/\/ is only allowed for a local endpoint/);
		assert.match(rejected[1], /Use an https:\/\/ URL/);
		assert.match(rejected[2], /Enter a full URL/);
		assert.deepStrictEqual(errorsOf(prompter), [], 'cancelling is silent');
		assert.strictEqual((await api()).resources.listResources().length, before);
		await assert.rejects((await api()).resources.add({ id: 'x', label: 'x', endpoint: 'http://10.0.0.1', apiVersion: 'v1.2', auth: 'key' }, 'k'), /only allowed for a local endpoint/);
	});

	it('a wrong key gets a clear 401 message in the key box; Escape there saves nothing', async () => {
		const t = await api();
		const { result, prompter } = await run('azureFace.addResource', [a.endpoint, 'Wrong key', '', 'API key', 'not-the-key']);
		assert.strictEqual(result, undefined);
		assert.deepStrictEqual(prompter.asked[4].rejected.map((r) => [r.value, r.checked]), [['not-the-key', true]]);
		assert.match(prompter.asked[4].rejected[0].message, /refused the API key \(401\)/);
		assert.ok(!prompter.asked[4].rejected[0].message.includes('not-the-key'), 'the key is not echoed');
		assert.deepStrictEqual(errorsOf(prompter), [], 'Escape is silent');
		assert.strictEqual(await findByEndpoint(a.endpoint), undefined);
		assert.strictEqual(await t.secretFor(a.endpoint), undefined, 'no key stored');
	});

	it('an unreachable endpoint is shown in the endpoint box, kept when entered again, then asks "Add Anyway"; Escape saves nothing', async () => {
		const endpoint = `http://127.0.0.1:${await closedPort()}`;
		const { result, prompter } = await run('azureFace.addResource', [endpoint, endpoint, 'Nowhere', '', 'API key', 'some-key', '', undefined]);
		assert.strictEqual(result, undefined);
		assert.deepStrictEqual(prompter.asked[0].rejected.map((r) => r.checked), [true]);
		assert.match(prompter.asked[0].rejected[0].message, /refused the connection\..*Press Enter again to keep this endpoint anyway\./);
		const confirm = prompter.asked.find((q) => q.type === 'confirm');
		assert.ok(confirm, 'a modal question was asked');
		assert.match(confirm.title ?? '', /refused the connection/);
		assert.deepStrictEqual(confirm.items, ['Add Anyway']);
		assert.strictEqual(await findByEndpoint(endpoint), undefined);
		assert.strictEqual(await (await api()).secretFor(endpoint), undefined);
	});

	it('Set API Key checks the new key: a refused one keeps the old key, a good one replaces it', async () => {
		const t = await api();
		const r = await addA();
		const wrong = await run('azureFace.setApiKey', ['wrong-key'], r.id);
		assert.match(errorsOf(wrong.prompter)[0] ?? '', /refused the API key \(401\)/);
		assert.strictEqual(await t.secretFor(a.endpoint), CANARY, 'the old key stays');

		const rotated = `${CANARY}-2`;
		await a.control.setConfig({ key: rotated });
		try {
			await assert.rejects(async () => (await t.resources.getClient(r.id)).listContainers('personGroup'), (e: Error) => e.name === 'FaceApiError' && (e as Error & { status: number }).status === 401);
			const good = await run<boolean>('azureFace.setApiKey', [rotated], { resourceId: r.id });
			assert.strictEqual(good.result, true);
			assert.strictEqual(await t.secretFor(a.endpoint), rotated);
			assert.deepStrictEqual(await (await t.resources.getClient(r.id)).listContainers('personGroup'), [], 'the cached client uses the new key');
		} finally {
			await a.control.setConfig({ key: CANARY });
			await t.resources.setKey(r.id, CANARY);
		}
	});

	it('moving a resource to another host never sends the old key there', async () => {
		const t = await api();
		const r = await addA();
		await b.control.resetCounters();

		// Store level: with no key for the new origin, there is no client (and no request).
		await t.resources.update(r.id, { endpoint: b.endpoint });
		await assert.rejects(t.resources.getClient(r.id), (e: Error) => e.name === 'CredentialsError');
		assert.strictEqual((await b.control.counters()).total, 0, 'nothing reached the new host');
		assert.strictEqual(await t.secretFor(a.endpoint), undefined, "the old origin's key is deleted with its last resource");

		// Command: Edit → Endpoint asks for the new host's key and checks it there.
		await t.resources.update(r.id, { endpoint: a.endpoint }, CANARY);
		const { result, prompter } = await run<FaceResource>('azureFace.editResource', ['Endpoint', b.endpoint, keyB], r.id);
		assert.deepStrictEqual(errorsOf(prompter), []);
		assert.strictEqual(result?.endpoint, b.endpoint);
		assert.strictEqual(prompter.asked[2].password, true);
		assert.match(prompter.asked[2].title ?? '', /is not sent to/);
		const counters = await b.control.counters();
		assert.strictEqual(counters.statuses['401'], undefined, 'no request with a wrong (old) key reached the new host');
		assert.ok(counters.total >= 1);
		assert.strictEqual(await t.secretFor(b.endpoint), keyB);
		assert.strictEqual(await t.secretFor(a.endpoint), undefined);
		assert.deepStrictEqual(await (await t.resources.getClient(r.id)).listContainers('faceList'), []);
	});

	it('Remove asks for confirmation and deletes the key, unless another resource shares the origin', async () => {
		const t = await api();
		const first = await addA('First');
		const second = await addA('Second');

		const cancelled = await run('azureFace.removeResource', [undefined], first.id);
		assert.strictEqual(cancelled.result, undefined);
		assert.ok(t.resources.getResource(first.id), 'Escape keeps the resource');

		const { prompter } = await run<boolean>('azureFace.removeResource', ['Remove'], first.id);
		assert.match(prompter.asked[0].title ?? '', /Remove 'First' from Face Explorer\?/);
		assert.strictEqual(prompter.asked[0].type, 'confirm');
		assert.strictEqual(t.resources.getResource(first.id), undefined);
		assert.strictEqual(await t.secretFor(a.endpoint), CANARY, 'the key stays for the other resource of that origin');

		// From the palette: pick the resource by name.
		await run<boolean>('azureFace.removeResource', ['Second', 'Remove']);
		assert.strictEqual(t.resources.getResource(second.id), undefined);
		assert.strictEqual(await t.secretFor(a.endpoint), undefined, 'the last resource of the origin took its key along');
	});

	it('Copy Endpoint and Edit work from the palette with a resource pick', async () => {
		const r = await addA('Palette');
		const copied = await run<string>('azureFace.copyEndpoint', ['Palette']);
		assert.strictEqual(copied.result, a.endpoint);
		assert.strictEqual(await vscode.env.clipboard.readText(), a.endpoint);
		const edited = await run<FaceResource>('azureFace.editResource', ['Palette', 'Display name', 'Renamed']);
		assert.strictEqual(edited.result?.label, 'Renamed');
		assert.strictEqual((await api()).resources.getResource(r.id)?.label, 'Renamed');
	});

	it('a resource with no key stored for its origin has no client, and Escape in Set API Key is silent', async () => {
		const t = await api();
		const r = await addA('No key');
		await t.resources.update(r.id, { endpoint: b.endpoint });
		assert.strictEqual(await t.secretFor(b.endpoint), undefined);
		const { prompter } = await run('azureFace.setApiKey', [undefined], r.id);
		assert.deepStrictEqual(errorsOf(prompter), [], 'Escape in the key box is silent');
		await assert.rejects(t.resources.getClient(r.id), (e: Error & { reason?: string }) => e.name === 'CredentialsError' && e.reason === 'noKey');
	});

	it('a failing OS keyring gives a clear error and saves nothing anywhere (no plaintext fallback)', async () => {
		const { context, state } = contextWithBrokenKeyring();
		const store = new ResourceStore(context, (await api()).log);
		try {
			const resource = store.prepare({ endpoint: a.endpoint, label: 'Keyring', auth: 'key' });
			await assert.rejects(store.add(resource, CANARY), (e: Error) => {
				assert.strictEqual(e.name, 'KeyringError');
				assert.match(e.message, /Could not save the API key in the operating system's keyring \(Cannot create an item in a locked collection\)/);
				assert.match(e.message, /not written anywhere else/);
				assert.ok(!e.message.includes(CANARY));
				return true;
			});
			assert.deepStrictEqual(store.listResources(), [], 'no metadata saved either');
			assert.ok(!JSON.stringify([...state]).includes(CANARY));
		} finally {
			store.dispose();
		}
	});

	it('never writes the canary key to the log or to globalState', async () => {
		const t = await api();
		await addA('Canary');
		const log = logLines(t).join('\n');
		assert.ok(log.length > 0);
		assert.ok(!log.includes(CANARY), 'the key is not in the log');
		assert.ok(!t.globalStateJson().includes(CANARY), 'the key is not in globalState');
	});
});
