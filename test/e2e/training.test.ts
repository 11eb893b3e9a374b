import * as assert from 'assert';
import { type OpenedWorkbench, e2eHost } from './host';

/** Trainings last long enough to see them running, short enough for a test. */
const TRAINING_MS = 8000;
const TRAINING_TIMEOUT = 120_000;

describe('Training from the tree and the palette', () => {
	let opened: OpenedWorkbench | undefined;

	before(async () => {
		opened = await e2eHost().openWorkbench({ defaultResource: true, emulator: { seed: 'demo', trainingMs: TRAINING_MS } });
		const wb = opened.workbench;
		await wb.openViewContainer('Face Explorer');
		await wb.expand(/^Emulator$/);
	});

	after(async () => {
		await opened?.close();
	});

	it('Person Group: right-click → Train; the status bar shows the training, then the result; the description changes; the log has the lines', async () => {
		const { workbench: wb, emulator } = opened!;
		await wb.expand('Person Groups');
		const staff = wb.treeItem('Staff').first();
		await staff.waitFor({ state: 'visible', timeout: 60_000 });
		await wb.waitUntil(async () => (await wb.treeItemDescription('Staff')) === 'never trained', "Staff's description 'never trained'");

		await wb.contextMenu(staff, 'Train');
		await wb.waitForStatusBarText(/^Training 'Staff'/);
		await wb.waitUntil(async () => /^training/.test(await wb.treeItemDescription('Staff')), "Staff's description 'training…'");
		await wb.screenshot('train-person-group-running');

		await wb.waitForStatusBarText("'Staff' trained", TRAINING_TIMEOUT);
		await wb.waitUntil(async () => /^trained/.test(await wb.treeItemDescription('Staff')), "Staff's description 'trained …'");
		const staffState = (await emulator.control.state()).persongroups.find((c) => c.id === 'staff');
		assert.strictEqual(staffState?.trained, true, 'the emulator trained staff');

		await wb.runCommand('Azure Face: Show Log');
		await wb.waitForOutputLine(/\[info\] Training 'Staff' started\./);
		await wb.waitForOutputLine(/\[info\] Training 'Staff' succeeded in /);
		await wb.screenshot('train-person-group-done');
	});

	it('Large Face List: right-click → Train, then again from the command palette picking resource, kind and list', async () => {
		const { workbench: wb, emulator } = opened!;
		await wb.expand('Large Face Lists');
		const catalog = wb.treeItem('Catalog').first();
		await catalog.waitFor({ state: 'visible', timeout: 60_000 });

		await wb.contextMenu(catalog, 'Train');
		await wb.waitForStatusBarText(/^Training 'Catalog'/);
		await wb.waitForStatusBarText("'Catalog' trained", TRAINING_TIMEOUT);
		await wb.waitUntil(async () => /^trained/.test(await wb.treeItemDescription('Catalog')), "Catalog's description 'trained …'");

		const before = (await emulator.control.counters()).requests['POST /largefacelists/{largeFaceListId}/train'] ?? 0;
		await wb.runCommand('Azure Face: Train');
		await wb.pickQuickItem(/^Emulator/);
		await wb.pickQuickItem('Large Face List');
		await wb.pickQuickItem('Catalog');
		await wb.waitForQuickInputClosed();
		await wb.waitForStatusBarText(/^Training 'Catalog'/);
		await wb.screenshot('train-large-face-list-palette');
		await wb.waitForStatusBarText("'Catalog' trained", TRAINING_TIMEOUT);
		await wb.waitUntil(
			async () => ((await emulator.control.counters()).requests['POST /largefacelists/{largeFaceListId}/train'] ?? 0) === before + 1,
			'one more train request for the large face list',
		);
	});

	it('a failing training (empty group) shows an error notification whose Show Log opens the log', async () => {
		const { workbench: wb } = opened!;
		await wb.expand('Person Groups');
		const empty = wb.treeItem('Empty Group').first();
		await empty.waitFor({ state: 'visible', timeout: 60_000 });

		await wb.contextMenu(empty, 'Train');
		const failed = await wb.waitForNotification(/^Training 'Empty Group' failed/, TRAINING_TIMEOUT);
		assert.ok(failed.actions.includes('Show Log'), `the notification offers Show Log (actions: ${failed.actions.join(', ')})`);
		await wb.waitForStatusBarText("'Empty Group' failed");
		await wb.screenshot('train-failed-notification');
		await wb.clickNotificationAction(/^Training 'Empty Group' failed/, 'Show Log');
		await wb.waitForOutputLine(/Training 'Empty Group'/);
		await wb.waitUntil(async () => /^failed/.test(await wb.treeItemDescription('Empty Group')), "Empty Group's description 'failed'");
	});
});
