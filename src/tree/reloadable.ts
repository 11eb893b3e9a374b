/**
 * What a container or a person node fetched, and its refetch when marked stale (after a rename, a Refresh,
 * an added or deleted face): one refetch at a time, never throwing; a 404 marks the entity gone.
 */
import type * as vscode from 'vscode';
import { FaceApiError } from '../face/errors';
import { errorMessage } from '../shared/errors';

let stamps = 0;

/** A mark in time, taken when a list load starts: data it brings may be older than a later `markStale`. */
export function loadStamp(): number {
	return ++stamps;
}

export class Reloadable<T> {
	private staleData = false;
	/** The stamp of the last `markStale`. */
	private staleStamp = 0;
	private goneData = false;
	private reloading: Promise<void> | undefined;

	/** `what` names the entity in the log (`person 'p1'`). */
	constructor(
		private data: T,
		private readonly fetch: () => Promise<T>,
		private readonly what: () => string,
		private readonly log: vscode.LogOutputChannel,
	) {}

	get value(): T {
		return this.data;
	}

	get stale(): boolean {
		return this.staleData;
	}

	/** Set when the last refetch found the entity gone. */
	get gone(): boolean {
		return this.goneData;
	}

	/**
	 * Data from a list load that started at `since` (`loadStamp()`). It is kept either way, but when the
	 * entity was marked stale after the load started (a rename answered while the list was on its way),
	 * it stays stale, so the next `fresh()` refetches it.
	 */
	set(data: T, since: number): void {
		this.data = data;
		this.goneData = false;
		if (this.staleStamp <= since) {
			this.staleData = false;
		}
	}

	/** Refetch on the next `fresh()`. */
	markStale(): void {
		this.staleData = true;
		this.staleStamp = loadStamp();
	}

	/** The data, refetched first when stale. Never throws. */
	async fresh(): Promise<T> {
		if (this.staleData) {
			await this.reload();
		}
		return this.data;
	}

	private reload(): Promise<void> {
		this.reloading ??= (async () => {
			const since = loadStamp();
			try {
				this.data = await this.fetch();
				this.goneData = false;
			} catch (e) {
				this.goneData = FaceApiError.isNotFound(e);
				this.log.warn(`Reloading ${this.what()} failed: ${errorMessage(e)}`);
			} finally {
				if (this.staleStamp <= since) {
					this.staleData = false;
				}
				this.reloading = undefined;
			}
		})();
		return this.reloading;
	}
}
