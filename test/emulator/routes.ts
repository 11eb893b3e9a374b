/** The Face route table, derived from the kinds table (`src/face/kinds.ts`). */
import { ALL_KINDS, type KindInfo } from '../../src/face/kinds';
import {
	createContainer,
	deleteContainer,
	getContainer,
	getTrainingStatus,
	listContainers,
	trainContainer,
	updateContainer,
} from './containers';
import type { Ctx, Reply } from './context';
import { FaceError } from './errors';
import {
	addMemberFace,
	createPerson,
	deleteMemberFace,
	deletePerson,
	getMemberFace,
	getPerson,
	listMemberFaces,
	listPersons,
	updateMemberFace,
	updatePerson,
} from './members';
import {
	addDirectoryFace,
	createDirectoryPerson,
	deleteDirectoryFace,
	deleteDirectoryPerson,
	getDirectoryFace,
	getDirectoryPerson,
	listDirectoryFaces,
	listDirectoryPersons,
	listGroupReferences,
	updateDirectoryFace,
	updateDirectoryPerson,
} from './directory';
import { identifyAny, verifyAny } from './directoryRecognition';
import {
	createDynamicGroup,
	deleteDynamicGroup,
	getDynamicGroup,
	listDynamicGroupPersons,
	listDynamicGroups,
	updateDynamicGroup,
} from './dynamicGroups';
import { operationStatus } from './operations';
import { detect, findSimilar } from './recognition';

export interface Route {
	method: string;
	/** e.g. `/persongroups/{personGroupId}/persons/{personId}` */
	template: string;
	segments: string[];
	handler: (ctx: Ctx) => Reply;
	/** Status polls are counted per container: returns `persongroups/<id>` / `operations/<id>`. */
	pollKey?: (params: Record<string, string>) => string;
}

function route(method: string, template: string, handler: (ctx: Ctx) => Reply, pollKey?: Route['pollKey']): Route {
	return { method, template, segments: template.split('/').slice(1), handler, pollKey };
}

function kindRoutes(k: KindInfo): Route[] {
	const base = `/${k.route}/{${k.idField}}`;
	const on = (fn: (ctx: Ctx, kind: KindInfo) => Reply) => (ctx: Ctx) => fn(ctx, k);
	const routes = [
		route('GET', `/${k.route}`, on(listContainers)),
		route('PUT', base, on(createContainer)),
		route('GET', base, on(getContainer)),
		route('PATCH', base, on(updateContainer)),
		route('DELETE', base, on(deleteContainer)),
	];
	if (k.trainable) {
		routes.push(
			route('POST', `${base}/train`, on(trainContainer)),
			route('GET', `${base}/training`, on(getTrainingStatus), (p) => `${k.route}/${p[k.idField]}`),
		);
	}
	if (k.children === 'persons') {
		const person = `${base}/persons/{personId}`;
		const face = `${person}/persistedfaces/{persistedFaceId}`;
		routes.push(
			route('POST', `${base}/persons`, on(createPerson)),
			route('GET', `${base}/persons`, on(listPersons)),
			route('GET', person, on(getPerson)),
			route('PATCH', person, on(updatePerson)),
			route('DELETE', person, on(deletePerson)),
			route('POST', `${person}/persistedfaces`, on(addMemberFace)),
			route('GET', face, on(getMemberFace)),
			route('PATCH', face, on(updateMemberFace)),
			route('DELETE', face, on(deleteMemberFace)),
		);
	} else {
		const face = `${base}/persistedfaces/{persistedFaceId}`;
		routes.push(route('POST', `${base}/persistedfaces`, on(addMemberFace)), route('DELETE', face, on(deleteMemberFace)));
		if (k.facesPaged) {
			routes.push(
				route('GET', `${base}/persistedfaces`, on(listMemberFaces)),
				route('GET', face, on(getMemberFace)),
				route('PATCH', face, on(updateMemberFace)),
			);
		}
	}
	return routes;
}

/**
 * The Person Directory and Dynamic Person Groups (their handlers answer 404 in versions without them).
 * Literal segments are written lower-case: matching is case-insensitive (`recognitionModels`, `persistedFaces`).
 */
function directoryRoutes(): Route[] {
	const person = '/persons/{personId}';
	const faces = `${person}/recognitionmodels/{recognitionModel}/persistedfaces`;
	const group = '/dynamicpersongroups/{dynamicPersonGroupId}';
	return [
		route('POST', '/persons', createDirectoryPerson),
		route('GET', '/persons', listDirectoryPersons),
		route('GET', person, getDirectoryPerson),
		route('PATCH', person, updateDirectoryPerson),
		route('DELETE', person, deleteDirectoryPerson),
		route('GET', `${person}/dynamicpersongroupreferences`, listGroupReferences),
		route('POST', faces, addDirectoryFace),
		route('GET', faces, listDirectoryFaces),
		route('GET', `${faces}/{persistedFaceId}`, getDirectoryFace),
		route('PATCH', `${faces}/{persistedFaceId}`, updateDirectoryFace),
		route('DELETE', `${faces}/{persistedFaceId}`, deleteDirectoryFace),
		route('GET', '/dynamicpersongroups', listDynamicGroups),
		route('PUT', group, createDynamicGroup),
		route('PATCH', group, updateDynamicGroup),
		route('DELETE', group, deleteDynamicGroup),
		route('GET', group, getDynamicGroup),
		route('GET', `${group}/persons`, listDynamicGroupPersons),
	];
}

export const ROUTES: readonly Route[] = [
	...ALL_KINDS.flatMap(kindRoutes),
	...directoryRoutes(),
	route('GET', '/operations/{operationId}', operationStatus, (p) => `operations/${p.operationId}`),
	route('POST', '/detect', detect),
	route('POST', '/identify', identifyAny),
	route('POST', '/findsimilars', findSimilar),
	route('POST', '/verify', verifyAny),
];

export interface Match {
	route: Route;
	params: Record<string, string>;
}

/**
 * Finds the route for `method` and the path below `/face/{version}` (already split and URL-decoded).
 * Literal segments match case-insensitively (`persistedFaces` = `persistedfaces`).
 * Returns undefined when nothing matches.
 */
export function matchRoute(method: string, parts: string[]): Match | undefined {
	for (const r of ROUTES) {
		if (r.method !== method || r.segments.length !== parts.length) {
			continue;
		}
		const params: Record<string, string> = {};
		let okay = true;
		for (let i = 0; i < parts.length && okay; i++) {
			const s = r.segments[i];
			if (s.startsWith('{')) {
				params[s.slice(1, -1)] = parts[i];
			} else {
				okay = s === parts[i].toLowerCase();
			}
		}
		if (okay) {
			return { route: r, params };
		}
	}
	return undefined;
}

export function resourceNotFound(): FaceError {
	return new FaceError(404, '404', 'Resource not found');
}
