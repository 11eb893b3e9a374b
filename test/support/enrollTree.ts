/**
 * Generated folder trees for enrollment tests and the benchmark: in memory (EnrollGroup, for the engine) or on
 * disk (for the commands inside VS Code). Each person folder's images are `makeTestImage(<person>, 1, { variant })`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EnrollGroup } from '../../src/operations/enrollEngine';
import { makeTestImage } from '../emulator/images';

export interface TreeSpec {
	/** Folder name of the tree (the enrolled folder). */
	readonly root: string;
	readonly persons: number;
	readonly imagesPerPerson: number;
	/** Extra files in the first person's folder: a low-quality picture, a two-face picture, a text file, a tiny image. */
	readonly troublemakers?: boolean;
}

export const TROUBLE = { low: 'blurry.png', pair: 'pair.png', text: 'notes.jpg', tiny: 'tiny.png' } as const;

/** `{ '<root>/person-00/0.png': bytes, … }`. */
export function treeFiles(spec: TreeSpec): Map<string, Buffer> {
	const files = new Map<string, Buffer>();
	for (let p = 0; p < spec.persons; p++) {
		const person = `person-${String(p).padStart(2, '0')}`;
		for (let i = 0; i < spec.imagesPerPerson; i++) {
			files.set(`${spec.root}/${person}/${i}.png`, makeTestImage(`${spec.root}-${person}`, 1, { variant: i }));
		}
		if (spec.troublemakers && p === 0) {
			files.set(`${spec.root}/${person}/${TROUBLE.low}`, makeTestImage(`${spec.root}-${person}`, 1, { variant: 99, quality: 'low' }));
			files.set(`${spec.root}/${person}/${TROUBLE.pair}`, makeTestImage(`${spec.root}-${person}`, 2, { variant: 98 }));
			files.set(`${spec.root}/${person}/${TROUBLE.text}`, Buffer.from('not an image, whatever the name says\n'.repeat(60)));
			files.set(`${spec.root}/${person}/${TROUBLE.tiny}`, makeTestImage(`${spec.root}-${person}`, 1, { exactBytes: 600 }));
		}
	}
	return files;
}

/** The tree as the engine's groups (one per person folder). */
export function treeGroups(spec: TreeSpec, reads?: { count: number }): EnrollGroup[] {
	const byFolder = new Map<string, { path: string; size: number; read: () => Promise<Uint8Array> }[]>();
	for (const [path, bytes] of treeFiles(spec)) {
		const folder = path.slice(0, path.lastIndexOf('/'));
		const list = byFolder.get(folder) ?? [];
		list.push({ path, size: bytes.length, read: async () => (reads && (reads.count += 1), bytes) });
		byFolder.set(folder, list);
	}
	return [...byFolder].map(([folder, files]) => ({ folder, name: folder.slice(folder.lastIndexOf('/') + 1), files }));
}

/** Writes the tree under `dir` (`dir/<root>/person-00/0.png`, …). */
export function writeTree(dir: string, spec: TreeSpec): string {
	for (const [path, bytes] of treeFiles(spec)) {
		const full = join(dir, ...path.split('/'));
		mkdirSync(full.slice(0, full.lastIndexOf('/')), { recursive: true });
		writeFileSync(full, bytes);
	}
	return join(dir, spec.root);
}
