// The integration suite's entry point, loaded inside the VS Code extension host (`extensionTestsPath`).
// Runs mocha (BDD: describe/it) over out/test/integration/**/*.test.js with the spec reporter and ends
// with a plain `N passed, N failed[, N skipped]` line. Works under code-server (runIntegration) and
// @vscode/test-electron (runDesktop) alike.
import * as fs from 'fs';
import * as path from 'path';
import * as util from 'util';
import * as vscode from 'vscode';
import Mocha from 'mocha';

/** Set by runIntegration: prefix for every console line, so the launcher can tell the suite's output from the workbench's. */
export const CONSOLE_MARK_ENV = 'FACE_TEST_CONSOLE_MARK';

function findTests(dir: string): string[] {
	const found: string[] = [];
	for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) {
			found.push(...findTests(full));
		} else if (entry.name.endsWith('.test.js')) {
			found.push(full);
		}
	}
	return found.sort();
}

/**
 * Prefixes every line the suite prints with `mark`. The extension host forwards console calls through
 * accessor properties (assigning to `console.log` does not change what is forwarded), so the methods are
 * redefined as plain properties that call the forwarding functions with the marked text.
 */
function markConsole(mark: string): () => void {
	const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;
	const saved = methods.map((m) => Object.getOwnPropertyDescriptor(console, m));
	methods.forEach((m) => {
		const forward = console[m];
		const marked = (...args: unknown[]): void => forward.call(console, util.format(...args).split('\n').map((l) => mark + l).join('\n'));
		Object.defineProperty(console, m, { value: marked, writable: true, configurable: true, enumerable: true });
	});
	return () =>
		methods.forEach((m, i) => {
			const descriptor = saved[i];
			if (descriptor) {
				Object.defineProperty(console, m, descriptor);
			}
		});
}

export async function run(): Promise<void> {
	const mark = process.env[CONSOLE_MARK_ENV];
	const unmark = mark ? markConsole(mark) : undefined;
	try {
		// The spec reporter captured console.log when mocha loaded; point it at the (marked) one.
		Mocha.reporters.Base.consoleLog = console.log;
		console.log(`Integration suite inside VS Code ${vscode.version} (${vscode.env.appName}, ${vscode.env.appHost}), extension host Node ${process.version}`);
		const timeout = Number(process.env.FACE_TEST_TIMEOUT_MS) || 60_000;
		const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', color: false, timeout, slow: 10_000, failZero: true });
		if (process.env.FACE_TEST_GREP) {
			mocha.grep(process.env.FACE_TEST_GREP);
		}
		for (const file of findTests(__dirname)) {
			mocha.addFile(file);
		}
		const stats = await new Promise<Mocha.Stats>((resolve, reject) => {
			try {
				const runner = mocha.run(() => resolve(runner.stats ?? { passes: 0, failures: 1, pending: 0 } as Mocha.Stats));
			} catch (e) {
				reject(e);
			}
		});
		const skipped = stats.pending ? `, ${stats.pending} skipped` : '';
		console.log(`${stats.passes} passed, ${stats.failures} failed${skipped}`);
		if (stats.passes + stats.failures === 0) {
			const grep = process.env.FACE_TEST_GREP;
			const message = `No integration test ran${grep ? `: FACE_TEST_GREP='${grep}' matches no test title` : ''}. A run that proves nothing fails.`;
			console.error(message);
			throw new Error(message);
		}
		if (stats.failures > 0) {
			throw new Error(`${stats.failures} integration test(s) failed.`);
		}
	} finally {
		unmark?.();
	}
}
