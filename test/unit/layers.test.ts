/**
 * The layers of src/ (src/README.md), checked from the sources: every import points down (or stays in its
 * folder), no module imports itself back through others (no cycle, type-only imports included), and the
 * lint rules of eslint.config.mjs flag a back-pointing import (so `npm run lint` guards the same arrows
 * while one edits).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '../../..');
const SRC = path.join(ROOT, 'src');

/** Lower layers first; a module may import its own folder and the folders below it. */
export const LAYERS = ['face', 'state', 'shared', 'resources', 'operations', 'tree', 'images', 'commands', '.'] as const;
/** Folders of one rank: they may not import each other. */
const RANK: Record<string, number> = { face: 0, state: 0, shared: 1, resources: 2, operations: 3, tree: 4, images: 5, commands: 6, '.': 7 };

function sources(dir: string): string[] {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
		const full = path.join(dir, e.name);
		return e.isDirectory() ? sources(full) : e.name.endsWith('.ts') ? [full] : [];
	});
}

/** The relative imports of a file (`import … from`, `export … from`, `import '…'`), resolved to files. */
export function importsOf(file: string, text = fs.readFileSync(file, 'utf8')): string[] {
	const found: string[] = [];
	const re = /^\s*(?:import|export)\b[^'"]*?(?:from\s*)?['"](\.{1,2}\/[^'"]+)['"]/gm;
	for (let m = re.exec(text); m; m = re.exec(text)) {
		const base = path.resolve(path.dirname(file), m[1]);
		const target = [`${base}.ts`, path.join(base, 'index.ts'), base].find((p) => fs.existsSync(p) && fs.statSync(p).isFile());
		if (target) {
			found.push(target);
		}
	}
	return found;
}

export function layerOf(file: string): string {
	const rel = path.relative(SRC, file).split(path.sep);
	return rel.length === 1 ? '.' : rel[0];
}

/** Imports that point up or sideways between folders, as `from → to` lines. */
export function backPointing(graph: ReadonlyMap<string, readonly string[]>): string[] {
	const bad: string[] = [];
	for (const [from, tos] of graph) {
		for (const to of tos) {
			const a = layerOf(from);
			const b = layerOf(to);
			if (a !== b && !(RANK[a] > RANK[b])) {
				bad.push(`${path.relative(SRC, from)} → ${path.relative(SRC, to)}`);
			}
		}
	}
	return bad;
}

/** Each cycle once, as `a → b → a`. */
export function cycles(graph: ReadonlyMap<string, readonly string[]>): string[] {
	const found: string[] = [];
	const state = new Map<string, 'open' | 'done'>();
	const stack: string[] = [];
	const visit = (n: string) => {
		state.set(n, 'open');
		stack.push(n);
		for (const m of graph.get(n) ?? []) {
			if (state.get(m) === 'open') {
				found.push([...stack.slice(stack.indexOf(m)), m].map((f) => path.relative(SRC, f)).join(' → '));
			} else if (!state.has(m)) {
				visit(m);
			}
		}
		stack.pop();
		state.set(n, 'done');
	};
	for (const n of graph.keys()) {
		if (!state.has(n)) {
			visit(n);
		}
	}
	return found;
}

function srcGraph(): Map<string, string[]> {
	return new Map(sources(SRC).map((f) => [f, importsOf(f)]));
}

describe('layers of src/', () => {
	it('every folder of src/ has a layer', () => {
		const folders = fs.readdirSync(SRC, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
		assert.deepStrictEqual(folders.filter((f) => !(f in RANK)), []);
	});

	it('every import points down', () => {
		assert.deepStrictEqual(backPointing(srcGraph()), []);
	});

	it('no import cycle', () => {
		assert.deepStrictEqual(cycles(srcGraph()), []);
	});

	it('the check itself flags a back-pointing import and a cycle', () => {
		const f = (p: string) => path.join(SRC, p);
		const graph = new Map([
			[f('tree/a.ts'), [f('commands/b.ts')]],
			[f('commands/b.ts'), [f('tree/a.ts')]],
		]);
		assert.deepStrictEqual(backPointing(graph), ['tree/a.ts → commands/b.ts']);
		assert.strictEqual(cycles(graph).length, 1);
	});

	it('the lint rules flag a back-pointing import in every layer', async function () {
		this.timeout(60_000);
		// eslint is an ES module here; load it as one from the compiled CommonJS test.
		const { ESLint } = await (new Function('m', 'return import(m)') as (m: string) => Promise<typeof import('eslint')>)('eslint');
		const eslint = new ESLint({ cwd: ROOT });
		const wrong: Array<[string, string]> = [
			['src/face/x.ts', "import { errorMessage } from '../shared/errors';"],
			['src/state/x.ts', "import { parseTime } from '../shared/time';"],
			['src/shared/x.ts', "import { originOf } from '../resources/endpoint';"],
			['src/resources/x.ts', "import type { Operation } from '../operations/types';"],
			['src/operations/x.ts', "import { VIEW_ID } from '../tree/commandIds';"],
			['src/tree/x.ts', "import { registerCommand } from '../commands/wrapper';"],
			['src/images/x.ts', "import { registerCommand } from '../commands/wrapper';"],
			['src/tree/x.ts', "import { readImage } from '../images/imageFiles';"],
			['src/commands/x.ts', "import type { FaceExplorerTestApi } from '../testApi';"],
		];
		for (const [file, code] of wrong) {
			const [result] = await eslint.lintText(`${code}\nexport const used = 1;\n`, { filePath: path.join(ROOT, file) });
			assert.ok(result.messages.some((m) => m.ruleId === 'no-restricted-imports'), `${file}: ${code} is flagged`);
		}
		const [fine] = await eslint.lintText("import { errorMessage } from '../shared/errors';\nexport const used = errorMessage;\n", { filePath: path.join(ROOT, 'src/tree/x.ts') });
		assert.deepStrictEqual(fine.messages.filter((m) => m.ruleId === 'no-restricted-imports'), [], 'a downward import passes');
	});
});
