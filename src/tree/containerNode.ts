/**
 * A container (Person Group, Large Person Group, Face List, Large Face List). Trainable ones show their
 * training state (icon, description, tooltip) from the tracker and from `getTrainingStatus`, fetched
 * only when the node renders. Children: persons, or faces.
 */
import * as vscode from 'vscode';
import { KINDS, type ContainerKind, type KindInfo } from '../face/kinds';
import type { Container, PersistedFace, Person } from '../face/types';
import { ChildCollection } from './childCollection';
import { containerProperties } from './properties';
import { Reloadable } from './reloadable';
import { Ctx, contextValue } from './contextValue';
import { FaceTreeNode, type EntityNode, type TreeServices } from './node';
import { FaceNode, PersonNode } from './personNodes';
import {
	containerTooltip,
	presentTraining,
	trainingDescription,
	trainingIcon,
	type TrainingFacts,
} from './trainingView';
import { parseTime } from '../shared/time';

/** The parent a container node needs: the kind folder (kept abstract to avoid an import cycle). */
export interface ContainerParent extends FaceTreeNode {
	readonly kind: KindInfo;
}

export class ContainerNode extends FaceTreeNode implements EntityNode {
	readonly id: string;
	readonly persons: ChildCollection<Person, PersonNode> | undefined;
	readonly faces: ChildCollection<PersistedFace, FaceNode> | undefined;
	private readonly data: Reloadable<Container>;

	constructor(
		readonly parent: ContainerParent,
		container: Container,
		private readonly services: TreeServices,
	) {
		super();
		this.id = `${parent.id}/${container.id}`;
		this.data = new Reloadable(
			container,
			async () => (await this.client()).getContainer(this.kind, this.containerId),
			() => `${this.kindInfo.noun} '${this.containerId}'`,
			services.log,
		);
		const k = this.kindInfo;
		if (k.children === 'persons') {
			this.persons = new ChildCollection<Person, PersonNode>(this, services, {
				paged: true,
				idOf: (p) => p.personId,
				load: async (start, top, signal) => (await this.client()).listPersons(k.kind, this.containerId, { start, top, signal }),
			}, {
				create: (p) => new PersonNode(this, p, services),
				update: (node, p, since) => node.update(p, since),
				emptyLabel: () => vscode.l10n.t('No persons'),
			});
		} else {
			this.faces = new ChildCollection<PersistedFace, FaceNode>(this, services, {
				paged: k.facesPaged,
				idOf: (f) => f.persistedFaceId,
				load: async (start, top, signal) => (await this.client()).listFaces(k.kind, this.containerId, { start, top, signal }),
			}, {
				create: (f) => new FaceNode(this, undefined, f, services),
				update: (node, f) => node.update(f),
				emptyLabel: () => vscode.l10n.t('No faces'),
			});
		}
	}

	/** The container as last fetched. */
	get container(): Container {
		return this.data.value;
	}

	get kind(): ContainerKind {
		return this.container.kind;
	}

	get kindInfo(): KindInfo {
		return KINDS[this.container.kind];
	}

	get containerId(): string {
		return this.container.id;
	}

	get entityId(): string {
		return this.container.id;
	}

	get resourceId(): string {
		return this.parent.resourceId;
	}

	/** The label a person reads: the container's name, else its id. */
	get label(): string {
		return this.container.name || this.container.id;
	}

	/** Data from a list load that started at `since` (`loadStamp()`). */
	update(container: Container, since: number): void {
		this.data.set(container, since);
	}

	/** What the tree knows of its training (no fetch). */
	trainingFacts(): TrainingFacts {
		const entry = this.services.statuses.get(this.id);
		return {
			status: entry?.status,
			fetchedAt: entry?.fetchedAt,
			error: entry?.error,
			operation: this.services.operations.findOperation(this.resourceId, this.kind, this.containerId),
		};
	}

	/** True when this window changed persons or faces after the last known training started. */
	isChanged(facts = this.trainingFacts()): boolean {
		const starts = [parseTime(facts.operation?.startedAt), parseTime(facts.status?.createdDateTime)].filter((t): t is number => t !== undefined);
		const lastStart = starts.length > 0 ? Math.max(...starts) : undefined;
		return this.services.changes.isChangedSince(this.resourceId, this.kind, this.containerId, lastStart);
	}

	async getTreeItem(): Promise<vscode.TreeItem> {
		await this.data.fresh();
		const k = this.kindInfo;
		const item = new vscode.TreeItem(this.label, vscode.TreeItemCollapsibleState.Collapsed);
		item.id = this.id;
		const facts = k.trainable ? this.trainingFacts() : {};
		const p = presentTraining(facts);
		const changed = k.trainable && this.isChanged(facts);
		if (k.trainable) {
			this.services.statuses.request(this.resourceId, this.kind, this.containerId);
			item.description = trainingDescription(p, changed);
			item.iconPath = trainingIcon(p, k);
		} else {
			item.iconPath = new vscode.ThemeIcon(k.icon);
		}
		if (this.data.gone) {
			item.description = vscode.l10n.t('not found');
			item.iconPath = new vscode.ThemeIcon('warning');
		}
		item.contextValue = contextValue(
			Ctx.container,
			k.contextToken,
			k.trainable && Ctx.trainable,
			(p.phase === 'running' || p.phase === 'queued') && Ctx.training,
			k.children === 'persons' ? Ctx.holdsPersons : Ctx.holdsFaces,
			Ctx.hasId,
			Ctx.hasJson,
		);
		this.services.rendered(this, p.phase === 'running' || p.phase === 'queued');
		return item;
	}

	/** Built on hover (resolveTreeItem), with what the tree knows then. */
	override tooltip(): vscode.MarkdownString {
		const k = this.kindInfo;
		const facts = k.trainable ? this.trainingFacts() : {};
		return containerTooltip(k, this.container, facts, presentTraining(facts), k.trainable && this.isChanged(facts));
	}

	override getChildren(): Promise<FaceTreeNode[]> {
		return (this.persons ?? this.faces)!.children();
	}

	override refresh(): void {
		this.data.markStale();
		this.persons?.refresh();
		this.faces?.refresh();
		this.services.statuses.invalidate(this.id);
	}

	/** Refetch only what the container holds (after a person or a face was added or deleted). */
	refreshChildren(): void {
		this.persons?.refresh();
		this.faces?.refresh();
	}

	properties(): Record<string, unknown> {
		return containerProperties(this.kindInfo, this.container, this.services.statuses.get(this.id)?.status);
	}

	private client() {
		return this.services.clients.getClient(this.resourceId);
	}

}
