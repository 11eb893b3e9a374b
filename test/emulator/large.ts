/**
 * The large data set (`--seed large`, `POST /_emulator/seed {"dataset":"large"}`) for scale benchmarks:
 * 10,000 Person Groups (`pg-00000` … `pg-09999`, empty), one Large Person Group `lpg-large` with 10,000
 * persons, and one Large Face List `lfl-million` with 1,000,000 faces. The faces are generated on demand
 * (generatedMap.ts), so the seed costs a few MB, not hundreds; ids are deterministic and ascend.
 */
import { KINDS, type KindInfo } from '../../src/face/kinds';
import { GeneratedMap } from './generatedMap';
import type { ContainerRecord, FaceRecord, PersonRecord, Store } from './store';

export const LARGE = {
	personGroups: 10_000,
	lpgId: 'lpg-large',
	lpgPersons: 10_000,
	lflId: 'lfl-million',
	lflFaces: 1_000_000,
} as const;

const RECOGNITION_MODEL = 'recognition_04';

/** `${prefix8}-0000-4000-8000-${i as 12 hex digits}`: a valid UUID, ascending with `i`. */
export function largeId(prefix: string, i: number): string {
	return `${prefix}-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
}

function largeIndex(prefix: string, id: string): number | undefined {
	const head = `${prefix}-0000-4000-8000-`;
	if (id.length !== head.length + 12 || !id.startsWith(head)) {
		return undefined;
	}
	const tail = id.slice(head.length);
	return /^[0-9a-f]{12}$/.test(tail) ? parseInt(tail, 16) : undefined;
}

const FACE_PREFIX = 'fa000000';
const PERSON_PREFIX = 'ba000000';
const RECT = { left: 10, top: 10, width: 80, height: 80 };

function container(kind: KindInfo, id: string, name: string): ContainerRecord {
	return { kind, id, name, recognitionModel: RECOGNITION_MODEL, persons: new Map(), faces: new Map() };
}

/** Adds (or replaces) the large containers; other data stays. */
export function seedLarge(store: Store): void {
	const groups = store.of(KINDS.personGroup);
	for (let i = 0; i < LARGE.personGroups; i++) {
		const id = `pg-${String(i).padStart(5, '0')}`;
		groups.set(id, container(KINDS.personGroup, id, `Group ${i + 1}`));
	}
	const lpg = container(KINDS.largePersonGroup, LARGE.lpgId, 'Large: 10,000 persons');
	for (let i = 0; i < LARGE.lpgPersons; i++) {
		const personId = largeId(PERSON_PREFIX, i);
		const person: PersonRecord = { personId, name: `Person ${String(i + 1).padStart(5, '0')}`, faces: new Map() };
		lpg.persons.set(personId, person);
	}
	store.of(KINDS.largePersonGroup).set(lpg.id, lpg);
	const lfl = container(KINDS.largeFaceList, LARGE.lflId, 'Large: 1,000,000 faces');
	lfl.faces = GeneratedMap.of<FaceRecord>({
		count: LARGE.lflFaces,
		idAt: (i) => largeId(FACE_PREFIX, i),
		indexOf: (id) => largeIndex(FACE_PREFIX, id),
		make: (i, persistedFaceId) => ({ persistedFaceId, identity: `large/${i}`, rect: RECT }),
	});
	store.of(KINDS.largeFaceList).set(lfl.id, lfl);
}
