/**
 * The Person Directory under a resource whose API version has it: the folder lists the
 * directory's persons page by page; a person shows one row per recognition model (no call), and a model
 * row lists the person's faces of that model when it expands (one call). Nothing is fetched before a row
 * expands.
 */
import * as vscode from 'vscode';
import { directoryHolderKey } from '../state/faceFiles';
import { faceFileOf, fileRowText, JournaledUserData } from './faceUserData';
import type { DirectoryPerson } from '../face/directoryTypes';
import { RECOGNITION_MODELS, type RecognitionModel } from '../face/kinds';
import { batchDone } from '../operations/batch';
import type { OperationBatch } from '../operations/types';
import { ChildCollection } from './childCollection';
import { facePending, pendingWrite } from './directoryPending';
import { Ctx, contextValue } from './contextValue';
import { FaceTreeNode, type TreeServices } from './node';
import { PagedFolderNode } from './pagedFolder';

export class PersonDirectoryFolderNode extends PagedFolderNode<DirectoryPerson, DirectoryPersonNode> {
	constructor(parent: FaceTreeNode, services: TreeServices) {
		super(parent, services, {
			segment: 'personDirectory',
			label: vscode.l10n.t('Person Directory'),
			icon: 'book',
			paged: true,
			context: contextValue(Ctx.directoryFolder),
			emptyLabel: vscode.l10n.t('No persons'),
			idOf: (p) => p.personId,
			load: async (start, top, signal) => (await services.clients.getClient(parent.resourceId)).directory.listPersons({ start, top, signal }),
		});
	}

	protected createEntry(p: DirectoryPerson): DirectoryPersonNode {
		return new DirectoryPersonNode(this, p, this.services);
	}

	override tooltip(): vscode.MarkdownString {
		return new vscode.MarkdownString().appendText(
			vscode.l10n.t("The resource's Person Directory: persons with faces per recognition model, searchable without training."),
		);
	}

	/** A loaded person's label, if the folder has it (no fetch): group members show names with it. */
	nameOf(personId: string): string | undefined {
		return this.entries.find(personId)?.label;
	}
}

export class DirectoryPersonNode extends FaceTreeNode {
	readonly id: string;
	private models: DirectoryModelNode[] | undefined;

	constructor(
		readonly parent: PersonDirectoryFolderNode,
		public person: DirectoryPerson,
		private readonly services: TreeServices,
	) {
		super();
		this.id = `${parent.id}/${person.personId}`;
	}

	get resourceId(): string {
		return this.parent.resourceId;
	}

	get personId(): string {
		return this.person.personId;
	}

	get label(): string {
		return this.person.name || this.person.personId;
	}

	update(person: DirectoryPerson): void {
		this.person = person;
	}

	getTreeItem(): vscode.TreeItem {
		const item = new vscode.TreeItem(this.label, vscode.TreeItemCollapsibleState.Collapsed);
		item.id = this.id;
		const pending = pendingWrite(this.services.operations, this.resourceId, 'personDirectory', this.personId);
		item.description = pending ? pendingText(pending.batch) : this.person.userData;
		item.iconPath = new vscode.ThemeIcon(pending ? 'loading~spin' : 'person');
		item.contextValue = contextValue(Ctx.directoryPerson);
		return item;
	}

	override tooltip(): vscode.MarkdownString {
		const md = titledTooltip(this.label);
		appendRow(md, vscode.l10n.t('Person ID'), this.person.personId);
		appendRow(md, vscode.l10n.t('User data'), this.person.userData);
		appendRow(md, vscode.l10n.t('In'), vscode.l10n.t('Person Directory'));
		return md;
	}

	override getChildren(): Promise<FaceTreeNode[]> {
		this.models ??= RECOGNITION_MODELS.map((m) => new DirectoryModelNode(this, m, this.services));
		return Promise.resolve(this.models);
	}

	override refresh(): void {
		for (const m of this.models ?? []) {
			m.refresh();
		}
	}
}

/** One recognition model of a directory person: its faces of that model. */
export class DirectoryModelNode extends FaceTreeNode {
	readonly id: string;
	readonly faces: ChildCollection<string, DirectoryFaceNode>;

	constructor(
		readonly parent: DirectoryPersonNode,
		readonly model: RecognitionModel,
		private readonly services: TreeServices,
	) {
		super();
		this.id = `${parent.id}/${model}`;
		this.faces = new ChildCollection<string, DirectoryFaceNode>(this, services, {
			paged: false,
			idOf: (f) => f,
			load: async (_start, _top, signal) => {
				const ids = await (await services.clients.getClient(this.resourceId)).directory.listFaces(parent.personId, model, { signal });
				await services.faceFiles.ready(); // the rows' file names (state/faceFiles.ts)
				return ids;
			},
		}, {
			create: (f) => new DirectoryFaceNode(this, f, services),
			update: () => undefined,
			emptyLabel: () => vscode.l10n.t('No faces'),
		});
	}

	get resourceId(): string {
		return this.parent.resourceId;
	}

	getTreeItem(): vscode.TreeItem {
		const item = new vscode.TreeItem(this.model, vscode.TreeItemCollapsibleState.Collapsed);
		item.id = this.id;
		item.iconPath = new vscode.ThemeIcon('symbol-namespace');
		item.contextValue = contextValue(Ctx.recognitionModel);
		if (this.faces.loaded && this.faces.error === undefined) {
			item.description = this.faces.count === 1 ? vscode.l10n.t('1 face') : vscode.l10n.t('{0} faces', this.faces.count);
		}
		return item;
	}

	override async getChildren(): Promise<FaceTreeNode[]> {
		const before = this.faces.loaded ? this.faces.count : undefined;
		const children = await this.faces.children();
		if (before !== this.faces.count) {
			this.services.changed(this); // show the (new) count on the row
		}
		return children;
	}

	override refresh(): void {
		this.faces.refresh();
	}
}

export class DirectoryFaceNode extends FaceTreeNode {
	readonly id: string;
	/** Its `userData` (the file it came from): the service lists a model's faces by id only (faceUserData.ts). */
	private readonly journal: JournaledUserData;

	constructor(
		readonly parent: DirectoryModelNode,
		readonly faceId: string,
		private readonly services: TreeServices,
	) {
		super();
		this.id = `${parent.id}/${faceId}`;
		const person = parent.parent;
		this.journal = new JournaledUserData(services, this, () => directoryHolderKey(this.resourceId, parent.model, person.personId), faceId, async () =>
			(await (await services.clients.getClient(this.resourceId)).directory.getFace(person.personId, parent.model, faceId)).userData);
	}

	get resourceId(): string {
		return this.parent.resourceId;
	}

	get userData(): string | undefined {
		return this.journal.value;
	}

	get unread(): boolean {
		return this.journal.unread;
	}

	readUserData(): Promise<void> {
		return this.journal.ensure();
	}

	getTreeItem(): vscode.TreeItem {
		const file = faceFileOf(this.userData);
		const item = new vscode.TreeItem(file?.name ?? this.faceId, vscode.TreeItemCollapsibleState.None);
		item.id = this.id;
		const pending = facePending(this.services.operations, this.resourceId, this.parent.parent.personId, this.faceId);
		item.description = pending ? vscode.l10n.t('pending') : file ? this.faceId : undefined;
		item.iconPath = new vscode.ThemeIcon(pending ? 'loading~spin' : 'smiley');
		item.contextValue = contextValue(Ctx.directoryFace, (file || this.unread) && Ctx.hasFile);
		return item;
	}

	override async tooltip(): Promise<vscode.MarkdownString> {
		await this.journal.ensureQuietly();
		const md = new vscode.MarkdownString();
		appendRow(md, vscode.l10n.t('Persisted face ID'), this.faceId);
		appendRow(md, vscode.l10n.t('File'), fileRowText(this.userData, this.journal.readError));
		appendRow(md, vscode.l10n.t('Recognition model'), this.parent.model);
		appendRow(md, vscode.l10n.t('Person'), this.parent.parent.label);
		return md;
	}
}

/** `pending`, or for a batch `pending 12/200`. */
export function pendingText(batch: OperationBatch | undefined): string {
	return batch ? vscode.l10n.t('pending {0}/{1}', batchDone(batch), batch.total) : vscode.l10n.t('pending');
}

/** A tooltip that starts with `title` in bold (as text: Markdown in it shows as typed). */
export function titledTooltip(title: string): vscode.MarkdownString {
	const md = new vscode.MarkdownString();
	md.appendMarkdown('**');
	md.appendText(title);
	md.appendMarkdown('**\n\n');
	return md;
}

export function appendRow(md: vscode.MarkdownString, label: string, value: string | undefined): void {
	if (value === undefined || value === '') {
		return;
	}
	md.appendMarkdown(`${label}: `);
	md.appendText(value);
	md.appendMarkdown('  \n');
}
