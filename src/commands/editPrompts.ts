/**
 * The questions the create / rename / delete commands of containers, persons, directory persons and Dynamic
 * Person Groups share: a name and optional user data (a rename starts from the current ones), and the modal
 * that confirms a delete.
 */
import * as vscode from 'vscode';
import { validateName, validateUserData } from '../face/kinds';
import { prompter } from '../shared/prompter';

export interface NameAndUserData {
	readonly name: string;
	readonly userData: string;
}

/**
 * Asks a name, then user data. `current`: what a rename starts from; it then resolves to undefined when
 * nothing changed, as on Escape. `namePrompt`: the name box's prompt, `Name` unless given.
 */
export async function askNameAndUserData(title: string, current?: { readonly name: string; readonly userData?: string }, namePrompt = vscode.l10n.t('Name')): Promise<NameAndUserData | undefined> {
	const name = await prompter().input({ title, prompt: namePrompt, ...(current && { value: current.name }), validateInput: (v) => validateName(v) });
	if (name === undefined) {
		return undefined;
	}
	const userData = await prompter().input({ title, prompt: vscode.l10n.t('User data (optional, up to 16 KB)'), ...(current && { value: current.userData ?? '' }), validateInput: (v) => validateUserData(v) });
	if (userData === undefined || (current && name === current.name && userData === (current.userData ?? ''))) {
		return undefined;
	}
	return { name, userData };
}

/** The modal that confirms a delete: true when the person chose its *Delete* button. */
export async function confirmDelete(message: string, detail: string): Promise<boolean> {
	const button = vscode.l10n.t('Delete');
	return (await prompter().confirm(message, detail, button)) === button;
}
