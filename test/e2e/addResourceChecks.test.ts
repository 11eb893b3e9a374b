// Issue 9, row 14, in the real workbench: Add Face Resource shows what the service said in the box where
// the endpoint or the key was typed, the person retypes there, and Back keeps the answers.
import * as assert from 'assert';
import { createServer, type AddressInfo } from 'net';
import { type OpenedWorkbench, e2eHost } from './host';

async function closedPort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	await new Promise<void>((resolve) => server.close(() => resolve()));
	return port;
}

describe('Add Face Resource checks where you type', () => {
	let opened: OpenedWorkbench | undefined;

	before(async () => {
		opened = await e2eHost().openWorkbench();
	});

	after(async () => {
		await opened?.close();
	});

	it('an unreachable endpoint and a wrong key are answered in their boxes; retyped, with Back in between, one resource is added', async () => {
		const { workbench: wb, emulator } = opened!;
		await wb.openViewContainer('Face Explorer');
		await emulator.control.resetCounters();
		await wb.welcomeButton('Add Face Resource').click();

		await wb.waitForQuickInputTitle(/\(1\/6\)/);
		await wb.typeInQuickInput(`http://127.0.0.1:${await closedPort()}`);
		await wb.waitUntil(async () => /refused the connection\..*Press Enter again to keep this endpoint anyway\./.test(await wb.quickInputMessage()), 'the endpoint box to say the host refused the connection');
		assert.match(await wb.waitForQuickInputTitle(/\(\d\/6\)/), /\(1\/6\)/, 'still at step 1');
		await wb.typeInQuickInput(emulator.endpoint);
		await wb.waitForQuickInputTitle(/\(2\/6\)/);
		await wb.typeInQuickInput('Retyped');
		await wb.waitForQuickInputTitle(/\(3\/6\)/);
		await wb.pickQuickItem('v1.2');
		await wb.waitForQuickInputTitle(/\(4\/6\)/);
		await wb.pickQuickItem('API key');
		await wb.waitForQuickInputTitle(/\(5\/6\)/);
		await wb.typeInQuickInput('not-the-right-key');
		await wb.waitUntil(async () => /refused the API key \(401\)/.test(await wb.quickInputMessage()), 'the key box to say the key was refused');
		const shown = await wb.quickInputMessage();
		assert.ok(!shown.includes('not-the-right-key'), 'the key is not echoed');
		assert.strictEqual(await wb.quickInputBox().getAttribute('type'), 'password');
		await wb.screenshot('add-resource-wrong-key');

		// Back to step 4 and forward again: the choice is still there.
		await wb.quickInputBack().click();
		await wb.waitForQuickInputTitle(/\(4\/6\)/);
		await wb.pickQuickItem('API key');
		await wb.waitForQuickInputTitle(/\(5\/6\)/);
		await wb.typeInQuickInput(emulator.key);
		await wb.waitForQuickInputTitle(/\(6\/6\)/);
		await wb.pickQuickItem('S0');
		await wb.waitForQuickInputClosed();

		await wb.treeItem('Retyped').waitFor({ state: 'visible', timeout: 60_000 });
		await wb.waitForNotification("Added Face resource 'Retyped'.");
		await wb.closeNotificationCenter();
		const counters = await emulator.control.counters();
		assert.strictEqual(counters.statuses['401'], 2, 'the endpoint check without credentials and the wrong key');
		assert.ok((counters.statuses['200'] ?? 0) >= 1, 'the right key');
	});
});
