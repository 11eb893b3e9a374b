/**
 * The input box and quick pick of a multi-step flow, built on `createInputBox` / `createQuickPick` (the
 * `show…` functions cannot do either): an input whose accepted value is checked (a request) while the box
 * stays open, showing the answer as its validation message so the person retypes; and a Back button that
 * throws `GoBack`, so a flow returns to its previous step with the answers kept.
 */
import * as vscode from 'vscode';

export interface InputOptions extends vscode.InputBoxOptions {
	/**
	 * Runs when the person accepts a value that `validateInput` lets through (a request, say): a message keeps
	 * the box open and shows it as the validation message, so the person retypes; undefined accepts. The box is
	 * busy meanwhile; Escape aborts `signal`.
	 */
	readonly check?: (value: string, signal: AbortSignal) => Promise<string | undefined>;
	/** Offer a Back button: pressing it throws `GoBack`. */
	readonly back?: boolean;
}

export interface PickOptions extends vscode.QuickPickOptions {
	/** Offer a Back button: pressing it throws `GoBack`. */
	readonly back?: boolean;
}

/** The person pressed Back in a step of a multi-step flow (only where `back` was offered). */
export class GoBack extends Error {
	override readonly name = 'GoBack';

	constructor() {
		super('Back');
	}

	static is(e: unknown): e is GoBack {
		return e instanceof Error && e.name === 'GoBack';
	}
}

/** A blocking validation message (an Info or Warning severity does not block, as in `showInputBox`). */
async function problemOf(options: InputOptions, value: string): Promise<string | undefined> {
	const r = await options.validateInput?.(value);
	if (!r) {
		return undefined;
	}
	if (typeof r === 'string') {
		return r;
	}
	return r.severity === vscode.InputBoxValidationSeverity.Error ? r.message : undefined;
}

export function checkedInput(options: InputOptions): Promise<string | undefined> {
	return new Promise<string | undefined>((resolve, reject) => {
		const box = vscode.window.createInputBox();
		box.title = options.title;
		box.prompt = options.prompt;
		box.placeholder = options.placeHolder;
		box.value = options.value ?? '';
		box.password = options.password ?? false;
		box.ignoreFocusOut = options.ignoreFocusOut ?? true;
		if (options.valueSelection) {
			box.valueSelection = options.valueSelection;
		}
		if (options.back) {
			box.buttons = [vscode.QuickInputButtons.Back];
		}
		let settled = false;
		let checking: AbortController | undefined;
		const disposables: vscode.Disposable[] = [];
		const settle = (done: () => void) => {
			if (!settled) {
				settled = true;
				done();
				box.hide();
			}
		};
		const validate = async (value: string) => {
			const problem = await problemOf(options, value);
			if (!settled && box.value === value && !checking) {
				box.validationMessage = problem;
			}
			return problem;
		};
		disposables.push(
			box.onDidChangeValue((value) => void validate(value)),
			box.onDidTriggerButton((button) => {
				if (button === vscode.QuickInputButtons.Back) {
					settle(() => reject(new GoBack()));
				}
			}),
			box.onDidAccept(async () => {
				if (checking) {
					return; // Enter again while the value is being looked at
				}
				const controller = new AbortController();
				checking = controller;
				const value = box.value;
				try {
					const problem = await problemOf(options, value);
					if (problem) {
						box.validationMessage = problem;
						return;
					}
					if (!options.check) {
						settle(() => resolve(value));
						return;
					}
					box.busy = true;
					box.enabled = false;
					let message: string | undefined;
					try {
						message = await options.check(value, controller.signal);
					} catch (e) {
						message = e instanceof Error ? e.message : String(e);
					}
					if (settled) {
						return;
					}
					if (message) {
						box.validationMessage = message;
					} else {
						settle(() => resolve(value));
					}
				} finally {
					checking = undefined;
					if (!settled) {
						box.busy = false;
						box.enabled = true;
					}
				}
			}),
			box.onDidHide(() => {
				checking?.abort();
				settle(() => resolve(undefined));
				vscode.Disposable.from(...disposables).dispose();
				box.dispose();
			}),
		);
		void validate(box.value);
		box.show();
	});
}

export function pickWithBack<T extends vscode.QuickPickItem>(items: readonly T[], options: PickOptions): Promise<T | undefined> {
	return new Promise<T | undefined>((resolve, reject) => {
		const pick = vscode.window.createQuickPick<T>();
		pick.title = options.title;
		pick.placeholder = options.placeHolder;
		pick.ignoreFocusOut = options.ignoreFocusOut ?? true;
		pick.matchOnDescription = options.matchOnDescription ?? false;
		pick.matchOnDetail = options.matchOnDetail ?? false;
		pick.items = items;
		pick.buttons = [vscode.QuickInputButtons.Back];
		let settled = false;
		const settle = (done: () => void) => {
			if (!settled) {
				settled = true;
				done();
				pick.hide();
			}
		};
		const disposables = [
			pick.onDidTriggerButton((button) => {
				if (button === vscode.QuickInputButtons.Back) {
					settle(() => reject(new GoBack()));
				}
			}),
			pick.onDidAccept(() => {
				const chosen = pick.selectedItems[0] ?? pick.activeItems[0];
				if (chosen) {
					settle(() => resolve(chosen));
				}
			}),
			pick.onDidHide(() => {
				settle(() => resolve(undefined));
				vscode.Disposable.from(...disposables).dispose();
				pick.dispose();
			}),
		];
		pick.show();
	});
}
