import * as assert from 'assert';
import { treeFiles } from '../support/enrollTree';
import { type OpenedWorkbench, e2eHost } from './host';

/** `people/person-00/0.png` … : 4 persons of 8 images each. */
function files(): Record<string, Buffer> {
	return Object.fromEntries(treeFiles({ root: 'people', persons: 4, imagesPerPerson: 8 }));
}

describe('Enroll a folder', () => {
	let opened: OpenedWorkbench | undefined;

	before(async () => {
		// ~1 s per call: the enrollment lasts long enough (~10 s) to watch the status bar count up.
		opened = await e2eHost().openWorkbench({ defaultResource: true, emulator: { faults: { latencyMs: 1000 } }, files: files() });
	});

	after(async () => {
		await opened?.close();
	});

	it('right-click a folder → Enroll Folder into Person Group…, a new group in quick picks; the status bar counts up; the tree shows the persons', async () => {
		const { workbench: wb, emulator } = opened!;
		await wb.activityItem('Face Explorer').waitFor({ state: 'visible', timeout: 60_000 });
		await wb.openViewContainer('Explorer');
		const folder = wb.treeItem('people').first();
		await folder.waitFor({ state: 'visible', timeout: 60_000 });
		let items: string[] = [];
		const until = Date.now() + 30_000;
		while (!(items = await wb.contextMenuItems(folder)).includes('Enroll Folder into Person Group…') && Date.now() < until) {
			await new Promise((resolve) => setTimeout(resolve, 1000));
		}
		assert.ok(items.includes('Enroll Folder into Person Group…'), items.join(' | '));
		assert.ok(items.includes('Add Folder to Face List…'), items.join(' | '));

		await wb.contextMenu(folder, 'Enroll Folder into Person Group…');
		await wb.waitForQuickInputTitle('Enroll Folder into Person Group');
		await wb.pickQuickItem(/^Emulator/);
		await wb.pickQuickItem(/^Person Group$/);
		await wb.pickQuickItem(/Create New Person Group…/);
		await wb.waitUntil(async () => /Person Group ID/.test(await wb.quickInputMessage()), 'the ID box');
		await wb.typeInQuickInput('people');
		await wb.waitUntil(async () => /Display name/.test(await wb.quickInputMessage()), 'the name box');
		await wb.typeInQuickInput('People');
		await wb.pickQuickItem(/^recognition_04/);
		await wb.waitForQuickInputClosed();

		const first = await wb.waitForStatusBarText(/Enrolling \d+\/32/);
		await wb.openViewContainer('Face Explorer');
		await wb.expand('Emulator');
		await wb.expand('Person Groups');
		await wb.expand('People');
		const counted = await wb.waitForStatusBarText(/Enrolling ([89]|[12]\d)\/32/);
		await wb.screenshot('enroll-folder-progress');
		const seen = [first, counted].map((t) => Number(/Enrolling (\d+)/.exec(t)?.[1]));
		assert.ok(seen[1] > seen[0], `the status bar counted up: ${seen.join(' → ')}`);
		await wb.waitForNotification(/Enrolled 'people' → 'People': 32 added, 0 already there, 0 skipped, 0 failed\./, 120_000);
		await wb.closeNotificationCenter();

		for (const p of ['person-00', 'person-01', 'person-02', 'person-03']) {
			await wb.treeItem(p).first().waitFor({ state: 'visible', timeout: 30_000 });
			await wb.waitUntil(async () => (await wb.treeItemDescription(p)) === '8 faces', `${p} refreshed at the end: 8 faces`, 30_000);
		}
		await wb.waitForStatusBarText("'people' enrolled: 32 added");
		await wb.screenshot('enroll-folder');
		// A person's faces show the files they came from (remembered as they went in: no call per face).
		await wb.expand('person-00');
		const names = async () => (await wb.page.locator('.part.sidebar .monaco-list-row .label-name').allInnerTexts()).map((t) => t.trim()).filter((t) => /^\d\.png$/.test(t));
		await wb.waitUntil(async () => (await names()).length === 8, "person-00's eight face rows show their file names", 30_000);
		assert.deepStrictEqual((await names()).sort(), ['0.png', '1.png', '2.png', '3.png', '4.png', '5.png', '6.png', '7.png']);
		await wb.screenshot('enroll-face-files');
		const people = (await emulator.control.state()).persongroups.find((c) => c.id === 'people');
		assert.strictEqual(people?.persons, 4);
		assert.strictEqual(people?.faces, 32);
	});
});
