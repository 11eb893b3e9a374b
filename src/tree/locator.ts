/**
 * Finds nodes for commands and presenters that know a target only by its ids: `reveal` shows a container
 * (or its resource) in the view, loading the pages of its folder that it needs (at most a few).
 */
import * as vscode from 'vscode';
import { KINDS, type ContainerKind } from '../face/kinds';
import { errorMessage } from '../shared/errors';
import { VIEW_ID } from './commandIds';
import type { ContainerNode } from './containerNode';
import type { FaceTreeNode } from './node';
import type { FaceTreeProvider } from './provider';
import type { KindFolderNode } from './resourceNodes';

/** Pages a reveal may load to find a container that is not loaded yet. */
const REVEAL_MAX_PAGES = 10;

export class NodeLocator {
	constructor(
		private readonly provider: FaceTreeProvider,
		private readonly view: vscode.TreeView<FaceTreeNode>,
	) {}

	/** Shows a container (or, when only the resource is given, the resource) in the view. */
	async reveal(resourceId: string, kind?: unknown, containerId?: unknown): Promise<FaceTreeNode | undefined> {
		const { provider, view } = this;
		const root = provider.resourceNode(resourceId);
		if (!root) {
			await vscode.commands.executeCommand(`${VIEW_ID}.focus`);
			return undefined;
		}
		let target: FaceTreeNode = root;
		const folder = typeof kind === 'string' && kind in KINDS ? root.folder(kind as ContainerKind) : undefined;
		if (folder) {
			target = folder;
			if (typeof containerId === 'string') {
				target = (await findContainer(folder, containerId)) ?? folder;
			}
		}
		if (!view.visible) {
			// Revealing into a view that is still opening selects nothing: open it first, then reveal.
			await vscode.commands.executeCommand(`${VIEW_ID}.focus`);
			await visible(view, 3000);
		}
		// A resource added a moment ago is not in the view until VS Code fetched the roots again.
		await provider.rootsSettled();
		// Expand the ancestors one by one first: a reveal into rows the view has not loaded yet selects nothing.
		for (let n = target.parent, chain: FaceTreeNode[] = []; ; n = n.parent) {
			if (!n) {
				for (const ancestor of chain) {
					await revealRetrying(view, ancestor, { select: false, focus: false, expand: true });
				}
				break;
			}
			chain.unshift(n);
		}
		await revealRetrying(view, target, { select: true, focus: true, expand: false });
		return target;
	}

	/**
	 * Shows a person of a group, or a face of a face list (`memberId`): the container first, then its rows,
	 * loading the pages it needs (at most a few). Falls back to the container when the member is not found.
	 */
	async revealMember(resourceId: string, kind: ContainerKind, containerId: string, memberId: string): Promise<FaceTreeNode | undefined> {
		const container = await this.reveal(resourceId, kind, containerId);
		const members = container && 'kindInfo' in container ? ((container as ContainerNode).persons ?? (container as ContainerNode).faces) : undefined;
		if (!members) {
			return container;
		}
		await container!.getChildren();
		for (let page = 0; page < REVEAL_MAX_PAGES && !members.find(memberId) && !members.done && members.error === undefined; page++) {
			await members.loadMore();
			await container!.getChildren();
		}
		const member = members.find(memberId);
		if (!member) {
			return container;
		}
		await revealRetrying(this.view, container!, { select: false, focus: false, expand: true });
		await revealRetrying(this.view, member, { select: true, focus: true, expand: false });
		return member;
	}
}

/**
 * `view.reveal`, tried again for a few seconds while the workbench does not hold the row yet ("Data tree
 * node not found": a refresh of the view or of an ancestor is still being applied).
 */
async function revealRetrying(view: vscode.TreeView<FaceTreeNode>, node: FaceTreeNode, options: { select: boolean; focus: boolean; expand: boolean }): Promise<void> {
	const deadline = Date.now() + 5000;
	for (;;) {
		try {
			await view.reveal(node, options);
			return;
		} catch (e) {
			if (!/not found/i.test(errorMessage(e)) || Date.now() > deadline) {
				throw e;
			}
			await new Promise((r) => setTimeout(r, 150));
		}
	}
}

function visible(view: vscode.TreeView<FaceTreeNode>, timeoutMs: number): Promise<void> {
	if (view.visible) {
		return Promise.resolve();
	}
	return new Promise((resolve) => {
		const timer = setTimeout(done, timeoutMs);
		const sub = view.onDidChangeVisibility((e) => e.visible && done());
		function done() {
			clearTimeout(timer);
			sub.dispose();
			resolve();
		}
	});
}

async function findContainer(folder: KindFolderNode, containerId: string): Promise<ContainerNode | undefined> {
	await folder.getChildren();
	for (let page = 0; page < REVEAL_MAX_PAGES; page++) {
		const found = folder.containers.find(containerId);
		if (found || folder.containers.done || folder.containers.error !== undefined) {
			return found;
		}
		await folder.containers.loadMore();
		await folder.getChildren();
	}
	return folder.containers.find(containerId);
}
