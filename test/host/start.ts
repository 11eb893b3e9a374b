// `npm start`: the product on an embedded default. Starts the Face emulator with the demo data, then
// VS Code with the development extension and the emulator already configured as a resource
// (FACE_EXPLORER_DEFAULT_RESOURCE), and prints the URL to open. Ctrl+C stops everything.
//
//   npm start                       code-server's VS Code (offline), open the printed URL in a browser
//   npm start -- --desktop          desktop VS Code (`code` on PATH) with --extensionDevelopmentPath
//   npm start -- --port 8080        fixed code-server port (default: a free one)
//   npm start -- --emulator-port N  fixed emulator port (default: a free one)
//   npm start -- --folder PATH      open PATH instead of a fresh empty folder
//   npm start -- --smoke            start exactly as above, then open the URL in Chromium, check that the
//                                   view shows the demo resource, its four kind folders and the trained
//                                   Person Group, save test-results/smoke/start-smoke.png and exit (0: passed)
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { startCodeServer, tempDir, workbenchUrl } from './codeServer';
import { defaultResourceEnv, emulatorEnv, startHostEmulator } from './emulator';
import { REPO_ROOT } from './paths';
import { cleanEnv, onPath } from './proc';
import { hostLog, provisionHost } from './provision';
import { type Session, runMain } from './session';
import { smokeCheck } from './smoke';

/** The demo resource's label in the tree. */
const DEMO_LABEL = 'Face emulator (demo)';

interface StartArgs {
	desktop: boolean;
	smoke: boolean;
	port?: number;
	emulatorPort?: number;
	folder?: string;
}

function parseArgs(argv: string[]): StartArgs {
	const args: StartArgs = { desktop: false, smoke: false };
	for (let i = 0; i < argv.length; i++) {
		const flag = argv[i];
		const num = (): number => {
			const n = Number(argv[++i]);
			if (!Number.isInteger(n) || n < 0 || n > 65535) {
				throw new Error(`${flag} needs a port number`);
			}
			return n;
		};
		switch (flag) {
			case '--desktop':
				args.desktop = true;
				break;
			case '--smoke':
				args.smoke = true;
				break;
			case '--port':
				args.port = num();
				break;
			case '--emulator-port':
				args.emulatorPort = num();
				break;
			case '--folder':
				args.folder = path.resolve(argv[++i] ?? '.');
				break;
			default:
				throw new Error(`Unknown option ${flag}. Options: --desktop, --smoke, --port N, --emulator-port N, --folder PATH`);
		}
	}
	return args;
}

function workspaceFolder(session: Session, args: StartArgs): string {
	if (args.folder) {
		return args.folder;
	}
	const folder = tempDir('start-workspace');
	session.add('workspace folder', () => fs.rmSync(folder, { recursive: true, force: true }));
	return folder;
}

async function startDesktop(session: Session, folder: string, env: Record<string, string>): Promise<number> {
	if (!onPath('code')) {
		throw new Error('--desktop needs the `code` command on PATH (VS Code: "Shell Command: Install \'code\' command in PATH").');
	}
	const userData = tempDir('start-desktop-user-data');
	session.add('desktop user data', () => fs.rmSync(userData, { recursive: true, force: true }));
	// A separate user-data-dir starts a new VS Code instance, which gets our environment.
	const child = spawn('code', ['--wait', '--new-window', '--user-data-dir', userData, `--extensionDevelopmentPath=${REPO_ROOT}`, folder], {
		env: cleanEnv(env),
		stdio: 'inherit',
		detached: true,
	});
	session.add('desktop VS Code', () => {
		try {
			process.kill(-child.pid!, 'SIGTERM');
		} catch {
			// already closed
		}
	});
	hostLog('desktop VS Code started with the development extension; close its window or press Ctrl+C to stop.');
	return new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? 0)));
}

async function main(session: Session): Promise<number> {
	const args = parseArgs(process.argv.slice(2));
	const emulator = await startHostEmulator(session, { seed: 'demo', ...(args.emulatorPort !== undefined ? { port: args.emulatorPort } : {}) });
	hostLog(`Face emulator with the demo data: ${emulator.endpoint}`);
	const folder = workspaceFolder(session, args);
	const env = { ...emulatorEnv(emulator), ...defaultResourceEnv(emulator, DEMO_LABEL) };
	if (args.desktop && args.smoke) {
		throw new Error('--smoke checks the code-server workbench; it cannot be combined with --desktop.');
	}
	if (args.desktop) {
		return startDesktop(session, folder, env);
	}
	const tools = await provisionHost();
	const server = await startCodeServer({
		tools,
		folder,
		env,
		...(args.port !== undefined ? { port: args.port } : {}),
		settings: { 'workbench.startupEditor': 'none' },
	});
	session.add('code-server', () => server.stop());
	const url = workbenchUrl(server, folder, { extensionDevelopmentPath: REPO_ROOT });
	console.log(
		[
			'',
			'Face Explorer is running in VS Code (code-server, offline) with the emulator as a resource.',
			'Open this URL in a browser on this machine:',
			'',
			`  ${url}`,
			'',
			'The extension loads from this folder in development mode: after `npm run watch` rebuilds it,',
			'run "Developer: Reload Window". Press Ctrl+C here to stop VS Code and the emulator.',
			'',
		].join('\n'),
	);
	if (args.smoke) {
		await smokeCheck(session, { tools, url, resourceLabel: DEMO_LABEL, trainedGroup: 'Visitors' });
		hostLog('smoke check passed: npm start serves the extension with the emulator as its resource.');
		return 0;
	}
	const code = await server.exited;
	hostLog(`code-server exited with code ${code}`);
	return code === 0 ? 0 : 1;
}

// Interactive: no time limit. The smoke check gives up after 15 minutes (a fresh host build takes ~3).
runMain('start', main, { timeoutMs: process.argv.includes('--smoke') ? 15 * 60_000 : 0 });
