// The tree for a Microsoft Entra ID resource without a session: the failed load is an error row offering
// *Sign in…* (never a dialog), and a sign-in elsewhere brings the containers without a manual Retry.
// Offline: a test AuthenticationProvider of our own, `azureFace.authenticationProvider` pointed at it.
import * as assert from 'assert';
import { randomUUID } from 'crypto';
import * as vscode from 'vscode';
import { ScriptedPrompter } from '../support/scriptedPrompter';
import { startEmulator, type Emulator } from '../emulator/server';
import { EXTENSION_ID, api, waitFor } from './helpers';
import { children, removeAdded, walk } from './treeTestSupport';

const PROVIDER_ID = 'face-explorer-tree-test-auth';
const SCOPE = 'https://cognitiveservices.azure.com/.default';

class NoSessionsYet implements vscode.AuthenticationProvider {
	private readonly changed = new vscode.EventEmitter<vscode.AuthenticationProviderAuthenticationSessionsChangeEvent>();
	readonly onDidChangeSessions = this.changed.event;
	private sessions: vscode.AuthenticationSession[] = [];

	async getSessions(): Promise<vscode.AuthenticationSession[]> {
		return this.sessions;
	}

	async createSession(scopes: readonly string[]): Promise<vscode.AuthenticationSession> {
		const session: vscode.AuthenticationSession = { id: randomUUID(), accessToken: `tree-token-${randomUUID()}`, account: { id: 'tree', label: 'tree@example.com' }, scopes: [...scopes] };
		this.sessions.push(session);
		this.changed.fire({ added: [session], removed: [], changed: [] });
		return session;
	}

	async removeSession(): Promise<void> {
		this.sessions = [];
	}
}

describe('Tree with Microsoft Entra ID', () => {
	let emu: Emulator;
	let registration: vscode.Disposable;
	let auth: NoSessionsYet;
	const added: string[] = [];

	before(async () => {
		emu = await startEmulator({ port: 0, key: `unused-${randomUUID()}`, seed: 'demo', acceptBearer: true });
		auth = new NoSessionsYet();
		registration = vscode.authentication.registerAuthenticationProvider(PROVIDER_ID, 'Face Explorer tree tests', auth, { supportsMultipleAccounts: false });
		await vscode.workspace.getConfiguration('azureFace').update('authenticationProvider', PROVIDER_ID, vscode.ConfigurationTarget.Global);
	});

	after(async () => {
		await removeAdded(added);
		await vscode.workspace.getConfiguration('azureFace').update('authenticationProvider', undefined, vscode.ConfigurationTarget.Global);
		registration?.dispose();
		await emu?.close();
	});

	it('shows Sign in… instead of containers while there is no session, and the containers once signed in', async () => {
		const store = (await api()).resources;
		const r = await store.add(store.prepare({ endpoint: emu.endpoint, label: 'Entra Tree', auth: 'entra' }));
		added.push(r.id);
		const prompter = new ScriptedPrompter([]);
		(await api()).setPrompter(prompter);
		try {
			const rows = await children((await walk(r, 'Person Groups')).node);
			assert.deepStrictEqual(rows.map((c) => c.label), [rows[0].label, 'Sign in…'], rows.map((c) => c.label).join(' | '));
			assert.strictEqual(rows[0].contextValue, 'error;needsSignIn;retry');
			assert.strictEqual(rows[1].item.command?.command, 'azureFace.signIn');
			assert.deepStrictEqual(prompter.messages, [], 'the tree shows no dialog');
		} finally {
			(await api()).setPrompter(undefined);
		}

		// Sign in the way the Accounts menu does (a test host refuses the modal of `createIfNone`).
		assert.strictEqual(await vscode.authentication.getSession(PROVIDER_ID, [SCOPE], {}), undefined);
		const prefix = `${PROVIDER_ID}:${EXTENSION_ID}:signIn`;
		const signIn = await waitFor(async () => (await vscode.commands.getCommands(true)).filter((c) => c.startsWith(prefix)).sort().pop(), 10_000, 'the Accounts menu entry');
		await vscode.commands.executeCommand(signIn);
		const after = await waitFor(async () => {
			const labels = (await children((await walk(r, 'Person Groups')).node)).map((c) => c.label);
			return labels.includes('Staff') ? labels : undefined;
		}, 15_000, 'the containers after the sign-in');
		assert.deepStrictEqual(after, ['Empty Group', 'Staff', 'Visitors']);
	});
});
