import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { makeTestImage } from '../emulator/images';
import { REPO_ROOT } from '../host/paths';
import { type OpenedWorkbench, e2eHost } from './host';

/** The README's picture of the results panel. */
const README_SCREENSHOT = path.join(REPO_ROOT, 'media', 'screenshots', 'identify-faces.jpg');

describe('Trying a picture from the file Explorer', () => {
	let opened: OpenedWorkbench | undefined;

	before(async () => {
		opened = await e2eHost().openWorkbench({
			defaultResource: true,
			emulator: { seed: 'demo' },
			files: { 'photos/dave-and-friend.png': makeTestImage('visitors/dave', 2, { variant: 11, size: 480 }) },
		});
	});

	after(async () => {
		await opened?.close();
	});

	it('right-click an image → Identify Faces in… → Visitors: the panel draws a box per face, named or unknown, and comes back after a reload without a request', async () => {
		const { workbench: wb, emulator } = opened!;
		await wb.activityItem('Face Explorer').waitFor({ state: 'visible', timeout: 60_000 });
		await wb.openViewContainer('Explorer');
		await wb.expand('photos');
		const image = wb.treeItem('dave-and-friend.png').first();
		await image.waitFor({ state: 'visible', timeout: 60_000 });
		let items: string[] = [];
		const until = Date.now() + 30_000;
		while (!(items = await wb.contextMenuItems(image)).includes('Identify Faces in…') && Date.now() < until) {
			await new Promise((resolve) => setTimeout(resolve, 1000));
		}
		assert.ok(items.includes('Identify Faces in…'), items.join(' | '));
		for (const entry of ['Find Similar in…', 'Verify Against Person…', 'Detect Faces']) {
			assert.ok(items.includes(entry), `${entry} is offered (${items.join(' | ')})`);
		}

		await wb.contextMenu(image, 'Identify Faces in…');
		await wb.waitForQuickInputTitle('Identify the faces in dave-and-friend.png in…');
		await wb.pickQuickItem(/^Emulator/);
		await wb.pickQuickItem(/^Person Group$/);
		await wb.pickQuickItem(/^Visitors/);

		// The panel's page sits two iframes deep (VS Code's webview host, then the content frame).
		const content = () => wb.page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
		const boxes = () => content().locator('svg rect.box');
		await boxes().first().waitFor({ state: 'attached', timeout: 60_000 });
		assert.strictEqual(await boxes().count(), 2, 'a box per face');
		const labels = async () => (await content().locator('svg text.label').allTextContents()).join(' | ');
		assert.match(await labels(), /^1\. Dave Lee \d{2}% \| 2\. unknown$/);
		await wb.waitUntil(async () => (await content().locator('table tbody tr').count()) === 2, 'the table lists both faces');

		// The codicons came with the .vsix (dist/codicons, no node_modules in it) and the page's CSP let their
		// stylesheet and font load: the icons are drawn with the codicon font, not as empty boxes.
		const installed = fs.readdirSync(e2eHost().options.extensionsDir).find((d) => d.startsWith('face-explorer.face-explorer-'));
		assert.ok(installed, 'the .vsix is installed');
		for (const file of ['codicon.css', 'codicon.ttf']) {
			assert.ok(fs.existsSync(path.join(e2eHost().options.extensionsDir, installed, 'dist', 'codicons', file)), `the .vsix holds dist/codicons/${file}`);
		}
		const body = content().locator('body');
		await wb.waitUntil(
			() => body.evaluate(async () => {
				await document.fonts.ready;
				let loaded = false;
				document.fonts.forEach((f) => (loaded ||= f.family.replace(/"/g, '') === 'codicon' && f.status === 'loaded'));
				return loaded;
			}),
			'the codicon font to load in the panel',
		);
		const glyph = await content().locator('#copy .codicon-copy').evaluate((e) => {
			const before = getComputedStyle(e, '::before');
			return { content: before.content, font: before.fontFamily, width: e.getBoundingClientRect().width };
		});
		assert.deepStrictEqual({ content: glyph.content, font: glyph.font }, { content: '"\uebcc"', font: 'codicon' }, 'Copy as JSON shows the copy codicon');
		assert.ok(glyph.width >= 14, `the copy icon is drawn (${glyph.width}px wide)`);
		assert.strictEqual(await content().locator('.meta .codicon-organization').count(), 1, 'the header shows the Person Group icon, as the tree does');
		assert.strictEqual(await content().locator('td .codicon-question').count(), 1, 'the unknown face is marked with a question mark');
		const candidate = content().getByRole('button', { name: 'Dave Lee: show in the Face Explorer view' });
		assert.strictEqual(await candidate.locator('.codicon-person').count(), 1, 'the candidate is a person, with its label for screen readers');
		await wb.screenshot('identify-faces-panel');
		// The README's copy as a JPEG: the test picture's pixel noise makes a PNG of it half a megabyte.
		fs.mkdirSync(path.dirname(README_SCREENSHOT), { recursive: true });
		await wb.page.screenshot({ path: README_SCREENSHOT, type: 'jpeg', quality: 80 });

		const recognition = async () => {
			const r = (await emulator.control.counters()).requests;
			return (r['POST /detect'] ?? 0) + (r['POST /identify'] ?? 0) + (r['GET /persongroups/{personGroupId}/persons/{personId}'] ?? 0);
		};
		const before = await recognition();
		assert.ok(before >= 2, 'detect and identify were called');
		// Reload as a person does (Developer: Reload Window): the workbench saves its editors, then reloads the page.
		const errors: string[] = [];
		wb.page.on('pageerror', (e) => errors.push(e.message));
		const reloaded = wb.page.waitForEvent('load', { timeout: 90_000 });
		await wb.runCommand('Developer: Reload Window');
		await reloaded;
		await wb.waitForReady();
		await boxes().first().waitFor({ state: 'attached', timeout: 90_000 });
		assert.match(await labels(), /^1\. Dave Lee \d{2}% \| 2\. unknown$/, 'restored with its last result');
		assert.deepStrictEqual(errors, [], 'no script error in the page');
		await wb.screenshot('identify-faces-restored');
		assert.strictEqual(await recognition(), before, 'the restored panel asked the service nothing');

		// A click on the candidate shows the person in the Face Explorer view.
		await content().locator('button.match', { hasText: 'Dave Lee' }).click();
		const row = wb.treeItem('Dave Lee').first();
		await row.waitFor({ state: 'visible', timeout: 60_000 });
		await wb.waitUntil(async () => (await row.getAttribute('aria-selected')) === 'true', 'Dave Lee selected in the tree');
		await wb.screenshot('identify-faces-revealed');
	});
});
