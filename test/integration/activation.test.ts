import * as assert from 'assert';
import * as vscode from 'vscode';
import { EXTENSION_ID, activateExtension, api, testEmulator } from './helpers';

interface ContributedCommand {
	command: string;
}

/** What `activate()` returns; `testing` exists only in ExtensionMode.Test. */
interface TestableApi {
	testing?: { secrets?: vscode.SecretStorage };
}

describe('Activation', () => {
	before(() => {
		console.log(`    running in VS Code ${vscode.version}, extension host Node ${process.version}`);
	});

	it('the extension is present and activates', async () => {
		const ext = vscode.extensions.getExtension(EXTENSION_ID);
		assert.ok(ext, `${EXTENSION_ID} should be installed`);
		await activateExtension();
		assert.strictEqual(ext.isActive, true);
	});

	it('loads the commands on the first one, which gets its arguments and returns its result through the stub', async () => {
		const a = await api();
		// This suite runs first: nothing has run a command of ours yet.
		assert.strictEqual(a.commands.loaded(), false, 'activation must not load dist/commands.js');
		assert.strictEqual(a.isImagesLoaded(), false, 'activation must not load the results panel and runner (dist/images.js)');
		const emu = testEmulator();
		const resource = await a.resources.add(a.resources.prepare({ endpoint: emu.endpoint, label: 'Lazy Commands', auth: 'key' }), emu.key);
		try {
			const copied = await vscode.commands.executeCommand<string>('azureFace.copyEndpoint', resource.id);
			assert.strictEqual(copied, resource.endpoint, 'the first call goes through the stub to the real command, with its argument and result');
			assert.strictEqual(a.commands.loaded(), true);
			assert.deepStrictEqual(a.commands.missing(), [], 'every stub is replaced by a real command');
			assert.strictEqual(await vscode.env.clipboard.readText(), resource.endpoint);
			// Later calls go straight to the real command.
			assert.strictEqual(await vscode.commands.executeCommand<string>('azureFace.copyEndpoint', resource.id), resource.endpoint);
		} finally {
			await a.resources.remove(resource.id);
		}
	});

	it('registers every command it contributes', async () => {
		const ext = await activateExtension();
		const contributed = ((ext.packageJSON as { contributes?: { commands?: ContributedCommand[] } }).contributes?.commands ?? []).map((c) => c.command);
		assert.ok(contributed.length > 0, 'package.json contributes no commands');
		const registered = new Set(await vscode.commands.getCommands(true));
		const missing = contributed.filter((id) => !registered.has(id));
		assert.deepStrictEqual(missing, [], `contributed but not registered: ${missing.join(', ')}`);
	});

	it('stores and reads a secret in SecretStorage', async () => {
		const ext = await activateExtension();
		const secrets = (ext.exports as TestableApi | undefined)?.testing?.secrets;
		assert.ok(secrets, 'activate() should return { testing: { secrets } } when the extension runs in test mode');
		const key = `face-explorer.integration-test.${Date.now()}`;
		const value = `secret-${Math.random().toString(36).slice(2)}`;
		try {
			await secrets.store(key, value);
			assert.strictEqual(await secrets.get(key), value);
		} finally {
			await secrets.delete(key);
		}
		assert.strictEqual(await secrets.get(key), undefined);
	});

	it('reaches the emulator the launcher started', async () => {
		const emulator = testEmulator();
		const res = await fetch(`${emulator.endpoint}/face/v1.2/persongroups`, { headers: { 'Ocp-Apim-Subscription-Key': emulator.key } });
		assert.strictEqual(res.status, 200, `GET persongroups answered ${res.status}`);
		const wrong = await fetch(`${emulator.endpoint}/face/v1.2/persongroups`, { headers: { 'Ocp-Apim-Subscription-Key': 'wrong' } });
		assert.strictEqual(wrong.status, 401);
	});
});
