/**
 * Keeps a copy of what the extension writes to its log channel (all levels, trace included) in a
 * bounded buffer, for the test API: tests assert on log lines and that a canary key never reaches them.
 */
import type * as vscode from 'vscode';

const LEVELS = new Set(['trace', 'debug', 'info', 'warn', 'error', 'append', 'appendLine']);
const MAX_LINES = 5000;

export class LogTap {
	private readonly buffer: string[] = [];

	get lines(): readonly string[] {
		return this.buffer;
	}

	record(level: string, message: unknown, args: readonly unknown[]): void {
		const text = [message, ...args].map(render).join(' ');
		this.buffer.push(`[${level}] ${text}`);
		if (this.buffer.length > MAX_LINES) {
			this.buffer.splice(0, this.buffer.length - MAX_LINES);
		}
	}

	/** A channel that writes to `channel` and records each write here. */
	wrap(channel: vscode.LogOutputChannel): vscode.LogOutputChannel {
		return new Proxy(channel, {
			get: (target, prop) => {
				const value: unknown = Reflect.get(target, prop, target);
				if (typeof value !== 'function') {
					return value;
				}
				if (typeof prop === 'string' && LEVELS.has(prop)) {
					return (message: unknown, ...args: unknown[]) => {
						this.record(prop, message, args);
						return (value as (...a: unknown[]) => unknown).call(target, message, ...args);
					};
				}
				return (value as (...a: unknown[]) => unknown).bind(target);
			},
		});
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
