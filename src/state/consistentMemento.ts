/**
 * `globalState` that reads back what this window wrote.
 *
 * VS Code's extension host keeps the extension's whole global state as one object and replaces it with
 * every value the workbench echoes back after a write (`ExtHostMemento` ← `$acceptValue`, the channel that
 * shares global state between windows). An echo of an earlier write that arrives after a later `update()`
 * makes `get()` return the older value; when it lands between an `update()` and the flush that follows, the
 * flush writes the older object: the later value is lost although its promise resolved (also seen as
 * microsoft/vscode#171827). With the tracker saving on every poll, a resource removed meanwhile came back.
 *
 * This wrapper, shared by everything that keeps state (resources, operations):
 * - `get` returns the value this window last wrote for a key while the memento holds one of the values this
 *   window wrote before (or the value it held before the first write): that is a late echo. A value never
 *   seen here was written by another window, and wins.
 * - after every write, and once more a little later, it checks each key it wrote and writes again the keys
 *   a late echo took back (bounded: a few rounds, then it leaves it to the next write).
 */

/** The part of `vscode.Memento` used here (no `vscode` import: unit-testable in plain Node). */
export interface StateMemento {
	keys(): readonly string[];
	get<T>(key: string): T | undefined;
	get<T>(key: string, defaultValue: T): T;
	update(key: string, value: unknown): Thenable<void>;
}

interface Owned {
	/** JSON of the value this window wrote last (`undefined` for a deletion), and that value, parsed once. */
	latest: string | undefined;
	value: unknown;
	/** Earlier JSONs this window wrote, and the one found before the first write: echoes of these are stale. */
	readonly seen: string[];
	/** The last stored value compared, and its JSON: the memento hands out the same object until it changes. */
	raw?: { readonly value: unknown; readonly json: string | undefined };
}

/** Earlier values remembered per key: enough for a burst of writes between two echoes. */
const SEEN_MAX = 64;
/** The late check after the last write, and how many late rounds may rewrite before giving up. */
const LATE_CHECK_MS = 750;
const LATE_ROUNDS = 4;

export class ConsistentMemento implements StateMemento {
	private readonly owned = new Map<string, Owned>();
	private lateTimer: ReturnType<typeof setTimeout> | undefined;
	private lateRounds = 0;
	private disposed = false;

	constructor(
		private readonly memento: StateMemento,
		private readonly onRewrite?: (key: string) => void,
	) {}

	keys(): readonly string[] {
		const keys = new Set(this.memento.keys());
		for (const [key, o] of this.owned) {
			if (o.latest === undefined) {
				keys.delete(key);
			} else {
				keys.add(key);
			}
		}
		return [...keys];
	}

	get<T>(key: string): T | undefined;
	get<T>(key: string, defaultValue: T): T;
	get<T>(key: string, defaultValue?: T): T | undefined {
		const raw = this.memento.get<unknown>(key);
		const o = this.owned.get(key);
		if (o) {
			const json = storedJson(o, raw);
			if (json === o.latest || o.seen.includes(json ?? UNDEFINED)) {
				return o.value === undefined ? defaultValue : (o.value as T);
			}
			// Another window wrote it: its value wins, and this window owns the key again on its next write.
			this.owned.delete(key);
		}
		return raw === undefined ? defaultValue : (raw as T);
	}

	async update(key: string, value: unknown): Promise<void> {
		const json = toJson(value);
		let o = this.owned.get(key);
		if (!o) {
			o = { latest: undefined, value: undefined, seen: [toJson(this.memento.get<unknown>(key)) ?? UNDEFINED] };
			this.owned.set(key, o);
		} else {
			remember(o, o.latest);
		}
		const before = { latest: o.latest, value: o.value };
		o.latest = json;
		o.value = parse(json);
		try {
			await this.memento.update(key, parse(json));
		} catch (e) {
			if (o.latest === json) {
				Object.assign(o, before);
			}
			throw e;
		}
		if (this.disposed) {
			return;
		}
		this.lateRounds = 0;
		await this.repair();
		this.scheduleLateCheck();
	}

	dispose(): void {
		this.disposed = true;
		if (this.lateTimer) {
			clearTimeout(this.lateTimer);
			this.lateTimer = undefined;
		}
	}

	/** Writes again every owned key whose stored value is a stale one this window wrote before. */
	private async repair(): Promise<boolean> {
		const stale: Array<[string, string | undefined]> = [];
		for (const [key, o] of this.owned) {
			const json = storedJson(o, this.memento.get<unknown>(key));
			if (json !== o.latest && o.seen.includes(json ?? UNDEFINED)) {
				stale.push([key, o.latest]);
			}
		}
		for (const [key, latest] of stale) {
			this.onRewrite?.(key);
			await this.memento.update(key, parse(latest));
		}
		return stale.length > 0;
	}

	private scheduleLateCheck(): void {
		if (this.lateTimer) {
			clearTimeout(this.lateTimer);
		}
		this.lateTimer = setTimeout(() => {
			this.lateTimer = undefined;
			if (this.disposed) {
				return;
			}
			void this.repair().then((rewrote) => {
				if (rewrote && ++this.lateRounds < LATE_ROUNDS) {
					this.scheduleLateCheck();
				}
			}, () => undefined);
		}, LATE_CHECK_MS);
		(this.lateTimer as { unref?: () => void }).unref?.();
	}
}

/** Stands for "no value" in `seen` (JSON has no `undefined`). */
const UNDEFINED = '\u0000undefined';

function toJson(value: unknown): string | undefined {
	return value === undefined ? undefined : JSON.stringify(value);
}

/** JSON of the stored value, computed once per stored object (`get` runs on every tree row's render). */
function storedJson(o: Owned, raw: unknown): string | undefined {
	if (!o.raw || o.raw.value !== raw) {
		o.raw = { value: raw, json: toJson(raw) };
	}
	return o.raw.json;
}

function parse(json: string | undefined): unknown {
	return json === undefined ? undefined : JSON.parse(json);
}

function remember(o: Owned, json: string | undefined): void {
	const entry = json ?? UNDEFINED;
	const at = o.seen.indexOf(entry);
	if (at >= 0) {
		o.seen.splice(at, 1);
	}
	o.seen.push(entry);
	if (o.seen.length > SEEN_MAX) {
		o.seen.shift();
	}
}
