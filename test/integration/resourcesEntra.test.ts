// Microsoft Entra ID resources, offline: the test registers its own AuthenticationProvider and points
// `azureFace.authenticationProvider` at it; the emulator accepts any bearer token. Checks that sessions
// are read silently (never creating one), that the requested scopes carry the tenant, and that session
// changes reach the store. VS Code refuses modal dialogs in a test host, and `createIfNone` asks one
// ("… wants to sign in") when no session exists: the test signs in the way the Accounts menu does
// (its "Sign in to use Face Explorer" entry creates the session and grants access without a dialog).
import * as assert from 'assert';
import { randomUUID } from 'crypto';
import * as vscode from 'vscode';
import { ScriptedPrompter, type ScriptedAnswer } from '../support/scriptedPrompter';
import type { FaceResource } from '../../src/resources/types';
import { startEmulator, type Emulator } from '../emulator/server';
import { EXTENSION_ID, api, logLines, waitFor } from './helpers';

const PROVIDER_ID = 'face-explorer-test-auth';
const SCOPE = 'https://cognitiveservices.azure.com/.default';

/** An in-memory provider: `createSession` signs in at once; `signOut` removes every session. */
class TestAuthProvider implements vscode.AuthenticationProvider {
	private readonly changed = new vscode.EventEmitter<vscode.AuthenticationProviderAuthenticationSessionsChangeEvent>();
	readonly onDidChangeSessions = this.changed.event;
	sessions: vscode.AuthenticationSession[] = [];
	created: string[][] = [];
	/** Scopes of every getSessions call (VS Code asks the provider on each extension getSession). */
	readonly requested: string[][] = [];
	readonly tokens: string[] = [];

	async getSessions(scopes?: readonly string[]): Promise<vscode.AuthenticationSession[]> {
		this.requested.push([...(scopes ?? [])]);
		return this.sessions.filter((s) => !scopes || scopes.every((x) => s.scopes.includes(x)));
	}

	async createSession(scopes: readonly string[]): Promise<vscode.AuthenticationSession> {
		this.created.push([...scopes]);
		const token = `test-token-${randomUUID()}`;
		this.tokens.push(token);
		const session: vscode.AuthenticationSession = { id: randomUUID(), accessToken: token, account: { id: 'tester', label: 'tester@example.com' }, scopes: [...scopes] };
		this.sessions.push(session);
		this.changed.fire({ added: [session], removed: [], changed: [] });
		return session;
	}

	/** A sign-in that happens outside Face Explorer (another extension, the Accounts menu). */
	async signInElsewhere(scopes: readonly string[]): Promise<void> {
		await this.createSession(scopes);
	}

	async removeSession(id: string): Promise<void> {
		const removed = this.sessions.filter((s) => s.id === id);
		this.sessions = this.sessions.filter((s) => s.id !== id);
		this.changed.fire({ added: [], removed, changed: [] });
	}

	signOut(): void {
		const removed = this.sessions;
		this.sessions = [];
		this.changed.fire({ added: [], removed, changed: [] });
	}
}

/**
 * What a person does with the Accounts menu: a non-silent getSession without `createIfNone` adds the
 * entry "Sign in with <provider> to use Face Explorer"; running it creates the session and grants access.
 */
async function signInThroughAccountsMenu(scopes: string[]): Promise<void> {
	assert.strictEqual(await vscode.authentication.getSession(PROVIDER_ID, scopes, {}), undefined, 'no session yet');
	const prefix = `${PROVIDER_ID}:${EXTENSION_ID}:signIn`;
	const command = await waitFor(async () => (await vscode.commands.getCommands(true)).filter((c) => c.startsWith(prefix)).sort().pop(), 10_000, 'the Accounts menu sign-in entry');
	await vscode.commands.executeCommand(command);
}

async function run<T>(command: string, answers: ScriptedAnswer[], ...args: unknown[]): Promise<{ result: T | undefined; prompter: ScriptedPrompter }> {
	const prompter = new ScriptedPrompter(answers);
	(await api()).setPrompter(prompter);
	try {
		return { result: await vscode.commands.executeCommand<T>(command, ...args), prompter };
	} finally {
		(await api()).setPrompter(undefined);
	}
}

describe('Resources with Microsoft Entra ID', () => {
	let emulator: Emulator;
	let provider: TestAuthProvider;
	let registration: vscode.Disposable;
	let resource: FaceResource | undefined;

	before(async () => {
		emulator = await startEmulator({ port: 0, key: `unused-${randomUUID()}` });
		provider = new TestAuthProvider();
		registration = vscode.authentication.registerAuthenticationProvider(PROVIDER_ID, 'Face Explorer tests', provider, { supportsMultipleAccounts: false });
		await vscode.workspace.getConfiguration('azureFace').update('authenticationProvider', PROVIDER_ID, vscode.ConfigurationTarget.Global);
	});

	after(async () => {
		if (resource) {
			await (await api()).resources.remove(resource.id).catch(() => undefined);
		}
		await vscode.workspace.getConfiguration('azureFace').update('authenticationProvider', undefined, vscode.ConfigurationTarget.Global);
		registration?.dispose();
		await emulator?.close();
	});

	it('Add Face Resource with Entra ID uses the session (tenant in the scopes), checks with a bearer token and stores no key', async () => {
		const t = await api();
		const scopes = [SCOPE, 'VSCODE_TENANT:contoso.onmicrosoft.com'];
		await signInThroughAccountsMenu(scopes);
		assert.deepStrictEqual(provider.created, [scopes]);
		provider.requested.length = 0;

		const { result, prompter } = await run<FaceResource>('azureFace.addResource', [emulator.endpoint, 'Entra', '', 'Microsoft Entra ID', 'contoso.onmicrosoft.com', '']);
		assert.deepStrictEqual(prompter.messages.filter((m) => m.severity === 'error'), []);
		assert.ok(result);
		resource = result;
		assert.deepStrictEqual([result.auth, result.tenantId], ['entra', 'contoso.onmicrosoft.com']);
		assert.ok(provider.requested.some((r) => JSON.stringify(r) === JSON.stringify(scopes)), `asked for ${JSON.stringify(scopes)}; got ${JSON.stringify(provider.requested)}`);
		assert.strictEqual(provider.created.length, 1, 'the existing session was used: no second sign-in');
		const counters = await emulator.control.counters();
		assert.strictEqual(counters.statuses['200'], 1, 'the check succeeded with the bearer token');
		assert.strictEqual(counters.statuses['401'], 1, 'the one 401 is the endpoint check at step 1, which sends no credentials');
		assert.strictEqual(await t.secretFor(emulator.endpoint), undefined, 'no key for an Entra resource');
		assert.ok(!t.globalStateJson().includes(provider.tokens[0]));
		assert.deepStrictEqual(await (await t.resources.getClient(result.id)).listContainers('largeFaceList'), []);
	});

	it('a sign-out takes the client away without prompting; a sign-in elsewhere brings it back', async () => {
		const t = await api();
		assert.ok(resource, 'the previous test added the resource');
		const id = resource.id;
		provider.signOut();
		await waitFor(async () => {
			try {
				await t.resources.getClient(id);
				return false;
			} catch (e) {
				return (e as { name?: string }).name === 'CredentialsError' && (e as { reason?: string }).reason === 'noSession';
			}
		}, 10_000, 'the store to notice the sign-out');
		assert.strictEqual(provider.created.length, 1, 'reading a session never creates one');

		await provider.signInElsewhere([SCOPE, 'VSCODE_TENANT:contoso.onmicrosoft.com']);
		const client = await waitFor(() => t.resources.getClient(id).catch(() => undefined), 10_000, 'the store to pick up the new session');
		assert.deepStrictEqual(await client.listContainers('personGroup'), []);

		// Sign In with a usable session: no dialog, no new session, and the log says who.
		const { result } = await run<boolean>('azureFace.signIn', [], id);
		assert.strictEqual(result, true);
		assert.strictEqual(provider.created.length, 2);
		assert.ok(logLines(t).some((l) => l.includes("Signed in to 'face-explorer-test-auth' as tester@example.com")));
	});

	it('keeps tokens out of the log and globalState', async () => {
		const t = await api();
		const log = logLines(t).join('\n');
		const state = t.globalStateJson();
		for (const token of provider.tokens) {
			assert.ok(!log.includes(token), 'a token is in the log');
			assert.ok(!state.includes(token), 'a token is in globalState');
		}
		assert.ok(provider.tokens.length >= 2);
	});
});
