import { chromium, type Browser } from 'playwright-core';
import type { HostTools } from './provision';

/** Flags that let Debian's Chromium run headless as root, offline and quiet. */
export const CHROMIUM_ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-dev-shm-usage',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--no-first-run',
];

export function launchBrowser(tools: HostTools): Promise<Browser> {
	return chromium.launch({
		executablePath: tools.chromium,
		headless: process.env.FACE_TEST_HEADED !== '1',
		args: CHROMIUM_ARGS,
		timeout: 120_000,
	});
}
