/**
 * `npm run bench:activation`: Face Explorer's activation as VS Code itself measures it, in the real workbench
 * (code-server's VS Code 1.139.1 in Chromium, face-explorer.vsix installed), over several fresh windows.
 *
 * What is read: the *Developer: Show Running Extensions* editor of each window, whose figure is VS Code's own
 * `activationTimes.codeLoadingTime + activateCallTime` (the time to load the main module plus the time
 * `activate()` ran until it returned). Side by side in the same windows: two small built-ins (Merge Conflict,
 * activated on startup; Configuration Editing, activated by opening the user settings.json) and an empty extension (`activate() {}`, onStartupFinished
 * like Face Explorer) packaged on the fly into the same extensions dir: the floor of any activation here.
 *
 * Each window is a new tab on the same server and browser profile (so the same globalState: one resource,
 * added through the UI in a warm-up window that is not counted), on a folder of its own, with its own
 * extension host. Also checked in each window: the emulator received no request while the window opened and
 * activated (no training in flight), and the Face bundle (dist/face.js) is not in the extension host's module
 * cache (read through the inspector after the figures are taken).
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Page } from 'playwright-core';
import { runMain, type Session } from '../host/session';
import { REPO_ROOT } from '../host/paths';
import { Inspector, type BenchRow, benchHost, emptyExtensionVsix, extensionHostPids, median, newExtensionHost, printRows } from './workbenchHost';

const WINDOWS = Number(process.env.FACE_BENCH_WINDOWS) || 7;
const FACE = 'Face Explorer for Azure AI Face';
const EMPTY = 'Empty Extension';
const FACE_ID = 'face-explorer.face-explorer';
const EMPTY_ID = 'face-explorer-bench.empty-extension';
const BUILT_INS = ['Merge Conflict', 'Configuration Editing'];
const WATCHED = [FACE, EMPTY, ...BUILT_INS];
const BUNDLE_LIMIT_KB = 150;

async function command(page: Page, title: string): Promise<void> {
	await page.keyboard.press('F1');
	const input = page.locator('.quick-input-widget .quick-input-box input');
	await input.waitFor({ state: 'visible', timeout: 60_000 });
	await input.fill(`>${title}`);
	const item = page.locator('.quick-input-list .monaco-list-row').filter({ hasText: title }).first();
	await item.waitFor({ state: 'visible', timeout: 60_000 });
	await item.click();
}

/** Opens Show Running Extensions and reads `name → ms` once every watched extension has a figure. */
async function runningExtensionTimes(page: Page): Promise<Map<string, number>> {
	// Configuration Editing activates on JSON: the user settings.json is one.
	await command(page, 'Preferences: Open User Settings (JSON)');
	await page.locator('.monaco-editor').first().waitFor({ state: 'visible', timeout: 60_000 });
	await command(page, 'Developer: Show Running Extensions');
	const list = page.locator('.runtime-extensions-editor .monaco-list').first();
	await list.waitFor({ state: 'visible', timeout: 60_000 });
	const deadline = Date.now() + 60_000;
	const times = new Map<string, number>();
	let rows: { name: string; time: string }[] = [];
	for (let step = 0; ; step++) {
		// The list is virtual (only the rows in view exist): scroll through it, a few rows at a time.
		rows = await page.evaluate(() =>
			Array.from(document.querySelectorAll('.runtime-extensions-editor .extension')).map((e) => ({
				name: e.querySelector('.name')?.textContent?.trim() ?? '',
				time: e.querySelector('.activation-time')?.textContent?.trim() ?? '',
			})),
		);
		for (const r of rows) {
			const m = /Activation: (\d+)ms/.exec(r.time);
			if (m && !times.has(r.name)) {
				times.set(r.name, Number(m[1]));
			}
		}
		if (WATCHED.every((n) => times.has(n))) {
			return times;
		}
		await list.hover();
		await page.mouse.wheel(0, step % 8 === 7 ? -5000 : 200);
		if (Date.now() > deadline) {
			await page.screenshot({ path: path.join(REPO_ROOT, 'test-results', 'bench', 'activation', 'running-extensions.png') });
			throw new Error(`Show Running Extensions did not list ${WATCHED.filter((n) => !times.has(n)).join(', ')} with a time; it showed: ${JSON.stringify(rows)}`);
		}
		await page.waitForTimeout(250);
	}
}

interface HostFacts {
	/** Whether dist/face.js is in the extension host's module cache. */
	faceLoaded: boolean;
	/** Whether a lazy bundle is (dist/commands.js, images.js, enroll.js: loaded on the first command, picture, enrollment). */
	commandsLoaded: boolean;
	/** Extension id → ms between VS Code's `willLoadExtensionCode` and `didLoadExtensionCode` marks (the `require`). */
	codeLoading: Record<string, number>;
}

/** What the extension host `pid` knows, read through its inspector once the figures are taken. */
async function hostFacts(pid: number): Promise<HostFacts> {
	const inspector = await Inspector.attach(pid);
	try {
		const res = await inspector.send<{ result: { value: HostFacts } }>('Runtime.evaluate', {
			expression: `(() => {
				const loaded = (file) => Object.keys(require('module')._cache).some((f) => f.endsWith(file));
				const faceLoaded = loaded(${JSON.stringify(`${path.sep}dist${path.sep}face.js`)});
				const commandsLoaded = ${JSON.stringify(['commands', 'images', 'enroll'].map((b) => `${path.sep}dist${path.sep}${b}.js`))}.some(loaded);
				const WILL = 'code/extHost/willLoadExtensionCode/';
				const marks = globalThis.MonacoPerformanceMarks?.getMarks() ?? [];
				const at = (name) => marks.find((m) => m.name === name)?.startTime;
				const codeLoading = {};
				for (const m of marks) {
					const id = m.name.startsWith(WILL) ? m.name.slice(WILL.length) : undefined;
					const end = id && at('code/extHost/didLoadExtensionCode/' + id);
					if (end !== undefined) codeLoading[id] = Math.round(end - m.startTime);
				}
				return { faceLoaded, commandsLoaded, codeLoading };
			})()`,
			includeCommandLineAPI: true,
			returnByValue: true,
		});
		if (!res.result || res.result.value === undefined) {
			throw new Error(`Reading the extension host failed: ${JSON.stringify(res)}`);
		}
		return res.result.value;
	} finally {
		inspector.close();
	}
}

async function main(session: Session): Promise<number> {
	const started = Date.now();
	const empty = await emptyExtensionVsix(session);
	const host = await benchHost(session, 'activation', [empty]);
	process.stderr.write('… warm-up window: adding the emulator as a resource through the UI\n');
	const opened = await host.openWorkbench({ defaultResource: true });
	const marker = `FACE_EMULATOR_ENDPOINT=${opened.emulator.endpoint}`;
	const samples = new Map<string, number[]>(WATCHED.map((n) => [n, []]));
	const requestsPerWindow: number[] = [];
	const faceLoaded: boolean[] = [];
	const commandsLoaded: boolean[] = [];
	const codeLoading = new Map<string, number[]>([[FACE, []], [EMPTY, []]]);
	for (let i = 0; i < WINDOWS; i++) {
		process.stderr.write(`… window ${i + 1}/${WINDOWS}\n`);
		const known = extensionHostPids(marker);
		await opened.emulator.control.resetCounters();
		const win = await opened.openWindow();
		try {
			const pid = await newExtensionHost(marker, known);
			const times = await runningExtensionTimes(win.workbench.page);
			for (const n of WATCHED) {
				samples.get(n)!.push(times.get(n)!);
			}
			requestsPerWindow.push((await opened.emulator.control.requests()).length);
			const facts = await hostFacts(pid);
			faceLoaded.push(facts.faceLoaded);
			commandsLoaded.push(facts.commandsLoaded);
			for (const [n, id] of [[FACE, FACE_ID], [EMPTY, EMPTY_ID]]) {
				codeLoading.get(n)!.push(facts.codeLoading[id] ?? NaN);
			}
		} finally {
			await win.close();
		}
	}
	const bundleKb = fs.statSync(path.join(REPO_ROOT, 'dist', 'extension.js')).size / 1024;

	const med = (n: string) => median(samples.get(n)!);
	const builtInMedian = median(BUILT_INS.flatMap((n) => samples.get(n)!));
	const overhead = med(FACE) - med(EMPTY);
	console.log(`\nActivation as VS Code measures it (Show Running Extensions: code loading + activate call), ${WINDOWS} fresh windows, ms:`);
	for (const n of WATCHED) {
		console.log(`  ${n.padEnd(34)} median ${String(med(n)).padStart(4)}   all: ${samples.get(n)!.join(', ')}`);
	}
	console.log('Of which code loading (the require of the main module, between VS Code\'s own load marks), ms:');
	for (const [n, values] of codeLoading) {
		console.log(`  ${n.padEnd(34)} median ${String(median(values)).padStart(4)}   all: ${values.join(', ')}`);
	}
	console.log('');
	const rows: BenchRow[] = [
		{ what: 'Face Explorer activation, median (ms)', value: `${med(FACE)}`, target: `≤ built-ins' median ${builtInMedian}`, pass: med(FACE) <= builtInMedian },
		{ what: 'overhead above the empty extension (ms)', value: `${overhead}`, target: `Face ${med(FACE)} − empty ${med(EMPTY)}`, pass: undefined },
		{ what: 'of which code loading, Face − empty (ms)', value: `${median(codeLoading.get(FACE)!) - median(codeLoading.get(EMPTY)!)}`, target: '', pass: undefined },
		{ what: 'Face / empty extension (ratio)', value: (med(FACE) / med(EMPTY)).toFixed(2), target: '', pass: undefined },
		{ what: 'Face / built-ins (ratio)', value: (med(FACE) / builtInMedian).toFixed(2), target: '≤ 1.00', pass: med(FACE) <= builtInMedian },
		{ what: 'Face requests while a window activates', value: `${Math.max(...requestsPerWindow)}`, target: '0 (no training in flight)', pass: requestsPerWindow.every((n) => n === 0) },
		{ what: 'dist/face.js loaded at activation', value: faceLoaded.some(Boolean) ? 'yes' : 'no', target: 'no', pass: !faceLoaded.some(Boolean) },
		{ what: 'dist/commands|images|enroll.js loaded at activation', value: commandsLoaded.some(Boolean) ? 'yes' : 'no', target: 'no', pass: !commandsLoaded.some(Boolean) },
		{ what: 'dist/extension.js (KB)', value: bundleKb.toFixed(1), target: `≤ ${BUNDLE_LIMIT_KB}`, pass: bundleKb <= BUNDLE_LIMIT_KB },
	];
	printRows(rows);
	console.log(`(wall time ${((Date.now() - started) / 1000).toFixed(0)} s)`);
	return rows.some((r) => r.pass === false) ? 1 : 0;
}

runMain('bench:activation', main, { timeoutMs: 20 * 60_000 });
