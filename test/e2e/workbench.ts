// Page helpers for the VS Code web workbench, written around what a person sees and does.
// Two traps (TEST-HOST.md): notification toasts do not show in the headless page (read the
// notification center instead), and a click on a context-menu entry made while the menu is still
// animating in is dropped (wait for the animation, then check that the menu closed).
import * as fs from 'fs';
import * as path from 'path';
import type { Locator, Page } from 'playwright-core';

const LONG = 60_000;

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Exact text (string) or a pattern. */
export type TextMatch = string | RegExp;

function asRegExp(match: TextMatch): RegExp {
	return typeof match === 'string' ? new RegExp(`^\\s*${escapeRegExp(match)}\\s*$`) : match;
}

export interface NotificationInfo {
	message: string;
	source: string;
	actions: string[];
}

export class Workbench {
	constructor(
		readonly page: Page,
		private readonly resultsDir: string,
	) {}

	/** Waits for the workbench chrome (activity bar, status bar) and the remote extension host. */
	async waitForReady(): Promise<void> {
		await this.page.locator('.monaco-workbench .part.activitybar').waitFor({ state: 'visible', timeout: 120_000 });
		await this.page.locator('.monaco-workbench .part.statusbar').waitFor({ state: 'visible', timeout: LONG });
		// The remote indicator shows the connection; it exists once the server connection is up.
		await this.page.locator('#status\\.host').waitFor({ state: 'attached', timeout: LONG });
	}

	/** Saves `test-results/e2e/<name>.png` and returns its path. */
	async screenshot(name: string): Promise<string> {
		const file = path.join(this.resultsDir, `${name.replace(/[^\w.-]+/g, '-')}.png`);
		fs.mkdirSync(path.dirname(file), { recursive: true });
		await this.page.screenshot({ path: file });
		return file;
	}

	// ── Activity bar and side bar ─────────────────────────────────────────────────────────

	/** The activity-bar entry whose title (tooltip / aria-label) is `title`, with or without a keybinding suffix. */
	activityItem(title: string): Locator {
		const at = '.part.activitybar .action-item a.action-label';
		return this.page.locator(`${at}[aria-label="${title}"], ${at}[aria-label^="${title} ("]`);
	}

	/** Shows the view container `title` (clicking an already-selected entry would hide the side bar, so it doesn't). */
	async openViewContainer(title: string): Promise<void> {
		const item = this.activityItem(title);
		await item.waitFor({ state: 'visible', timeout: LONG });
		const tab = item.locator('xpath=ancestor::li[1]');
		const selected = (await tab.getAttribute('aria-selected')) === 'true' && (await this.page.locator('.part.sidebar').isVisible());
		if (!selected) {
			await item.click();
		}
		await this.page.locator('.part.sidebar .composite.title').filter({ hasText: title }).waitFor({ state: 'visible', timeout: LONG });
	}

	/** Title of the side bar (e.g. "Face Explorer: Resources"). */
	async sideBarTitle(): Promise<string> {
		return (await this.page.locator('.part.sidebar .composite.title .title-label').first().innerText()).trim();
	}

	/** The welcome content shown in the side bar's view (empty-state text and buttons). */
	welcomeView(): Locator {
		return this.page.locator('.part.sidebar .welcome-view-content');
	}

	/** A button of the welcome view, by its label. */
	welcomeButton(label: TextMatch): Locator {
		return this.welcomeView().locator('.monaco-button').filter({ hasText: asRegExp(label) });
	}

	// ── Trees ─────────────────────────────────────────────────────────────────────────────

	/** A row of a tree in the side bar, by its label (exact string or pattern). */
	treeItem(label: TextMatch): Locator {
		return this.page
			.locator('.part.sidebar .monaco-list-row')
			.filter({ has: this.page.locator('.label-name').filter({ hasText: asRegExp(label) }) });
	}

	async treeItemDescription(label: TextMatch): Promise<string> {
		const description = this.treeItem(label).locator('.label-description');
		return (await description.count()) ? (await description.first().innerText()).trim() : '';
	}

	/** Expands a collapsed tree item (no-op when already expanded). */
	async expand(label: TextMatch): Promise<void> {
		const row = this.treeItem(label).first();
		await row.waitFor({ state: 'visible', timeout: LONG });
		if ((await row.getAttribute('aria-expanded')) === 'false') {
			await row.locator('.monaco-tl-twistie').click();
		}
		await this.waitUntil(async () => (await row.getAttribute('aria-expanded')) === 'true', `"${String(label)}" to expand`);
	}

	// ── Context menus ─────────────────────────────────────────────────────────────────────

	/** Right-clicks `target` and picks `item` in the context menu. */
	async contextMenu(target: Locator, item: TextMatch): Promise<void> {
		for (let attempt = 1; ; attempt++) {
			await target.click({ button: 'right' });
			const menu = this.page.locator('.monaco-menu-container .monaco-menu, .context-view .monaco-menu').first();
			await menu.waitFor({ state: 'visible', timeout: LONG });
			await this.settleAnimations(menu);
			const entry = menu.locator('.action-item:not(.disabled) .action-label').filter({ hasText: asRegExp(item) }).first();
			await entry.waitFor({ state: 'visible', timeout: 10_000 });
			await entry.click();
			try {
				await menu.waitFor({ state: 'hidden', timeout: 5000 });
				return;
			} catch (e) {
				// The click was dropped: close the menu and try again.
				await this.page.keyboard.press('Escape');
				if (attempt >= 3) {
					throw e;
				}
			}
		}
	}

	/** Labels of the enabled entries of the context menu of `target` (closes the menu again). */
	async contextMenuItems(target: Locator): Promise<string[]> {
		await target.click({ button: 'right' });
		const menu = this.page.locator('.monaco-menu-container .monaco-menu, .context-view .monaco-menu').first();
		await menu.waitFor({ state: 'visible', timeout: LONG });
		await this.settleAnimations(menu);
		const labels = (await menu.locator('.action-item:not(.disabled) .action-label').allInnerTexts()).map((l) => l.trim()).filter(Boolean);
		await this.page.keyboard.press('Escape');
		await menu.waitFor({ state: 'hidden', timeout: 10_000 });
		return labels;
	}

	/** Waits for the CSS animations of `locator` (and its subtree) to finish, plus a short grace period. */
	private async settleAnimations(locator: Locator): Promise<void> {
		await locator.evaluate((el) => Promise.all(el.getAnimations({ subtree: true }).map((a) => a.finished.catch(() => undefined))));
		// The menu ignores clicks for a moment after it opens even when no animation is reported.
		await this.page.waitForTimeout(300);
	}

	// ── Command palette and quick input ───────────────────────────────────────────────────

	/** Runs a command from the palette (F1) by its title as shown there, e.g. "Azure Face: Show Log". */
	async runCommand(title: string): Promise<void> {
		await this.page.keyboard.press('F1');
		const input = this.quickInputBox();
		await input.waitFor({ state: 'visible', timeout: LONG });
		await input.fill(`>${title}`);
		const row = this.quickPickItem(title);
		await row.first().waitFor({ state: 'visible', timeout: LONG });
		await row.first().click();
	}

	quickInputBox(): Locator {
		return this.page.locator('.quick-input-widget .quick-input-box input');
	}

	/** The rows of the open quick pick whose label matches. */
	quickPickItem(label: TextMatch): Locator {
		return this.page
			.locator('.quick-input-widget .quick-input-list .monaco-list-row')
			.filter({ has: this.page.locator('.label-name, .monaco-highlighted-label').filter({ hasText: asRegExp(label) }) });
	}

	/** Waits for the quick input (box or pick) to be visible and returns its prompt/title text. */
	async waitForQuickInput(): Promise<string> {
		const widget = this.page.locator('.quick-input-widget');
		await widget.waitFor({ state: 'visible', timeout: LONG });
		return (await widget.innerText()).trim();
	}

	/** Waits until the quick input's title matches (multi-step flows reuse one widget: wait before typing). */
	async waitForQuickInputTitle(match: TextMatch, timeoutMs = LONG): Promise<string> {
		const re = typeof match === 'string' ? new RegExp(escapeRegExp(match)) : match;
		const title = this.page.locator('.quick-input-widget .quick-input-title');
		let text = '';
		await this.waitUntil(async () => {
			text = (await this.page.locator('.quick-input-widget').isVisible()) ? (await title.innerText()).trim() : '';
			return re.test(text);
		}, `a quick input titled ${re}`, timeoutMs);
		return text;
	}

	/** Types into the open input box and, unless `submit` is false, presses Enter. */
	async typeInQuickInput(text: string, submit = true): Promise<void> {
		const input = this.quickInputBox();
		await input.waitFor({ state: 'visible', timeout: LONG });
		await input.fill(text);
		if (submit) {
			await input.press('Enter');
		}
	}

	/** The validation (or prompt) message under the input box. */
	async quickInputMessage(): Promise<string> {
		return (await this.page.locator('.quick-input-widget .quick-input-message').innerText()).trim();
	}

	/** The Back button (←) in the quick input's title bar, offered by the steps of a multi-step flow. */
	quickInputBack(): Locator {
		return this.page.locator('.quick-input-widget .quick-input-left-action-bar .action-label').first();
	}

	async pickQuickItem(label: TextMatch): Promise<void> {
		const row = this.quickPickItem(label).first();
		await row.waitFor({ state: 'visible', timeout: LONG });
		await row.click();
	}

	async waitForQuickInputClosed(): Promise<void> {
		await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: LONG });
	}

	// ── Notifications (toasts do not appear headless: read the notification center) ──────

	async openNotificationCenter(): Promise<Locator> {
		const center = this.page.locator('.notifications-center');
		if (!(await center.isVisible())) {
			await this.page.locator('#status\\.notifications a, #status\\.notifications').first().click();
		}
		await center.waitFor({ state: 'visible', timeout: LONG });
		return center;
	}

	async closeNotificationCenter(): Promise<void> {
		const center = this.page.locator('.notifications-center');
		if (await center.isVisible()) {
			await this.page.locator('#status\\.notifications a, #status\\.notifications').first().click();
			await center.waitFor({ state: 'hidden', timeout: LONG });
		}
	}

	/** All notifications in the center (opens it). */
	async notifications(): Promise<NotificationInfo[]> {
		const center = await this.openNotificationCenter();
		const rows = center.locator('.notification-list-item');
		const result: NotificationInfo[] = [];
		for (let i = 0; i < (await rows.count()); i++) {
			const row = rows.nth(i);
			result.push({
				message: (await row.locator('.notification-list-item-message').innerText()).trim(),
				source: (await row.locator('.notification-list-item-source').count()) ? (await row.locator('.notification-list-item-source').innerText()).trim() : '',
				actions: (await row.locator('.notification-list-item-buttons-container .monaco-button').allInnerTexts()).map((t) => t.trim()),
			});
		}
		return result;
	}

	/** Waits for a notification whose message matches; returns it. */
	async waitForNotification(message: TextMatch, timeoutMs = LONG): Promise<NotificationInfo> {
		const re = typeof message === 'string' ? new RegExp(escapeRegExp(message)) : message;
		let found: NotificationInfo | undefined;
		await this.waitUntil(async () => {
			found = (await this.notifications()).find((n) => re.test(n.message));
			return found !== undefined;
		}, `a notification matching ${re}`, timeoutMs);
		return found!;
	}

	/** Clicks an action button (e.g. "Show Log") of the notification whose message matches. */
	async clickNotificationAction(message: TextMatch, action: string): Promise<void> {
		const re = typeof message === 'string' ? new RegExp(escapeRegExp(message)) : message;
		await this.waitForNotification(re);
		const row = this.page.locator('.notifications-center .notification-list-item').filter({ has: this.page.locator('.notification-list-item-message').filter({ hasText: re }) }).first();
		await row.hover();
		await row.locator('.notification-list-item-buttons-container .monaco-button').filter({ hasText: asRegExp(action) }).first().click();
	}

	async clearNotifications(): Promise<void> {
		const center = await this.openNotificationCenter();
		const clear = center.locator('.notifications-center-header .codicon-notifications-clear-all, .notifications-center-header [aria-label^="Clear All"]').first();
		if (await clear.count()) {
			await clear.click();
		}
		await this.closeNotificationCenter();
	}

	// ── Status bar and output ─────────────────────────────────────────────────────────────

	/** Texts of all status bar items (what a person reads at the bottom). */
	async statusBarTexts(): Promise<string[]> {
		return (await this.page.locator('.part.statusbar .statusbar-item').allInnerTexts()).map((t) => t.trim()).filter(Boolean);
	}

	/** Waits for a status bar item whose text matches; returns the text. */
	async waitForStatusBarText(match: TextMatch, timeoutMs = LONG): Promise<string> {
		const re = typeof match === 'string' ? new RegExp(escapeRegExp(match)) : match;
		let text = '';
		await this.waitUntil(async () => {
			text = (await this.statusBarTexts()).find((t) => re.test(t)) ?? '';
			return text !== '';
		}, `a status bar item matching ${re}`, timeoutMs);
		return text;
	}

	/**
	 * The visible lines of the Output panel, in order (open it first, e.g. with the extension's Show Log
	 * command). E2eHost turns word wrap off for log output, so each line is one log line.
	 */
	async outputLines(): Promise<string[]> {
		const view = this.page.locator('.part.panel .monaco-editor .view-lines').first();
		await view.waitFor({ state: 'visible', timeout: LONG });
		const lines = await view.locator('.view-line').evaluateAll((els) =>
			els.map((el) => ({ top: parseFloat((el as HTMLElement).style.top) || 0, text: (el as HTMLElement).innerText.replace(/\u00a0/g, ' ') })),
		);
		return lines.sort((a, b) => a.top - b.top).map((l) => l.text);
	}

	/** Waits until an Output line matches; returns it. */
	async waitForOutputLine(match: TextMatch, timeoutMs = LONG): Promise<string> {
		const re = typeof match === 'string' ? new RegExp(escapeRegExp(match)) : match;
		let line = '';
		await this.waitUntil(async () => {
			line = (await this.outputLines()).find((l) => re.test(l)) ?? '';
			return line !== '';
		}, `an Output line matching ${re}`, timeoutMs);
		return line;
	}

	// ── Waiting ───────────────────────────────────────────────────────────────────────────

	/** Polls `condition` until true; throws naming `what` after `timeoutMs`. */
	async waitUntil(condition: () => Promise<boolean> | boolean, what: string, timeoutMs = LONG): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			try {
				if (await condition()) {
					return;
				}
			} catch {
				// The DOM changes under us; try again.
			}
			if (Date.now() > deadline) {
				throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
			}
			await this.page.waitForTimeout(200);
		}
	}
}
