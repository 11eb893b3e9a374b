/**
 * The demo data set (`--seed demo`, `POST /_emulator/seed {"dataset":"demo"}`), with deterministic ids.
 * Faces are built from `makeTestImage('<container>/<person key>')`, so
 * `makeTestImage('visitors/dave')` is identified as Dave Lee in `visitors`.
 */
import { createHash } from 'node:crypto';
import { KINDS, type KindInfo } from '../../src/face/kinds';
import { detectFaces } from './faces';
import { makeTestImage } from './images';
import type { ContainerRecord, FaceRecord, Store } from './store';
import { seedDemoDirectory } from './demoDirectory';
import { markTrained } from './training';

/** A stable UUID for a demo entity. */
export function demoId(path: string): string {
	const h = createHash('sha256').update(`face-emulator-demo/${path}`).digest('hex');
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

interface DemoPerson {
	key: string;
	name: string;
	userData?: string;
	faces: number;
}

interface DemoContainer {
	kind: KindInfo;
	id: string;
	name: string;
	userData?: string;
	persons?: DemoPerson[];
	/** FL/LFL faces: keys of the faces' seeds. */
	faces?: string[];
	trained?: boolean;
}

export const DEMO: readonly DemoContainer[] = [
	{
		kind: KINDS.personGroup,
		id: 'staff',
		name: 'Staff',
		userData: 'Office staff, badge photos',
		persons: [
			{ key: 'alice', name: 'Alice Johnson', userData: 'Reception', faces: 2 },
			{ key: 'bob', name: 'Bob Smith', faces: 1 },
			{ key: 'carol', name: 'Carol Diaz', userData: 'Security', faces: 3 },
		],
	},
	{
		kind: KINDS.personGroup,
		id: 'visitors',
		name: 'Visitors',
		persons: [
			{ key: 'dave', name: 'Dave Lee', faces: 1 },
			{ key: 'eve', name: 'Eve Martin', faces: 2 },
		],
		trained: true,
	},
	{ kind: KINDS.personGroup, id: 'empty-group', name: 'Empty Group', persons: [] },
	{
		kind: KINDS.largePersonGroup,
		id: 'employees',
		name: 'Employees',
		userData: 'All employees',
		persons: [
			{ key: 'frank', name: 'Frank Wu', faces: 1 },
			{ key: 'grace', name: 'Grace Kim', faces: 2 },
			{ key: 'heidi', name: 'Heidi Novak', faces: 1 },
			{ key: 'ivan', name: 'Ivan Petrov', faces: 1 },
		],
	},
	{ kind: KINDS.faceList, id: 'vip-faces', name: 'VIP Faces', faces: ['judy', 'mallory', 'niaj'] },
	{ kind: KINDS.largeFaceList, id: 'catalog', name: 'Catalog', faces: ['olivia', 'peggy', 'rupert', 'sybil', 'trent'] },
	{ kind: KINDS.largeFaceList, id: 'empty-catalog', name: 'Empty Catalog', faces: [] },
];

/** Recognition model of every demo container. */
export const DEMO_RECOGNITION_MODEL = 'recognition_04';

export function demoFace(path: string, seed: string, variant: number): FaceRecord {
	const [face] = detectFaces({ kind: 'bytes', data: makeTestImage(seed, 1, { variant }) });
	const persistedFaceId = demoId(path);
	return { persistedFaceId, identity: face.identity, rect: face.rect, userData: variant === 0 ? undefined : `photo ${variant + 1}` };
}

/** Adds (or replaces) the demo containers; other data stays. */
export function seedDemo(store: Store): void {
	for (const d of DEMO) {
		const c: ContainerRecord = {
			kind: d.kind,
			id: d.id,
			name: d.name,
			userData: d.userData,
			recognitionModel: DEMO_RECOGNITION_MODEL,
			persons: new Map(),
			faces: new Map(),
		};
		for (const p of d.persons ?? []) {
			const personId = demoId(`${d.id}/${p.key}`);
			const faces = new Map<string, FaceRecord>();
			for (let i = 0; i < p.faces; i++) {
				const f = demoFace(`${d.id}/${p.key}/${i}`, `${d.id}/${p.key}`, i);
				faces.set(f.persistedFaceId, f);
			}
			c.persons.set(personId, { personId, name: p.name, userData: p.userData, faces });
		}
		for (const key of d.faces ?? []) {
			const f = demoFace(`${d.id}/${key}`, `${d.id}/${key}`, 0);
			f.userData = key.charAt(0).toUpperCase() + key.slice(1);
			c.faces.set(f.persistedFaceId, f);
		}
		if (d.trained) {
			markTrained(c);
		}
		store.of(d.kind).set(d.id, c);
	}
	seedDemoDirectory(store);
}
