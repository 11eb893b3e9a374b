/** Persons (of Person Groups and Large Person Groups) and faces (of persons, Face Lists, Large Face Lists). */
import * as vscode from 'vscode';
import { faceHolderKey } from '../state/faceFiles';
import { faceFileOf, fileRowText, JournaledUserData } from './faceUserData';
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
			load: async () => {
				// The service lists ids only; the file names come from the faces read or added here (state/faceFiles.ts).
				// Entries of faces no longer listed are not pruned here: a face an enrollment adds meanwhile would lose its name.
				const ids = (await this.data.fresh()).persistedFaceIds;
				await services.faceFiles.ready();
				return ids.map((persistedFaceId) => ({ persistedFaceId }));
			},
		}, {
			create: (f) => new FaceNode(this.parent, this, f, services),
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

	/** The key of this person's faces in the face-file journal. */
	get holderKey(): string {
		return faceHolderKey(this);
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
	/** A person's face's `userData`: the service lists a person's faces by id only (faceUserData.ts). */
	private readonly journal: JournaledUserData | undefined;

	constructor(
		readonly container: ContainerLike,
		/** The person holding the face; undefined for Face List and Large Face List faces. */
		readonly person: PersonNode | undefined,
		public face: PersistedFace,
		services: TreeServices,
	) {
		super();
		this.id = `${(person ?? container).id}/${face.persistedFaceId}`;
		this.journal = person && new JournaledUserData(services, this, () => person.holderKey, face.persistedFaceId, async () => {
			const client = await services.clients.getClient(this.resourceId);
			return (await client.getFace(this.kind, this.containerId, person.personId, this.faceId)).userData;
		});
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

	/** The face's `userData`: listed with a face list's faces; a person's face's as added or read here. */
	get userData(): string | undefined {
		return this.journal ? this.journal.value : this.face.userData || undefined;
	}

	/** A person's face whose `userData` was never read here. */
	get unread(): boolean {
		return this.journal?.unread ?? false;
	}

	update(face: PersistedFace): void {
		this.face = face;
	}

	/** Reads a person's face's `userData` (one call) unless it is known; the row then shows its file name. */
	readUserData(): Promise<void> {
		return this.journal?.ensure() ?? Promise.resolve();
	}

	getTreeItem(): vscode.TreeItem {
		// A face added by an enrollment or Add Face says which file it came from (operations/enrollCheck.ts): the
		// file's name is the row's label (a narrow side bar keeps it), the id its description.
		const userData = this.userData;
		const file = faceFileOf(userData);
		const item = new vscode.TreeItem(file?.name || this.face.persistedFaceId, vscode.TreeItemCollapsibleState.None);
		item.id = this.id;
		item.description = file ? this.face.persistedFaceId : userData;
		item.iconPath = new vscode.ThemeIcon('smiley');
		// An unread face may name its file: Reveal in Explorer reads it first.
		item.contextValue = contextValue(Ctx.face, KINDS[this.kind].contextToken, Ctx.hasId, Ctx.hasJson, (file || this.unread) && Ctx.hasFile);
		return item;
	}

	override async tooltip(): Promise<vscode.MarkdownString> {
		await this.journal?.ensureQuietly();
		const userData = this.userData;
		const md = new vscode.MarkdownString();
		appendRow(md, vscode.l10n.t('Persisted face ID'), this.face.persistedFaceId);
		appendRow(md, vscode.l10n.t('User data'), userData);
		appendRow(md, vscode.l10n.t('File'), fileRowText(userData, this.journal?.readError));
		appendRow(md, vscode.l10n.t('Person'), this.person?.label);
		appendRow(md, vscode.l10n.t('In'), `${KINDS[this.kind].label} '${this.container.label}'`);
		return md;
	}

	properties(): Record<string, unknown> {
		return faceProperties({ ...this.face, userData: this.userData }, this.person?.personId);
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
