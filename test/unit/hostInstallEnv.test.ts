/**
 * The nested `npm install` that provisions the test host (Node 24, code-server) must describe the Node it
 * really runs on, whatever npm script started it; and a failed install must say what the log shows.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describesParentNpm, diagnoseInstallLog, installFailureMessage, nestedInstallEnv, nodeHeadersDir } from '../host/installEnv';

/** What `npm test` on Node 20 hands its scripts (read off `npm run env` on this kind of machine). */
const OUTER_NPM_ENV: NodeJS.ProcessEnv = {
	HOME: '/root',
	PATH: '/usr/local/bin:/usr/bin:/bin',
	LANG: 'C.UTF-8',
	HTTPS_PROXY: 'http://proxy.invalid:3128',
	NODE_EXTRA_CA_CERTS: '/etc/ssl/certs/ca-certificates.crt',
	COLOR: '0',
	INIT_CWD: '/work/main',
	NODE: '/usr/bin/node',
	npm_command: 'test',
	npm_execpath: '/usr/lib/node_modules/npm/bin/npm-cli.js',
	npm_node_execpath: '/usr/bin/node',
	npm_lifecycle_event: 'test:integration',
	npm_lifecycle_script: 'node out/test/host/runIntegration.js',
	npm_package_json: '/work/main/package.json',
	npm_package_name: 'face-explorer',
	npm_config_user_agent: 'npm/11.19.1 node/v20.20.2 linux x64 workspaces/false',
	npm_config_nodedir: '/usr',
	npm_config_node_gyp: '/usr/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js',
	npm_config_prefix: '/usr',
	npm_config_global_prefix: '/usr',
	npm_config_globalconfig: '/usr/etc/npmrc',
	npm_config_local_prefix: '/work/main',
	npm_config_npm_version: '11.19.1',
	npm_config_cache: '/root/.npm',
	npm_config_cafile: '/etc/ssl/certs/ca-certificates.crt',
	npm_config_userconfig: '/root/.npmrc',
	npm_config_registry: 'https://registry.npmjs.org/',
	'npm_config_@corp:registry': 'https://npm.corp.invalid/',
	NPM_CONFIG_FUND: 'false',
	VSCODE_IPC_HOOK_CLI: '/tmp/vscode-ipc.sock',
};

/** A fake Node distribution laid out like npm's node@24 package: `<dist>/bin/node` (linked) and `<dist>/include/node/node.h`. */
function fakeNodeDist(root: string, withHeaders: boolean): string {
	const dist = path.join(root, 'node-linux-x64');
	fs.mkdirSync(path.join(dist, 'bin'), { recursive: true });
	fs.writeFileSync(path.join(dist, 'bin', 'node'), '');
	if (withHeaders) {
		fs.mkdirSync(path.join(dist, 'include', 'node'), { recursive: true });
		fs.writeFileSync(path.join(dist, 'include', 'node', 'node.h'), '');
	}
	const wrapperBin = path.join(root, 'node', 'bin');
	fs.mkdirSync(wrapperBin, { recursive: true });
	fs.symlinkSync(path.join(dist, 'bin', 'node'), path.join(wrapperBin, 'node'));
	return path.join(wrapperBin, 'node');
}

describe('test host: the nested install environment', () => {
	let scratch: string;
	beforeEach(() => {
		scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'face-install-env-'));
	});
	afterEach(() => fs.rmSync(scratch, { recursive: true, force: true }));

	it('drops every variable that describes the outer npm and its Node', () => {
		const nodeBin = fakeNodeDist(scratch, true);
		const env = nestedInstallEnv(nodeBin, OUTER_NPM_ENV);
		for (const name of [
			'npm_config_user_agent',
			'npm_config_node_gyp',
			'npm_config_prefix',
			'npm_config_global_prefix',
			'npm_config_globalconfig',
			'npm_config_local_prefix',
			'npm_config_npm_version',
			'npm_command',
			'npm_execpath',
			'npm_node_execpath',
			'npm_lifecycle_event',
			'npm_lifecycle_script',
			'npm_package_json',
			'npm_package_name',
			'NODE',
			'INIT_CWD',
			'NPM_CONFIG_FUND',
			'VSCODE_IPC_HOOK_CLI',
		]) {
			assert.equal(env[name], undefined, `${name} must not reach the nested install`);
		}
	});

	it('keeps the network, cache and user settings, puts Node 24 first on PATH and builds against its headers', () => {
		const nodeBin = fakeNodeDist(scratch, true);
		const env = nestedInstallEnv(nodeBin, OUTER_NPM_ENV);
		assert.equal(env.PATH, `${path.dirname(nodeBin)}:/usr/local/bin:/usr/bin:/bin`);
		assert.equal(env.npm_config_nodedir, path.join(fs.realpathSync(scratch), 'node-linux-x64'), 'Node 20 headers (/usr) replaced by the host Node\'s');
		assert.equal(env.HOME, '/root');
		assert.equal(env.HTTPS_PROXY, 'http://proxy.invalid:3128');
		assert.equal(env.NODE_EXTRA_CA_CERTS, '/etc/ssl/certs/ca-certificates.crt');
		assert.equal(env.npm_config_registry, 'https://registry.npmjs.org/');
		assert.equal(env['npm_config_@corp:registry'], 'https://npm.corp.invalid/');
		assert.equal(env.npm_config_cafile, '/etc/ssl/certs/ca-certificates.crt');
		assert.equal(env.npm_config_cache, '/root/.npm');
		assert.equal(env.npm_config_userconfig, '/root/.npmrc');
	});

	it('finds the headers of npm\'s node@24 package, whose bin/node is a hard link beside node_modules/node-<platform>-<arch>', () => {
		const pkg = path.join(scratch, 'node');
		const platformPkg = path.join(pkg, 'node_modules', `node-${process.platform}-${process.arch}`);
		fs.mkdirSync(path.join(platformPkg, 'bin'), { recursive: true });
		fs.mkdirSync(path.join(platformPkg, 'include', 'node'), { recursive: true });
		fs.writeFileSync(path.join(platformPkg, 'include', 'node', 'node.h'), '');
		fs.writeFileSync(path.join(platformPkg, 'bin', 'node'), '');
		fs.mkdirSync(path.join(pkg, 'bin'));
		fs.linkSync(path.join(platformPkg, 'bin', 'node'), path.join(pkg, 'bin', 'node'));
		const env = nestedInstallEnv(path.join(pkg, 'bin', 'node'), OUTER_NPM_ENV);
		assert.equal(env.npm_config_nodedir, fs.realpathSync(platformPkg));
	});

	it('sets no nodedir when the Node distribution ships no headers (node-gyp then finds its own)', () => {
		const env = nestedInstallEnv(fakeNodeDist(scratch, false), OUTER_NPM_ENV);
		assert.equal(env.npm_config_nodedir, undefined);
	});

	it('gives the same environment under `npm test` as under a plain `node` call', () => {
		const nodeBin = fakeNodeDist(scratch, true);
		const plain = Object.fromEntries(Object.entries(OUTER_NPM_ENV).filter(([k]) => !describesParentNpm(k)));
		assert.deepEqual(nestedInstallEnv(nodeBin, OUTER_NPM_ENV), nestedInstallEnv(nodeBin, plain));
	});

	it('a real nested npm install run with it reports the Node it runs on, not the outer npm\'s', function () {
		this.timeout(60_000);
		// A package whose install script records what code-server's postinstall reads.
		const pkg = path.join(scratch, 'pkg');
		fs.mkdirSync(pkg);
		const record = "require('fs').writeFileSync('seen.json', JSON.stringify({ ua: process.env.npm_config_user_agent, nodedir: process.env.npm_config_nodedir ?? null }))";
		fs.writeFileSync(path.join(pkg, 'package.json'), JSON.stringify({ name: 'probe', version: '1.0.0', private: true, scripts: { postinstall: `node -e "${record}"` } }));
		const outer = { ...process.env, ...OUTER_NPM_ENV, PATH: process.env.PATH, HOME: process.env.HOME, HTTPS_PROXY: undefined, npm_config_user_agent: 'npm/11.19.1 node/v18.0.0 linux x64 workspaces/false', npm_config_nodedir: '/opt/node-v18-headers' };
		const env = nestedInstallEnv(process.execPath, outer);
		const done = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--offline'], { cwd: pkg, env, encoding: 'utf8' });
		assert.equal(done.status, 0, done.stderr);
		const seen = JSON.parse(fs.readFileSync(path.join(pkg, 'seen.json'), 'utf8')) as { ua: string; nodedir: string | null };
		assert.match(seen.ua, new RegExp(`node/${process.version.replace(/\./g, '\\.')} `), `user agent ${seen.ua}`);
		assert.notEqual(seen.nodedir, '/opt/node-v18-headers');
		assert.equal(seen.nodedir, nodeHeadersDir(process.execPath) ?? seen.nodedir, 'built against the running Node\'s own headers');
	});
});

describe('test host: a failed install says what the log shows', () => {
	const cases: [string, string, RegExp][] = [
		[
			'the Node version check of code-server (the fresh-machine failure)',
			'> code-server@4.139.1 postinstall\n> sh ./postinstall.sh\nERROR: code-server currently requires node v24.\nWe have detected that you are on node v20\nYou can override this version check by setting $FORCE_NODE_VERSION,\nnpm error code 1',
			/on Node 20, but code-server requires Node 24/,
		],
		[
			'missing kerberos headers',
			"../src/kerberos_gss.h:21:10: fatal error: gssapi/gssapi.h: No such file or directory\n   21 | #include <gssapi/gssapi.h>\ngyp ERR! build error",
			/kerberos headers are missing[\s\S]*libkrb5-dev/,
		],
		['another missing header', "../src/x.cc:3:10: fatal error: sqlite3.h: No such file or directory\ngyp ERR! build error", /header sqlite3\.h/],
		['no compiler', 'make: Entering directory\n/bin/sh: 1: g++: not found\ngyp ERR! build error', /compiler tool g\+\+ is missing[\s\S]*apt-get install -y python3 make g\+\+/],
		['no Python', 'gyp ERR! find Python\ngyp ERR! find Python Python is not set from command line or npm configuration', /found no Python/],
		['a network error', 'npm error code EAI_AGAIN\nnpm error syscall getaddrinfo\nnpm error errno EAI_AGAIN\nnpm error request to https://registry.npmjs.org/code-server failed, reason: getaddrinfo EAI_AGAIN registry.npmjs.org', /network error \(EAI_AGAIN\)[\s\S]*registry/],
		[
			'node-gyp trying to download headers offline (seen with an empty HOME)',
			'npm error npm error gyp ERR! configure error \nnpm error npm error gyp ERR! stack Error: This is most likely not a problem with node-gyp or the package itself and\nnpm error npm error gyp ERR! stack is related to network connectivity. In most cases you are behind a proxy or have bad\nnpm error npm error gyp ERR! stack at async getNodeDir (/usr/lib/node_modules/npm/node_modules/node-gyp/lib/configure.js:79:7)\nnpm error npm error gyp ERR! not ok\nrc=1',
			/found no Node headers[\s\S]*nodedir/,
		],
		['a full disk', 'npm error code ENOSPC\nnpm error syscall write', /disk is full/],
	];
	for (const [what, log, expected] of cases) {
		it(what, () => {
			const message = installFailureMessage('code-server 4.139.1', 1, '/cache/install.log', log);
			assert.match(message, /^Installing code-server 4\.139\.1 failed \(npm exit code 1\)\. Last lines of \/cache\/install\.log:/);
			assert.ok(message.includes(log.split('\n').slice(-1)[0]), 'the log\'s last line is quoted');
			assert.match(message, expected);
		});
	}

	it('names no cause when the log shows none, and never blames the build packages by default', () => {
		const message = installFailureMessage('code-server 4.139.1', 1, '/cache/install.log', 'npm error something odd happened');
		assert.equal(diagnoseInstallLog('npm error something odd happened'), undefined);
		assert.match(message, /shows no known cause; read it whole: \/cache\/install\.log/);
		assert.doesNotMatch(message, /libkrb5-dev|g\+\+/);
	});

	it('quotes only the last 30 non-empty lines', () => {
		const log = Array.from({ length: 100 }, (_, i) => `line ${i}`).join('\n\n');
		const message = installFailureMessage('x', 1, '/l', log);
		assert.ok(message.includes('line 99') && message.includes('line 70') && !message.includes('line 69\n'));
	});
});
