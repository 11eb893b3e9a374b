// `npm run test:e2e`: Playwright drives the real workbench (code-server's VS Code in Debian Chromium)
// with the packaged face-explorer.vsix installed, against the emulator. Scenarios: out/test/e2e/**/*.test.js
// (mocha BDD in this Node process); screenshots in test-results/e2e/.
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';
import { E2eHost, setE2eHost } from '../e2e/host';
import { launchBrowser } from './browser';
import { installExtension, tempDir } from './codeServer';
import { REPO_ROOT, testResultsDir } from './paths';
import { hostLog, provisionHost } from './provision';
import { type Session, runMain } from './session';

const VSIX = path.join(REPO_ROOT, 'face-explorer.vsix');

function findTests(dir: string): string[] {
	if (!fs.existsSync(dir)) {
		return [];
	}
	return fs
		.readdirSync(dir, { withFileTypes: true })
		.flatMap((e) => (e.isDirectory() ? findTests(path.join(dir, e.name)) : e.name.endsWith('.test.js') ? [path.join(dir, e.name)] : []))
		.sort();
}

async function main(session: Session): Promise<number> {
	const started = Date.now();
	if (!fs.existsSync(VSIX)) {
		throw new Error(`${VSIX} is missing: run \`npm run package\` first (npm run test:e2e does).`);
	}
	const files = findTests(path.join(REPO_ROOT, 'out', 'test', 'e2e'));
	if (!files.length) {
		throw new Error('No e2e scenarios in out/test/e2e: run `npm run compile-tests`.');
	}
	const tools = await provisionHost();
	const resultsDir = testResultsDir('e2e');
	fs.rmSync(resultsDir, { recursive: true, force: true });
	fs.mkdirSync(resultsDir, { recursive: true });

	const extensionsDir = tempDir('e2e-extensions');
	session.add('extensions dir', () => fs.rmSync(extensionsDir, { recursive: true, force: true }));
	await installExtension(tools, VSIX, extensionsDir);
	hostLog(`installed ${path.basename(VSIX)} (${(fs.statSync(VSIX).size / 1024).toFixed(0)} KB) into a fresh extensions dir`);

	const browser = await launchBrowser(tools);
	session.add('chromium', () => browser.close());
	const host = new E2eHost({ tools, browser, extensionsDir, resultsDir });
	setE2eHost(host);
	session.add('open workbench', () => host.active?.close());

	const mocha = new Mocha({
		ui: 'bdd',
		reporter: 'spec',
		timeout: Number(process.env.FACE_TEST_TIMEOUT_MS) || 180_000,
		slow: 30_000,
		failZero: true,
		color: Boolean(process.stdout.isTTY),
		rootHooks: {
			async afterEach(this: Mocha.Context) {
				const test = this.currentTest;
				const active = host.active;
				if (test?.state === 'failed' && active) {
					const file = await active.workbench.screenshot(`FAILED ${test.fullTitle()}`).catch(() => undefined);
					if (file) {
						console.log(`      screenshot: ${path.relative(REPO_ROOT, file)}`);
					}
				}
			},
		},
	});
	if (process.env.FACE_TEST_GREP) {
		mocha.grep(process.env.FACE_TEST_GREP);
	}
	files.forEach((f) => mocha.addFile(f));
	const stats = await new Promise<Mocha.Stats>((resolve) => {
		const runner = mocha.run(() => resolve(runner.stats!));
	});
	const skipped = stats.pending ? `, ${stats.pending} skipped` : '';
	console.log(`${stats.passes} passed, ${stats.failures} failed${skipped}`);
	if (stats.passes + stats.failures === 0) {
		const grep = process.env.FACE_TEST_GREP;
		hostLog(`no e2e scenario ran${grep ? `: FACE_TEST_GREP='${grep}' matches no test title` : ''}; a run that proves nothing fails`);
		return 1;
	}
	hostLog(`e2e finished in ${((Date.now() - started) / 1000).toFixed(1)} s; screenshots in ${path.relative(REPO_ROOT, resultsDir)}/`);
	return stats.failures > 0 ? 1 : 0;
}

runMain('test:e2e', main, { timeoutMs: 30 * 60_000 });
