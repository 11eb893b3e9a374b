import * as assert from 'assert';
import { treeFiles } from '../support/enrollTree';
import { type OpenedWorkbench, e2eHost } from './host';

/** `people/person-00/0.png` … : 4 persons of 6 images each. */
function files(): Record<string, Buffer> {
	return Object.fromEntries(treeFiles({ root: 'people', persons: 4, imagesPerPerson: 6 }));
}

describe('Enroll a folder', () => {
	let opened: OpenedWorkbench | undefined;

	before(async () => {
		// ~250 ms per call: the enrollment lasts long enough to watch the status bar count up.
		opened = await e2eHost().openWorkbench({ defaultResource: true, emulator: { faults: { latencyMs: 250 } }, files: files() });
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
		await wb.typeInQuickInput('people');
		await wb.typeInQuickInput('People');
		await wb.pickQuickItem(/^recognition_04/);
		await wb.waitForQuickInputClosed();

		const first = await wb.waitForStatusBarText(/Enrolling \d+\/24/);
		await wb.openViewContainer('Face Explorer');
		await wb.expand('Emulator');
		await wb.expand('Person Groups');
		const counted = await wb.waitForStatusBarText(/Enrolling (\d+)\/24/);
		await wb.screenshot('enroll-folder-progress');
		const seen = [first, counted].map((t) => Number(/Enrolling (\d+)/.exec(t)?.[1]));
		await wb.waitForNotification(/Enrolled 'people' → 'People': 24 added, 0 already there, 0 skipped, 0 failed\./, 120_000);
		assert.ok(seen.every((n) => n < 24), `the status bar showed the count while it ran: ${seen.join(', ')}`);
		await wb.closeNotificationCenter();

		await wb.expand('People');
		for (const p of ['person-00', 'person-01', 'person-02', 'person-03']) {
			await wb.treeItem(p).first().waitFor({ state: 'visible', timeout: 30_000 });
		}
		await wb.expand('person-00');
		await wb.screenshot('enroll-folder');
		const people = (await emulator.control.state()).persongroups.find((c) => c.id === 'people');
		assert.strictEqual(people?.persons, 4);
		assert.strictEqual(people?.faces, 24);
	});
});
