// The network settings inside VS Code, through the extension's own client (the store's): azureFace.proxy
// routes a non-loopback endpoint through the proxy, azureFace.strictSSL decides whether a self-signed
// certificate is accepted, azureFace.requestTimeoutSeconds ends a request nobody answers, and a
// workspace's .vscode/settings.json cannot change any of them (they are application-scoped: a workspace
// must not route the key through a proxy of its choosing or turn certificate checks off).
// The endpoint https://face-test.invalid:PORT resolves nowhere: only the proxy (which tunnels every host to
// 127.0.0.1) reaches it, and behind it is a TLS front (self-signed) for the emulator.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { FaceResource } from '../../src/resources/types';
import { startEmulator, type Emulator } from '../emulator/server';
import { type CountingProxy, type Fixture, startCountingProxy, startSilentServer, startTlsFront } from '../support/netFixtures';
import { api, logLines, waitFor } from './helpers';

const KEY = `settings-key-${Math.random().toString(36).slice(2)}`;
const SETTINGS = ['proxy', 'strictSSL', 'requestTimeoutSeconds'] as const;

/** Sets a user (global) setting and waits until the change is announced (the extension drops its clients then). */
async function setUser(name: string, value: unknown): Promise<void> {
	const changed = new Promise<void>((resolve) => {
		const sub = vscode.workspace.onDidChangeConfiguration((e) => {
			if (e.affectsConfiguration(`azureFace.${name}`)) {
				sub.dispose();
				resolve();
			}
		});
	});
	const config = vscode.workspace.getConfiguration('azureFace');
	if (config.inspect(name)?.globalValue === value) {
		return;
	}
	await config.update(name, value, vscode.ConfigurationTarget.Global);
	await Promise.race([changed, new Promise((r) => setTimeout(r, 3000))]);
}

/** What a failed call rejected with: the reason of a FaceNetworkError (an object of the extension's bundle). */
async function failure(call: Promise<unknown>): Promise<{ reason?: string; message: string }> {
	try {
		await call;
	} catch (e) {
		return { reason: (e as { reason?: string }).reason, message: e instanceof Error ? e.message : String(e) };
	}
	assert.fail('the call succeeded');
}

describe('Network settings (proxy, strictSSL, requestTimeoutSeconds)', () => {
	let emu: Emulator;
	let tls: Fixture;
	let silent: Fixture;
	let proxy: CountingProxy;
	let other: CountingProxy;
	let remote: FaceResource;
	let hung: FaceResource;
	const workspaceSettings = () => vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, '.vscode', 'settings.json');

	before(async () => {
		assert.ok(vscode.workspace.workspaceFolders?.length, 'the test host opens a folder');
		emu = await startEmulator({ key: KEY, seed: 'demo' });
		tls = await startTlsFront(emu.port);
		silent = await startSilentServer();
		proxy = await startCountingProxy();
		other = await startCountingProxy();
		const store = (await api()).resources;
		remote = await store.add(store.prepare({ endpoint: `https://face-test.invalid:${tls.port}`, label: 'Behind Proxy', auth: 'key', tier: 'S0' }), KEY);
		hung = await store.add(store.prepare({ endpoint: `http://127.0.0.1:${silent.port}`, label: 'Never Answers', auth: 'key', tier: 'S0' }), KEY);
	});

	after(async () => {
		await vscode.workspace.fs.delete(workspaceSettings(), { useTrash: false }).then(undefined, () => undefined);
		for (const name of SETTINGS) {
			await setUser(name, undefined);
		}
		const store = (await api()).resources;
		for (const r of [remote, hung]) {
			if (r && store.getResource(r.id)) {
				await store.remove(r.id);
			}
		}
		for (const f of [tls, silent, proxy, other]) {
			await f?.close();
		}
		await emu?.close();
	});

	const list = async (r: FaceResource) => (await (await api()).resources.getClient(r.id)).listContainers('personGroup');

	it('azureFace.proxy carries the request to a non-loopback endpoint; strictSSL true refuses the self-signed certificate, false accepts it', async () => {
		await setUser('proxy', '');
		assert.strictEqual((await failure(list(remote))).reason, 'dns', 'without the proxy the made-up host name does not resolve');

		await setUser('proxy', proxy.url);
		await setUser('strictSSL', true);
		const refused = await failure(list(remote));
		assert.strictEqual(refused.reason, 'tls', refused.message);
		assert.ok(proxy.requests.includes(`face-test.invalid:${tls.port}`), `the proxy was asked to tunnel (asked: ${proxy.requests.join(', ')})`);

		await setUser('strictSSL', false);
		const before = proxy.requests.length;
		const groups = await list(remote);
		assert.strictEqual(groups.length, 3, 'the demo person groups, through the proxy and the TLS front');
		assert.ok(proxy.requests.length > before, 'through the proxy');
		assert.ok(((await emu.control.counters()).requests['GET /persongroups'] ?? 0) >= 1, 'the emulator answered');
	});

	it('azureFace.requestTimeoutSeconds: a server that never answers fails with a time-out after about that long', async () => {
		await setUser('requestTimeoutSeconds', 1);
		const started = Date.now();
		const e = await failure(list(hung));
		const took = Date.now() - started;
		assert.strictEqual(e.reason, 'timeout', e.message);
		// Each attempt (time-outs of a GET are retried) is logged with its time: about 1 s each, not 30 s.
		const attempts = logLines(await api()).filter((l) => l.includes('[Never Answers] GET') && /failed/.test(l));
		assert.ok(attempts.length >= 1, 'the attempts are logged');
		for (const line of attempts) {
			const ms = Number(/ (\d+) ms/.exec(line)?.[1]);
			assert.ok(ms >= 900 && ms < 5000, `an attempt took about 1 s: ${line}`);
		}
		assert.ok(took < 20_000, `the call gave up in ${took} ms`);
	});

	it('workspace values of the three settings are ignored (application scope)', async () => {
		await setUser('proxy', proxy.url);
		await setUser('strictSSL', true);
		await setUser('requestTimeoutSeconds', 1);
		for (const name of SETTINGS) {
			const scope = vscode.extensions.getExtension('face-explorer.face-explorer')?.packageJSON.contributes.configuration.properties[`azureFace.${name}`].scope;
			assert.strictEqual(scope, 'application', `azureFace.${name} is application-scoped`);
		}
		// azureFace.pageSize (window scope) in the same file tells when VS Code has read it.
		const body = { 'azureFace.proxy': other.url, 'azureFace.strictSSL': false, 'azureFace.requestTimeoutSeconds': 20, 'azureFace.pageSize': 7 };
		await vscode.workspace.fs.writeFile(workspaceSettings(), Buffer.from(JSON.stringify(body, undefined, '\t')));
		try {
			await waitFor(() => vscode.workspace.getConfiguration('azureFace').get('pageSize') === 7, 15_000, 'VS Code to read the workspace settings');
			const asked = proxy.requests.length;
			const refused = await failure(list(remote));
			assert.strictEqual(refused.reason, 'tls', `the workspace's strictSSL false is ignored: ${refused.message}`);
			assert.deepStrictEqual(other.requests, [], "the workspace's proxy is never asked");
			assert.ok(proxy.requests.length > asked, "the user's proxy carried it");

			const started = Date.now();
			assert.strictEqual((await failure(list(hung))).reason, 'timeout');
			assert.ok(Date.now() - started < 20_000, `the workspace's 20 s time-out is ignored (gave up in ${Date.now() - started} ms)`);
		} finally {
			await vscode.workspace.fs.delete(workspaceSettings(), { useTrash: false });
			await waitFor(() => vscode.workspace.getConfiguration('azureFace').get('pageSize') !== 7, 15_000, 'the workspace settings to be gone');
		}
	});
});
