/**
 * The JSON that *Copy as JSON* and *Show Properties* show for a container, a person or a face: built here
 * once, for tree nodes and for entities picked from the palette alike.
 */
import type { KindInfo } from '../face/kinds';
import type { Container, PersistedFace, Person, TrainingStatus } from '../face/types';

/** `{ personGroupId|…, name, userData?, recognitionModel?, trainingStatus? }` (the training status when known and trainable). */
export function containerProperties(kind: KindInfo, c: Container, status?: TrainingStatus): Record<string, unknown> {
	const out: Record<string, unknown> = { [kind.idField]: c.id, name: c.name };
	if (c.userData !== undefined) {
		out.userData = c.userData;
	}
	if (c.recognitionModel !== undefined) {
		out.recognitionModel = c.recognitionModel;
	}
	if (kind.trainable && status) {
		out.trainingStatus = status;
	}
	return out;
}

export function personProperties(p: Person): Record<string, unknown> {
	return { personId: p.personId, name: p.name, ...(p.userData !== undefined ? { userData: p.userData } : {}), persistedFaceIds: [...p.persistedFaceIds] };
}

/** `personId` for the face of a person. */
export function faceProperties(f: PersistedFace, personId?: string): Record<string, unknown> {
	return {
		persistedFaceId: f.persistedFaceId,
		...(f.userData !== undefined ? { userData: f.userData } : {}),
		...(personId !== undefined ? { personId } : {}),
	};
}
