/**
 * Dynamic Person Group routes (`/dynamicpersongroups…`; the directory's versions only). One URL, two
 * answers, as the service decides by the body: `PUT`/`PATCH` without person changes → `200` at once;
 * with `addPersonIds` / `removePersonIds` → `202` + operation, the changes applied when it succeeds.
 * `DELETE` → `202` + operation.
 */
import { type Ctx, type Reply, jsonBody, ok, optionalJsonBody } from './context';
import { FaceError, badArgument } from './errors';
import type { DynamicGroupRecord } from './directoryStore';
import { personPaging, requireDirectory } from './directory';
import { startWrite, writeAccepted } from './operations';
import { checkName, checkUserData, isUuid, page, parsePaging } from './validate';
import { CONTAINER_ID_PATTERN } from '../../src/face/kinds';

function groupId(ctx: Ctx): string {
	const id = ctx.params.dynamicPersonGroupId;
	if (!CONTAINER_ID_PATTERN.test(id)) {
		throw badArgument('Dynamic person group ID is invalid.');
	}
	return id;
}

function view(g: DynamicGroupRecord): Record<string, unknown> {
	return g.userData === undefined ? { dynamicPersonGroupId: g.id, name: g.name } : { dynamicPersonGroupId: g.id, name: g.name, userData: g.userData };
}

/** Person ids to add from the body (each an existing directory person); undefined when absent. */
function personIds(ctx: Ctx, value: unknown, field: string): string[] | undefined {
	if (value === undefined || value === null) {
		return undefined;
	}
	if (!Array.isArray(value)) {
		throw badArgument(`'${field}' is invalid.`);
	}
	return value.map((id) => {
		if (!isUuid(id)) {
			throw badArgument(`'${field}' contains an invalid person ID.`);
		}
		return ctx.store.directory.person(id).personId;
	});
}

/** Person ids to remove: they need not be referenced, only well-formed. */
function uuidList(value: unknown, field: string): string[] {
	if (value === undefined || value === null) {
		return [];
	}
	if (!Array.isArray(value) || value.some((p) => !isUuid(p))) {
		throw badArgument(`'${field}' contains an invalid person ID.`);
	}
	return value.map((p: string) => p.toLowerCase());
}

function groupUrl(ctx: Ctx, id: string): string {
	return `${ctx.origin}/face/${ctx.version}/dynamicpersongroups/${id}`;
}

export function createDynamicGroup(ctx: Ctx): Reply {
	requireDirectory(ctx);
	const id = groupId(ctx);
	const body = jsonBody(ctx);
	const name = checkName(body.name, true)!;
	const userData = checkUserData(body.userData);
	const adds = personIds(ctx, body.addPersonIds, 'addPersonIds');
	const dir = ctx.store.directory;
	if (dir.groups.has(id)) {
		throw new FaceError(409, 'DynamicPersonGroupExists', `Dynamic person group ID '${id}' already exists.`);
	}
	if (adds && adds.length === 0) {
		throw badArgument("'addPersonIds' is invalid: give at least one person ID, or leave it out.");
	}
	const group: DynamicGroupRecord = { id, name, userData, personIds: new Set() };
	dir.groups.set(id, group);
	if (!adds) {
		return ok();
	}
	const op = startWrite(ctx.store, ctx.config, {
		kind: 'createGroup',
		serialKey: `group/${id}`,
		resourceLocation: groupUrl(ctx, id),
		apply: () => adds.filter((p) => dir.persons.has(p)).forEach((p) => group.personIds.add(p)),
		revert: () => {
			if (dir.groups.get(id) === group) {
				dir.groups.delete(id);
			}
		},
	});
	return writeAccepted(ctx, op, undefined, groupUrl(ctx, id));
}

export function updateDynamicGroup(ctx: Ctx): Reply {
	requireDirectory(ctx);
	const body = optionalJsonBody(ctx);
	const name = checkName(body.name, false);
	const userData = checkUserData(body.userData);
	const dir = ctx.store.directory;
	const group = dir.group(groupId(ctx));
	const adds = personIds(ctx, body.addPersonIds, 'addPersonIds') ?? [];
	const removes = uuidList(body.removePersonIds, 'removePersonIds');
	const change = () => {
		if (name !== undefined) {
			group.name = name;
		}
		if (userData !== undefined) {
			group.userData = userData;
		}
	};
	if (adds.length === 0 && removes.length === 0) {
		if (name === undefined && userData === undefined) {
			throw badArgument("Both 'name' and 'userData' are empty.");
		}
		change();
		return ok();
	}
	const op = startWrite(ctx.store, ctx.config, {
		kind: 'updateGroup',
		serialKey: `group/${group.id}`,
		apply: () => {
			change();
			adds.filter((p) => dir.persons.has(p)).forEach((p) => group.personIds.add(p));
			removes.forEach((p) => group.personIds.delete(p));
		},
	});
	return writeAccepted(ctx, op);
}

export function deleteDynamicGroup(ctx: Ctx): Reply {
	requireDirectory(ctx);
	const dir = ctx.store.directory;
	const group = dir.group(groupId(ctx));
	const op = startWrite(ctx.store, ctx.config, {
		kind: 'deleteGroup',
		serialKey: `group/${group.id}`,
		apply: () => {
			if (dir.groups.get(group.id) === group) {
				dir.groups.delete(group.id);
			}
		},
	});
	return writeAccepted(ctx, op);
}

export function getDynamicGroup(ctx: Ctx): Reply {
	requireDirectory(ctx);
	return ok(view(ctx.store.directory.group(groupId(ctx))));
}

export function listDynamicGroups(ctx: Ctx): Reply {
	requireDirectory(ctx);
	return ok(page(ctx.store.directory.groups.values(), (g) => g.id, parsePaging(ctx.query)).map(view));
}

export function listDynamicGroupPersons(ctx: Ctx): Reply {
	requireDirectory(ctx);
	const group = ctx.store.directory.group(groupId(ctx));
	return ok({ personIds: page(group.personIds, (p) => p, personPaging(ctx)) });
}
