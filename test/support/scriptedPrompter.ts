/**
 * A `Prompter` that answers from a queue, so the integration tests drive whole command flows without a
 * person. Installed through the test API (`setPrompter`); never part of the extension bundle.
 */
import * as vscode from 'vscode';
import { GoBack, type InputOptions, type PickOptions, type Prompter } from '../../src/shared/prompter';

/** An answer that presses the Back button of the step (fails loudly where no Back button is offered). */
export const BACK: unique symbol = Symbol('Back');


/**
 * One scripted answer: the text to type (input box), the label of the item to pick ('' picks the first
 * item, i.e. Enter on the default), the button of a modal confirm, `BACK` (the step's Back button), or
 * `undefined` to cancel (Escape). A function receives the question and returns one of those.
 */
export type ScriptedAnswer = string | undefined | typeof BACK | ((question: AskedQuestion) => string | undefined | typeof BACK);

export interface AskedQuestion {
	readonly type: 'input' | 'pick' | 'pickMany' | 'confirm' | 'open' | 'save';
	readonly title?: string;
	readonly prompt?: string;
	readonly placeHolder?: string;
	/** Pre-filled value of an input box. */
	readonly value?: string;
	readonly password?: boolean;
	/** A Back button is offered. */
	readonly back?: boolean;
	/** Item labels (pick) or buttons (confirm). */
	readonly items?: readonly string[];
	/** Validation messages shown for rejected answers, in order (`checked`: the box's accept-time check said it). */
	readonly rejected: { value: string; message: string; checked?: boolean }[];
	/** How many values the box's accept-time check (`InputOptions.check`) looked at. */
	checks: number;
	/** What was finally answered (undefined: cancelled). */
	answer?: string;
}

export interface ShownMessage {
	readonly severity: 'info' | 'warning' | 'error';
	readonly message: string;
	readonly items: readonly string[];
}

/**
 * Answers questions from a queue. An input answer that fails `validateInput`, or then the box's `check`
 * (run on accept, as the real box does), is recorded as rejected and the next answer in the queue is typed
 * instead (a person retyping); an empty queue cancels. `BACK` throws `GoBack` where Back is offered.
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

	async input(options: InputOptions): Promise<string | undefined> {
		const q: AskedQuestion = { type: 'input', title: options.title, prompt: options.prompt, placeHolder: options.placeHolder, value: options.value, password: options.password, back: options.back, rejected: [], checks: 0 };
		this.asked.push(q);
		for (;;) {
			const value = this.next(q, options.back);
			if (value === undefined) {
				return undefined;
			}
			const problem = await options.validateInput?.(value);
			const message = typeof problem === 'string' ? problem : problem?.message;
			if (message) {
				q.rejected.push({ value, message });
				continue;
			}
			if (options.check) {
				q.checks++;
				const said = await options.check(value, new AbortController().signal);
				if (said) {
					q.rejected.push({ value, message: said, checked: true });
					continue;
				}
			}
			q.answer = value;
			return value;
		}
	}

	async pick<T extends vscode.QuickPickItem>(items: readonly T[], options: PickOptions): Promise<T | undefined> {
		const choices = items.filter((i) => i.kind !== vscode.QuickPickItemKind.Separator);
		const q: AskedQuestion = { type: 'pick', title: options.title, placeHolder: options.placeHolder, items: choices.map((i) => i.label), back: options.back, rejected: [], checks: 0 };
		this.asked.push(q);
		const label = this.next(q, options.back);
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

	/** The answer names the labels to pick, one per line ('' picks none). */
	async pickMany<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions): Promise<readonly T[] | undefined> {
		const q: AskedQuestion = { type: 'pickMany', title: options.title, placeHolder: options.placeHolder, items: items.map((i) => i.label), rejected: [], checks: 0 };
		this.asked.push(q);
		const answer = this.next(q);
		if (answer === undefined) {
			return undefined;
		}
		const labels = answer === '' ? [] : answer.split('\n');
		const picked = labels.map((label) => {
			const item = items.find((i) => i.label === label);
			if (!item) {
				throw new Error(`ScriptedPrompter: '${label}' is not offered in "${options.title ?? options.placeHolder}" (${q.items?.join(' | ')})`);
			}
			return item;
		});
		q.answer = answer;
		return picked;
	}

	async confirm(message: string, detail: string | undefined, ...items: string[]): Promise<string | undefined> {
		const q: AskedQuestion = { type: 'confirm', title: message, prompt: detail, items, rejected: [], checks: 0 };
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
		const q: AskedQuestion = { type: 'open', title: options.title, rejected: [], checks: 0 };
		this.asked.push(q);
		const file = this.next(q);
		q.answer = file;
		return file === undefined ? undefined : [vscode.Uri.file(file)];
	}

	/** The answer is a file path (or undefined: the dialog was cancelled). */
	async saveDialog(options: vscode.SaveDialogOptions): Promise<vscode.Uri | undefined> {
		const q: AskedQuestion = { type: 'save', title: options.title, value: options.defaultUri?.fsPath, rejected: [], checks: 0 };
		this.asked.push(q);
		const file = this.next(q);
		q.answer = file;
		return file === undefined ? undefined : vscode.Uri.file(file);
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

	/** The next answer; `BACK` throws `GoBack` where `back` is offered, and fails the test elsewhere. */
	private next(q: AskedQuestion, back = false): string | undefined {
		if (this.answers.length === 0) {
			return undefined;
		}
		const a = this.answers.shift();
		const answer = typeof a === 'function' ? a(q) : a;
		if (answer === BACK) {
			if (!back) {
				throw new Error(`ScriptedPrompter: no Back button in "${q.title ?? q.placeHolder}"`);
			}
			q.answer = 'Back';
			throw new GoBack();
		}
		return answer;
	}
}

function stripIcons(label: string): string {
	return label.replace(/\$\([a-z0-9-~]+\)\s*/gi, '').trim();
}

