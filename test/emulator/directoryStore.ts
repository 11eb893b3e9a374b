/**
 * The Person Directory's data: one directory of persons per resource, each person holding faces per
 * recognition model, and Dynamic Person Groups referencing directory persons. A record written by an
 * operation that has not succeeded yet is `ready: false`: listed, but not searchable (identify, verify).
 */
import { FaceError } from './errors';
import type { FaceRecord } from './store';

export interface DirectoryFaceRecord extends FaceRecord {
	/** False until the add-face operation succeeded. */
	ready: boolean;
}

export interface DirectoryPersonRecord {
	personId: string;
	name: string;
	userData?: string;
	/** recognition model → persistedFaceId → face. */
	faces: Map<string, Map<string, DirectoryFaceRecord>>;
	/** False until the create-person operation succeeded. */
	ready: boolean;
}

export interface DynamicGroupRecord {
	id: string;
	name: string;
	userData?: string;
	/** Referenced directory persons (lower-case ids). */
	personIds: Set<string>;
}

export class DirectoryStore {
	readonly persons = new Map<string, DirectoryPersonRecord>();
	readonly groups = new Map<string, DynamicGroupRecord>();

	reset(): void {
		this.persons.clear();
		this.groups.clear();
	}

	person(personId: string): DirectoryPersonRecord {
		const p = this.persons.get(personId.toLowerCase());
		if (!p) {
			throw new FaceError(404, 'PersonNotFound', `Person '${personId}' is not found.`);
		}
		return p;
	}

	group(id: string, status = 404): DynamicGroupRecord {
		const g = this.groups.get(id);
		if (!g) {
			throw new FaceError(status, 'DynamicPersonGroupNotFound', `Dynamic person group '${id}' is not found.`);
		}
		return g;
	}

	facesOf(p: DirectoryPersonRecord, model: string): Map<string, DirectoryFaceRecord> {
		let faces = p.faces.get(model);
		if (!faces) {
			faces = new Map();
			p.faces.set(model, faces);
		}
		return faces;
	}

	/** Removes a person and every reference to it. */
	removePerson(personId: string): void {
		this.persons.delete(personId);
		for (const g of this.groups.values()) {
			g.personIds.delete(personId);
		}
	}

	/** The searchable faces of a person for one model: the person's and the face's operations succeeded. */
	searchable(p: DirectoryPersonRecord, model: string): DirectoryFaceRecord[] {
		return p.ready ? [...(p.faces.get(model)?.values() ?? [])].filter((f) => f.ready) : [];
	}

	faceCount(): number {
		let n = 0;
		for (const p of this.persons.values()) {
			for (const m of p.faces.values()) {
				n += m.size;
			}
		}
		return n;
	}
}
