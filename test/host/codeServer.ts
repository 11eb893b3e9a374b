// Starts code-server (VS Code 1.139.1's server and web workbench) on a free loopback port.
import { spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import type { HostTools } from './provision';
import { cleanEnv, run, sleep } from './proc';

export interface CodeServerOptions {
	tools: HostTools;
	/** Folder the workbench opens. */
	folder: string;
	/** Extensions dir (default: a fresh temporary one, removed on stop). */
	extensionsDir?: string;
	/** Extra environment for the server; the extension host inherits it. */
	env?: Record<string, string>;
	/** Called with each line the server prints (default: kept, shown only if start fails). */
	onOutput?: (line: string) => void;
	readyTimeoutMs?: number;
	/** Fixed port (default: a free one). */
	port?: number;
	/** User settings, merged over QUIET_SETTINGS. */
	settings?: Record<string, unknown>;
}

/** User settings that keep the workbench quiet and stable offline: no welcome page, chat, tips or update checks. */
export const QUIET_SETTINGS: Record<string, unknown> = {
	'workbench.startupEditor': 'none',
	'workbench.tips.enabled': false,
	'workbench.enableExperiments': false,
	'workbench.secondarySideBar.defaultVisibility': 'hidden',
	'chat.disableAIFeatures': true,
	'chat.commandCenter.enabled': false,
	'extensions.autoCheckUpdates': false,
	'extensions.autoUpdate': false,
	'extensions.ignoreRecommendations': true,
	'update.mode': 'none',
	'telemetry.telemetryLevel': 'off',
	'git.enabled': false,
	'security.workspace.trust.enabled': false,
};

export interface CodeServer {
	/** `http://127.0.0.1:PORT` (no trailing slash). */
	readonly url: string;
	readonly port: number;
	readonly folder: string;
	readonly userDataDir: string;
	readonly extensionsDir: string;
	/** Everything the server printed so far. */
	output(): string;
	/** Resolves with the exit code when the server process ends (for whatever reason). */
	readonly exited: Promise<number>;
	stop(): Promise<void>;
}

export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as net.AddressInfo;
			server.close(() => resolve(port));
		});
	});
}

/** A fresh temporary directory under the OS temp dir. */
export function tempDir(prefix: string): string {
	return fs.mkdtempSync(path.join(os.tmpdir(), `face-explorer-${prefix}-`));
}

/** Isolates code-server's own config/data (it writes `~/.config/code-server/config.yaml` otherwise). */
function isolatedEnv(stateDir: string, extra: Record<string, string> = {}, nodeBin?: string): NodeJS.ProcessEnv {
	return cleanEnv({
		XDG_CONFIG_HOME: path.join(stateDir, 'config'),
		XDG_DATA_HOME: path.join(stateDir, 'data'),
		PATH: nodeBin ? `${path.dirname(nodeBin)}:${process.env.PATH ?? ''}` : process.env.PATH,
		...extra,
	});
}

/** `code-server --install-extension <vsix>` into `extensionsDir`. */
export async function installExtension(tools: HostTools, vsix: string, extensionsDir: string): Promise<void> {
	const state = tempDir('cs-install');
	try {
		const result = await run(
			tools.node,
			[
				tools.codeServerEntry,
				'--config', path.join(state, 'config.yaml'),
				'--user-data-dir', path.join(state, 'user-data'),
				'--extensions-dir', extensionsDir,
				'--force',
				'--install-extension', path.resolve(vsix),
			],
			{ env: isolatedEnv(state, {}, tools.node) },
		);
		if (result.code !== 0 || /\bfailed\b/i.test(result.output)) {
			throw new Error(`Installing ${vsix} into code-server failed (exit ${result.code}):\n${result.output}`);
		}
	} finally {
		fs.rmSync(state, { recursive: true, force: true });
	}
}

async function healthy(url: string): Promise<boolean> {
	try {
		const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(5000) });
		await res.arrayBuffer();
		return res.ok;
	} catch {
		return false;
	}
}

/** Process groups of servers still running: killed synchronously if this process exits first (crash, signal). */
const liveGroups = new Set<number>();
let exitHookInstalled = false;

function trackGroup(pid: number | undefined): void {
	if (pid === undefined) {
		return;
	}
	liveGroups.add(pid);
	if (!exitHookInstalled) {
		exitHookInstalled = true;
		process.on('exit', () => {
			for (const group of liveGroups) {
				try {
					process.kill(-group, 'SIGKILL');
				} catch {
					// already gone
				}
			}
		});
	}
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
	if (child.pid === undefined) {
		return;
	}
	try {
		process.kill(-child.pid, signal);
	} catch {
		try {
			child.kill(signal);
		} catch {
			// already gone
		}
	}
}

async function startOnce(options: CodeServerOptions, port: number): Promise<CodeServer | 'port-taken'> {
	const state = tempDir('cs');
	const userDataDir = path.join(state, 'user-data');
	const extensionsDir = options.extensionsDir ?? path.join(state, 'extensions');
	fs.mkdirSync(extensionsDir, { recursive: true });
	fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
	fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify({ ...QUIET_SETTINGS, ...options.settings }, null, '\t'));
	const configFile = path.join(state, 'config.yaml');
	fs.writeFileSync(configFile, '');
	const args = [
		options.tools.codeServerEntry,
		'--config', configFile,
		'--auth', 'none',
		'--bind-addr', `127.0.0.1:${port}`,
		'--disable-telemetry',
		'--disable-update-check',
		'--disable-workspace-trust',
		'--disable-getting-started-override',
		'--ignore-last-opened',
		'--user-data-dir', userDataDir,
		'--extensions-dir', extensionsDir,
		// Without it the web workbench ignores the extension-development payload.
		'--vscode-option', 'enable-smoke-test-driver',
		options.folder,
	];
	// Own process group, so stop() also ends the extension host and other children.
	const child = spawn(options.tools.node, args, {
		env: isolatedEnv(state, options.env, options.tools.node),
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true,
	});
	trackGroup(child.pid);
	let output = '';
	let exited: number | null | undefined;
	const onData = (chunk: Buffer): void => {
		const text = chunk.toString();
		output += text;
		if (options.onOutput) {
			for (const line of text.split('\n')) {
				if (line.trim()) {
					options.onOutput(line);
				}
			}
		}
	};
	child.stdout.on('data', onData);
	child.stderr.on('data', onData);
	const exitedPromise = new Promise<number>((resolve) => child.on('exit', (code, signal) => {
		exited = code ?? (signal ? 128 : 1);
		resolve(exited);
	}));

	let stopped = false;
	const stop = async (): Promise<void> => {
		if (stopped) {
			return;
		}
		stopped = true;
		if (exited === undefined) {
			killGroup(child, 'SIGTERM');
			const timedOut = await Promise.race([exitedPromise.then(() => false), sleep(8000).then(() => true)]);
			if (timedOut) {
				killGroup(child, 'SIGKILL');
				await Promise.race([exitedPromise, sleep(3000)]);
			}
		}
		// The extension host may outlive the server briefly; end what is left of the group.
		killGroup(child, 'SIGKILL');
		if (child.pid !== undefined) {
			liveGroups.delete(child.pid);
		}
		for (let i = 0; i < 5; i++) {
			try {
				fs.rmSync(state, { recursive: true, force: true });
				break;
			} catch {
				await sleep(500);
			}
		}
	};

	const url = `http://127.0.0.1:${port}`;
	const deadline = Date.now() + (options.readyTimeoutMs ?? 120_000);
	while (Date.now() < deadline) {
		if (exited !== undefined) {
			await stop();
			if (/EADDRINUSE/.test(output)) {
				return 'port-taken';
			}
			throw new Error(`code-server exited (code ${exited}) before it was ready:\n${output.slice(-4000)}`);
		}
		if (output.includes('HTTP server listening on') && (await healthy(url))) {
			return {
				url,
				port,
				folder: options.folder,
				userDataDir,
				extensionsDir,
				output: () => output,
				exited: exitedPromise,
				stop,
			};
		}
		await sleep(250);
	}
	await stop();
	throw new Error(`code-server did not become ready on ${url} in time:\n${output.slice(-4000)}`);
}

/** Starts code-server on a free loopback port and waits until `/healthz` answers. */
export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
	if (options.port) {
		const result = await startOnce(options, options.port);
		if (result === 'port-taken') {
			throw new Error(`Port ${options.port} is in use.`);
		}
		return result;
	}
	for (let attempt = 0; attempt < 3; attempt++) {
		const result = await startOnce(options, await freePort());
		if (result !== 'port-taken') {
			return result;
		}
	}
	throw new Error('code-server could not bind a free loopback port (3 attempts).');
}

export interface WorkbenchPayload {
	/** Absolute path of an extension to load in development mode. */
	extensionDevelopmentPath?: string;
	/** Absolute path of the compiled test entry module (exports `run()`). */
	extensionTestsPath?: string;
}

/**
 * The workbench URL for `folder`, with the development payload (honoured only because the server runs
 * with `--vscode-option enable-smoke-test-driver`). Paths are on the server's file system.
 */
export function workbenchUrl(server: CodeServer, folder: string, payload: WorkbenchPayload = {}): string {
	const remote = (p: string): string => `vscode-remote://127.0.0.1:${server.port}${p}`;
	const entries: [string, string][] = [];
	if (payload.extensionDevelopmentPath) {
		entries.push(['extensionDevelopmentPath', remote(payload.extensionDevelopmentPath)]);
	}
	if (payload.extensionTestsPath) {
		entries.push(['extensionTestsPath', remote(payload.extensionTestsPath)]);
	}
	const query = [`folder=${encodeURIComponent(folder)}`];
	if (entries.length) {
		query.push(`payload=${encodeURIComponent(JSON.stringify(entries))}`);
	}
	return `${server.url}/?${query.join('&')}`;
}
