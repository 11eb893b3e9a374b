// Trying pictures inside VS Code against an emulator of its own (demo data): Identify Faces in…, Find Similar
// in…, Verify Against Person…, Detect Faces, as the file Explorer calls them (the clicked file, the selection)
// and from a tree row, answered through a ScriptedPrompter. What a person sees: the labels the results panel's
// webview draws on the picture (it reports them after each drawing), the messages, and the emulator's request
// counts (the slider and a restored panel make none).
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ResultPanel } from '../../src/images/panel';
import type { FaceResource } from '../../src/resources/types';
import { ScriptedPrompter } from '../support/scriptedPrompter';
import { demoId } from '../emulator/demo';
import { makeTestImage } from '../emulator/images';
import { startEmulator, type Emulator } from '../emulator/server';
import { EXTENSION_ID, api, errorsOf, run, waitFor } from './helpers';
import { DialogPrompter, addResource, faceCall, removeAdded, walk } from './treeTestSupport';

const KEY = `tryit-key-${Math.random().toString(36).slice(2)}`;
const LABEL = 'Try Demo';

describe('Try a picture (identify, find similar, verify, detect)', function () {
	this.timeout(90_000);
	let emu: Emulator;
	let r: FaceResource;
	let tmp: string;
	const added: string[] = [];

	before(async () => {
		// That activation does not load the images bundle is checked by the Activation suite, which runs first
		// (the Person Directory suite's identify opens the results panel before this suite).
		emu = await startEmulator({ port: 0, key: KEY, seed: 'demo', trainingMs: 300 });
		tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'face-tryit-'));
	});
	beforeEach(async () => {
		await emu.control.reset();
		await emu.control.seed('demo');
		await emu.control.setConfig({ trainingMs: 300, limitedAccess: true });
		r = await addResource(emu.endpoint, KEY, LABEL, added);
	});
	afterEach(async () => {
		for (const p of (await api()).panels().panels) {
			p.panel.dispose();
		}
		await removeAdded(added);
	});
	after(async () => {
		await emu?.close();
		fs.rmSync(tmp, { recursive: true, force: true });
	});

	function picture(name: string, seed: string, faces = 1, variant = 7): vscode.Uri {
		const uri = vscode.Uri.file(path.join(tmp, name));
		fs.writeFileSync(uri.fsPath, makeTestImage(seed, faces, { variant, size: 256 }));
		return uri;
	}

	/** The labels the panel's webview drew (waits for its first drawing). */
	async function drawn(panel: ResultPanel): Promise<readonly (readonly string[])[]> {
		return (await waitFor(() => panel.lastReport, 30_000, 'the results panel to draw')).labels;
	}

	const total = async () => (await emu.control.counters()).total;

	it('Identify Faces in… a trained group: the second photo of an enrolled person is named, the stranger beside them is unknown; the slider changes the labels without a request', async () => {
		const photo = picture('dave-and-friend.png', 'visitors/dave', 2);
		await emu.control.resetCounters();
		const billed = (await api()).resources.getBilledCount(r.id);
		const { result, prompter } = await run<ResultPanel[]>('azureFace.identifyFaces', [LABEL, 'Person Group', 'Visitors'], photo, [photo]);
		assert.deepStrictEqual(errorsOf(prompter), []);
		assert.strictEqual(result?.length, 1);
		const panel = result[0];
		const calls = panel.state.results[0].calls;
		const counters = await emu.control.counters();
		assert.strictEqual((await api()).resources.getBilledCount(r.id) - billed, counters.billed, 'every call counts in the billed calls shown');
		assert.deepStrictEqual(counters.requests, {
			'GET /persongroups': 1,
			'POST /detect': 1,
			'POST /identify': 1,
			'GET /persongroups/{personGroupId}/persons/{personId}': 1,
		}, 'the picker lists the groups (with their models: no model read), then 1 detect, 1 identify, 1 name');
		assert.strictEqual(calls, 3, 'the panel counts the try\'s own calls');

		// The page: a strict Content Security Policy, its scripts by nonce, images as data: only, styles and the
		// codicon font from the extension only (the webview's own source).
		const webview = panel.panel.webview;
		const html = webview.html;
		const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
		assert.match(csp, /^default-src 'none'; img-src data:; style-src [^;]+; font-src [^;]+; script-src 'nonce-[A-Za-z0-9+/=]{24}'$/);
		const directive = (name: string) => new RegExp(`(?:^|; )${name} ([^;]+)`).exec(csp)?.[1];
		assert.strictEqual(directive('font-src'), webview.cspSource, 'fonts from the webview\'s resources only');
		assert.strictEqual(directive('style-src'), webview.cspSource, 'styles from the webview\'s resources only');
		const nonce = /'nonce-([^']+)'/.exec(csp)![1];
		const scripts = html.match(/<script\b[^>]*>/g) ?? [];
		assert.ok(scripts.length > 0 && scripts.every((tag) => tag.includes(`nonce="${nonce}"`)), scripts.join(' '));
		assert.ok(!/unsafe-/.test(csp));
		// The codicons: the stylesheet the extension ships in dist/codicons, as a webview resource URI (the
		// font beside it, which the stylesheet names relative to itself).
		const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
		const codicons = vscode.Uri.joinPath(extension.extensionUri, 'dist', 'codicons');
		const stylesheet = /<link rel="stylesheet" href="([^"]+)" id="codicons">/.exec(html)?.[1];
		assert.strictEqual(stylesheet, webview.asWebviewUri(vscode.Uri.joinPath(codicons, 'codicon.css')).toString());
		assert.notStrictEqual(stylesheet, vscode.Uri.joinPath(codicons, 'codicon.css').toString(), 'a webview URI, not the file');
		assert.ok(fs.existsSync(vscode.Uri.joinPath(codicons, 'codicon.ttf').fsPath), 'the font is in dist/codicons');
		assert.match(fs.readFileSync(vscode.Uri.joinPath(codicons, 'codicon.css').fsPath, 'utf8'), /src: url\("\.\/codicon\.ttf\?[0-9a-f]+"\)/);
		const roots = (webview.options.localResourceRoots ?? []).map((u) => u.toString());
		assert.ok(roots.includes(codicons.toString()), roots.join(' '));
		const [labels] = await drawn(panel);
		assert.strictEqual(labels.length, 2, 'a box per face');
		assert.match(labels[0], /^Dave Lee \d{2}%$/);
		assert.strictEqual(labels[1], 'unknown');
		assert.strictEqual(panel.state.results[0].faces[0].matches[0].id, demoId('visitors/dave'));
		assert.strictEqual(panel.panel.title, 'Identify: dave-and-friend.png');

		await emu.control.resetCounters();
		const raised = panel.nextReport();
		await panel.setThreshold(0.99);
		assert.deepStrictEqual((await raised).labels, [['unknown', 'unknown']], 'above the match confidence nobody is named');
		const lowered = panel.nextReport();
		await panel.setThreshold(0.5);
		assert.match((await lowered).labels[0][0], /^Dave Lee/);
		assert.strictEqual(await total(), 0, 'the slider sends nothing');
		const json = JSON.parse(panel.json()) as { threshold: number; faces: Array<{ matches: Array<{ name: string }> }> };
		assert.strictEqual(json.threshold, 0.5);
		assert.strictEqual(json.faces[0].matches[0].name, 'Dave Lee');
		assert.ok(!panel.json().includes('base64'), 'Copy as JSON leaves the picture out');
	});

	it('a panel hidden and shown again (its webview rebuilt from its own state), or restored as after a reload, draws the same labels without a request', async () => {
		const photo = picture('eve.png', 'visitors/eve');
		const { result } = await run<ResultPanel[]>('azureFace.identifyFaces', [LABEL, 'Person Group', 'Visitors'], photo, [photo]);
		const first = await drawn(result![0]);
		await emu.control.resetCounters();
		// Another editor over it: the webview goes (no retained context); shown again, it draws from its saved state.
		const column = result![0].panel.viewColumn;
		const doc = await vscode.workspace.openTextDocument({ content: 'over the panel' });
		await vscode.window.showTextDocument(doc, { viewColumn: column, preview: false });
		await waitFor(() => !result![0].panel.visible, 10_000, 'the panel to be hidden');
		const again = result![0].nextReport();
		result![0].panel.reveal(column);
		assert.deepStrictEqual((await again).labels, first);
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');

		const saved = result![0].state;
		result![0].panel.dispose();
		const a = await api();
		const fresh = vscode.window.createWebviewPanel('azureFace.faceResults', 'restored', vscode.ViewColumn.One, {});
		a.panels().restore(fresh, JSON.parse(JSON.stringify(saved)));
		const restored = await waitFor(() => a.panels().panels.find((p) => p.panel === fresh), 5000, 'the restored panel');
		assert.deepStrictEqual(await drawn(restored), first);
		assert.strictEqual(await total(), 0, 'restoring makes no Face request');
	});

	it('a never-trained group: Train Now trains it through the tracker, then the picture is tried again and the person named', async () => {
		const photo = picture('alice.png', 'staff/alice');
		const prompter = new ScriptedPrompter([LABEL, 'Person Group', 'Staff'], (m) => (m.items.includes('Train Now') ? 'Train Now' : undefined));
		const { result } = await run<ResultPanel[]>('azureFace.identifyFaces', prompter, photo, [photo]);
		const offer = prompter.messages.find((m) => m.items.includes('Train Now'));
		assert.match(offer?.message ?? '', /Person Group 'Staff' has not been trained yet/);
		assert.deepStrictEqual(errorsOf(prompter), []);
		const [labels] = await drawn(result![0]);
		assert.match(labels[0], /^Alice Johnson \d{2}%$/);
		const staff = (await emu.control.state()).persongroups.find((c) => c.id === 'staff');
		assert.strictEqual(staff?.training, 'succeeded');
		const identifies = (await emu.control.counters()).requests['POST /identify'];
		assert.strictEqual(identifies, 2, 'one refused (not trained), one after the training');
	});

	it('a training in progress: the message points at the status bar, and the picture is tried again when the training ends', async () => {
		await emu.control.setConfig({ trainingMs: 2500 });
		const visitors = await walk(r, 'Person Groups', 'Visitors');
		const train = await run('azureFace.train', [], visitors.node);
		assert.deepStrictEqual(errorsOf(train.prompter), []);
		const photo = picture('dave-again.png', 'visitors/dave', 1, 12);
		const when = 'Try Again When Trained';
		const prompter = new ScriptedPrompter([LABEL, 'Person Group', 'Visitors'], (m) => (m.items.includes(when) ? when : undefined));
		const { result } = await run<ResultPanel[]>('azureFace.identifyFaces', prompter, photo, [photo]);
		const said = prompter.messages.find((m) => m.items.includes(when));
		assert.match(said?.message ?? '', /'Visitors' is being trained: its status bar item shows how far it is/);
		const [labels] = await drawn(result![0]);
		assert.match(labels[0], /^Dave Lee \d{2}%$/);
		assert.strictEqual((await emu.control.counters()).requests['POST /identify'], 2, 'one refused (training), one after it');
	});

	it('declining Train Now stops quietly; without Limited Access the message explains and links the form', async () => {
		const photo = picture('bob.png', 'staff/bob');
		const declined = await run<ResultPanel[]>('azureFace.identifyFaces', [LABEL, 'Person Group', 'Staff'], photo, [photo]);
		assert.strictEqual(declined.result, undefined);
		assert.deepStrictEqual(errorsOf(declined.prompter), []);
		assert.strictEqual((await emu.control.state()).persongroups.find((c) => c.id === 'staff')?.training, 'none');

		await emu.control.setConfig({ limitedAccess: false });
		const refused = await run<ResultPanel[]>('azureFace.identifyFaces', [LABEL, 'Person Group', 'Visitors'], photo, [photo]);
		const [error] = refused.prompter.messages.filter((m) => m.severity === 'error');
		assert.match(error?.message ?? '', /not approved for identification and verification \(Limited Access\)/);
		assert.deepStrictEqual(error?.items, ['Apply for Access']);
	});

	it('Find Similar in… a Large Face List (trained): the catalog face and its userData', async () => {
		await faceCall(emu.endpoint, KEY, 'POST', '/largefacelists/catalog/train');
		await emu.control.finishTraining({});
		const photo = picture('olivia.png', 'catalog/olivia');
		const { result, prompter } = await run<ResultPanel[]>('azureFace.findSimilarFaces', [LABEL, 'Large Face List', 'Catalog', 'matchPerson'], photo, [photo]);
		assert.deepStrictEqual(errorsOf(prompter), []);
		const [labels] = await drawn(result![0]);
		assert.match(labels[0], /^Olivia \d{2}%$/);
		assert.strictEqual(result![0].state.results[0].faces[0].matches[0].id, demoId('catalog/olivia'));
	});

	it('Verify Against Person…: the person in the picture is the same person, the other face is not', async () => {
		const photo = picture('carol-and-x.png', 'staff/carol', 2);
		const { result, prompter } = await run<ResultPanel[]>('azureFace.verifyFaces', [LABEL, 'Person Group', 'Staff', 'Carol Diaz'], photo, [photo]);
		assert.deepStrictEqual(errorsOf(prompter), []);
		const [labels] = await drawn(result![0]);
		assert.match(labels[0], /^same person: Carol Diaz \d{2}%$/);
		assert.match(labels[1], /^not Carol Diaz \d{2}%$/);
	});

	it('Detect Faces: a box per face with the quality attributes; a picture without a face says so; several pictures in one grid', async () => {
		const crowd = picture('crowd.png', 'crowd', 3);
		const empty = picture('empty.png', 'nobody', 0);
		const { result, prompter } = await run<ResultPanel[]>('azureFace.detectFaces', [LABEL, 'recognition_04', 'One Panel with a Grid'], crowd, [crowd, empty]);
		assert.deepStrictEqual(errorsOf(prompter), []);
		assert.strictEqual(result?.length, 1, 'one panel');
		const labels = await drawn(result![0]);
		assert.strictEqual(labels.length, 2, 'two pictures in the grid');
		assert.strictEqual(labels[0].length, 3);
		assert.match(labels[0][0], /^Face 1 · Quality (high|medium|low), blur \w+, exposure \w+, noise \w+, yaw -?\d+°/);
		assert.deepStrictEqual(labels[1], [], 'no face: no box (the picture says so)');
		assert.strictEqual(result![0].state.results[0].detectionModel, 'detection_01');
	});

	it('Identify with This Group… on a Person Group row asks for the picture', async () => {
		const visitors = await walk(r, 'Person Groups', 'Visitors');
		const photo = picture('eve-2.png', 'visitors/eve', 1, 9);
		const { result, prompter } = await run<ResultPanel[]>('azureFace.identifyWithGroup', new DialogPrompter([], [photo]), visitors.node);
		assert.deepStrictEqual(errorsOf(prompter), []);
		const [labels] = await drawn(result![0]);
		assert.match(labels[0], /^Eve Martin \d{2}%$/);
	});
});
