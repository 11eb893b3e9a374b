// `npm start -- --smoke`: opens what `npm start` serves in Debian's Chromium, as a person would, and
// checks the product is there: the Face Explorer view with the demo resource, its four kind folders
// and the demo's trained Person Group. Saves a screenshot; throws with the reason on any failure.
import * as fs from 'fs';
import * as path from 'path';
import { Workbench } from '../e2e/workbench';
import { launchBrowser } from './browser';
import { REPO_ROOT, testResultsDir } from './paths';
import type { HostTools } from './provision';
import { hostLog } from './provision';
import type { Session } from './session';

export const KIND_FOLDERS = ['Person Groups', 'Large Person Groups', 'Face Lists', 'Large Face Lists'];

export interface SmokeTarget {
	tools: HostTools;
	/** The URL `npm start` printed. */
	url: string;
	/** The label the demo resource has in the tree. */
	resourceLabel: string;
	/** A Person Group the demo data has trained (label in the tree). */
	trainedGroup: string;
}

interface Check {
	name: string;
	run: () => Promise<void>;
}

/** Runs the checks in order; prints one line each and a closing "N passed, N failed" line. Throws on the first failure. */
export async function smokeCheck(session: Session, target: SmokeTarget): Promise<void> {
	const resultsDir = testResultsDir('smoke');
	fs.rmSync(resultsDir, { recursive: true, force: true });
	fs.mkdirSync(resultsDir, { recursive: true });
	const browser = await launchBrowser(target.tools);
	session.add('smoke browser', () => browser.close());
	const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
	const wb = new Workbench(page, resultsDir);
	const group = (): ReturnType<Workbench['treeItem']> => wb.treeItem(target.trainedGroup).first();

	const checks: Check[] = [
		{
			name: 'the printed URL opens the workbench',
			run: async () => {
				await page.goto(target.url, { waitUntil: 'domcontentloaded', timeout: 120_000 });
				await wb.waitForReady();
			},
		},
		{
			name: 'the activity bar has Face Explorer and its view opens',
			run: async () => {
				await wb.openViewContainer('Face Explorer');
			},
		},
		{
			name: `the view shows the demo resource "${target.resourceLabel}"`,
			run: async () => {
				await wb.treeItem(target.resourceLabel).first().waitFor({ state: 'visible', timeout: 60_000 });
			},
		},
		{
			name: `the resource has the four kind folders (${KIND_FOLDERS.join(', ')})`,
			run: async () => {
				await wb.expand(target.resourceLabel);
				for (const folder of KIND_FOLDERS) {
					await wb.treeItem(folder).first().waitFor({ state: 'visible', timeout: 60_000 });
				}
			},
		},
		{
			name: `Person Groups lists "${target.trainedGroup}" as trained`,
			run: async () => {
				await wb.expand('Person Groups');
				await group().waitFor({ state: 'visible', timeout: 60_000 });
				await wb.waitUntil(async () => /^trained\b/.test(await wb.treeItemDescription(target.trainedGroup)), `"${target.trainedGroup}" to show its training state`);
			},
		},
	];

	let passed = 0;
	try {
		for (const check of checks) {
			try {
				await check.run();
			} catch (e) {
				const shot = await wb.screenshot('smoke-FAILED').catch(() => undefined);
				const reason = e instanceof Error ? e.message.split('\n')[0] : String(e);
				console.log(`  ✘ ${check.name}`);
				throw new Error(`smoke check failed: ${check.name}: ${reason}${shot ? ` (screenshot: ${path.relative(REPO_ROOT, shot)})` : ''}`);
			}
			passed++;
			console.log(`  ✔ ${check.name}`);
		}
		const shot = await wb.screenshot('start-smoke');
		hostLog(`smoke: "${target.trainedGroup}" shows "${await wb.treeItemDescription(target.trainedGroup)}"; screenshot ${path.relative(REPO_ROOT, shot)}`);
	} finally {
		console.log(`${passed} passed, ${passed === checks.length ? 0 : 1} failed`);
	}
}
