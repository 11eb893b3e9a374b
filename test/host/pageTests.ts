// Runs an extension test module inside code-server's extension host, driven from a headless Chromium page.
import * as fs from 'fs';
import * as path from 'path';
import type { Browser, ConsoleMessage } from 'playwright-core';
import { type CodeServer, workbenchUrl } from './codeServer';

export interface PageTestOptions {
	browser: Browser;
	server: CodeServer;
	folder: string;
	extensionDevelopmentPath: string;
	extensionTestsPath: string;
	/** Lines of the suite's console output start with this mark (see test/integration/index.ts). */
	consoleMark: string;
	/** Where the page console and VS Code's logs are saved. */
	resultsDir: string;
	/** Prints one line of the suite's output. */
	print: (line: string) => void;
}

interface AutomationLog {
	relativePath: string;
	contents: string;
}

/** Resolves with the extension host's exit code (0 when the test module's `run()` resolved). */
export async function runExtensionTestsInPage(options: PageTestOptions): Promise<number> {
	fs.mkdirSync(options.resultsDir, { recursive: true });
	const pageLog = fs.createWriteStream(path.join(options.resultsDir, 'page-console.log'));
	const page = await options.browser.newPage();
	let settle: (code: number) => void = () => undefined;
	const exit = new Promise<number>((resolve) => (settle = resolve));

	await page.exposeFunction('codeAutomationExit', (code: number, ...rest: unknown[]) => {
		const logs = rest.flat().filter((l): l is AutomationLog => typeof (l as AutomationLog)?.relativePath === 'string');
		for (const log of logs) {
			const file = path.join(options.resultsDir, 'vscode-logs', log.relativePath);
			fs.mkdirSync(path.dirname(file), { recursive: true });
			fs.writeFileSync(file, log.contents);
		}
		settle(typeof code === 'number' ? code : 1);
	});
	page.on('console', (msg: ConsoleMessage) => {
		const text = msg.text();
		pageLog.write(`[${msg.type()}] ${text}\n`);
		for (const line of text.split('\n')) {
			const at = line.indexOf(options.consoleMark);
			if (at >= 0) {
				options.print(line.slice(at + options.consoleMark.length));
			}
		}
	});
	page.on('pageerror', (e) => pageLog.write(`[pageerror] ${e.message}\n`));
	page.on('crash', () => {
		options.print('[host] the workbench page crashed');
		settle(1);
	});

	// If the extension host dies without the workbench reporting it, take its exit code from the server log.
	const watchdog = setInterval(() => {
		const m = /Extension Host Process exited with code: (\d+)/.exec(options.server.output());
		if (m) {
			clearInterval(watchdog);
			setTimeout(() => settle(Number(m[1]) || 1), 30_000).unref();
		}
	}, 1000);
	try {
		await page.goto(
			workbenchUrl(options.server, options.folder, {
				extensionDevelopmentPath: options.extensionDevelopmentPath,
				extensionTestsPath: options.extensionTestsPath,
			}),
			{ waitUntil: 'domcontentloaded', timeout: 120_000 },
		);
		return await exit;
	} finally {
		clearInterval(watchdog);
		await new Promise<void>((resolve) => pageLog.end(() => resolve()));
	}
}
