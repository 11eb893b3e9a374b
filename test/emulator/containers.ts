/** Container routes of the four kinds: create / get / update / delete / list, train, training status. */
import type { KindInfo } from '../../src/face/kinds';
import type { Limits } from './config';
import { type Ctx, type Reply, jsonBody, ok, optionalJsonBody } from './context';
import { FaceError, badArgument, capitalize } from './errors';
import type { ContainerRecord } from './store';
import { startTraining, trainingStatus } from './training';
import { checkContainerId, checkName, checkRecognitionModel, checkUserData, page, parsePaging, queryBool } from './validate';

const COUNT_LIMIT: Record<KindInfo['kind'], keyof Limits> = {
	personGroup: 'personGroups',
	largePersonGroup: 'largePersonGroups',
	faceList: 'faceLists',
	largeFaceList: 'largeFaceLists',
};

const COUNT_MESSAGE: Record<KindInfo['kind'], string> = {
	personGroup: 'Person group number reached subscription level limit.',
	largePersonGroup: 'Large person group number reached subscription level limit.',
	faceList: 'Face list number reached limit.',
	largeFaceList: 'Large Face List number reached limit.',
};

/** The container's id path parameter, validated (400 BadArgument "… ID is invalid."). */
export function containerId(ctx: Ctx, kind: KindInfo): string {
	const id = ctx.params[kind.idField];
	checkContainerId(kind, id);
	return id;
}

/** The existing container named by the path (404 …NotFound). */
export function containerOf(ctx: Ctx, kind: KindInfo): ContainerRecord {
	return ctx.store.container(kind, containerId(ctx, kind));
}

export function createContainer(ctx: Ctx, kind: KindInfo): Reply {
	const id = containerId(ctx, kind);
	const body = jsonBody(ctx);
	const name = checkName(body.name, true)!;
	const userData = checkUserData(body.userData);
	const recognitionModel = checkRecognitionModel(body.recognitionModel);
	const all = ctx.store.of(kind);
	if (all.has(id)) {
		throw new FaceError(409, `${kind.errorPrefix}Exists`, `${capitalize(kind.noun)} '${id}' already exists.`);
	}
	if (all.size >= ctx.config.limits[COUNT_LIMIT[kind.kind]]) {
		throw new FaceError(403, 'QuotaExceeded', COUNT_MESSAGE[kind.kind]);
	}
	all.set(id, { kind, id, name, userData, recognitionModel, persons: new Map(), faces: new Map() });
	return ok();
}

function view(c: ContainerRecord, withModel: boolean): Record<string, unknown> {
	const out: Record<string, unknown> = { [c.kind.idField]: c.id, name: c.name };
	if (c.userData !== undefined) {
		out.userData = c.userData;
	}
	if (withModel) {
		out.recognitionModel = c.recognitionModel;
	}
	return out;
}

export function getContainer(ctx: Ctx, kind: KindInfo): Reply {
	const c = containerOf(ctx, kind);
	const out = view(c, queryBool(ctx.query, 'returnRecognitionModel'));
	if (kind.children === 'faces' && !kind.facesPaged) {
		out.persistedFaces = [...c.faces.values()].map((f) =>
			f.userData === undefined ? { persistedFaceId: f.persistedFaceId } : { persistedFaceId: f.persistedFaceId, userData: f.userData },
		);
	}
	return ok(out);
}

export function listContainers(ctx: Ctx, kind: KindInfo): Reply {
	const withModel = queryBool(ctx.query, 'returnRecognitionModel');
	const all = [...ctx.store.of(kind).values()];
	const items = kind.paged ? page(all, (c) => c.id, parsePaging(ctx.query)) : page(all, (c) => c.id, { top: Infinity });
	return ok(items.map((c) => view(c, withModel)));
}

/** Large* containers (and their persons) reject a PATCH that changes nothing. */
export function requireSomeField(kind: KindInfo, name: string | undefined, userData: string | undefined): void {
	if (kind.kind.startsWith('large') && name === undefined && userData === undefined) {
		throw badArgument("Both 'name' and 'userData' are empty.");
	}
}

export function updateContainer(ctx: Ctx, kind: KindInfo): Reply {
	const id = containerId(ctx, kind);
	const body = optionalJsonBody(ctx);
	const name = checkName(body.name, false);
	const userData = checkUserData(body.userData);
	requireSomeField(kind, name, userData);
	const c = ctx.store.container(kind, id);
	if (name !== undefined) {
		c.name = name;
	}
	if (userData !== undefined) {
		c.userData = userData;
	}
	return ok();
}

export function deleteContainer(ctx: Ctx, kind: KindInfo): Reply {
	const c = containerOf(ctx, kind);
	ctx.store.of(kind).delete(c.id);
	return ok();
}

export function trainContainer(ctx: Ctx, kind: KindInfo): Reply {
	const c = containerOf(ctx, kind);
	startTraining(c, ctx.config);
	if (ctx.legacy) {
		return { status: 202 };
	}
	return {
		status: 202,
		headers: {
			'Operation-Location': `${ctx.origin}/face/${ctx.version}/${kind.route}/${encodeURIComponent(c.id)}/training`,
			'Access-Control-Expose-Headers': 'Operation-Location',
		},
	};
}

export function getTrainingStatus(ctx: Ctx, kind: KindInfo): Reply {
	return ok(trainingStatus(containerOf(ctx, kind), ctx.legacy));
}
