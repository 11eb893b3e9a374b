/** In-memory Face data: containers of the four kinds, persons, persisted faces, detected faces, operations. */
import { ALL_KINDS, type ContainerKind, type KindInfo } from '../../src/face/kinds';
import { DirectoryStore } from './directoryStore';
import { FaceError } from './errors';
import type { FaceRect } from './faces';
import type { TrainingRecord } from './training';
import { notFound } from './validate';

export interface FaceRecord {
	persistedFaceId: string;
	userData?: string;
	/** Who the face is (see faces.ts). */
	identity: string;
	rect: FaceRect;
}

export interface PersonRecord {
	personId: string;
	name: string;
	userData?: string;
	faces: Map<string, FaceRecord>;
}

export interface ContainerRecord {
	kind: KindInfo;
	id: string;
	name: string;
	userData?: string;
	recognitionModel: string;
	/** PG and LPG. */
	persons: Map<string, PersonRecord>;
	/** FL and LFL. */
	faces: Map<string, FaceRecord>;
	/** Trainable kinds, after the first `POST …/train`. */
	training?: TrainingRecord;
}

/** A face returned by detect, usable by identify/findsimilars/verify for 24 h (here: until reset). */
export interface DetectedFace {
	faceId: string;
	identity: string;
	recognitionModel: string;
}

export interface OperationRecord {
	operationId: string;
	createdMs: number;
	/** `notStarted` until then, `running` until `finishMs`. */
	startMs: number;
	finishMs: number;
	outcome: 'succeeded' | 'failed';
	message?: string;
	resourceLocation?: string;
	polled: boolean;
	/** Created through the control surface: its first poll says `running` (operations.ts). */
	synthetic: boolean;
	/** The Person Directory write behind it (`createPerson`, `addFace`, …). */
	kind?: string;
	apply?: () => void;
	revert?: () => void;
}

export class Store {
	readonly containers = new Map<ContainerKind, Map<string, ContainerRecord>>();
	readonly detected = new Map<string, DetectedFace>();
	readonly operations = new Map<string, OperationRecord>();
	/** Operations whose effect is not applied (or undone) yet. */
	readonly pending = new Set<OperationRecord>();
	/** When the last queued write of each person / group ends (writes to one of them run in order). */
	readonly serialEnds = new Map<string, number>();
	readonly directory = new DirectoryStore();

	constructor() {
		this.reset();
	}

	reset(): void {
		for (const k of ALL_KINDS) {
			this.containers.set(k.kind, new Map());
		}
		this.detected.clear();
		this.operations.clear();
		this.pending.clear();
		this.serialEnds.clear();
		this.directory?.reset();
	}

	of(kind: KindInfo): Map<string, ContainerRecord> {
		return this.containers.get(kind.kind)!;
	}

	container(kind: KindInfo, id: string): ContainerRecord {
		const c = this.of(kind).get(id);
		if (!c) {
			throw notFound(kind, id);
		}
		return c;
	}

	person(c: ContainerRecord, personId: string): PersonRecord {
		const p = c.persons.get(personId.toLowerCase());
		if (!p) {
			throw new FaceError(404, 'PersonNotFound', `Person '${personId}' is not found.`);
		}
		return p;
	}

	face(faces: Map<string, FaceRecord>, persistedFaceId: string): FaceRecord {
		const f = faces.get(persistedFaceId.toLowerCase());
		if (!f) {
			throw new FaceError(404, 'PersistedFaceNotFound', `Persisted face '${persistedFaceId}' is not found.`);
		}
		return f;
	}

	/** Persons in all containers of `kind`. */
	personCount(kind: KindInfo): number {
		let n = 0;
		for (const c of this.of(kind).values()) {
			n += c.persons.size;
		}
		return n;
	}

	/** Number of entries a training works through: persons (PG/LPG) or faces (LFL). */
	static entries(c: ContainerRecord): number {
		return c.kind.children === 'persons' ? c.persons.size : c.faces.size;
	}

	static faceTotal(c: ContainerRecord): number {
		if (c.kind.children === 'faces') {
			return c.faces.size;
		}
		let n = 0;
		for (const p of c.persons.values()) {
			n += p.faces.size;
		}
		return n;
	}
}
