/**
 * What a container or a person node fetched, and its refetch when marked stale (after a rename, a Refresh,
 * an added or deleted face): one refetch at a time, never throwing; a 404 marks the entity gone.
 */
import type * as vscode from 'vscode';
import { FaceApiError } from '../face/errors';
import { errorMessage } from '../shared/errors';

export class Reloadable<T> {
	private staleData = false;
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

	/** Fresh data from a list load. */
	set(data: T): void {
		this.data = data;
		this.staleData = false;
		this.goneData = false;
	}

	/** Refetch on the next `fresh()`. */
	markStale(): void {
		this.staleData = true;
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
			try {
				this.data = await this.fetch();
				this.goneData = false;
			} catch (e) {
				this.goneData = FaceApiError.isNotFound(e);
				this.log.warn(`Reloading ${this.what()} failed: ${errorMessage(e)}`);
			} finally {
				this.staleData = false;
				this.reloading = undefined;
			}
		})();
		return this.reloading;
	}
}
