import * as assert from 'assert';
import { type OpenedWorkbench, e2eHost } from './host';

const KIND_FOLDERS = ['Person Groups', 'Large Person Groups', 'Face Lists', 'Large Face Lists'];

describe('First run', () => {
	let opened: OpenedWorkbench | undefined;

	before(async () => {
		opened = await e2eHost().openWorkbench();
	});

	after(async () => {
		await opened?.close();
	});

	it('the activity bar has Face Explorer, whose view welcomes a new user with Add Face Resource', async () => {
		const wb = opened!.workbench;
		await wb.activityItem('Face Explorer').waitFor({ state: 'visible', timeout: 60_000 });
		await wb.openViewContainer('Face Explorer');
		assert.match(await wb.sideBarTitle(), /^Face Explorer/i);
		await wb.welcomeButton('Add Face Resource').waitFor({ state: 'visible', timeout: 60_000 });
		assert.match(await wb.welcomeView().innerText(), /No Face resources yet/);
		await wb.screenshot('first-run-welcome');
	});

	it('Add Face Resource: endpoint, name and key typed into the input boxes; the tree shows the resource and its kind folders', async () => {
		const { workbench: wb, emulator } = opened!;
		await wb.openViewContainer('Face Explorer');
		await emulator.control.resetCounters();
		await wb.welcomeButton('Add Face Resource').click();

		await wb.waitForQuickInputTitle(/\(1\/6\)/);
		await wb.typeInQuickInput(emulator.endpoint);
		await wb.waitForQuickInputTitle(/\(2\/6\)/);
		await wb.typeInQuickInput('My Face');
		await wb.waitForQuickInputTitle(/\(3\/6\)/);
		await wb.pickQuickItem('v1.2');
		await wb.waitForQuickInputTitle(/\(4\/6\)/);
		await wb.pickQuickItem('API key');
		await wb.waitForQuickInputTitle(/\(5\/6\)/);
		assert.strictEqual(await wb.quickInputBox().getAttribute('type'), 'password', 'the key box hides what is typed');
		await wb.typeInQuickInput(emulator.key);
		await wb.waitForQuickInputTitle(/\(6\/6\)/);
		await wb.pickQuickItem('S0');
		await wb.waitForQuickInputClosed();

		const resource = wb.treeItem('My Face');
		await resource.waitFor({ state: 'visible', timeout: 60_000 });
		await wb.expand('My Face');
		for (const folder of KIND_FOLDERS) {
			await wb.treeItem(folder).waitFor({ state: 'visible', timeout: 60_000 });
		}
		await wb.waitForNotification("Added Face resource 'My Face'.");
		await wb.closeNotificationCenter();
		const counters = await emulator.control.counters();
		assert.ok(counters.total > 0, 'the resource was checked against the emulator with the typed key');
		await wb.screenshot('first-run-resource-added');
	});
});
