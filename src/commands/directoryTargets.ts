/**
 * Palette parity for the Person Directory and Dynamic Person Group commands: the target is the tree node
 * the command was invoked on (with VS Code's multi-selection for persons), a plain reference (tests, other
 * commands: `{ resourceId, personId?, dynamicPersonGroupId?, recognitionModel?, faceId? }`), or quick picks:
 * a resource whose API version has the directory → a person / a group / a model / a face.
 */
import * as vscode from 'vscode';
import { hasPersonDirectory } from '../face/directoryShared';
import type { DirectoryPerson, DynamicPersonGroup } from '../face/directoryTypes';
import { RECOGNITION_MODELS, type RecognitionModel } from '../face/kinds';
import type { ClientProvider, FaceResource } from '../resources/types';
import { prompter } from '../shared/prompter';
import { DirectoryFaceNode, DirectoryModelNode, DirectoryPersonNode } from '../tree/directoryNodes';
import { DynamicGroupNode, GroupMemberNode } from '../tree/dynamicGroupNodes';
import { pickResource } from './pickers';
import { resourceOfArg } from './targets';

/** Largest page a picker loads in one call. */
const PICK_TOP = 1000;

export interface DirectoryPersonTarget {
	readonly resource: FaceResource;
	readonly personId: string;
	/** The name when known, else the id. */
	readonly label: string;
	readonly person?: DirectoryPerson;
}

export interface DynamicGroupTarget {
	readonly resource: FaceResource;
	readonly groupId: string;
	readonly label: string;
	readonly group?: DynamicPersonGroup;
}

export interface DirectoryFaceTarget extends DirectoryPersonTarget {
	readonly model: RecognitionModel;
	readonly faceId: string;
}

interface Ref {
	readonly personId?: unknown;
	readonly dynamicPersonGroupId?: unknown;
	readonly recognitionModel?: unknown;
	readonly faceId?: unknown;
	readonly personIds?: unknown;
	/** The person's name, when the reference knows it (*Add Them Now* after a reload). */
	readonly label?: unknown;
}

/** The resource of the node or reference (it must have the directory), else asks among those that have it. */
export async function resolveDirectoryResource(clients: ClientProvider, arg: unknown, title: string): Promise<FaceResource> {
	const resource = resourceOfArg(clients, arg) ?? (await pickResource(clients, {
		title,
		filter: (r) => hasPersonDirectory(r.apiVersion),
		noneMessage: vscode.l10n.t('No Face resource has the Person Directory: it needs API version v1.1-preview.1 or v1.2-preview.1.'),
	}));
	if (!hasPersonDirectory(resource.apiVersion)) {
		throw new Error(vscode.l10n.t('{0} uses API version {1}, which has no Person Directory (v1.1-preview.1 and v1.2-preview.1 have it).', resource.label, resource.apiVersion));
	}
	return resource;
}

export async function resolveDirectoryPerson(clients: ClientProvider, arg: unknown, title: string): Promise<DirectoryPersonTarget> {
	const node = personNodeOf(arg);
	if (node) {
		return { resource: await resolveDirectoryResource(clients, node, title), personId: node.personId, label: node.label, person: node.person };
	}
	const resource = await resolveDirectoryResource(clients, arg, title);
	const ref = arg as Ref | undefined;
	if (typeof ref?.personId === 'string') {
		return { resource, personId: ref.personId, label: typeof ref.label === 'string' && ref.label ? ref.label : ref.personId };
	}
	const persons = await listPersons(clients, resource);
	const picked = await prompter().pick(persons.map((p) => ({ label: p.name || p.personId, description: p.personId, person: p })), {
		title,
		placeHolder: vscode.l10n.t('Select a person of the Person Directory'),
		matchOnDescription: true,
	});
	return picked ? { resource, personId: picked.person.personId, label: picked.label, person: picked.person } : cancel();
}

/**
 * Several directory persons: the tree's selection (VS Code passes the clicked node and the selected ones),
 * a reference's `personIds`, else a multi-select quick pick (`required`: at least one).
 */
export async function resolveDirectoryPersons(clients: ClientProvider, arg: unknown, selected: unknown, title: string, required = true): Promise<{ resource: FaceResource; persons: DirectoryPersonTarget[] }> {
	const nodes = (Array.isArray(selected) && selected.length > 0 ? selected : [arg]).map(personNodeOf).filter((n): n is DirectoryPersonNode => n !== undefined);
	if (nodes.length > 0) {
		const resource = await resolveDirectoryResource(clients, nodes[0], title);
		return { resource, persons: nodes.filter((n) => n.resourceId === resource.id).map((n) => ({ resource, personId: n.personId, label: n.label, person: n.person })) };
	}
	const resource = await resolveDirectoryResource(clients, arg, title);
	const ids = (arg as Ref | undefined)?.personIds;
	if (Array.isArray(ids) && ids.every((id) => typeof id === 'string')) {
		return { resource, persons: ids.map((personId: string) => ({ resource, personId, label: personId })) };
	}
	const persons = await listPersons(clients, resource, required);
	const picked = await prompter().pickMany(persons.map((p) => ({ label: p.name || p.personId, description: p.personId, person: p })), {
		title,
		placeHolder: vscode.l10n.t('Select persons of the Person Directory'),
		matchOnDescription: true,
	});
	if (!picked || (required && picked.length === 0)) {
		return cancel();
	}
	return { resource, persons: picked.map((p) => ({ resource, personId: p.person.personId, label: p.label, person: p.person })) };
}

export async function resolveDynamicGroup(clients: ClientProvider, arg: unknown, title: string): Promise<DynamicGroupTarget> {
	const node = arg instanceof DynamicGroupNode ? arg : arg instanceof GroupMemberNode ? arg.parent : undefined;
	if (node) {
		return { resource: await resolveDirectoryResource(clients, node, title), groupId: node.groupId, label: node.label, group: node.group };
	}
	const resource = await resolveDirectoryResource(clients, arg, title);
	const ref = arg as Ref | undefined;
	if (typeof ref?.dynamicPersonGroupId === 'string') {
		return { resource, groupId: ref.dynamicPersonGroupId, label: ref.dynamicPersonGroupId };
	}
	const groups = await (await clients.getClient(resource.id)).dynamicGroups.list({ top: PICK_TOP });
	if (groups.length === 0) {
		throw new Error(vscode.l10n.t('{0} has no Dynamic Person Groups yet.', resource.label));
	}
	const picked = await prompter().pick(groups.map((g) => ({ label: g.name || g.dynamicPersonGroupId, description: g.dynamicPersonGroupId, group: g })), {
		title,
		placeHolder: vscode.l10n.t('Select a Dynamic Person Group'),
		matchOnDescription: true,
	});
	return picked ? { resource, groupId: picked.group.dynamicPersonGroupId, label: picked.label, group: picked.group } : cancel();
}

/** The recognition model of a model or face row or a reference, else asks (recognition_04 first). */
export async function resolveModel(arg: unknown, title: string): Promise<RecognitionModel> {
	const fromArg = arg instanceof DirectoryModelNode ? arg.model : arg instanceof DirectoryFaceNode ? arg.parent.model : (arg as Ref | undefined)?.recognitionModel;
	if (typeof fromArg === 'string' && (RECOGNITION_MODELS as readonly string[]).includes(fromArg)) {
		return fromArg as RecognitionModel;
	}
	const picked = await prompter().pick(RECOGNITION_MODELS.map((m) => ({ label: m })), { title, placeHolder: vscode.l10n.t('Select a recognition model') });
	return picked ? picked.label : cancel();
}

export async function resolveDirectoryFace(clients: ClientProvider, arg: unknown, title: string): Promise<DirectoryFaceTarget> {
	if (arg instanceof DirectoryFaceNode) {
		const person = arg.parent.parent;
		return { resource: await resolveDirectoryResource(clients, arg, title), personId: person.personId, label: person.label, person: person.person, model: arg.parent.model, faceId: arg.faceId };
	}
	const person = await resolveDirectoryPerson(clients, arg, title);
	const model = await resolveModel(arg, title);
	const ref = arg as Ref | undefined;
	if (typeof ref?.faceId === 'string') {
		return { ...person, model, faceId: ref.faceId };
	}
	const faces = await (await clients.getClient(person.resource.id)).directory.listFaces(person.personId, model);
	if (faces.length === 0) {
		throw new Error(vscode.l10n.t('{0} has no faces of {1}.', person.label, model));
	}
	const picked = await prompter().pick(faces.map((f) => ({ label: f })), { title, placeHolder: vscode.l10n.t('Select a face') });
	return picked ? { ...person, model, faceId: picked.label } : cancel();
}

function personNodeOf(arg: unknown): DirectoryPersonNode | undefined {
	return arg instanceof DirectoryPersonNode ? arg : arg instanceof DirectoryModelNode ? arg.parent : arg instanceof DirectoryFaceNode ? arg.parent.parent : undefined;
}

async function listPersons(clients: ClientProvider, resource: FaceResource, required = true): Promise<DirectoryPerson[]> {
	const persons = await (await clients.getClient(resource.id)).directory.listPersons({ top: PICK_TOP });
	if (persons.length === 0 && required) {
		throw new Error(vscode.l10n.t('The Person Directory of {0} has no persons yet.', resource.label));
	}
	return persons;
}

function cancel(): never {
	throw new vscode.CancellationError();
}
