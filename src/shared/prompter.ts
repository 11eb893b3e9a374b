/**
 * Every question a command asks goes through a `Prompter`: input boxes, quick picks, modal confirms and
 * the messages it shows. `VsCodePrompter` is the real UI; outside production the test API swaps in
 * another one (`setPrompter`: test/support/scriptedPrompter.ts answers from a queue).
 */
import * as vscode from 'vscode';
import { checkedInput, pickWithBack, type InputOptions, type PickOptions } from './quickInput';

export { GoBack, type InputOptions, type PickOptions } from './quickInput';

export interface Prompter {
	input(options: InputOptions): Promise<string | undefined>;
	pick<T extends vscode.QuickPickItem>(items: readonly T[], options: PickOptions): Promise<T | undefined>;
	/** A quick pick of several items (`canPickMany`); undefined on Escape. */
	pickMany<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions): Promise<readonly T[] | undefined>;
	/** A modal question (confirm a delete, "add anyway?"). Resolves to the chosen item or undefined (cancel). */
	confirm(message: string, detail: string | undefined, ...items: string[]): Promise<string | undefined>;
	/** The open-file dialog. */
	openDialog(options: vscode.OpenDialogOptions): Promise<readonly vscode.Uri[] | undefined>;
	/** The save-file dialog. */
	saveDialog(options: vscode.SaveDialogOptions): Promise<vscode.Uri | undefined>;
	/** Notifications. Callers never await these inside a command: the promise resolves when the user picks an action. */
	showInfo(message: string, ...items: string[]): Thenable<string | undefined>;
	showWarning(message: string, ...items: string[]): Thenable<string | undefined>;
	showError(message: string, ...items: string[]): Thenable<string | undefined>;
}

export class VsCodePrompter implements Prompter {
	async input(options: InputOptions): Promise<string | undefined> {
		if (!options.check && !options.back) {
			return vscode.window.showInputBox({ ignoreFocusOut: true, ...options });
		}
		return checkedInput(options);
	}

	async pick<T extends vscode.QuickPickItem>(items: readonly T[], options: PickOptions): Promise<T | undefined> {
		if (!options.back) {
			return vscode.window.showQuickPick(items as T[], { ignoreFocusOut: true, ...options });
		}
		return pickWithBack(items, options);
	}

	async pickMany<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions): Promise<readonly T[] | undefined> {
		return vscode.window.showQuickPick([...items], { ...options, canPickMany: true, ignoreFocusOut: true });
	}

	async confirm(message: string, detail: string | undefined, ...items: string[]): Promise<string | undefined> {
		return vscode.window.showWarningMessage(message, { modal: true, ...(detail ? { detail } : {}) }, ...items);
	}

	async openDialog(options: vscode.OpenDialogOptions): Promise<readonly vscode.Uri[] | undefined> {
		return vscode.window.showOpenDialog(options);
	}

	async saveDialog(options: vscode.SaveDialogOptions): Promise<vscode.Uri | undefined> {
		return vscode.window.showSaveDialog(options);
	}

	showInfo(message: string, ...items: string[]): Thenable<string | undefined> {
		return vscode.window.showInformationMessage(message, ...items);
	}

	showWarning(message: string, ...items: string[]): Thenable<string | undefined> {
		return vscode.window.showWarningMessage(message, ...items);
	}

	showError(message: string, ...items: string[]): Thenable<string | undefined> {
		return vscode.window.showErrorMessage(message, ...items);
	}
}

let active: Prompter = new VsCodePrompter();

/** The prompter commands use now. */
export function prompter(): Prompter {
	return active;
}

/** Replaces the prompter (tests); `undefined` restores the VS Code UI. */
export function setPrompter(p: Prompter | undefined): void {
	active = p ?? new VsCodePrompter();
}
