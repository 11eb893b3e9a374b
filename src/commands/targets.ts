/**
 * Palette parity for node commands: a command's target is the tree node it was invoked on, a plain
 * reference (`{ resourceId, kind, containerId, personId?, faceId? }`, for tests and other commands),
 * or, from the palette, quick picks: resource → kind → container → person → face.
 */
import * as vscode from 'vscode';
import { pickResource } from './pickers';
import { prompter } from '../shared/prompter';
import { ALL_KINDS, KINDS, type ContainerKind, type KindInfo } from '../face/kinds';
import type { Container, FaceApi, PersistedFace, Person } from '../face/types';
import { UnknownResourceError } from '../resources/errors';
import type { ClientProvider, FaceResource } from '../resources/types';
import { ContainerNode } from '../tree/containerNode';
import { type ContainerLike, FaceTreeNode } from '../tree/node';
import { FaceNode, PersonNode } from '../tree/personNodes';
import { KindFolderNode } from '../tree/resourceNodes';

/** Largest page a picker loads in one call; beyond it the user types the id. */
const PICK_TOP = 1000;

export interface ContainerTarget {
	readonly resource: FaceResource;
	readonly kind: KindInfo;
	readonly containerId: string;
	/** Name when known, else the id. */
	readonly label: string;
	readonly container?: Container;
	readonly node?: ContainerNode;
}

export interface PersonTarget extends ContainerTarget {
	readonly personId: string;
	readonly person?: Person;
	readonly personNode?: PersonNode;
}

export interface FaceTarget extends ContainerTarget {
	readonly personId?: string;
	readonly faceId: string;
	readonly face?: PersistedFace;
	readonly faceNode?: FaceNode;
}

interface Ref {
	readonly resourceId?: unknown;
	readonly kind?: unknown;
	readonly containerId?: unknown;
	readonly personId?: unknown;
	readonly faceId?: unknown;
}

export function resourceOfArg(clients: ClientProvider, arg: unknown): FaceResource | undefined {
	const id = arg instanceof FaceTreeNode ? arg.resourceId : typeof arg === 'string' ? arg : typeof (arg as Ref | undefined)?.resourceId === 'string' ? (arg as Ref).resourceId as string : undefined;
	if (id === undefined) {
		return undefined;
	}
	const resource = clients.getResource(id);
	if (!resource) {
		throw new UnknownResourceError(vscode.l10n.t('This Face resource is no longer configured.'));
	}
	return resource;
}

export async function resolveResourceTarget(clients: ClientProvider, arg: unknown, title: string): Promise<FaceResource> {
	return resourceOfArg(clients, arg) ?? pickResource(clients, { title });
}

/** The kind from a folder or container node, a reference, else asks among `kinds`. */
export async function resolveKind(arg: unknown, kinds: readonly KindInfo[], title: string): Promise<KindInfo> {
	const fromArg = arg instanceof KindFolderNode ? arg.kind : arg instanceof ContainerNode ? arg.kindInfo : kindOfRef(arg);
	if (fromArg && kinds.includes(fromArg)) {
		return fromArg;
	}
	if (kinds.length === 1) {
		return kinds[0];
	}
	const picked = await prompter().pick(kinds.map((k) => ({ label: vscode.l10n.t(k.label), description: k.trainable ? vscode.l10n.t('trainable') : undefined, info: k })), {
		title,
		placeHolder: vscode.l10n.t('Select a kind'),
	});
	return picked?.info ?? cancel();
}

export async function resolveContainer(
	clients: ClientProvider,
	arg: unknown,
	filter: (k: KindInfo) => boolean,
	title: string,
): Promise<ContainerTarget> {
	if (arg instanceof ContainerNode && filter(arg.kindInfo)) {
		return fromContainerNode(clients, arg);
	}
	if (arg instanceof PersonNode || arg instanceof FaceNode) {
		const node = arg instanceof PersonNode ? arg.parent : arg.container;
		if (filter(KINDS[node.kind])) {
			return fromContainerNode(clients, node);
		}
	}
	const ref = arg as Ref | undefined;
	const refKind = kindOfRef(arg);
	const resource = await resolveResourceTarget(clients, arg, title);
	if (refKind && filter(refKind) && typeof ref?.containerId === 'string') {
		return { resource, kind: refKind, containerId: ref.containerId, label: ref.containerId };
	}
	const kinds = ALL_KINDS.filter(filter);
	if (kinds.length === 0) {
		throw new Error(vscode.l10n.t('This command does not apply here.'));
	}
	const kind = await resolveKind(arg, kinds, title);
	const client = await clients.getClient(resource.id);
	const containers = await client.listContainers(kind.kind, kind.paged ? { top: PICK_TOP } : {});
	if (containers.length === 0) {
		throw new Error(vscode.l10n.t('{0} has no {1} yet.', resource.label, vscode.l10n.t(kind.pluralLabel)));
	}
	const items: Array<vscode.QuickPickItem & { container?: Container }> = containers.map((c) => ({ label: c.name || c.id, description: c.id, container: c }));
	if (kind.paged && containers.length >= PICK_TOP) {
		items.push({ label: `$(edit) ${vscode.l10n.t('Enter an ID…')}` });
	}
	const picked = await prompter().pick(items, { title, placeHolder: vscode.l10n.t('Select a {0}', vscode.l10n.t(kind.label)), matchOnDescription: true });
	if (!picked) {
		return cancel();
	}
	if (!picked.container) {
		const id = await prompter().input({ title, prompt: vscode.l10n.t('{0} ID', vscode.l10n.t(kind.label)) });
		return id ? { resource, kind, containerId: id, label: id } : cancel();
	}
	const c = picked.container;
	return { resource, kind, containerId: c.id, label: c.name || c.id, container: c };
}

export async function resolvePerson(clients: ClientProvider, arg: unknown, title: string): Promise<PersonTarget> {
	if (arg instanceof PersonNode) {
		return { ...fromContainerNode(clients, arg.parent), personId: arg.personId, person: arg.person, personNode: arg };
	}
	const target = await resolveContainer(clients, arg, (k) => k.children === 'persons', title);
	const ref = arg as Ref | undefined;
	if (typeof ref?.personId === 'string') {
		return { ...target, personId: ref.personId };
	}
	const person = await pickPerson(await clients.getClient(target.resource.id), target, title);
	return { ...target, personId: person.personId, person, personNode: target.node?.persons?.find(person.personId) };
}

export async function resolveFace(clients: ClientProvider, arg: unknown, title: string): Promise<FaceTarget> {
	if (arg instanceof FaceNode) {
		return { ...fromContainerNode(clients, arg.container), personId: arg.personId, faceId: arg.faceId, face: arg.face, faceNode: arg };
	}
	const ref = arg as Ref | undefined;
	const holder = await resolveFaceHolder(clients, arg, title);
	if (typeof ref?.faceId === 'string') {
		return { ...holder, faceId: ref.faceId };
	}
	const client = await clients.getClient(holder.resource.id);
	let faces: readonly PersistedFace[];
	if (holder.personId !== undefined) {
		const person = 'person' in holder && holder.person ? holder.person : await client.getPerson(holder.kind.kind, holder.containerId, holder.personId);
		faces = person.persistedFaceIds.map((persistedFaceId) => ({ persistedFaceId }));
	} else {
		faces = await client.listFaces(holder.kind.kind, holder.containerId, { top: PICK_TOP });
	}
	if (faces.length === 0) {
		throw new Error(vscode.l10n.t('There are no faces in {0}.', holder.label));
	}
	const picked = await prompter().pick(faces.map((f) => ({ label: f.persistedFaceId, description: f.userData, face: f })), {
		title,
		placeHolder: vscode.l10n.t('Select a face'),
	});
	return picked ? { ...holder, faceId: picked.face.persistedFaceId, face: picked.face } : cancel();
}

/** Where a face can be added: a person (Person Group, Large Person Group) or a Face List / Large Face List. */
export async function resolveFaceHolder(clients: ClientProvider, arg: unknown, title: string): Promise<ContainerTarget & { readonly personId?: string; readonly person?: Person; readonly personNode?: PersonNode }> {
	if (arg instanceof PersonNode) {
		return resolvePerson(clients, arg, title);
	}
	if (arg instanceof FaceNode) {
		return arg.person ? resolvePerson(clients, arg.person, title) : fromContainerNode(clients, arg.container);
	}
	const target = await resolveContainer(clients, arg, () => true, title);
	if (target.kind.children === 'faces') {
		return target;
	}
	const person = await resolvePerson(clients, target.node ?? { resourceId: target.resource.id, kind: target.kind.kind, containerId: target.containerId, personId: (arg as Ref | undefined)?.personId }, title);
	// A container picked from the palette keeps its name (the reference passed on only carries its id).
	return { ...person, label: target.label, container: person.container ?? target.container };
}

/** The target of a container node (persons and faces know their container as a `ContainerLike`: it is a ContainerNode). */
function fromContainerNode(clients: ClientProvider, node: ContainerLike): ContainerTarget {
	if (!(node instanceof ContainerNode)) {
		throw new Error(`Not a container node: ${node.id}`);
	}
	const resource = clients.getResource(node.resourceId);
	if (!resource) {
		throw new UnknownResourceError(vscode.l10n.t('This Face resource is no longer configured.'));
	}
	return { resource, kind: node.kindInfo, containerId: node.containerId, label: node.label, container: node.container, node };
}

async function pickPerson(client: FaceApi, target: ContainerTarget, title: string): Promise<Person> {
	const persons = await client.listPersons(target.kind.kind, target.containerId, { top: PICK_TOP });
	if (persons.length === 0) {
		throw new Error(vscode.l10n.t('{0} has no persons yet.', target.label));
	}
	const picked = await prompter().pick(persons.map((p) => ({
		label: p.name || p.personId,
		description: p.personId,
		detail: p.persistedFaceIds.length === 1 ? vscode.l10n.t('1 face') : vscode.l10n.t('{0} faces', p.persistedFaceIds.length),
		person: p,
	})), { title, placeHolder: vscode.l10n.t('Select a person'), matchOnDescription: true });
	return picked?.person ?? cancel();
}

function kindOfRef(arg: unknown): KindInfo | undefined {
	const kind = (arg as Ref | undefined)?.kind;
	return typeof kind === 'string' && kind in KINDS ? KINDS[kind as ContainerKind] : undefined;
}

function cancel(): never {
	throw new vscode.CancellationError();
}
