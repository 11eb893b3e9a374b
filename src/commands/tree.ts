/**
 * The tree's own commands: refresh (view and node), Load more / Load all, Retry, and reveal
 * (`azureFace.revealNode`, internal: `(resourceId, kind?, containerId?)`).
 */
import * as vscode from 'vscode';
import { TreeCommand } from '../tree/commandIds';
import { ErrorNode, LoadMoreNode } from '../tree/helperNodes';
import { FaceTreeNode } from '../tree/node';
import { LOAD_ALL_LIMIT_SETTING } from '../tree/listSettings';
import type { FaceTreeProvider } from '../tree/provider';
import type { RegisteredTree } from '../tree/register';
import { prompter } from '../shared/prompter';
import { registerCommand, withCancellableProgress } from './wrapper';

export function registerTreeCommands(context: vscode.ExtensionContext, tree: RegisteredTree): void {
	const { provider, locator } = tree;
	registerCommand(context, TreeCommand.refresh, () => provider.refresh());
	registerCommand(context, TreeCommand.refreshNode, (node?: unknown) => provider.refresh(node instanceof FaceTreeNode ? node : undefined));
	registerCommand(context, TreeCommand.loadMore, async (node?: unknown) => {
		if (node instanceof LoadMoreNode) {
			await node.loadable.loadMore();
			provider.refreshView(node.loadable.owner);
		}
	});
	registerCommand(context, TreeCommand.loadAll, (node?: unknown) => loadAll(provider, node));
	registerCommand(context, TreeCommand.retry, async (node?: unknown) => {
		if (node instanceof ErrorNode) {
			await node.loadable.retry();
			provider.refreshView(node.loadable.owner);
		}
	});
	registerCommand(context, TreeCommand.revealNode, (resourceId?: unknown, kind?: unknown, containerId?: unknown) =>
		typeof resourceId === 'string' ? locator.reveal(resourceId, kind, containerId) : undefined);
}

async function loadAll(provider: FaceTreeProvider, node: unknown): Promise<number | undefined> {
	const loadable = node instanceof LoadMoreNode ? node.loadable : undefined;
	if (!loadable) {
		return undefined;
	}
	const label = (await Promise.resolve(loadable.owner.getTreeItem())).label?.toString() ?? '';
	const title = vscode.l10n.t('Loading all entries of {0}…', label);
	let stoppedAtLimit = false;
	try {
		await withCancellableProgress(title, async (signal, progress) => {
			stoppedAtLimit = await loadable.loadAll(signal, (count) => progress.report({ message: vscode.l10n.t('{0} loaded', count) }));
		});
	} finally {
		provider.refreshView(loadable.owner);
	}
	if (stoppedAtLimit) {
		const openSetting = vscode.l10n.t('Open Setting');
		void prompter()
			.showInfo(
				vscode.l10n.t(
					"Load All stopped at {0} entries of '{1}', the limit set by azureFace.loadAllLimit, so that the view stays responsive. Load more… still loads the next page; raise the setting to load more at once.",
					loadable.count.toLocaleString('en-US'),
					label,
				),
				openSetting,
			)
			.then((choice) => (choice === openSetting ? vscode.commands.executeCommand('workbench.action.openSettings', LOAD_ALL_LIMIT_SETTING) : undefined));
	}
	return loadable.count;
}
