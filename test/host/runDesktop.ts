// `npm run test:desktop`: the same integration suite in desktop VS Code through @vscode/test-electron.
// Uses VSCODE_EXECUTABLE when set; otherwise test-electron downloads VS Code (impossible offline).
import * as fs from 'fs';
import * as path from 'path';
import { runTests } from '@vscode/test-electron';
import { tempDir } from './codeServer';
import { emulatorEnv, startHostEmulator } from './emulator';
import { REPO_ROOT } from './paths';
import { hostLog } from './provision';
import { type Session, runMain } from './session';
import { ensureDisplay } from './xvfb';

async function main(session: Session): Promise<number> {
	const testsPath = path.join(REPO_ROOT, 'out', 'test', 'integration', 'index.js');
	if (!fs.existsSync(testsPath)) {
		throw new Error(`${testsPath} is missing: run \`npm run compile-tests\` first (npm run test:desktop does).`);
	}
	const executable = process.env.VSCODE_EXECUTABLE;
	if (executable && !fs.existsSync(executable)) {
		throw new Error(`VSCODE_EXECUTABLE=${executable} does not exist.`);
	}
	hostLog(await ensureDisplay(session));
	const emulator = await startHostEmulator(session, { seed: 'none' });
	const workspace = tempDir('workspace');
	const userData = tempDir('desktop-user-data');
	session.add('temporary folders', () => {
		for (const dir of [workspace, userData]) {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	});
	hostLog(executable ? `desktop VS Code: ${executable}` : 'VSCODE_EXECUTABLE is not set: @vscode/test-electron will download VS Code…');
	try {
		return await runTests({
			...(executable ? { vscodeExecutablePath: executable } : {}),
			extensionDevelopmentPath: REPO_ROOT,
			extensionTestsPath: testsPath,
			extensionTestsEnv: emulatorEnv(emulator),
			launchArgs: [workspace, '--user-data-dir', userData, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
		});
	} catch (e) {
		const text = e instanceof Error ? e.message : String(e);
		if (!executable && /ENOTFOUND|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN|getaddrinfo|download/i.test(text)) {
			console.error(
				'[host] test:desktop could not download VS Code (this machine is offline or cannot reach the update server).\n' +
					'       Set VSCODE_EXECUTABLE to an installed desktop VS Code (e.g. /usr/share/code/code), or run\n' +
					'       `npm run test:integration`, which runs the same suite offline in code-server\'s VS Code.',
			);
			return 2;
		}
		// runTests rejects with TestRunFailedError when the suite fails; its output is already printed.
		console.error(`[host] test:desktop: ${text}`);
		return 1;
	}
}

runMain('test:desktop', main, { timeoutMs: 30 * 60_000 });
