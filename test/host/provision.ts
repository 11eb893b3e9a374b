// Provisions the offline test host: Node 24 and code-server (cached outside the repo) and Debian's Chromium.
// Run directly (`node out/test/host/provision.js`) to warm the cache.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { HostSetupError } from './errors';
import { withLock } from './lock';
import { installFailureMessage, nestedInstallEnv } from './installEnv';
import { cleanEnv, onPath, processesWorkingIn, run, sleep } from './proc';
import { CODE_SERVER_VERSION, DEFAULT_CHROMIUM, HOST_NODE_MAJOR, codeServerDir, hostCacheRoot, node24Dir } from './paths';

export interface HostTools {
	/** Node 24 binary that runs code-server. */
	node: string;
	/** code-server's `out/node/entry.js`. */
	codeServerEntry: string;
	/** Chromium for Playwright. */
	chromium: string;
}

const MARKER = '.face-explorer-complete';

export function hostLog(message: string): void {
	console.log(`[host] ${message}`);
}

function isRoot(): boolean {
	return typeof process.getuid === 'function' && process.getuid() === 0;
}

function isDebian(): boolean {
	return fs.existsSync('/etc/debian_version');
}

function howToInstall(debianPackages: string[]): string {
	const apt = `apt-get update && apt-get install -y ${debianPackages.join(' ')}`;
	if (isDebian()) {
		return isRoot()
			? `Install it with: ${apt}   (.ci/run does this).`
			: `Ask an administrator to run: sudo ${apt}   (.ci/run does this when run as root).`;
	}
	return `Install the equivalent of the Debian packages ${debianPackages.join(', ')}.`;
}

function readMarker(dir: string): boolean {
	return fs.existsSync(path.join(dir, MARKER));
}

function writeMarker(dir: string, info: Record<string, string>): void {
	fs.writeFileSync(path.join(dir, MARKER), JSON.stringify({ ...info, completedAt: new Date().toISOString() }, null, '\t') + '\n');
}

function lastLine(file: string): string {
	try {
		const lines = fs.readFileSync(file, 'utf8').split('\n').map((l) => l.trim()).filter(Boolean);
		return lines[lines.length - 1] ?? '';
	} catch {
		return '';
	}
}

/** Waits while an npm install someone else started (without our lock) still runs in `dir`. */
async function waitForForeignInstall(dir: string, what: string): Promise<void> {
	let told = false;
	for (;;) {
		const pids = processesWorkingIn(dir);
		if (pids.length === 0) {
			return;
		}
		if (!told) {
			told = true;
			hostLog(`waiting for the ${what} install already running in ${dir} (pid ${pids.join(', ')})…`);
		}
		await sleep(3000);
	}
}

/** `npm install` in `dir`, logged to `dir/install.log`, ending with an `rc=N` line; prints a heartbeat. */
async function npmInstall(dir: string, what: string, env: NodeJS.ProcessEnv): Promise<void> {
	const logFile = path.join(dir, 'install.log');
	fs.writeFileSync(logFile, `npm install (${what}) started ${new Date().toISOString()}\n`);
	const started = Date.now();
	const heartbeat = setInterval(() => hostLog(`…still installing ${what} (${Math.round((Date.now() - started) / 1000)} s; log: ${logFile})`), 30_000);
	let code: number;
	try {
		code = (await run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=warn'], { cwd: dir, env, logFile })).code;
	} finally {
		clearInterval(heartbeat);
	}
	fs.appendFileSync(logFile, `rc=${code}\n`);
	if (code !== 0) {
		let log = '';
		try {
			log = fs.readFileSync(logFile, 'utf8');
		} catch {
			// reported as "no known cause" below
		}
		throw new HostSetupError(installFailureMessage(what, code, logFile, log));
	}
	hostLog(`installed ${what} in ${Math.round((Date.now() - started) / 1000)} s`);
}

function writePackageJson(dir: string, name: string, dependencies: Record<string, string>, allowScripts: string[]): void {
	fs.mkdirSync(dir, { recursive: true });
	const pkg = {
		name,
		private: true,
		description: 'Cache of the Face Explorer offline test host (written by test/host/provision.ts).',
		dependencies,
		// npm 11 asks for install scripts to be approved; these packages need theirs.
		allowScripts: Object.fromEntries(allowScripts.map((n) => [n, true])),
	};
	fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg, null, '\t') + '\n');
}

async function nodeMajor(nodeBin: string): Promise<number | undefined> {
	if (!fs.existsSync(nodeBin)) {
		return undefined;
	}
	const { code, output } = await run(nodeBin, ['--version']);
	const m = /^v(\d+)\./.exec(output.trim());
	return code === 0 && m ? Number(m[1]) : undefined;
}

/** Node 24 from npm's `node@24` package, in `<cache>/node24/node_modules/node/bin/node`. */
export async function ensureNode24(): Promise<string> {
	const dir = node24Dir();
	const bin = path.join(dir, 'node_modules', 'node', 'bin', 'node');
	if (readMarker(dir) && fs.existsSync(bin)) {
		return bin;
	}
	fs.mkdirSync(hostCacheRoot(), { recursive: true });
	return withLock(`${dir}.lock`, async () => {
		await waitForForeignInstall(dir, `Node ${HOST_NODE_MAJOR}`);
		if ((await nodeMajor(bin)) === HOST_NODE_MAJOR) {
			writeMarker(dir, { node: bin });
			return bin;
		}
		hostLog(`installing Node ${HOST_NODE_MAJOR} (npm package node@${HOST_NODE_MAJOR}) into ${dir}…`);
		fs.rmSync(path.join(dir, 'node_modules'), { recursive: true, force: true });
		writePackageJson(dir, `node${HOST_NODE_MAJOR}`, { node: String(HOST_NODE_MAJOR) }, ['node']);
		// The outer npm's variables would describe the Node that runs it, not the one installed here.
		await npmInstall(dir, `Node ${HOST_NODE_MAJOR}`, nestedInstallEnv(undefined));
		const major = await nodeMajor(bin);
		if (major !== HOST_NODE_MAJOR) {
			throw new HostSetupError(`npm's node@${HOST_NODE_MAJOR} package did not yield a Node ${HOST_NODE_MAJOR} binary at ${bin} (got ${major ?? 'nothing'}).`);
		}
		writeMarker(dir, { node: bin });
		return bin;
	}, (pid) => hostLog(`waiting for another provisioning of Node ${HOST_NODE_MAJOR} (pid ${pid})…`));
}

function codeServerEntry(dir: string): string {
	return path.join(dir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
}

/** Checks that code-server runs on Node 24 and that its postinstall built VS Code's native modules. */
async function verifyCodeServer(dir: string, nodeBin: string): Promise<string | undefined> {
	const entry = codeServerEntry(dir);
	if (!fs.existsSync(entry)) {
		return `${entry} is missing`;
	}
	const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'face-host-verify-'));
	try {
		const version = await run(nodeBin, [entry, '--config', path.join(scratch, 'config.yaml'), '--version'], {
			env: cleanEnv({ XDG_DATA_HOME: scratch, XDG_CONFIG_HOME: scratch }),
		});
		if (version.code !== 0 || !version.output.includes(CODE_SERVER_VERSION)) {
			return `code-server --version failed: ${version.output.trim().slice(0, 500)}`;
		}
		const vscodeDir = path.join(dir, 'node_modules', 'code-server', 'lib', 'vscode');
		const native = await run(nodeBin, ['-e', "require('@vscode/spdlog'); require('@vscode/sqlite3'); require('kerberos')"], { cwd: vscodeDir });
		if (native.code !== 0) {
			return `VS Code's native modules do not load (did code-server's postinstall run?): ${native.output.trim().slice(0, 500)}`;
		}
		return undefined;
	} finally {
		fs.rmSync(scratch, { recursive: true, force: true });
	}
}

function checkBuildPrerequisites(): void {
	const missing: string[] = [];
	for (const [tool, pkg] of [['python3', 'python3'], ['make', 'make'], ['g++', 'g++']] as const) {
		if (!onPath(tool)) {
			missing.push(pkg);
		}
	}
	if (!fs.existsSync('/usr/include/gssapi/gssapi.h') && !onPath('krb5-config')) {
		missing.push('libkrb5-dev');
	}
	if (missing.length) {
		throw new HostSetupError(`Building code-server's native modules needs ${missing.join(', ')}, missing on this machine. ${howToInstall(missing)}`);
	}
}

/** code-server@4.139.1 installed with Node 24 in `<cache>/code-server-4.139.1/`. Returns its entry script. */
export async function ensureCodeServer(nodeBin: string): Promise<string> {
	const dir = codeServerDir();
	if (readMarker(dir) && fs.existsSync(codeServerEntry(dir))) {
		return codeServerEntry(dir);
	}
	fs.mkdirSync(hostCacheRoot(), { recursive: true });
	return withLock(`${dir}.lock`, async () => {
		await waitForForeignInstall(dir, `code-server ${CODE_SERVER_VERSION}`);
		if (readMarker(dir) && fs.existsSync(codeServerEntry(dir))) {
			return codeServerEntry(dir);
		}
		// An install finished by someone else (its log ends with rc=0) is adopted once it checks out.
		if (lastLine(path.join(dir, 'install.log')) === 'rc=0' && (await verifyCodeServer(dir, nodeBin)) === undefined) {
			writeMarker(dir, { codeServer: CODE_SERVER_VERSION, node: nodeBin });
			hostLog(`reusing code-server ${CODE_SERVER_VERSION} in ${dir}`);
			return codeServerEntry(dir);
		}
		checkBuildPrerequisites();
		hostLog(`installing code-server ${CODE_SERVER_VERSION} into ${dir} (builds VS Code's native modules: a few minutes on 2 cores)…`);
		fs.rmSync(path.join(dir, 'node_modules'), { recursive: true, force: true });
		fs.rmSync(path.join(dir, 'package-lock.json'), { force: true });
		writePackageJson(dir, `code-server-${CODE_SERVER_VERSION}`, { 'code-server': CODE_SERVER_VERSION }, ['code-server', 'argon2']);
		// Node 24 first on PATH (npm, a `#!/usr/bin/env node` script, and code-server's postinstall run on it),
		// and none of the outer npm's variables: under `npm test` its user agent says node/v20, which
		// code-server's postinstall reads as the Node it installs with, and its nodedir points at Node 20's headers.
		await npmInstall(dir, `code-server ${CODE_SERVER_VERSION}`, nestedInstallEnv(nodeBin));
		const problem = await verifyCodeServer(dir, nodeBin);
		if (problem) {
			throw new HostSetupError(`code-server installed but does not work: ${problem}. Delete ${dir} to retry.`);
		}
		writeMarker(dir, { codeServer: CODE_SERVER_VERSION, node: nodeBin });
		return codeServerEntry(dir);
	}, (pid) => hostLog(`waiting for another provisioning of code-server (pid ${pid})…`));
}

/** Debian's Chromium (`FACE_EXPLORER_CHROMIUM` overrides the path). */
export function ensureChromium(): string {
	const candidate = process.env.FACE_EXPLORER_CHROMIUM || DEFAULT_CHROMIUM;
	try {
		fs.accessSync(candidate, fs.constants.X_OK);
		return candidate;
	} catch {
		throw new HostSetupError(
			`Chromium is missing (looked for ${candidate}; set FACE_EXPLORER_CHROMIUM to use another). ` +
				`Playwright cannot download its own browser offline. ${howToInstall(['chromium'])}`,
		);
	}
}

/** Everything the offline host needs; installs into the cache what is missing. */
export async function provisionHost(): Promise<HostTools> {
	const chromium = ensureChromium();
	const node = await ensureNode24();
	const codeServerEntryScript = await ensureCodeServer(node);
	return { node, codeServerEntry: codeServerEntryScript, chromium };
}

if (require.main === module) {
	const started = Date.now();
	provisionHost().then(
		(tools) => {
			hostLog(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s: node ${tools.node}, code-server ${tools.codeServerEntry}, chromium ${tools.chromium}`);
		},
		(e) => {
			console.error(HostSetupError.is(e) ? e.message : e);
			process.exit(2);
		},
	);
}
