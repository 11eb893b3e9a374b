/**
 * Keeps a copy of what the extension writes to its log channel (all levels, trace included) in a bounded
 * buffer: the integration tests assert on log lines and that a canary key never reaches them. Installed
 * on the channel the test API hands out (`api.log`), by replacing its writing methods on that object:
 * every part of the extension holds the same object, so every line passes here. Nothing of this is in
 * the extension; an installed (production) extension has no test API to install it through.
 */
import type * as vscode from 'vscode';

const LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'append', 'appendLine'] as const;
const MAX_LINES = 5000;
const TAPPED = Symbol('faceExplorerLogTap');

export class LogTap {
	private readonly buffer: string[] = [];
	/** When each line of `buffer` was written (`Date.now()`), same index. */
	private readonly times: number[] = [];

	get lines(): readonly string[] {
		return this.buffer;
	}

	/** The lines with the time each was written, oldest first. */
	get entries(): ReadonlyArray<{ readonly at: number; readonly line: string }> {
		return this.buffer.map((line, i) => ({ at: this.times[i], line }));
	}

	record(level: string, message: unknown, args: readonly unknown[]): void {
		const text = [message, ...args].map(render).join(' ');
		this.buffer.push(`[${level}] ${text}`);
		this.times.push(Date.now());
		if (this.buffer.length > MAX_LINES) {
			this.buffer.splice(0, this.buffer.length - MAX_LINES);
			this.times.splice(0, this.times.length - MAX_LINES);
		}
	}

	/** The tap on `channel`: installed once; later calls return the same tap. */
	static on(channel: vscode.LogOutputChannel): LogTap {
		const tapped = channel as vscode.LogOutputChannel & { [TAPPED]?: LogTap };
		const existing = tapped[TAPPED];
		if (existing) {
			return existing;
		}
		const tap = new LogTap();
		const methods = channel as unknown as Record<string, (...a: unknown[]) => unknown>;
		for (const level of LEVELS) {
			const write = methods[level];
			methods[level] = (message: unknown, ...args: unknown[]) => {
				tap.record(level, message, args);
				return write.call(channel, message, ...args);
			};
		}
		tapped[TAPPED] = tap;
		return tap;
	}
}

function render(value: unknown): string {
	if (value instanceof Error) {
		return value.stack ?? `${value.name}: ${value.message}`;
	}
	if (typeof value === 'string') {
		return value;
	}
	try {
		return JSON.stringify(value);
	} catch {
		return String(value);
	}
}
