/**
 * The base of every node in the Face tree, and the services nodes share. Nodes keep what they fetched
 * so that expansion survives refreshes; `refresh()` marks it for refetching (the node and its subtree).
 */
import type * as vscode from 'vscode';
import type { ContainerKind } from '../face/kinds';
import type { ClientProvider } from '../resources/types';
import type { OperationSource } from '../operations/types';
import type { FaceFiles } from '../state/faceFiles';
import type { ChangeJournal } from './changes';
import type { TrainingStatusCache } from './trainingStatusCache';

export interface TreeServices {
	readonly clients: ClientProvider;
	readonly operations: OperationSource;
	readonly log: vscode.LogOutputChannel;
	readonly statuses: TrainingStatusCache;
	readonly changes: ChangeJournal;
	/** Persons' faces' `userData` (their file names) as written or read here. */
	readonly faceFiles: FaceFiles;
	/** `azureFace.pageSize`, 1–1000. */
	pageSize(): number;
	/** `azureFace.loadAllLimit`: the most entries *Load All* loads under one node. */
	loadAllLimit(): number;
	/** Tells the view that `node` (or, when undefined, everything) changed. */
	changed(node?: FaceTreeNode): void;
	/** Called by container nodes as they render, so their spinners tick and operation changes reach them. */
	rendered(node: FaceTreeNode, running: boolean): void;
}

export abstract class FaceTreeNode {
	/** Stable: `resourceId/kind/containerId/personId/faceId` (plus `#more`, `#error` for helpers). */
	abstract readonly id: string;
	abstract readonly parent: FaceTreeNode | undefined;
	/** The configured resource this node belongs to. */
	abstract readonly resourceId: string;

	abstract getTreeItem(): vscode.TreeItem | Promise<vscode.TreeItem>;

	getChildren(): Promise<FaceTreeNode[]> {
		return Promise.resolve([]);
	}

	/**
	 * The tooltip, built when VS Code resolves the item (on hover), not with every `getTreeItem`: a tree of
	 * thousands of rows then sends, and VS Code keeps, no tooltip per row. Undefined: the item's own. A person's
	 * face not read yet reads its `userData` first (one call, once).
	 */
	tooltip(): vscode.MarkdownString | undefined | Promise<vscode.MarkdownString | undefined> {
		return undefined;
	}

	/** Forgets fetched data (this node's and its subtree's), so the next render or expansion refetches. */
	refresh(): void {
		// Leaves have nothing to forget.
	}
}

/** A node that stands for a container, a person or a face: it has a Face id and JSON to show. */
export interface EntityNode {
	readonly kind: ContainerKind;
	/** The Face id the user would copy: container id, personId or persistedFaceId. */
	readonly entityId: string;
	/** What Copy as JSON and Show properties show. */
	properties(): Record<string, unknown>;
}

export function isEntityNode(node: unknown): node is FaceTreeNode & EntityNode {
	return node instanceof FaceTreeNode && typeof (node as Partial<EntityNode>).properties === 'function';
}

/** What persons and faces know of the container holding them (ContainerNode; an interface, so that no import cycle forms). */
export interface ContainerLike extends FaceTreeNode {
	readonly kind: ContainerKind;
	readonly containerId: string;
	/** The container's name, else its id. */
	readonly label: string;
}
