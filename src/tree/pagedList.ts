/**
 * The children of one tree node, loaded page by page with `start`/`top` (ids ascending, `start`
 * exclusive). Asks for one entry more than a page, so *Load more…* only shows when there is more.
 * Never throws: a failed load is kept in `error` for the node to show.
 */

import { loadStamp } from './reloadable';

/** Largest `top` the service accepts. */
export const MAX_TOP = 1000;

export interface PageSource<T> {
	/** Whether the list pages at all (Face Lists and a Face List's faces do not). */
	readonly paged: boolean;
	load(start: string | undefined, top: number, signal?: AbortSignal): Promise<T[]>;
	idOf(item: T): string;
}

export class PagedList<T> {
	private _items: T[] = [];
	private _done = false;
	private _loaded = false;
	private _error: unknown;
	private _since = 0;
	private inflight: Promise<void> | undefined;

	constructor(
		private readonly source: PageSource<T>,
		private readonly pageSize: () => number,
	) {}

	get items(): readonly T[] {
		return this._items;
	}

	/** True once every entry is loaded. */
	get done(): boolean {
		return this._done;
	}

	get loaded(): boolean {
		return this._loaded;
	}

	/**
	 * When (`loadStamp()`) the oldest fetch whose entries are in `items` started: entries can be no newer
	 * than that (a rename answered later is not in them).
	 */
	get since(): number {
		return this._since;
	}

	/** Why the last load failed (cleared by the next successful one). */
	get error(): unknown {
		return this._error;
	}

	/** Loads the first page unless something is loaded already. */
	ensureLoaded(): Promise<void> {
		if (this._loaded && !this.inflight) {
			return Promise.resolve();
		}
		return this.serialize(async () => {
			if (!this._loaded) {
				await this.fetchNext(this.pageSize());
			}
		});
	}

	/** Appends the next page. */
	loadMore(signal?: AbortSignal): Promise<void> {
		return this.serialize(() => this.fetchNext(this.pageSize(), signal));
	}

	/**
	 * Appends pages of the largest size until the end, until `signal` aborts, or until `limit` entries are
	 * loaded (never more: the last page asks only for what fits). Resolves true when it stopped at `limit`
	 * with the end not seen, so the caller can say why a million-entry list is not all there.
	 */
	loadAll(signal?: AbortSignal, onProgress?: (count: number) => void, limit = Number.POSITIVE_INFINITY): Promise<boolean> {
		let stoppedAtLimit = false;
		return this.serialize(async () => {
			while (!this._done && !this._error && !signal?.aborted) {
				const room = limit - this._items.length;
				if (room <= 0) {
					stoppedAtLimit = true;
					return;
				}
				await this.fetchNext(Math.min(MAX_TOP, room), signal);
				onProgress?.(this._items.length);
			}
		}).then(() => stoppedAtLimit);
	}

	/** Refetches what was loaded (in as few calls as possible), keeping the extent the user had. */
	reload(): Promise<void> {
		const extent = Math.max(this._items.length, this.pageSize());
		return this.serialize(async () => {
			this._items = [];
			this._done = false;
			this._error = undefined;
			while (!this._done && !this._error && this._items.length < extent) {
				await this.fetchNext(Math.min(MAX_TOP, extent - this._items.length));
			}
		});
	}

	/** Forgets everything: the next `ensureLoaded` fetches the first page again. */
	reset(): void {
		this._items = [];
		this._done = false;
		this._loaded = false;
		this._error = undefined;
	}

	/** Drops one entry locally (after a delete, until the next reload). */
	remove(id: string): void {
		this._items = this._items.filter((item) => this.source.idOf(item) !== id);
	}

	private serialize(job: () => Promise<void>): Promise<void> {
		const previous = this.inflight ?? Promise.resolve();
		const next = previous.then(job, job).finally(() => {
			if (this.inflight === next) {
				this.inflight = undefined;
			}
		});
		this.inflight = next;
		return next;
	}

	private async fetchNext(pageSize: number, signal?: AbortSignal): Promise<void> {
		if (this._loaded && this._done) {
			return;
		}
		const size = Math.max(1, Math.min(pageSize, MAX_TOP));
		const top = size < MAX_TOP ? size + 1 : MAX_TOP;
		const last = this._items.length > 0 ? this.source.idOf(this._items[this._items.length - 1]) : undefined;
		const since = loadStamp();
		try {
			const page = await this.source.load(this.source.paged ? last : undefined, top, signal);
			this._error = undefined;
			if (this._items.length === 0 || !this.source.paged) {
				this._since = since;
			}
			this._loaded = true;
			if (!this.source.paged) {
				this._items = [...page];
				this._done = true;
			} else if (page.length > size) {
				this._items = this._items.concat(page.slice(0, size));
			} else {
				this._items = this._items.concat(page);
				this._done = page.length < top;
			}
		} catch (e) {
			if (signal?.aborted) {
				return;
			}
			this._error = e;
			this._loaded = true;
		}
	}
}
