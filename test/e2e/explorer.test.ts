import * as assert from 'assert';
import { makeTestImage } from '../emulator/images';
import { type OpenedWorkbench, e2eHost } from './host';

describe('The file Explorer', () => {
	let opened: OpenedWorkbench | undefined;

	before(async () => {
		opened = await e2eHost().openWorkbench({
			defaultResource: true,
			emulator: { seed: 'demo' },
			files: { 'photos/alice-new.png': makeTestImage('e2e/alice-new'), 'photos/readme.txt': 'not an image' },
		});
	});

	after(async () => {
		await opened?.close();
	});

	it('shows Add Face to Azure Face… on an image (not on a text file), which adds the face to a person picked in quick picks', async () => {
		const { workbench: wb, emulator } = opened!;
		// The extension's contributions (its menus among them) arrive with the remote extension host's scan;
		// a right-click before then shows VS Code's own entries only. Its activity-bar entry comes with them.
		await wb.activityItem('Face Explorer').waitFor({ state: 'visible', timeout: 60_000 });
		await wb.openViewContainer('Explorer');
		await wb.expand('photos');
		const image = wb.treeItem('alice-new.png').first();
		const text = wb.treeItem('readme.txt').first();
		await image.waitFor({ state: 'visible', timeout: 60_000 });

		// While the workbench still shows "Activating Extensions…" a right-click can miss the entry (seen under
		// load): look again until it is there, for at most 30 s.
		let items: string[] = [];
		const until = Date.now() + 30_000;
		while (!(items = await wb.contextMenuItems(image)).includes('Add Face to Azure Face…') && Date.now() < until) {
			await new Promise((resolve) => setTimeout(resolve, 1000));
		}
		assert.ok(items.includes('Add Face to Azure Face…'), items.join(' | '));
		assert.ok(!(await wb.contextMenuItems(text)).includes('Add Face to Azure Face…'), 'not on a text file');

		await wb.contextMenu(image, 'Add Face to Azure Face…');
		await wb.waitForQuickInputTitle('Add the face in alice-new.png to…');
		await wb.pickQuickItem(/^Emulator/);
		await wb.pickQuickItem(/^Person Group$/);
		await wb.pickQuickItem(/^Staff/);
		await wb.pickQuickItem(/^Alice Johnson/);
		await wb.screenshot('explorer-add-face-picked');
		await wb.waitForNotification('Added a face from alice-new.png to Alice Johnson (Staff).');
		await wb.screenshot('explorer-add-face');

		const staff = (await emulator.control.state()).persongroups.find((c) => c.id === 'staff');
		assert.strictEqual(staff?.faces, 7, 'Staff had 6 faces and has one more');
	});
});
