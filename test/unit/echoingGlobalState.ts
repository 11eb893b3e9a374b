/**
 * A model of how VS Code keeps an extension's `globalState`, late echoes included:
 * - the extension host holds the whole state as one object (`ExtHostMemento._value`); `update(key, v)` sets
 *   `_value[key]` at once and flushes the *whole object* to the workbench on the next tick (RunOnceScheduler 0);
 *   the promise resolves when the workbench acknowledges that write;
 * - the workbench stores it and, because global state is shared between windows, sends the stored state back
 *   (`$acceptValue`), which *replaces* `_value`;
 * - both directions are ordered channels with a latency.
 * Read in code-server 4.139.1 / VS Code 1.139.1 (`extensionHostProcess.js`, `workbench.js`).
 */
export class EchoingGlobalState {
	/** The extension host's copy. */
	private value: Record<string, unknown> = {};
	/** What the workbench stored (what the next window would read). */
	stored = '{}';
	private flushScheduled = false;
	private pending: Array<() => void> = [];
	private toWorkbench: Promise<void> = Promise.resolve();
	private toHost: Promise<void> = Promise.resolve();
	echoes = 0;

	constructor(private readonly latencyMs: () => number) {}

	keys(): readonly string[] {
		return Object.keys(this.value).filter((k) => this.value[k] !== undefined);
	}

	get<T>(key: string): T | undefined;
	get<T>(key: string, defaultValue: T): T;
	get<T>(key: string, defaultValue?: T): T | undefined {
		const v = this.value[key];
		return v === undefined ? defaultValue : (v as T);
	}

	update(key: string, value: unknown): Promise<void> {
		this.value[key] = value;
		const done = new Promise<void>((resolve) => this.pending.push(resolve));
		if (!this.flushScheduled) {
			this.flushScheduled = true;
			setTimeout(() => this.flush(), 0);
		}
		return done;
	}

	/** Another window writes `key`. */
	writeFromOtherWindow(key: string, value: unknown): void {
		const state = JSON.parse(this.stored) as Record<string, unknown>;
		state[key] = value;
		this.stored = JSON.stringify(state);
		this.echo();
	}

	/** Resolves once every message in flight has arrived. */
	async settle(): Promise<void> {
		for (let i = 0; i < 5; i++) {
			await new Promise((r) => setTimeout(r, this.latencyMs() * 3 + 5));
			await this.toWorkbench;
			await this.toHost;
		}
	}

	private flush(): void {
		this.flushScheduled = false;
		const snapshot = JSON.stringify(this.value);
		const resolvers = this.pending.splice(0);
		this.toWorkbench = this.send(this.toWorkbench, () => {
			this.stored = snapshot; // $setValue
			this.echo(); // onDidChangeValue → $acceptValue with the stored state as it is now
			this.toHost = this.send(this.toHost, () => resolvers.forEach((r) => r()));
		});
	}

	private echo(): void {
		const raw = this.stored;
		this.toHost = this.send(this.toHost, () => {
			this.echoes++;
			this.value = JSON.parse(raw) as Record<string, unknown>;
		});
	}

	/** A message on an ordered channel: in flight for the latency, delivered after the ones sent before it. */
	private send(channel: Promise<void>, deliver: () => void): Promise<void> {
		const inFlight = new Promise<void>((r) => setTimeout(r, this.latencyMs()));
		return Promise.all([channel, inFlight]).then(deliver);
	}
}
