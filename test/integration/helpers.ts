// Shared helpers for the integration suite (runs inside the extension host).
import * as assert from 'assert';
import { type AddressInfo, createServer } from 'net';
import * as vscode from 'vscode';
import { LogTap } from '../support/logTap';
import { ScriptedPrompter, type ScriptedAnswer } from '../support/scriptedPrompter';
import type { FaceExplorerTestApi } from '../../src/testApi';
import { EmulatorControl } from '../emulator/control';

export const EXTENSION_ID = 'face-explorer.face-explorer';

/** Environment the launchers (runIntegration, runDesktop) set for the extension host. */
export const EMULATOR_ENV = {
	endpoint: 'FACE_EMULATOR_ENDPOINT',
	key: 'FACE_EMULATOR_KEY',
	control: 'FACE_EMULATOR_CONTROL',
} as const;

export interface TestEmulator {
	/** `http://127.0.0.1:PORT`; Face routes under `${endpoint}/face/{version}/…`. */
	readonly endpoint: string;
	readonly key: string;
	/** `${endpoint}/_emulator` */
	readonly controlUrl: string;
	readonly control: EmulatorControl;
}

/** The emulator the launcher started for this run (throws with a clear message when run without a launcher). */
export function testEmulator(): TestEmulator {
	const endpoint = process.env[EMULATOR_ENV.endpoint];
	const key = process.env[EMULATOR_ENV.key];
	if (!endpoint || !key) {
		throw new Error(
			`${EMULATOR_ENV.endpoint}/${EMULATOR_ENV.key} are not set in the extension host: run the suite with ` +
				'`npm run test:integration` (or test:desktop), which start the emulator.',
		);
	}
	const controlUrl = process.env[EMULATOR_ENV.control] ?? `${endpoint}/_emulator`;
	return { endpoint, key, controlUrl, control: new EmulatorControl(endpoint) };
}

/** Deletes all emulator data and counters (the config, key included, stays). */
export async function resetEmulator(): Promise<void> {
	await testEmulator().control.reset();
}

/**
 * Polls `predicate` until it returns a truthy value (returned) or `timeoutMs` passes (throws, naming `what`
 * and the last error the predicate threw). Use instead of sleeps: the test machine is slow and noisy.
 */
export async function waitFor<T>(
	predicate: () => T | undefined | null | false | Promise<T | undefined | null | false>,
	timeoutMs = 20_000,
	what = 'condition',
	intervalMs = 100,
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	let lastError: unknown;
	for (;;) {
		try {
			const value = await predicate();
			if (value) {
				return value;
			}
			lastError = undefined;
		} catch (e) {
			lastError = e;
		}
		if (Date.now() >= deadline) {
			const cause = lastError ? ` (last error: ${lastError instanceof Error ? lastError.message : String(lastError)})` : '';
			throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${cause}`);
		}
		await new Promise((resolve) => setTimeout(resolve, intervalMs));
	}
}

/** The Face Explorer extension, activated. */
export async function activateExtension(): Promise<vscode.Extension<unknown>> {
	const ext = vscode.extensions.getExtension(EXTENSION_ID);
	if (!ext) {
		throw new Error(`Extension ${EXTENSION_ID} is not installed in this extension host.`);
	}
	await ext.activate();
	return ext;
}

/** The extension's test API (what `activate()` returns outside production). */
export async function api(): Promise<FaceExplorerTestApi> {
	const exports = (await activateExtension()).exports as FaceExplorerTestApi | undefined;
	assert.ok(exports?.resources && exports.tracker, 'activate() returns the test API in the test host');
	LogTap.on(exports.log);
	return exports;
}

/** Every line written to the extension's log channel since the first `api()` call, all levels (`[trace] …`, `[info] …`). */
export function logLines(a: FaceExplorerTestApi): readonly string[] {
	return LogTap.on(a.log).lines;
}

/** The same lines with the time each was written. */
export function logEntries(a: FaceExplorerTestApi): ReadonlyArray<{ readonly at: number; readonly line: string }> {
	return LogTap.on(a.log).entries;
}

/** Runs a command with scripted answers; returns its result and the prompter (questions asked, messages shown). */
export async function run<T>(command: string, answers: ScriptedAnswer[] | ScriptedPrompter, ...args: unknown[]): Promise<{ result: T | undefined; prompter: ScriptedPrompter }> {
	const prompter = answers instanceof ScriptedPrompter ? answers : new ScriptedPrompter(answers);
	(await api()).setPrompter(prompter);
	try {
		const result = await vscode.commands.executeCommand<T>(command, ...args);
		return { result, prompter };
	} finally {
		(await api()).setPrompter(undefined);
	}
}

/** The error messages a command showed. */
export function errorsOf(p: ScriptedPrompter): string[] {
	return p.messages.filter((m) => m.severity === 'error').map((m) => m.message);
}

/** A loopback port nothing listens on. */
export async function closedPort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	await new Promise<void>((resolve) => server.close(() => resolve()));
	return port;
}
