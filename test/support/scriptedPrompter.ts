/**
 * A `Prompter` that answers from a queue, so the integration tests drive whole command flows without a
 * person. Installed through the test API (`setPrompter`); never part of the extension bundle.
 */
import * as vscode from 'vscode';
import type { Prompter } from '../../src/shared/prompter';


/**
 * One scripted answer: the text to type (input box), the label of the item to pick ('' picks the first
 * item, i.e. Enter on the default), the button of a modal confirm, or `undefined` to cancel (Escape).
 * A function receives the question and returns one of those.
 */
export type ScriptedAnswer = string | undefined | ((question: AskedQuestion) => string | undefined);

export interface AskedQuestion {
	readonly type: 'input' | 'pick' | 'confirm' | 'open';
	readonly title?: string;
	readonly prompt?: string;
	readonly placeHolder?: string;
	/** Pre-filled value of an input box. */
	readonly value?: string;
	readonly password?: boolean;
	/** Item labels (pick) or buttons (confirm). */
	readonly items?: readonly string[];
	/** Validation messages shown for rejected answers, in order. */
	readonly rejected: { value: string; message: string }[];
	/** What was finally answered (undefined: cancelled). */
	answer?: string;
}

export interface ShownMessage {
	readonly severity: 'info' | 'warning' | 'error';
	readonly message: string;
	readonly items: readonly string[];
}

/**
 * Answers questions from a queue. An input answer that fails `validateInput` is recorded as rejected
 * and the next answer in the queue is typed instead (a person retyping); an empty queue cancels.
 * Picking a label that is not offered throws, so a test fails loudly.
 */
export class ScriptedPrompter implements Prompter {
	readonly asked: AskedQuestion[] = [];
	readonly messages: ShownMessage[] = [];
	private readonly answers: ScriptedAnswer[];

	constructor(answers: readonly ScriptedAnswer[] = [], private readonly messageAnswer?: (m: ShownMessage) => string | undefined) {
		this.answers = [...answers];
	}

	/** Queue more answers. */
	answer(...answers: ScriptedAnswer[]): this {
		this.answers.push(...answers);
		return this;
	}

	get remaining(): number {
		return this.answers.length;
	}

	async input(options: vscode.InputBoxOptions): Promise<string | undefined> {
		const q: AskedQuestion = { type: 'input', title: options.title, prompt: options.prompt, placeHolder: options.placeHolder, value: options.value, password: options.password, rejected: [] };
		this.asked.push(q);
		for (;;) {
			const value = this.next(q);
			if (value === undefined) {
				return undefined;
			}
			const problem = await options.validateInput?.(value);
			const message = typeof problem === 'string' ? problem : problem?.message;
			if (message) {
				q.rejected.push({ value, message });
				continue;
			}
			q.answer = value;
			return value;
		}
	}

	async pick<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions): Promise<T | undefined> {
		const choices = items.filter((i) => i.kind !== vscode.QuickPickItemKind.Separator);
		const q: AskedQuestion = { type: 'pick', title: options.title, placeHolder: options.placeHolder, items: choices.map((i) => i.label), rejected: [] };
		this.asked.push(q);
		const label = this.next(q);
		if (label === undefined) {
			return undefined;
		}
		const item = label === '' ? choices[0] : choices.find((i) => i.label === label) ?? choices.find((i) => stripIcons(i.label) === label);
		if (!item) {
			throw new Error(`ScriptedPrompter: '${label}' is not offered in "${options.title ?? options.placeHolder}" (${q.items?.join(' | ')})`);
		}
		q.answer = item.label;
		return item;
	}

	async confirm(message: string, detail: string | undefined, ...items: string[]): Promise<string | undefined> {
		const q: AskedQuestion = { type: 'confirm', title: message, prompt: detail, items, rejected: [] };
		this.asked.push(q);
		const answer = this.next(q);
		if (answer !== undefined && !items.includes(answer)) {
			throw new Error(`ScriptedPrompter: '${answer}' is not a button of "${message}" (${items.join(' | ')})`);
		}
		q.answer = answer;
		return answer;
	}

	/** The answer is a file path (or undefined: the dialog was cancelled). */
	async openDialog(options: vscode.OpenDialogOptions): Promise<readonly vscode.Uri[] | undefined> {
		const q: AskedQuestion = { type: 'open', title: options.title, rejected: [] };
		this.asked.push(q);
		const file = this.next(q);
		q.answer = file;
		return file === undefined ? undefined : [vscode.Uri.file(file)];
	}

	showInfo(message: string, ...items: string[]): Thenable<string | undefined> {
		return this.show({ severity: 'info', message, items });
	}

	showWarning(message: string, ...items: string[]): Thenable<string | undefined> {
		return this.show({ severity: 'warning', message, items });
	}

	showError(message: string, ...items: string[]): Thenable<string | undefined> {
		return this.show({ severity: 'error', message, items });
	}

	private show(m: ShownMessage): Thenable<string | undefined> {
		this.messages.push(m);
		return Promise.resolve(this.messageAnswer?.(m));
	}

	private next(q: AskedQuestion): string | undefined {
		if (this.answers.length === 0) {
			return undefined;
		}
		const a = this.answers.shift();
		return typeof a === 'function' ? a(q) : a;
	}
}

function stripIcons(label: string): string {
	return label.replace(/\$\([a-z0-9-~]+\)\s*/gi, '').trim();
}

