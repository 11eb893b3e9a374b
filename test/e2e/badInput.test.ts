import * as assert from 'assert';
import { type OpenedWorkbench, e2eHost } from './host';

describe('Bad input', () => {
	let opened: OpenedWorkbench | undefined;

	before(async () => {
		opened = await e2eHost().openWorkbench({ defaultResource: true });
	});

	after(async () => {
		await opened?.close();
	});

	it('an invalid id in the Create box shows the validation message and nothing is sent', async () => {
		const { workbench: wb, emulator } = opened!;
		await wb.openViewContainer('Face Explorer');
		await wb.expand(/^Emulator$/);
		const folder = wb.treeItem('Person Groups').first();
		await folder.waitFor({ state: 'visible', timeout: 60_000 });
		await emulator.control.resetCounters();

		await wb.contextMenu(folder, 'Create Container…');
		await wb.waitForQuickInputTitle(/Create Person Group/);
		await wb.typeInQuickInput('Staff Members!', false);
		// The prompt already mentions the rules; the validation message is what replaces it.
		await wb.waitUntil(async () => /^Use only lower-case letters, digits, "-" and "_"\./.test(await wb.quickInputMessage()), 'the validation message');
		await wb.screenshot('bad-input-invalid-id');
		// Enter on an invalid value is refused: the box stays open.
		await wb.quickInputBox().press('Enter');
		assert.strictEqual(await wb.quickInputBox().isVisible(), true, 'the input box stays open');
		await wb.quickInputBox().press('Escape');
		await wb.waitForQuickInputClosed();

		const counters = await emulator.control.counters();
		const writes = Object.keys(counters.requests).filter((route) => /^(PUT|POST|PATCH|DELETE) /.test(route));
		assert.deepStrictEqual(writes, [], 'no create request reached the emulator');
		assert.deepStrictEqual((await emulator.control.state()).persongroups ?? [], []);
	});
});
