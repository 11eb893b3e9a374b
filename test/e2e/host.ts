// The e2e host: what runE2e prepared (code-server, Chromium, the installed .vsix), shared with the
// scenarios. Each scenario opens its own workbench: a fresh emulator, code-server and browser context.
import * as fs from 'fs';
import * as path from 'path';
import type { Browser } from 'playwright-core';
import type { Emulator, EmulatorOptions } from '../emulator/server';
import { type CodeServer, startCodeServer, tempDir, workbenchUrl } from '../host/codeServer';
import { emulatorEnv } from '../host/emulator';
import type { HostTools } from '../host/provision';
import { startEmulator } from '../emulator/server';
import { Workbench } from './workbench';

export interface E2eHostOptions {
	tools: HostTools;
	browser: Browser;
	/** Extensions dir holding the installed .vsix. */
	extensionsDir: string;
	/** Screenshots and logs go here (test-results/e2e). */
	resultsDir: string;
}

export interface OpenWorkbenchOptions {
	/** Emulator options (default: profile s0, no data). */
	emulator?: EmulatorOptions;
	/**
	 * Start with the emulator configured as a resource 'Emulator' (default false: first run). The installed
	 * extension runs in production mode, which ignores FACE_EXPLORER_DEFAULT_RESOURCE, so it is added the way a
	 * person adds one: Add Face Resource, its six steps typed into the workbench.
	 */
	defaultResource?: boolean;
	/** Files to put into the opened workspace folder (relative path → content). */
	files?: Record<string, string | Buffer>;
	/** Extra user settings. */
	settings?: Record<string, unknown>;
}

/** A running workbench with its own emulator and server. */
export interface OpenedWorkbench {
	readonly workbench: Workbench;
	readonly emulator: Emulator;
	readonly server: CodeServer;
	readonly folder: string;
	/**
	 * Opens another window of the same person: a new tab in the same browser profile on the same server (so
	 * the same globalState and SecretStorage, like a second VS Code window), on a folder of its own (its own
	 * workspaceState). Closed with the workbench, or earlier by its own `close`.
	 */
	openWindow(): Promise<OtherWindow>;
	close(): Promise<void>;
}

/** A second window opened by `OpenedWorkbench.openWindow`. */
export interface OtherWindow {
	readonly workbench: Workbench;
	readonly folder: string;
	close(): Promise<void>;
}

export class E2eHost {
	private current: OpenedWorkbench | undefined;

	constructor(readonly options: E2eHostOptions) {}

	/** The workbench opened last (screenshots on failure use it). */
	get active(): OpenedWorkbench | undefined {
		return this.current;
	}

	async openWorkbench(options: OpenWorkbenchOptions = {}): Promise<OpenedWorkbench> {
		const cleanups: (() => Promise<void> | void)[] = [];
		const close = async (): Promise<void> => {
			for (const fn of cleanups.reverse()) {
				try {
					await fn();
				} catch (e) {
					console.error(`[e2e] cleanup failed: ${e instanceof Error ? e.message : String(e)}`);
				}
			}
			cleanups.length = 0;
			if (this.current?.close === close) {
				this.current = undefined;
			}
		};
		try {
			const emulator = await startEmulator({ port: 0, profile: 's0', seed: 'none', ...options.emulator });
			cleanups.push(() => emulator.close());
			const folder = tempDir('e2e-workspace');
			cleanups.push(() => fs.rmSync(folder, { recursive: true, force: true }));
			for (const [rel, content] of Object.entries(options.files ?? {})) {
				fs.mkdirSync(path.dirname(path.join(folder, rel)), { recursive: true });
				fs.writeFileSync(path.join(folder, rel), content);
			}
			const serverLog = fs.createWriteStream(path.join(this.options.resultsDir, 'code-server.log'), { flags: 'a' });
			cleanups.push(() => new Promise<void>((resolve) => serverLog.end(() => resolve())));
			const server = await startCodeServer({
				tools: this.options.tools,
				folder,
				extensionsDir: this.options.extensionsDir,
				env: emulatorEnv(emulator),
				// One log line per editor line, so outputLines() reads whole lines.
				settings: { '[Log]': { 'editor.wordWrap': 'off' }, ...options.settings },
				onOutput: (line) => serverLog.write(line + '\n'),
			});
			cleanups.push(() => server.stop());
			const context = await this.options.browser.newContext({ viewport: { width: 1280, height: 800 } });
			cleanups.push(() => context.close());
			const page = await context.newPage();
			const workbench = new Workbench(page, this.options.resultsDir);
			await page.goto(workbenchUrl(server, folder), { waitUntil: 'domcontentloaded', timeout: 120_000 });
			await workbench.waitForReady();
			if (options.defaultResource) {
				await addResourceThroughUi(workbench, emulator, 'Emulator');
			}
			const openWindow = async (): Promise<OtherWindow> => {
				const otherFolder = tempDir('e2e-workspace');
				cleanups.push(() => fs.rmSync(otherFolder, { recursive: true, force: true }));
				const otherPage = await context.newPage();
				const closeOther = async (): Promise<void> => {
					if (!otherPage.isClosed()) {
						await otherPage.close();
					}
				};
				cleanups.push(closeOther);
				const other = new Workbench(otherPage, this.options.resultsDir);
				await otherPage.goto(workbenchUrl(server, otherFolder), { waitUntil: 'domcontentloaded', timeout: 120_000 });
				await other.waitForReady();
				return { workbench: other, folder: otherFolder, close: closeOther };
			};
			this.current = { workbench, emulator, server, folder, openWindow, close };
			return this.current;
		} catch (e) {
			await close();
			throw e;
		}
	}
}

/** Add Face Resource from the welcome view, as a person does: endpoint, name, v1.2, API key, the key, S0. */
export async function addResourceThroughUi(wb: Workbench, emulator: Emulator, label: string): Promise<void> {
	await wb.openViewContainer('Face Explorer');
	await wb.welcomeButton('Add Face Resource').click();
	await wb.waitForQuickInputTitle(/\(1\/6\)/);
	await wb.typeInQuickInput(emulator.endpoint);
	await wb.waitForQuickInputTitle(/\(2\/6\)/);
	await wb.typeInQuickInput(label);
	await wb.waitForQuickInputTitle(/\(3\/6\)/);
	await wb.pickQuickItem('v1.2');
	await wb.waitForQuickInputTitle(/\(4\/6\)/);
	await wb.pickQuickItem('API key');
	await wb.waitForQuickInputTitle(/\(5\/6\)/);
	await wb.typeInQuickInput(emulator.key);
	await wb.waitForQuickInputTitle(/\(6\/6\)/);
	await wb.pickQuickItem('S0');
	await wb.waitForQuickInputClosed();
	await wb.treeItem(label).first().waitFor({ state: 'visible', timeout: 60_000 });
	await wb.waitForNotification(`Added Face resource '${label}'.`);
	await wb.closeNotificationCenter();
	await emulator.control.resetCounters();
}

let host: E2eHost | undefined;

export function setE2eHost(value: E2eHost | undefined): void {
	host = value;
}

/** The host runE2e set up; scenarios call this in `before`. */
export function e2eHost(): E2eHost {
	if (!host) {
		throw new Error('The e2e scenarios run through `npm run test:e2e` (out/test/host/runE2e.js), which sets up the host.');
	}
	return host;
}
