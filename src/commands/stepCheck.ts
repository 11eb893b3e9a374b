/**
 * The accept-time check of one step of a flow (an input box's `check`, src/shared/quickInput.ts): one
 * request for a value the person entered, remembered per value so that retyping a refused value, or going
 * Back and through the step again, costs no second request. Pure: no VS Code, no Face client.
 */

export type Verdict =
	| { readonly kind: 'ok' }
	/** A definite no (a refused key, no Face API at that URL): the person has to change the value. */
	| { readonly kind: 'refused'; readonly message: string }
	/** Could not tell (no answer, 429, 5xx). */
	| { readonly kind: 'unsure'; readonly message: string };

export interface StepCheckOptions {
	/**
	 * What an `unsure` verdict does. `'again'`: the box shows `again(message)` and the same value entered once
	 * more is kept (an endpoint that cannot be reached now); `'accept'`: the value is kept at once, and the
	 * flow asks later (`verdict()`).
	 */
	readonly unsure: 'again' | 'accept';
	readonly again?: (message: string) => string;
}

export class StepCheck {
	private readonly seen = new Map<string, Verdict>();

	constructor(
		private readonly run: (value: string, signal: AbortSignal) => Promise<Verdict>,
		private readonly options: StepCheckOptions,
	) {}

	/**
	 * For `InputOptions.check`: undefined accepts `value`, a message keeps the box open with it. `context`
	 * tells apart the same value asked about something else (a key for another endpoint).
	 */
	async check(value: string, signal: AbortSignal, context = ''): Promise<string | undefined> {
		const id = `${context}\n${value}`;
		const known = this.seen.get(id);
		if (known) {
			// Entered again: a refusal stands (no second request); an unsure value is kept this time.
			return known.kind === 'refused' ? known.message : undefined;
		}
		const verdict = await this.run(value, signal);
		if (signal.aborted) {
			return undefined; // the box is gone; nothing learnt
		}
		this.seen.set(id, verdict);
		switch (verdict.kind) {
			case 'ok':
				return undefined;
			case 'refused':
				return verdict.message;
			case 'unsure':
				return this.options.unsure === 'accept' ? undefined : (this.options.again ?? ((m) => m))(verdict.message);
		}
	}

	/** What the check said about `value` (undefined: not checked). */
	verdict(value: string, context = ''): Verdict | undefined {
		return this.seen.get(`${context}\n${value}`);
	}
}
