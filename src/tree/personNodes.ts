/** Persons (of Person Groups and Large Person Groups) and faces (of persons, Face Lists, Large Face Lists). */
import { parseFaceMark } from '../operations/enrollCheck';
import * as vscode from 'vscode';
import { KINDS, type ContainerKind } from '../face/kinds';
import type { PersistedFace, Person } from '../face/types';
import { ChildCollection } from './childCollection';
import { faceProperties, personProperties } from './properties';
import { Reloadable } from './reloadable';
import { Ctx, contextValue } from './contextValue';
import { type ContainerLike, FaceTreeNode, type EntityNode, type TreeServices } from './node';

export class PersonNode extends FaceTreeNode implements EntityNode {
	readonly id: string;
	readonly faces: ChildCollection<PersistedFace, FaceNode>;
	private readonly data: Reloadable<Person>;

	constructor(
		readonly parent: ContainerLike,
		person: Person,
		services: TreeServices,
	) {
		super();
		this.id = `${parent.id}/${person.personId}`;
		this.data = new Reloadable(
			person,
			async () => (await services.clients.getClient(this.resourceId)).getPerson(this.kind, this.containerId, this.personId),
			() => `person '${this.personId}'`,
			services.log,
		);
		this.faces = new ChildCollection<PersistedFace, FaceNode>(this, services, {
			paged: false,
			idOf: (f) => f.persistedFaceId,
			load: async () => (await this.data.fresh()).persistedFaceIds.map((persistedFaceId) => ({ persistedFaceId })),
		}, {
			create: (f) => new FaceNode(this.parent, this, f),
			update: (node, f) => node.update(f),
			emptyLabel: () => vscode.l10n.t('No faces'),
		});
	}

	/** The person as last fetched. */
	get person(): Person {
		return this.data.value;
	}

	get kind(): ContainerKind {
		return this.parent.kind;
	}

	get resourceId(): string {
		return this.parent.resourceId;
	}

	get containerId(): string {
		return this.parent.containerId;
	}

	get personId(): string {
		return this.person.personId;
	}

	get entityId(): string {
		return this.person.personId;
	}

	get label(): string {
		return this.person.name || this.person.personId;
	}

	/** Data from a list load that started at `since` (`loadStamp()`). */
	update(person: Person, since: number): void {
		this.data.set(person, since);
	}

	async getTreeItem(): Promise<vscode.TreeItem> {
		const p = await this.data.fresh();
		const count = p.persistedFaceIds.length;
		const item = new vscode.TreeItem(this.label, count > 0 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
		item.id = this.id;
		item.description = this.data.gone
			? vscode.l10n.t('not found')
			: count === 1 ? vscode.l10n.t('1 face') : vscode.l10n.t('{0} faces', count);
		item.iconPath = new vscode.ThemeIcon(this.data.gone ? 'warning' : 'person');
		// The tooltip is built on hover (resolveTreeItem): a page of rows is sent, and kept, without it.
		item.contextValue = contextValue(Ctx.person, KINDS[this.kind].contextToken, Ctx.hasId, Ctx.hasJson);
		return item;
	}

	override tooltip(): vscode.MarkdownString {
		const p = this.person;
		const md = new vscode.MarkdownString();
		md.appendMarkdown('**');
		md.appendText(this.label);
		md.appendMarkdown('**\n\n');
		appendRow(md, vscode.l10n.t('Person ID'), p.personId);
		appendRow(md, vscode.l10n.t('User data'), p.userData);
		appendRow(md, vscode.l10n.t('Faces'), String(p.persistedFaceIds.length));
		appendRow(md, vscode.l10n.t('In'), `${KINDS[this.kind].label} '${this.parent.label}'`);
		return md;
	}

	override getChildren(): Promise<FaceTreeNode[]> {
		return this.faces.children();
	}

	override refresh(): void {
		this.data.markStale();
		this.faces.refresh();
	}

	properties(): Record<string, unknown> {
		return personProperties(this.person);
	}

}

export class FaceNode extends FaceTreeNode implements EntityNode {
	readonly id: string;

	constructor(
		readonly container: ContainerLike,
		/** The person holding the face; undefined for Face List and Large Face List faces. */
		readonly person: PersonNode | undefined,
		public face: PersistedFace,
	) {
		super();
		this.id = `${(person ?? container).id}/${face.persistedFaceId}`;
	}

	get parent(): FaceTreeNode {
		return this.person ?? this.container;
	}

	get kind(): ContainerKind {
		return this.container.kind;
	}

	get resourceId(): string {
		return this.container.resourceId;
	}

	get containerId(): string {
		return this.container.containerId;
	}

	get personId(): string | undefined {
		return this.person?.personId;
	}

	get faceId(): string {
		return this.face.persistedFaceId;
	}

	get entityId(): string {
		return this.face.persistedFaceId;
	}

	update(face: PersistedFace): void {
		this.face = face;
	}

	getTreeItem(): vscode.TreeItem {
		const item = new vscode.TreeItem(this.face.persistedFaceId, vscode.TreeItemCollapsibleState.None);
		item.id = this.id;
		// A face added by an enrollment says which file it came from (operations/enrollCheck.ts).
		const mark = parseFaceMark(this.face.userData);
		item.description = mark ? mark.file.slice(mark.file.lastIndexOf('/') + 1) : this.face.userData;
		item.iconPath = new vscode.ThemeIcon('smiley');
		item.contextValue = contextValue(Ctx.face, KINDS[this.kind].contextToken, Ctx.hasId, Ctx.hasJson, mark && Ctx.hasFile);
		return item;
	}

	override tooltip(): vscode.MarkdownString {
		const md = new vscode.MarkdownString();
		appendRow(md, vscode.l10n.t('Persisted face ID'), this.face.persistedFaceId);
		appendRow(md, vscode.l10n.t('User data'), this.face.userData);
		appendRow(md, vscode.l10n.t('File'), parseFaceMark(this.face.userData)?.file);
		appendRow(md, vscode.l10n.t('Person'), this.person?.label);
		appendRow(md, vscode.l10n.t('In'), `${KINDS[this.kind].label} '${this.container.label}'`);
		return md;
	}

	properties(): Record<string, unknown> {
		return faceProperties(this.face, this.person?.personId);
	}
}

function appendRow(md: vscode.MarkdownString, label: string, value: string | undefined): void {
	if (value === undefined || value === '') {
		return;
	}
	md.appendMarkdown(`${label}: `);
	md.appendText(value);
	md.appendMarkdown('  \n');
}
