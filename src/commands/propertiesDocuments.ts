/**
 * The read-only JSON documents of *Show Properties* (`azureFace:` scheme). The provider is registered at
 * activation, before the commands load (lazyCommands.ts), so that a properties editor restored after a
 * reload is answered at once.
 */
import * as vscode from 'vscode';

export const PROPERTIES_SCHEME = 'azureFace';

export class PropertiesDocuments implements vscode.TextDocumentContentProvider {
	private readonly contents = new Map<string, string>();
	private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
	readonly onDidChange = this.emitter.event;

	set(uri: vscode.Uri, text: string): void {
		this.contents.set(uri.toString(), text);
		this.emitter.fire(uri);
	}

	provideTextDocumentContent(uri: vscode.Uri): string {
		return this.contents.get(uri.toString()) ?? '{}\n';
	}

	dispose(): void {
		this.emitter.dispose();
	}
}
