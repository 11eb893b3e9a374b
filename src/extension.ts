import * as vscode from 'vscode';

export function activate(context: vscode.ExtensionContext): void {
	const log = vscode.window.createOutputChannel('Face Explorer', { log: true });
	context.subscriptions.push(
		log,
		vscode.commands.registerCommand('azureFace.showLog', () => log.show()),
	);
}

export function deactivate(): void {
	// Everything is disposed through context.subscriptions.
}
