/**
 * Dynamic Person Groups: `/dynamicpersongroups…` (v1.1-preview.1, v1.2-preview.1), groups of references
 * to Person Directory persons. Creating with persons, changing persons and deleting answer `202` with the
 * operation to follow; creating or renaming without person changes answers `200` (no operation). The
 * wire URL is the same for both: the service decides by the body.
 */
import { FaceUsageError } from './errors';
import { query } from './routes';
import { toIdentifyResults } from './shapes';
import { groupSeg, requireDirectory, toDynamicGroup, toDynamicGroups, toIdList, writeResult, type DirectoryContext } from './directoryShared';
import type { CreateDynamicGroupInput, DirectoryWrite, DynamicGroupsApi, DynamicPersonGroup, UpdateDynamicGroupInput } from './directoryTypes';
import { partial } from './personDirectory';
import type { IdentifyOptions, IdentifyResult } from './recognitionTypes';
import type { CallOptions, PageOptions } from './types';

const FEATURE = 'Dynamic Person Groups';

export class DynamicGroups implements DynamicGroupsApi {
	constructor(private readonly ctx: DirectoryContext) {}

	private get pipe() {
		return this.ctx.pipe;
	}

	async list(o: PageOptions = {}): Promise<DynamicPersonGroup[]> {
		requireDirectory(this.ctx, FEATURE);
		const target = `/dynamicpersongroups${query({ start: o.start, top: o.top })}`;
		return this.pipe.callJson({ method: 'GET', target, retry: 'idempotent', signal: o.signal, background: o.background }, toDynamicGroups);
	}

	async get(groupId: string, o: CallOptions = {}): Promise<DynamicPersonGroup> {
		requireDirectory(this.ctx, FEATURE);
		return this.pipe.callJson({ method: 'GET', target: groupSeg(groupId), retry: 'idempotent', signal: o.signal, background: o.background }, toDynamicGroup);
	}

	async create(groupId: string, input: CreateDynamicGroupInput, o: CallOptions = {}): Promise<DirectoryWrite> {
		requireDirectory(this.ctx, FEATURE);
		const json: Record<string, unknown> = { name: input.name, userData: input.userData };
		if (input.addPersonIds !== undefined) {
			if (input.addPersonIds.length === 0) {
				throw new FaceUsageError('A Dynamic Person Group created with persons needs at least one person id. No request was sent.');
			}
			json.addPersonIds = [...input.addPersonIds];
		}
		const res = await this.pipe.call({
			method: 'PUT',
			target: groupSeg(groupId),
			json,
			retry: 'idempotent',
			signal: o.signal,
			doneOnRepeat: (e) => e.code === 'DynamicPersonGroupExists',
		});
		return writeResult(this.ctx, res);
	}

	async update(groupId: string, input: UpdateDynamicGroupInput, o: CallOptions = {}): Promise<DirectoryWrite> {
		requireDirectory(this.ctx, FEATURE);
		const json: Record<string, unknown> = partial(input);
		if (input.addPersonIds?.length) {
			json.addPersonIds = [...input.addPersonIds];
		}
		if (input.removePersonIds?.length) {
			json.removePersonIds = [...input.removePersonIds];
		}
		if (Object.keys(json).length === 0) {
			throw new FaceUsageError('Nothing to change: give a name, user data, or persons to add or remove. No request was sent.');
		}
		const res = await this.pipe.call({ method: 'PATCH', target: groupSeg(groupId), json, retry: 'idempotent', signal: o.signal });
		return writeResult(this.ctx, res);
	}

	async delete(groupId: string, o: CallOptions = {}): Promise<DirectoryWrite> {
		requireDirectory(this.ctx, FEATURE);
		const res = await this.pipe.call({
			method: 'DELETE',
			target: groupSeg(groupId),
			retry: 'idempotent',
			signal: o.signal,
			doneOnRepeat: (e) => e.code === 'DynamicPersonGroupNotFound',
		});
		return writeResult(this.ctx, res);
	}

	async listPersons(groupId: string, o: PageOptions = {}): Promise<string[]> {
		requireDirectory(this.ctx, FEATURE);
		const target = `${groupSeg(groupId)}/persons${query({ start: o.start, top: o.top })}`;
		return this.pipe.callJson({ method: 'GET', target, retry: 'idempotent', signal: o.signal, background: o.background }, toIdList('personIds'));
	}

	async identify(faceIds: readonly string[], groupId: string, o: IdentifyOptions = {}): Promise<IdentifyResult[]> {
		requireDirectory(this.ctx, FEATURE);
		groupSeg(groupId); // the same id checks as in a path
		const json = { faceIds, dynamicPersonGroupId: groupId, maxNumOfCandidatesReturned: o.maxNumOfCandidatesReturned, confidenceThreshold: o.confidenceThreshold };
		return this.pipe.callJson({ method: 'POST', target: '/identify', json, retry: 'idempotent', signal: o.signal }, toIdentifyResults);
	}
}
