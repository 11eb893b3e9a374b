// Bundles the extension the way the VS Code samples do (CommonJS for Node, `vscode` external), in four
// files that load at different times:
//   dist/extension.js  activation: the store, the tree, the tracker, and a stub per command;
//   dist/commands.js   the commands, on the first command (src/commands/lazyCommands.ts);
//   dist/images.js     the picture commands' runner and results panel, on their first use (src/images/loader.ts);
//   dist/face.js       the Face client and undici, on the first Face request (src/resources/faceLoader.ts).
// It also copies the codicon font and its stylesheet (devDependency @vscode/codicons) to dist/codicons/ for the
// results panel's webview, so that the .vsix ships them without node_modules.
// The lazy bundles (commands, images) must not carry a second copy of a module the extension bundle has (two
// copies of a class break `instanceof`; two copies of a module lose its state): every such import in them is
// answered by the extension bundle's own module, which it exports as `__modules`. A module that both lazy
// bundles use moves into the extension bundle, for the same reason.
// `--production` minifies and drops source maps; `--watch` rebuilds on changes under src/ and prints the
// lines `$esbuild-watch` expects.
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const srcDir = path.resolve('src');

const common = {
	bundle: true,
	format: 'cjs',
	minify: production,
	sourcemap: !production,
	sourcesContent: false,
	platform: 'node',
	target: 'node18',
	outdir: 'dist',
	external: ['vscode', './face.js', './commands.js', './images.js', './extension.js'],
	logLevel: 'silent',
	metafile: true,
};

/**
 * `import * as vscode from 'vscode'` in CommonJS output copies the whole API object (hundreds of getters) into a
 * new namespace in every module that imports it: 28 copies, ~5–8 ms of activation. One module re-exports it
 * once, and every other module imports that one.
 */
const vscodeOnce = {
	name: 'vscode-once',
	setup(build) {
		build.onResolve({ filter: /^vscode$/ }, (args) =>
			args.namespace === 'vscode-once' ? { path: 'vscode', external: true } : { path: 'vscode', namespace: 'vscode-once' });
		build.onLoad({ filter: /.*/, namespace: 'vscode-once' }, () => ({ contents: "export * from 'vscode';", loader: 'js' }));
	},
};

/** A lazy bundle takes every module the extension bundle has from it (`require('./extension.js').__modules`). */
function fromExtensionBundle(extensionModules, used) {
	return {
		name: 'from-extension-bundle',
		setup(build) {
			build.onResolve({ filter: /^\.\.?\// }, async (args) => {
				if (args.pluginData === 'inner') {
					return undefined;
				}
				if (common.external.includes(args.path)) {
					return { path: args.path, external: true };
				}
				const resolved = await build.resolve(args.path, { resolveDir: args.resolveDir, kind: args.kind, importer: args.importer, pluginData: 'inner' });
				if (resolved.errors.length > 0 || !extensionModules.has(resolved.path)) {
					return resolved.errors.length > 0 ? { errors: resolved.errors } : { path: resolved.path };
				}
				const key = path.relative(srcDir, resolved.path).split(path.sep).join('/');
				used.add(key);
				return { path: key, namespace: 'extension-bundle' };
			});
			build.onLoad({ filter: /.*/, namespace: 'extension-bundle' }, (args) => ({
				contents: `module.exports = require('./extension.js').__modules[${JSON.stringify(args.path)}];`,
				loader: 'js',
			}));
		},
	};
}

/** The extension bundle's entry: src/extension.ts, plus `__modules` (the modules the lazy bundles take). */
function extensionEntry(used) {
	const keys = [...used].sort();
	const imports = keys.map((key, i) => `import * as m${i} from './${key.replace(/\.ts$/, '')}';`).join('\n');
	const table = keys.map((key, i) => `\t${JSON.stringify(key)}: m${i},`).join('\n');
	return {
		name: 'extension-entry',
		setup(build) {
			build.onResolve({ filter: /^extension-entry$/ }, () => ({ path: 'extension-entry', namespace: 'extension-entry' }));
			build.onLoad({ filter: /.*/, namespace: 'extension-entry' }, () => ({
				contents: `export * from './extension';\n${imports}\nexport const __modules = {\n${table}\n};\n`,
				resolveDir: srcDir,
				loader: 'ts',
			}));
		},
	};
}

/** The src/ modules that more than one of the lazy bundles holds. */
function inMoreThanOne(results) {
	const seen = new Map();
	for (const result of results) {
		for (const file of Object.keys(result.metafile.inputs).filter((f) => f.startsWith('src/'))) {
			seen.set(file, (seen.get(file) ?? 0) + 1);
		}
	}
	return [...seen].filter(([, n]) => n > 1).map(([file]) => file);
}

/** The bundles loaded after activation, and their entries. */
const LAZY_BUNDLES = {
	commands: 'src/commands/register.ts',
	images: 'src/images/index.ts',
};

async function buildAll() {
	// 1. Which modules the extension bundle holds (not written).
	const probe = await esbuild.build({ ...common, entryPoints: { extension: 'src/extension.ts' }, plugins: [vscodeOnce], write: false });
	const extensionModules = new Set(Object.keys(probe.metafile.inputs).map((file) => path.resolve(file)));
	// 2. The lazy bundles, taking those modules from the extension bundle. A module both lazy bundles hold moves
	// into the extension bundle (one more pass), so that it too exists once.
	let used;
	let lazy;
	for (let pass = 0; ; pass++) {
		used = new Set();
		lazy = await Promise.all(
			Object.entries(LAZY_BUNDLES).map(([name, entry]) =>
				esbuild.build({ ...common, entryPoints: { [name]: entry }, plugins: [vscodeOnce, fromExtensionBundle(extensionModules, used)], write: false })),
		);
		const twice = inMoreThanOne(lazy);
		if (twice.length === 0) {
			break;
		}
		if (pass > 0) {
			throw new Error(`Still in two lazy bundles after moving them into the extension bundle: ${twice.join(', ')}`);
		}
		for (const file of twice) {
			extensionModules.add(path.resolve(file));
		}
	}
	for (const result of lazy) {
		for (const file of result.outputFiles) {
			fs.mkdirSync(path.dirname(file.path), { recursive: true });
			fs.writeFileSync(file.path, file.contents);
		}
	}
	// 3. The extension bundle, exporting what the lazy bundles take.
	const extension = await esbuild.build({ ...common, entryPoints: { extension: 'extension-entry' }, plugins: [vscodeOnce, extensionEntry(used)] });
	const face = await esbuild.build({ ...common, entryPoints: { face: 'src/face/index.ts' }, plugins: [vscodeOnce] });
	copyCodicons();
	return [extension, ...lazy, face];
}

/** The codicon font, its stylesheet and the font's licence (CC BY 4.0), for the results panel (src/images/panel.ts). */
const CODICONS = { 'dist/codicon.css': 'codicon.css', 'dist/codicon.ttf': 'codicon.ttf', LICENSE: 'LICENSE' };

function copyCodicons() {
	const from = path.dirname(fileURLToPath(import.meta.resolve('@vscode/codicons/package.json')));
	const to = path.resolve('dist', 'codicons');
	fs.mkdirSync(to, { recursive: true });
	for (const [source, target] of Object.entries(CODICONS)) {
		fs.copyFileSync(path.join(from, source), path.join(to, target));
	}
}

function report(results) {
	for (const result of results) {
		for (const [file, info] of Object.entries(result.metafile.outputs)) {
			if (file.endsWith('.js')) {
				console.log(`${file}: ${(info.bytes / 1024).toFixed(1)} KB`);
			}
		}
	}
}

function printErrors(e) {
	for (const { text, location } of e.errors ?? [{ text: String(e) }]) {
		console.error(`✘ [ERROR] ${text}`);
		if (location) {
			console.error(`    ${location.file}:${location.line}:${location.column}:`);
		}
	}
}

async function watchAll() {
	let timer;
	const rebuild = async () => {
		console.log('[watch] build started');
		try {
			await buildAll();
		} catch (e) {
			printErrors(e);
		}
		console.log('[watch] build finished');
	};
	await rebuild();
	fs.watch(srcDir, { recursive: true }, () => {
		clearTimeout(timer);
		timer = setTimeout(rebuild, 100);
	});
}

if (watch) {
	watchAll();
} else {
	buildAll()
		.then((results) => (production ? report(results) : undefined))
		.catch((e) => {
			printErrors(e);
			process.exit(1);
		});
}
