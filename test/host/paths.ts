import * as os from 'os';
import * as path from 'path';

/** The code-server release whose VS Code (1.139.1) hosts our tests. */
export const CODE_SERVER_VERSION = '4.139.1';
/** code-server's postinstall refuses any other Node major. */
export const HOST_NODE_MAJOR = 24;
/** Debian's Chromium; `.ci/run` installs it with `apt-get install -y chromium`. */
export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/** The repository root (this file compiles to `out/test/host/paths.js`). */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

/** Where the host (Node 24, code-server) is cached between runs; `FACE_EXPLORER_HOST_CACHE` overrides it. */
export function hostCacheRoot(): string {
	const fromEnv = process.env.FACE_EXPLORER_HOST_CACHE;
	return fromEnv ? path.resolve(fromEnv) : path.join(os.homedir(), '.cache', 'face-explorer-host');
}

export function node24Dir(): string {
	return path.join(hostCacheRoot(), `node${HOST_NODE_MAJOR}`);
}

export function codeServerDir(): string {
	return path.join(hostCacheRoot(), `code-server-${CODE_SERVER_VERSION}`);
}

/** Test artifacts (screenshots, logs): gitignored. */
export function testResultsDir(...parts: string[]): string {
	return path.join(REPO_ROOT, 'test-results', ...parts);
}
