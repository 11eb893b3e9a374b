/**
 * A `Map` whose first `count` entries are made from their index when asked for, not stored: the large seed's
 * million faces cost a few bytes, not ~300 MB. Generated ids ascend with their index, so a page
 * (`start` exclusive, `top`) is found by bisection instead of sorting a million ids. Entries read with `get`,
 * written, added or deleted behave as in a plain Map (the touched ones are stored; deleted indices are kept
 * in a set).
 */
export interface Generator<V> {
	readonly count: number;
	/** The id of entry `i` (0 ≤ i < count); strictly ascending with `i`. */
	idAt(i: number): string;
	/** The index of a generated id, or undefined when `id` is not one. */
	indexOf(id: string): number | undefined;
	make(i: number, id: string): V;
}

export class GeneratedMap<V> extends Map<string, V> {
	private removed: Set<number> | undefined;
	private extras = 0;
	private gen: Generator<V> | undefined;

	static of<V>(gen: Generator<V>): GeneratedMap<V> {
		const m = new GeneratedMap<V>();
		m.gen = gen;
		return m;
	}

	private generatedIndex(id: string): number | undefined {
		const i = this.gen?.indexOf(id);
		return i !== undefined && i >= 0 && i < this.gen!.count ? i : undefined;
	}

	private present(i: number): boolean {
		return !this.removed?.has(i);
	}

	override get size(): number {
		return (this.gen?.count ?? 0) - (this.removed?.size ?? 0) + this.extras;
	}

	override has(id: string): boolean {
		const i = this.generatedIndex(id);
		return i === undefined ? super.has(id) : this.present(i);
	}

	override get(id: string): V | undefined {
		const i = this.generatedIndex(id);
		if (i === undefined) {
			return super.get(id);
		}
		if (!this.present(i)) {
			return undefined;
		}
		let v = super.get(id);
		if (v === undefined) {
			// Stored once read, so that what the caller changes stays.
			v = this.gen!.make(i, id);
			super.set(id, v);
		}
		return v;
	}

	override set(id: string, value: V): this {
		const i = this.generatedIndex(id);
		if (i === undefined) {
			if (!super.has(id)) {
				this.extras++;
			}
		} else {
			this.removed?.delete(i);
		}
		return super.set(id, value);
	}

	override delete(id: string): boolean {
		const i = this.generatedIndex(id);
		if (i === undefined) {
			const had = super.delete(id);
			if (had) {
				this.extras--;
			}
			return had;
		}
		if (!this.present(i)) {
			return false;
		}
		(this.removed ??= new Set()).add(i);
		super.delete(id);
		return true;
	}

	override clear(): void {
		super.clear();
		this.gen = undefined;
		this.removed = undefined;
		this.extras = 0;
	}

	private valueAt(i: number): V {
		const id = this.gen!.idAt(i);
		return super.get(id) ?? this.gen!.make(i, id);
	}

	/** Entries not generated, ascending by id. */
	private sortedExtras(): [string, V][] {
		const out: [string, V][] = [];
		for (const [id, v] of super.entries()) {
			if (this.generatedIndex(id) === undefined) {
				out.push([id, v]);
			}
		}
		return out.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
	}

	/** First generated index whose id is > `start`. */
	private firstIndexAfter(start: string | undefined): number {
		const count = this.gen?.count ?? 0;
		if (start === undefined) {
			return 0;
		}
		let lo = 0;
		let hi = count;
		while (lo < hi) {
			const mid = (lo + hi) >>> 1;
			if (this.gen!.idAt(mid) > start) {
				hi = mid;
			} else {
				lo = mid + 1;
			}
		}
		return lo;
	}

	/** Ascending ids > `start`, at most `top`, without sorting the generated entries. */
	page(start: string | undefined, top: number): V[] {
		const out: V[] = [];
		const extras = this.sortedExtras().filter(([id]) => start === undefined || id > start);
		const count = this.gen?.count ?? 0;
		let i = this.firstIndexAfter(start);
		let e = 0;
		while (out.length < top) {
			while (i < count && !this.present(i)) {
				i++;
			}
			const genId = i < count ? this.gen!.idAt(i) : undefined;
			const extra = extras[e];
			if (genId === undefined && extra === undefined) {
				break;
			}
			if (extra !== undefined && (genId === undefined || extra[0] < genId)) {
				out.push(extra[1]);
				e++;
			} else {
				out.push(this.valueAt(i));
				i++;
			}
		}
		return out;
	}

	override *entries(): MapIterator<[string, V]> {
		const count = this.gen?.count ?? 0;
		for (let i = 0; i < count; i++) {
			if (this.present(i)) {
				yield [this.gen!.idAt(i), this.valueAt(i)];
			}
		}
		for (const [id, v] of super.entries()) {
			if (this.generatedIndex(id) === undefined) {
				yield [id, v];
			}
		}
	}

	override *keys(): MapIterator<string> {
		for (const [id] of this.entries()) {
			yield id;
		}
	}

	override *values(): MapIterator<V> {
		for (const [, v] of this.entries()) {
			yield v;
		}
	}

	override [Symbol.iterator](): MapIterator<[string, V]> {
		return this.entries();
	}

	override forEach(fn: (value: V, key: string, map: Map<string, V>) => void, thisArg?: unknown): void {
		for (const [id, v] of this.entries()) {
			fn.call(thisArg, v, id, this);
		}
	}
}
