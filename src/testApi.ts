/**
 * What `activate` returns outside production (extension development and test hosts):
 * `vscode.extensions.getExtension('face-explorer.face-explorer').exports`. The integration tests drive
 * and observe the extension through it; it is `undefined` in an installed (production) extension, so
 * no other extension can reach the store through our exports.
 */
import type * as vscode from 'vscode';
import type { LazyCommands } from './commands/lazyCommands';
import type { ResultPanels } from './images/panel';
import type { OperationsStatusBar } from './operations/statusBar';
import type { OperationTracker } from './operations/tracker';
import type { ResourceStore } from './resources/store';
import type { Prompter } from './shared/prompter';
import type { StateMemento } from './state/consistentMemento';
import type { RegisteredTree } from './tree/register';

export interface FaceExplorerTestApi {
	/** The resource store (`ClientProvider` + add/update/remove/setKey/signIn, `getBilledCount`, events). */
	readonly resources: ResourceStore;
	/** The operation tracker. */
	readonly tracker: OperationTracker;
	/** The status-bar presenter of the operations (`item`, `shown`). */
	readonly statusBar: OperationsStatusBar;
	/** The tree: `provider` (FaceTreeProvider), `view` (the TreeView) and `locator`. */
	readonly tree: RegisteredTree;
	/** The log channel the extension writes to (test/support/logTap.ts records what is written to it). */
	readonly log: vscode.LogOutputChannel;
	/** Routes every question and message of the commands to `p` (test/support/scriptedPrompter.ts); `undefined` restores the UI. */
	setPrompter(p: Prompter | undefined): void;
	/** All of this extension's `globalState`, as JSON: to assert that no key or token is stored there. */
	globalStateJson(): string;
	/** The API key stored in SecretStorage for an endpoint origin (`http://127.0.0.1:1234`). */
	secretFor(origin: string): Promise<string | undefined>;
	/** Whether the Face bundle (undici) has been loaded: activation must not load it. */
	isFaceLoaded(): boolean;
	/** The commands, which load on their first use (`loaded()`), and the stubs they left unreplaced (`missing()`). */
	readonly commands: LazyCommands;
	/** The results panels of the picture commands (Identify Faces in…): open panels, their webviews' reports (loads the commands and the images bundle). */
	panels(): ResultPanels;
	/** Whether the images bundle (results panel, runner) has been loaded: activation must not load it. */
	isImagesLoaded(): boolean;
	/**
	 * Raw SecretStorage (the activation test's round trip); the raw `globalState` and the ConsistentMemento
	 * over it that the extension keeps its state in (the state test).
	 */
	readonly testing: { readonly secrets: vscode.SecretStorage; readonly globalState: vscode.Memento; readonly state: StateMemento };
}
