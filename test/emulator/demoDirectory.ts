/**
 * The demo data set's Person Directory (v1.0-preview, v1.1-preview.1, v1.2-preview.1): three persons with
 * faces per recognition model, and two Dynamic Person Groups. Everything is ready (no pending operation);
 * `makeTestImage('directory/uma', 1, { variant: 9 })` detected with `recognition_04` is identified as Uma Patel.
 */
import { demoFace, demoId } from './demo';
import type { DirectoryFaceRecord } from './directoryStore';
import type { Store } from './store';

interface DemoDirectoryPerson {
	key: string;
	name: string;
	userData?: string;
	/** Faces per recognition model. */
	faces: Record<string, number>;
}

export const DEMO_DIRECTORY: readonly DemoDirectoryPerson[] = [
	{ key: 'uma', name: 'Uma Patel', userData: 'Night shift lead', faces: { recognition_04: 2, recognition_01: 1 } },
	{ key: 'victor', name: 'Victor Chen', faces: { recognition_04: 1 } },
	{ key: 'wendy', name: 'Wendy Brooks', faces: { recognition_04: 1 } },
];

export const DEMO_DYNAMIC_GROUPS: ReadonlyArray<{ id: string; name: string; userData?: string; members: string[] }> = [
	{ id: 'night-shift', name: 'Night Shift', userData: 'Doors after 22:00', members: ['uma', 'victor'] },
	{ id: 'empty-team', name: 'Empty Team', members: [] },
];

export function seedDemoDirectory(store: Store): void {
	const dir = store.directory;
	for (const p of DEMO_DIRECTORY) {
		const personId = demoId(`directory/${p.key}`);
		const faces = new Map<string, Map<string, DirectoryFaceRecord>>();
		for (const [model, count] of Object.entries(p.faces)) {
			const byId = new Map<string, DirectoryFaceRecord>();
			for (let i = 0; i < count; i++) {
				const f = demoFace(`directory/${p.key}/${model}/${i}`, `directory/${p.key}`, i);
				byId.set(f.persistedFaceId, { ...f, ready: true });
			}
			faces.set(model, byId);
		}
		dir.persons.set(personId, { personId, name: p.name, userData: p.userData, faces, ready: true });
	}
	for (const g of DEMO_DYNAMIC_GROUPS) {
		dir.groups.set(g.id, { id: g.id, name: g.name, userData: g.userData, personIds: new Set(g.members.map((k) => demoId(`directory/${k}`))) });
	}
}
