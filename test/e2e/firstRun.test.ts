import * as assert from 'assert';
import { type OpenedWorkbench, e2eHost } from './host';

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
});
