/**
 * Which directory rows show *pending*: a person, a face or a Dynamic Person Group whose asynchronous write
 * (a `directoryWrite` operation in the tracker) has not succeeded yet. No call: the tracker's records.
 */
import type { Operation, OperationSource } from '../operations/types';

/** The running write of a directory person (`personDirectory`) or a group (`dynamicPersonGroup`), if any. */
export function pendingWrite(ops: OperationSource, resourceId: string, kind: 'personDirectory' | 'dynamicPersonGroup', targetId: string): Operation | undefined {
	return ops.list().find((o) => o.state === 'running' && o.type === 'directoryWrite' && o.resourceId === resourceId && o.kind === kind && o.containerId === targetId);
}

/** Whether a face of a directory person was added by a write still running (in a batch: not yet ended). */
export function facePending(ops: OperationSource, resourceId: string, personId: string, faceId: string): boolean {
	return ops.list().some((o) => {
		if (o.state !== 'running' || o.type !== 'directoryWrite' || o.resourceId !== resourceId || o.kind !== 'personDirectory' || o.containerId !== personId) {
			return false;
		}
		const at = o.subjects?.indexOf(faceId) ?? -1;
		return at >= 0 && at >= (o.batch?.ended ?? 0);
	});
}
