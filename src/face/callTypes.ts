/** The options and inputs every Face call shares (imported by the type files of each area, so that none imports types.ts). */

export interface CallOptions {
	readonly signal?: AbortSignal;
	/**
	 * A read nobody waits for (the tree's training state of each container row): it draws from the rate
	 * budget after every other waiting call, so on F0 a page of containers does not hold up a training's
	 * polls or an edit.
	 */
	readonly background?: boolean;
	/**
	 * A poll the schedule expects to see an operation's end (the one due right after a training's predicted
	 * end): it draws from the rate budget ahead of waiting first attempts — within the limit, its pace and any
	 * 429 pause, and at most a quarter of the capacity per window (budgetQueue.ts).
	 */
	readonly priority?: boolean;
}

export interface PageOptions extends CallOptions {
	/** Exclusive lower bound: ids greater than `start`. */
	readonly start?: string;
	/** 1–1000 (service default 1000). */
	readonly top?: number;
}

export interface UpdateInput {
	readonly name?: string;
	readonly userData?: string;
}

/** Where a face comes from: bytes (octet-stream) or a public URL. */
export type ImageSource = { readonly bytes: Uint8Array } | { readonly url: string };
