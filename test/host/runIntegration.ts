// `npm run test:integration`: the integration suite inside VS Code 1.139 (code-server's extension host),
// driven by Debian Chromium, against the Face emulator. Exits with the suite's exit code.
import * as fs from 'fs';
import * as path from 'path';
import { launchBrowser } from './browser';
import { startCodeServer, tempDir } from './codeServer';
import { emulatorEnv, startHostEmulator } from './emulator';
import { runExtensionTestsInPage } from './pageTests';
import { REPO_ROOT, testResultsDir } from './paths';
import { hostLog, provisionHost } from './provision';
import { type Session, runMain } from './session';

const CONSOLE_MARK = '\u2063[suite]\u2063';

async function main(session: Session): Promise<number> {
	const started = Date.now();
	const elapsed = (): string => `${((Date.now() - started) / 1000).toFixed(1)} s`;
	const testsPath = path.join(REPO_ROOT, 'out', 'test', 'integration', 'index.js');
	if (!fs.existsSync(testsPath)) {
		throw new Error(`${testsPath} is missing: run \`npm run compile-tests\` first (npm run test:integration does).`);
	}
	const tools = await provisionHost();
	const resultsDir = testResultsDir('integration');
	fs.rmSync(resultsDir, { recursive: true, force: true });
	fs.mkdirSync(resultsDir, { recursive: true });

	const emulator = await startHostEmulator(session, { seed: 'none' });
	const workspace = tempDir('workspace');
	session.add('workspace folder', () => fs.rmSync(workspace, { recursive: true, force: true }));
	const serverLog = fs.createWriteStream(path.join(resultsDir, 'code-server.log'));
	session.add('code-server log', () => new Promise<void>((resolve) => serverLog.end(() => resolve())));
	const server = await startCodeServer({
		tools,
		folder: workspace,
		env: { ...emulatorEnv(emulator), FACE_TEST_CONSOLE_MARK: CONSOLE_MARK },
		onOutput: (line) => serverLog.write(line + '\n'),
	});
	session.add('code-server', () => server.stop());
	hostLog(`emulator ${emulator.endpoint}, code-server ${server.url} ready after ${elapsed()}; starting the suite…`);

	const browser = await launchBrowser(tools);
	session.add('chromium', () => browser.close());
	const code = await runExtensionTestsInPage({
		browser,
		server,
		folder: workspace,
		extensionDevelopmentPath: REPO_ROOT,
		extensionTestsPath: testsPath,
		consoleMark: CONSOLE_MARK,
		resultsDir,
		print: (line) => console.log(line),
	});
	hostLog(`integration suite exited with code ${code} after ${elapsed()} (logs: ${path.relative(REPO_ROOT, resultsDir)}/)`);
	return code;
}

runMain('test:integration', main, { timeoutMs: 20 * 60_000 });
