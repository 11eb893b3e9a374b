/**
 * The result panel of a try: a webview that draws a box per face over the picture, labels it, lists the
 * faces in a table, applies a confidence slider locally, copies the result as JSON, and reveals a candidate
 * in the tree. Its script and style are `media/tryit/` (no framework), its icons VS Code's codicons (the font
 * and stylesheet esbuild.mjs copies to `dist/codicons/`), under a strict Content Security Policy: no remote
 * content, the script by nonce, images only as `data:`, styles and the font only from the extension. The webview keeps the result and
 * the picture in its state, so a reloaded window restores the panel (`WebviewPanelSerializer`) without a call.
 */
import * as path from 'path';
import * as vscode from 'vscode';
import { randomBytes } from 'crypto';
import { ALL_KINDS, type ContainerKind } from '../face/kinds';
import { DEFAULT_THRESHOLD, RESULTS_VIEW_TYPE, resultJson, type PanelState, type TryResult } from './model';

/** Where a clicked candidate is: a person of a group, or a face of a face list. */
export interface RevealRequest {
	readonly resourceId: string;
	readonly kind: ContainerKind;
	readonly containerId: string;
	readonly memberId: string;
}

/** What the webview reported after it drew: the label of each face (per result) and the cut-off. */
export interface PanelReport {
	readonly labels: readonly (readonly string[])[];
	readonly threshold: number;
}

/** One open result panel (the tests drive and read it). */
export interface ResultPanel {
	readonly panel: vscode.WebviewPanel;
	/** Its result(s) and cut-off, as the webview last saved them. */
	readonly state: PanelState;
	readonly lastReport: PanelReport | undefined;
	/** Resolves with the next report of the webview. */
	nextReport(): Promise<PanelReport>;
	/** Moves the slider (as the person would): the webview draws again, without a request. */
	setThreshold(value: number): Thenable<boolean>;
	/** What Copy as JSON copies. */
	json(): string;
}

export class ResultPanels implements vscode.Disposable {
	private readonly open = new Set<PanelHost>();
	private readonly changed = new vscode.EventEmitter<ResultPanel>();
	/** Fires when a panel opens or its webview reports a drawing. */
	readonly onDidChange = this.changed.event;

	constructor(
		private readonly extensionUri: vscode.Uri,
		private readonly log: vscode.LogOutputChannel,
		private readonly reveal: (request: RevealRequest) => Promise<unknown>,
	) {}

	get panels(): readonly ResultPanel[] {
		return [...this.open];
	}

	/** Opens a panel for the results (one, or several in a grid) with the pictures' bytes. */
	show(results: ReadonlyArray<{ result: TryResult; bytes: Uint8Array }>): ResultPanel {
		const title = results.length === 1 ? titleOf(results[0].result) : vscode.l10n.t('Faces: {0} pictures', results.length);
		const panel = vscode.window.createWebviewPanel(RESULTS_VIEW_TYPE, title, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false }, this.options());
		const state: PanelState = {
			version: 1,
			threshold: DEFAULT_THRESHOLD,
			results: results.map(({ result, bytes }) => ({ ...result, dataUrl: `data:${result.image.mime};base64,${Buffer.from(bytes).toString('base64')}` })),
		};
		return this.host(panel, state);
	}

	/** The serializer's half: a panel VS Code restores after a reload, with the state its webview saved. */
	restore(panel: vscode.WebviewPanel, saved: unknown): void {
		const state = isPanelState(saved) ? saved : undefined;
		panel.webview.options = this.options();
		if (!state) {
			panel.dispose(); // nothing to show (a state from another version): close rather than show an empty panel
			return;
		}
		this.log.debug(`Face results restored (${state.results.length} picture(s)), no request`);
		this.host(panel, state);
	}

	dispose(): void {
		for (const p of this.open) {
			p.panel.dispose();
		}
		this.changed.dispose();
	}

	private options(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
		const roots = [vscode.Uri.joinPath(this.extensionUri, 'media', 'tryit'), vscode.Uri.joinPath(this.extensionUri, 'dist', 'codicons')];
		return { enableScripts: true, enableCommandUris: false, retainContextWhenHidden: false, localResourceRoots: roots };
	}

	/** A new webview has no state and asks for it ('ready'); a restored one draws from its own. */
	private host(panel: vscode.WebviewPanel, state: PanelState): PanelHost {
		const host = new PanelHost(panel, state);
		this.open.add(host);
		panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'face-explorer.svg');
		panel.webview.html = html(panel.webview, this.extensionUri);
		const subs = [
			panel.webview.onDidReceiveMessage((m: unknown) => this.received(host, m)),
			panel.onDidDispose(() => {
				this.open.delete(host);
				subs.forEach((s) => s.dispose());
			}),
		];
		this.changed.fire(host);
		return host;
	}

	private received(host: PanelHost, m: unknown): void {
		const msg = (m ?? {}) as { type?: unknown; threshold?: unknown; labels?: unknown; target?: unknown };
		if (msg.type === 'ready') {
			// A fresh webview (or one whose state is gone) asks for what to show.
			void host.panel.webview.postMessage({ type: 'show', state: host.state });
		} else if (msg.type === 'rendered' && typeof msg.threshold === 'number' && Array.isArray(msg.labels)) {
			host.reported({ threshold: msg.threshold, labels: msg.labels as string[][] });
			this.changed.fire(host);
		} else if (msg.type === 'copy') {
			void vscode.env.clipboard.writeText(host.json()).then(() => vscode.window.setStatusBarMessage(vscode.l10n.t('Face results copied as JSON'), 3000));
		} else if (msg.type === 'reveal' && isReveal(msg.target)) {
			this.reveal(msg.target).catch((e: unknown) => this.log.warn(`Reveal from the results panel: ${e instanceof Error ? e.message : String(e)}`));
		}
	}
}

class PanelHost implements ResultPanel {
	lastReport: PanelReport | undefined;
	private waiters: Array<(r: PanelReport) => void> = [];

	constructor(
		readonly panel: vscode.WebviewPanel,
		public state: PanelState,
	) {}

	reported(report: PanelReport): void {
		this.lastReport = report;
		this.state = { ...this.state, threshold: report.threshold };
		const waiters = this.waiters;
		this.waiters = [];
		waiters.forEach((w) => w(report));
	}

	nextReport(): Promise<PanelReport> {
		return new Promise((resolve) => this.waiters.push(resolve));
	}

	setThreshold(value: number): Thenable<boolean> {
		return this.panel.webview.postMessage({ type: 'setThreshold', value });
	}

	json(): string {
		return resultJson(this.state.results, this.state.threshold);
	}
}

function titleOf(r: TryResult): string {
	const name = path.basename(r.image.name);
	switch (r.mode) {
		case 'identify':
			return vscode.l10n.t('Identify: {0}', name);
		case 'similar':
			return vscode.l10n.t('Similar: {0}', name);
		case 'verify':
			return vscode.l10n.t('Verify: {0}', name);
		default:
			return vscode.l10n.t('Faces: {0}', name);
	}
}

function isReveal(v: unknown): v is RevealRequest {
	const r = v as Partial<RevealRequest> | undefined;
	return typeof r?.resourceId === 'string' && typeof r.kind === 'string' && typeof r.containerId === 'string' && typeof r.memberId === 'string';
}

function isPanelState(v: unknown): v is PanelState {
	const s = v as Partial<PanelState> | undefined;
	return s?.version === 1 && Array.isArray(s.results) && typeof s.threshold === 'number';
}

/** The page: strings the script shows (localised here), the CSP with a fresh nonce, the codicons, the script and style of media/tryit. */
function html(webview: vscode.Webview, extensionUri: vscode.Uri): string {
	const nonce = randomBytes(16).toString('base64');
	const media = (file: string) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'tryit', file)).toString();
	const codicons = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'codicons', 'codicon.css')).toString();
	const csp = [`default-src 'none'`, `img-src data:`, `style-src ${webview.cspSource}`, `font-src ${webview.cspSource}`, `script-src 'nonce-${nonce}'`].join('; ');
	const strings = {
		threshold: vscode.l10n.t('Confidence cut-off'),
		copy: vscode.l10n.t('Copy as JSON'),
		unknown: vscode.l10n.t('unknown'),
		noFace: vscode.l10n.t('No face found in this picture.'),
		noSimilar: vscode.l10n.t('no similar face'),
		notSent: vscode.l10n.t('not sent'),
		same: vscode.l10n.t('same person'),
		notSame: vscode.l10n.t('not'),
		face: vscode.l10n.t('Face'),
		match: vscode.l10n.t('Match'),
		confidence: vscode.l10n.t('Confidence'),
		quality: vscode.l10n.t('Quality'),
		box: vscode.l10n.t('Box'),
		calls: vscode.l10n.t('billed calls'),
		reveal: vscode.l10n.t('Show in the Face Explorer view'),
		revealNamed: vscode.l10n.t('{0}: show in the Face Explorer view'),
		models: vscode.l10n.t('Models'),
		modes: { identify: vscode.l10n.t('Identify in'), similar: vscode.l10n.t('Find similar in'), verify: vscode.l10n.t('Verify against'), detect: vscode.l10n.t('Detect') },
		/** The tree's codicon of each container kind. */
		kindIcons: Object.fromEntries(ALL_KINDS.map((k) => [k.kind, k.icon])),
	};
	const json = JSON.stringify(strings).replace(/</g, '\\u003c');
	return `<!DOCTYPE html>
<html lang="${vscode.env.language}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${codicons}" id="codicons">
<link rel="stylesheet" href="${media('main.css')}">
</head>
<body>
<div id="bar"></div>
<main id="results"></main>
<script nonce="${nonce}" id="strings" type="application/json">${json}</script>
<script nonce="${nonce}" src="${media('main.js')}"></script>
</body>
</html>`;
}
