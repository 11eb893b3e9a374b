import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { makeTestImage } from '../emulator/images';
import type { Emulator } from '../emulator/server';
import { type OpenedWorkbench, e2eHost } from './host';
import type { Workbench } from './workbench';

/** Add Face Resource from the welcome view with the API version that has the Person Directory. */
async function addPreviewResource(wb: Workbench, emulator: Emulator, label: string): Promise<void> {
	await wb.openViewContainer('Face Explorer');
	await wb.welcomeButton('Add Face Resource').click();
	await wb.waitForQuickInputTitle(/\(1\/6\)/);
	await wb.typeInQuickInput(emulator.endpoint);
	await wb.waitForQuickInputTitle(/\(2\/6\)/);
	await wb.typeInQuickInput(label);
	await wb.waitForQuickInputTitle(/\(3\/6\)/);
	await wb.pickQuickItem('v1.2-preview.1');
	await wb.waitForQuickInputTitle(/\(4\/6\)/);
	await wb.pickQuickItem('API key');
	await wb.waitForQuickInputTitle(/\(5\/6\)/);
	await wb.typeInQuickInput(emulator.key);
	await wb.waitForQuickInputTitle(/\(6\/6\)/);
	await wb.pickQuickItem('S0');
	await wb.waitForQuickInputClosed();
	await wb.treeItem(label).first().waitFor({ state: 'visible', timeout: 60_000 });
	await wb.closeNotificationCenter();
}

describe('The Person Directory in the tree', () => {
	let opened: OpenedWorkbench | undefined;

	before(async () => {
		// Writes' operations run until the test ends them (the control surface), so *pending* is seen for sure.
		opened = await e2eHost().openWorkbench({
			emulator: { seed: 'demo', operationMs: 10 * 60_000 },
			files: { 'photos/uma-new.png': makeTestImage('e2e/uma-new') },
			settings: { 'azureFace.training.maxPollIntervalSeconds': 5 },
		});
	});

	after(async () => {
		await opened?.close();
	});

	it('a face added from the file Explorer shows pending under its person until its operation succeeds', async () => {
		const { workbench: wb, emulator } = opened!;
		await addPreviewResource(wb, emulator, 'Directory');
		await wb.expand(/^Directory$/);
		await wb.expand('Person Directory');
		await wb.expand('Uma Patel');
		await wb.expand('recognition_04');

		await wb.openViewContainer('Explorer');
		await wb.expand('photos');
		const image = wb.treeItem('uma-new.png').first();
		await image.waitFor({ state: 'visible', timeout: 60_000 });
		const entry = 'Add Faces to a Person Directory Person…';
		let items: string[] = [];
		const until = Date.now() + 30_000;
		while (!(items = await wb.contextMenuItems(image)).includes(entry) && Date.now() < until) {
			await new Promise((resolve) => setTimeout(resolve, 1000));
		}
		assert.ok(items.includes(entry), items.join(' | '));
		await wb.contextMenu(image, entry);
		await wb.pickQuickItem(/^Directory/);
		await wb.pickQuickItem(/^Uma Patel/);
		await wb.pickQuickItem('recognition_04');
		await wb.waitForStatusBarText(/^Adding a face to Uma Patel \d+s$/);

		await wb.openViewContainer('Face Explorer');
		const pending = (await emulator.control.directory()).persons.find((p) => p.name === 'Uma Patel')?.faces.recognition_04?.find((f) => !f.ready);
		assert.ok(pending, 'the emulator has the face, not ready yet');
		// The row is labelled by the file the face came from (its user data, remembered as it was added).
		await wb.waitUntil(async () => (await wb.treeItemDescription('uma-new.png')) === 'pending', 'the new face row, named by its file, says pending');
		await wb.waitUntil(async () => (await wb.treeItemDescription('Uma Patel')) === 'pending', 'its person says pending');
		await wb.waitUntil(async () => (await wb.treeItemDescription('recognition_04')) === '3 faces', 'the model row counts the new face');
		const shot = await wb.screenshot('person-directory-pending');

		await emulator.control.finishOperations();
		await wb.waitForStatusBarText('Adding a face to Uma Patel: done', 60_000);
		await wb.waitUntil(async () => (await wb.treeItemDescription('uma-new.png')) === pending.persistedFaceId, 'the face row is ready: its id beside its file name');
		await wb.waitForNotification(/^Adding a face to Uma Patel: done in \d+s$/);
		await wb.screenshot('person-directory-ready');
		if (process.env.FACE_SCREENSHOTS) {
			fs.copyFileSync(shot, path.join(__dirname, '..', '..', '..', 'media', 'screenshots', 'person-directory.png'));
		}
	});
});
