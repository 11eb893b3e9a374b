/**
 * Just enough of the `vscode` module for the operation tracker (src/operations/tracker.ts) to run in plain
 * Node (the fault bench): EventEmitter, Disposable, a log output channel that keeps its lines, a status-bar
 * item, `l10n.t`, an empty configuration; plus in-memory `Memento` and `SecretStorage` for the tracker's
 * globalState and the keys. `installVscodeShim()` makes `require('vscode')` return it; import this module
 * before anything that imports `vscode`.
 */
import Module from 'node:module';
import * as path from 'node:path';

type Listener<T> = (e: T) => unknown;

export class Disposable {
	constructor(private readonly fn: () => void) {}

	static from(...items: { dispose(): unknown }[]): Disposable {
		return new Disposable(() => items.forEach((i) => i.dispose()));
	}

	dispose(): void {
		this.fn();
	}
}

export class EventEmitter<T> {
	private listeners: Listener<T>[] = [];

	readonly event = (listener: Listener<T>): Disposable => {
		this.listeners.push(listener);
		return new Disposable(() => {
			this.listeners = this.listeners.filter((l) => l !== listener);
		});
	};

	fire(e: T): void {
		for (const l of [...this.listeners]) {
			l(e);
		}
	}

	dispose(): void {
		this.listeners = [];
	}
}

export interface LoggedLine {
	/** Real epoch ms. */
	readonly at: number;
	readonly level: 'trace' | 'debug' | 'info' | 'warn' | 'error';
	readonly text: string;
}

/** A `LogOutputChannel` that keeps every line (with its real time) in `lines`. */
export class MemoryLog {
	readonly lines: LoggedLine[] = [];
	readonly name: string;
	readonly logLevel = 1;
	readonly onDidChangeLogLevel = new EventEmitter<number>().event;

	constructor(name = 'log') {
		this.name = name;
	}

	private add(level: LoggedLine['level'], message: string | Error, args: unknown[]): void {
		const text = [message instanceof Error ? message.message : message, ...args.map(String)].join(' ');
		this.lines.push({ at: Date.now(), level, text });
	}

	trace(m: string, ...a: unknown[]): void {
		this.add('trace', m, a);
	}

	debug(m: string, ...a: unknown[]): void {
		this.add('debug', m, a);
	}

	info(m: string, ...a: unknown[]): void {
		this.add('info', m, a);
	}

	warn(m: string, ...a: unknown[]): void {
		this.add('warn', m, a);
	}

	error(m: string | Error, ...a: unknown[]): void {
		this.add('error', m, a);
	}

	append(v: string): void {
		this.add('info', v, []);
	}

	appendLine(v: string): void {
		this.add('info', v, []);
	}

	replace(v: string): void {
		this.add('info', v, []);
	}

	clear(): void {
		this.lines.length = 0;
	}

	show(): void {}

	hide(): void {}

	dispose(): void {}
}

/** `globalState`: values kept as JSON copies (as VS Code does), writes resolve on a later tick. */
export class MemoryMemento {
	private readonly data = new Map<string, string>();

	keys(): readonly string[] {
		return [...this.data.keys()];
	}

	get<T>(key: string, defaultValue?: T): T | undefined {
		const v = this.data.get(key);
		return v === undefined ? defaultValue : (JSON.parse(v) as T);
	}

	async update(key: string, value: unknown): Promise<void> {
		await Promise.resolve();
		if (value === undefined) {
			this.data.delete(key);
		} else {
			this.data.set(key, JSON.stringify(value));
		}
	}

	setKeysForSync(): void {}
}

/**
 * One window's view of a shared `MemoryMemento`: reads go through; after `crash()` its writes are lost, as
 * those of a window that went away without a word (a reload whose last writes never land).
 */
export class WindowMemento {
	private crashed = false;

	constructor(private readonly shared: MemoryMemento) {}

	crash(): void {
		this.crashed = true;
	}

	get<T>(key: string, defaultValue?: T): T | undefined {
		return this.shared.get(key, defaultValue);
	}

	update(key: string, value: unknown): Promise<void> {
		return this.crashed ? Promise.resolve() : this.shared.update(key, value);
	}
}

/** SecretStorage in memory; `failNextGets(n)` makes the next n reads fail as a locked keyring does. */
export class MemorySecrets {
	private readonly data = new Map<string, string>();
	private failing = 0;
	/** Reads that failed so far. */
	failures = 0;
	private readonly changed = new EventEmitter<{ key: string }>();
	readonly onDidChange = this.changed.event;

	failNextGets(n: number): void {
		this.failing = n;
	}

	async get(key: string): Promise<string | undefined> {
		await Promise.resolve();
		if (this.failing > 0) {
			this.failing--;
			this.failures++;
			throw new Error('Cannot create an item in a locked collection');
		}
		return this.data.get(key);
	}

	async store(key: string, value: string): Promise<void> {
		this.data.set(key, value);
		this.changed.fire({ key });
	}

	async delete(key: string): Promise<void> {
		this.data.delete(key);
		this.changed.fire({ key });
	}

	async keys(): Promise<string[]> {
		return [...this.data.keys()];
	}
}

class StatusBarItem {
	text = '';
	tooltip: string | undefined;
	command: unknown;
	name: string | undefined;
	backgroundColor: unknown;
	visible = false;

	show(): void {
		this.visible = true;
	}

	hide(): void {
		this.visible = false;
	}

	dispose(): void {
		this.visible = false;
	}
}

function format(message: string, args: unknown[]): string {
	const values = args.length === 1 && typeof args[0] === 'object' && args[0] !== null ? (args[0] as Record<string, unknown>) : args;
	return message.replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? String((values as Record<string, unknown>)[k]) : m));
}

/** The part of the `vscode` API the tracker and its presenters use. */
export const vscodeShim = {
	EventEmitter,
	Disposable,
	StatusBarAlignment: { Left: 1, Right: 2 },
	ThemeColor: class {
		constructor(readonly id: string) {}
	},
	MarkdownString: class {
		constructor(public value = '') {}
	},
	l10n: { t: (message: string, ...args: unknown[]) => format(message, args) },
	window: {
		createOutputChannel: (name: string) => new MemoryLog(name),
		createStatusBarItem: () => new StatusBarItem(),
		showInformationMessage: async () => undefined,
		showWarningMessage: async () => undefined,
		showErrorMessage: async () => undefined,
	},
	version: '1.90.0',
	workspace: {
		getConfiguration: () => ({ get: () => undefined, inspect: () => undefined }),
		onDidChangeConfiguration: new EventEmitter<unknown>().event,
	},
};

const SHIM_FILE = path.join(__dirname, '__vscode_shim__.js');
let installed = false;

/** Makes `require('vscode')` return `vscodeShim` (idempotent). */
export function installVscodeShim(): void {
	if (installed) {
		return;
	}
	installed = true;
	const m = Module as unknown as {
		_resolveFilename: (request: string, ...rest: unknown[]) => string;
		_cache: Record<string, unknown>;
	};
	const resolve = m._resolveFilename;
	m._resolveFilename = function (request: string, ...rest: unknown[]): string {
		return request === 'vscode' ? SHIM_FILE : resolve.call(this, request, ...rest);
	};
	const cached = new Module(SHIM_FILE);
	cached.filename = SHIM_FILE;
	cached.loaded = true;
	cached.exports = vscodeShim;
	require.cache[SHIM_FILE] = cached;
}

installVscodeShim();
