/**
 * The one command wrapper: every command of the extension is registered through `registerCommand`,
 * which runs the handler, and on failure logs it and shows one error message (errorPresenter.ts)
 * without awaiting it. Cancellation (Escape in a prompt, a cancelled progress) is silent. The handler's
 * result is returned to `executeCommand` callers (tests); a failure resolves to `undefined`.
 */
import * as vscode from 'vscode';
import type { ClientProvider } from '../resources/types';
import { presentError, type PresentContext } from './errorPresenter';
import { errorMessage } from '../shared/errors';

let presentContext: PresentContext | undefined;
/** The ids registered through `registerCommand` (lazyCommands.ts checks that every stub was replaced). */
const registered = new Set<string>();

/** Called once by `activate` before any command is registered. */
export function initCommandWrapper(log: vscode.LogOutputChannel, clients?: ClientProvider): void {
	presentContext = { log, clients };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type CommandHandler = (...args: any[]) => unknown;

export function registerCommand(context: vscode.ExtensionContext, id: string, handler: CommandHandler): void {
	registered.add(id);
	context.subscriptions.push(vscode.commands.registerCommand(id, (...args: unknown[]) => runCommand(id, handler, args)));
}

export function registeredCommandIds(): ReadonlySet<string> {
	return registered;
}

/** Registers several commands at once: `{ [commandId]: handler }`. */
export function registerCommands(context: vscode.ExtensionContext, handlers: Readonly<Record<string, CommandHandler>>): void {
	for (const [id, handler] of Object.entries(handlers)) {
		registerCommand(context, id, handler);
	}
}

export async function runCommand(id: string, handler: CommandHandler, args: unknown[]): Promise<unknown> {
	const ctx = presentContext;
	try {
		ctx?.log.debug(`Command ${id}`);
		return await handler(...args);
	} catch (e) {
		if (ctx) {
			presentError(ctx, id, e, args);
		} else {
			void vscode.window.showErrorMessage(errorMessage(e));
		}
		return undefined;
	}
}

/** Runs `task` under a cancellable notification progress; the token becomes an `AbortSignal`. */
export function withCancellableProgress<T>(title: string, task: (signal: AbortSignal, progress: vscode.Progress<{ message?: string; increment?: number }>) => Promise<T>): Promise<T> {
	return Promise.resolve(
		vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
			const controller = new AbortController();
			const sub = token.onCancellationRequested(() => controller.abort());
			try {
				return await task(controller.signal, progress);
			} finally {
				sub.dispose();
			}
		}),
	);
}
