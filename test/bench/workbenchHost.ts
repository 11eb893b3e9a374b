/**
 * What the workbench benches (activation.ts, scale.ts) share: the e2e host (code-server's VS Code in Debian
 * Chromium, the packaged face-explorer.vsix installed, plus any other .vsix), the extension host's process
 * found by the emulator endpoint in its environment, its heap read through the inspector after a GC, and the
 * workbench's long tasks.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Page } from 'playwright-core';
import { WebSocket } from 'undici';
import { E2eHost } from '../e2e/host';
import { launchBrowser } from '../host/browser';
import { installExtension, tempDir } from '../host/codeServer';
import { REPO_ROOT, testResultsDir } from '../host/paths';
import { run, sleep } from '../host/proc';
import { provisionHost } from '../host/provision';
import type { Session } from '../host/session';

export const VSIX = path.join(REPO_ROOT, 'face-explorer.vsix');

/** The e2e host with face-explorer.vsix and `extraVsix` installed in one fresh extensions dir. */
export async function benchHost(session: Session, name: string, extraVsix: string[] = []): Promise<E2eHost> {
	if (!fs.existsSync(VSIX)) {
		throw new Error(`${VSIX} is missing: run \`npm run package\` first (npm run bench:${name} does).`);
	}
	const tools = await provisionHost();
	const resultsDir = testResultsDir('bench', name);
	fs.mkdirSync(resultsDir, { recursive: true });
	const extensionsDir = tempDir(`bench-${name}-extensions`);
	session.add('extensions dir', () => fs.rmSync(extensionsDir, { recursive: true, force: true }));
	for (const vsix of [VSIX, ...extraVsix]) {
		await installExtension(tools, vsix, extensionsDir);
	}
	const browser = await launchBrowser(tools);
	session.add('chromium', () => browser.close());
	const host = new E2eHost({ tools, browser, extensionsDir, resultsDir });
	session.add('open workbench', () => host.active?.close());
	return host;
}

/**
 * Packages an extension that does nothing (`activate() {}`, activated on startup like Face Explorer) into a
 * .vsix: the floor of what any extension's activation costs in this host.
 */
export async function emptyExtensionVsix(session: Session): Promise<string> {
	const dir = tempDir('bench-empty-extension');
	session.add('empty extension', () => fs.rmSync(dir, { recursive: true, force: true }));
	const manifest = {
		name: 'empty-extension',
		displayName: 'Empty Extension',
		description: 'Activates and does nothing (the Face Explorer activation bench).',
		version: '0.0.1',
		publisher: 'face-explorer-bench',
		license: 'MIT',
		repository: { type: 'git', url: 'https://example.invalid/empty-extension.git' },
		engines: { vscode: '^1.90.0' },
		activationEvents: ['onStartupFinished'],
		main: './extension.js',
	};
	fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(manifest, null, '\t'));
	fs.writeFileSync(path.join(dir, 'extension.js'), "'use strict';\nexports.activate = function () {};\nexports.deactivate = function () {};\n");
	fs.writeFileSync(path.join(dir, 'LICENSE'), 'MIT\n');
	fs.writeFileSync(path.join(dir, 'README.md'), '# Empty extension\n\nThe floor of an activation, for the Face Explorer activation bench.\n');
	const out = path.join(dir, 'empty-extension.vsix');
	const vsce = path.join(REPO_ROOT, 'node_modules', '.bin', 'vsce');
	const result = await run(vsce, ['package', '--no-dependencies', '--out', out], { cwd: dir });
	if (result.code !== 0 || !fs.existsSync(out)) {
		throw new Error(`Packaging the empty extension failed (exit ${result.code}):\n${result.output}`);
	}
	return out;
}

function startTicks(pid: number): number {
	// Field 22 of /proc/PID/stat (after the parenthesised name).
	const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
	return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
}

/** Extension hosts whose environment holds `marker` (e.g. `FACE_EMULATOR_ENDPOINT=…`), newest first. */
export function extensionHostPids(marker: string): number[] {
	const found: number[] = [];
	for (const entry of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) {
			continue;
		}
		try {
			const cmd = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8');
			if (!cmd.includes('--type=extensionHost')) {
				continue;
			}
			const env = fs.readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0');
			if (env.includes(marker)) {
				found.push(Number(entry));
			}
		} catch {
			// gone, or not ours to read
		}
	}
	return found.sort((a, b) => startTicks(b) - startTicks(a));
}

/** Waits for the extension host of a window just opened (one not in `known`). */
export async function newExtensionHost(marker: string, known: readonly number[], timeoutMs = 60_000): Promise<number> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		const pid = extensionHostPids(marker).find((p) => !known.includes(p));
		if (pid) {
			return pid;
		}
		await sleep(200);
	}
	throw new Error('No new extension host appeared.');
}

/** Resident memory of a process, MB. */
export function rssMb(pid: number): number {
	const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
	return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024;
}

interface SamplingNode {
	callFrame: { functionName: string; url: string };
	selfSize: number;
	children: SamplingNode[];
}

/** A DevTools-protocol session with a Node process whose inspector was opened by SIGUSR1. */
export class Inspector {
	private nextId = 1;
	private readonly pending = new Map<number, (v: unknown) => void>();

	private constructor(private readonly ws: WebSocket) {
		ws.addEventListener('message', (e) => {
			const msg = JSON.parse(String(e.data)) as { id?: number; result?: unknown; error?: unknown };
			if (msg.id !== undefined) {
				this.pending.get(msg.id)?.(msg.error ? Promise.reject(new Error(JSON.stringify(msg.error))) : msg.result);
				this.pending.delete(msg.id);
			}
		});
	}

	/** Opens the inspector of `pid` (SIGUSR1: Node listens on 127.0.0.1:9229) and connects to it. */
	static async attach(pid: number): Promise<Inspector> {
		process.kill(pid, 'SIGUSR1');
		const deadline = Date.now() + 10_000;
		let lastError: unknown;
		while (Date.now() < deadline) {
			try {
				const targets = (await (await fetch('http://127.0.0.1:9229/json/list')).json()) as { webSocketDebuggerUrl: string }[];
				const ws = new WebSocket(targets[0].webSocketDebuggerUrl);
				await new Promise<void>((resolve, reject) => {
					ws.addEventListener('open', () => resolve());
					ws.addEventListener('error', () => reject(new Error('inspector WebSocket failed')));
				});
				const inspector = new Inspector(ws);
				// Port 9229 may still be held by another process's inspector: make sure this is `pid`.
				const who = await inspector.send<{ result: { value: number } }>('Runtime.evaluate', { expression: 'process.pid', returnByValue: true });
				if (who.result.value !== pid) {
					ws.close();
					throw new Error(`127.0.0.1:9229 is the inspector of process ${who.result.value}, not ${pid}`);
				}
				return inspector;
			} catch (e) {
				lastError = e;
				await sleep(200);
			}
		}
		throw new Error(`The inspector of process ${pid} did not open on 127.0.0.1:9229: ${String(lastError)}`);
	}

	send<T>(method: string, params: Record<string, unknown> = {}): Promise<T> {
		const id = this.nextId++;
		this.ws.send(JSON.stringify({ id, method, params }));
		return new Promise<T>((resolve) => this.pending.set(id, resolve as (v: unknown) => void));
	}

	/** JS heap in use after a full GC, MB. */
	async heapAfterGcMb(): Promise<number> {
		await this.send('HeapProfiler.enable');
		await this.send('HeapProfiler.collectGarbage');
		await this.send('HeapProfiler.collectGarbage');
		const usage = await this.send<{ usedSize: number }>('Runtime.getHeapUsage');
		return usage.usedSize / 2 ** 20;
	}

	/** Starts V8's sampling heap profiler (what it reports at stop is what is still alive, by allocation site). */
	async startHeapSampling(): Promise<void> {
		await this.send('HeapProfiler.enable');
		await this.send('HeapProfiler.startSampling', { samplingInterval: 4096 });
	}

	/** After a full GC: the live sampled bytes by allocating script (file name), MB, largest first. */
	async stopHeapSampling(): Promise<[string, number][]> {
		await this.send('HeapProfiler.collectGarbage');
		const { profile } = await this.send<{ profile: { head: SamplingNode } }>('HeapProfiler.stopSampling');
		const byScript = new Map<string, number>();
		const walk = (n: SamplingNode, inherited: string | undefined): void => {
			const file = n.callFrame.url ? n.callFrame.url.split('/').slice(-2).join('/') : inherited ?? '(native)';
			byScript.set(file, (byScript.get(file) ?? 0) + n.selfSize);
			for (const c of n.children) {
				walk(c, file);
			}
		};
		walk(profile.head, undefined);
		return [...byScript].map(([f, b]): [string, number] => [f, b / 2 ** 20]).sort((a, b) => b[1] - a[1]);
	}

	/** Disconnects and closes the process's inspector (freeing port 9229 for the next one). */
	close(): void {
		this.ws.send(JSON.stringify({ id: this.nextId++, method: 'Runtime.evaluate', params: { expression: 'setTimeout(() => process._debugEnd(), 50), 0' } }));
		setTimeout(() => this.ws.close(), 20);
	}
}

/** Starts collecting the workbench's long tasks (main-thread tasks over 50 ms, as Chromium reports them). */
export async function watchLongTasks(page: Page): Promise<void> {
	await page.evaluate(() => {
		const w = window as unknown as { __longTasks?: number[] };
		if (w.__longTasks) {
			return;
		}
		w.__longTasks = [];
		new PerformanceObserver((list) => {
			for (const e of list.getEntries()) {
				w.__longTasks!.push(e.duration);
			}
		}).observe({ type: 'longtask', buffered: false });
	});
}

/** The long tasks since the last call (durations, ms), and clears them. */
export async function takeLongTasks(page: Page): Promise<number[]> {
	return page.evaluate(() => {
		const w = window as unknown as { __longTasks?: number[] };
		const out = w.__longTasks ?? [];
		w.__longTasks = [];
		return out;
	});
}

export function median(values: readonly number[]): number {
	const s = [...values].sort((a, b) => a - b);
	const mid = s.length >> 1;
	return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** One printed row: what, the measured value, the target, PASS/FAIL. */
export interface BenchRow {
	readonly what: string;
	readonly value: string;
	readonly target: string;
	readonly pass: boolean | undefined;
}

export function printRows(rows: readonly BenchRow[]): void {
	const w = [Math.max(...rows.map((r) => r.what.length), 4), Math.max(...rows.map((r) => r.value.length), 8), Math.max(...rows.map((r) => r.target.length), 6)];
	console.log(`${'row'.padEnd(w[0])}  ${'measured'.padStart(w[1])}  ${'target'.padEnd(w[2])}  result`);
	console.log('-'.repeat(w[0] + w[1] + w[2] + 14));
	for (const r of rows) {
		console.log(`${r.what.padEnd(w[0])}  ${r.value.padStart(w[1])}  ${r.target.padEnd(w[2])}  ${r.pass === undefined ? 'info' : r.pass ? 'PASS' : 'FAIL'}`);
	}
}
