// Bundles the extension the way the VS Code samples do: one CommonJS file for Node, `vscode` external.
// `--production` minifies and drops source maps; `--watch` prints the lines `$esbuild-watch` expects.
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** @type {import('esbuild').Plugin} */
const esbuildProblemMatcherPlugin = {
	name: 'esbuild-problem-matcher',
	setup(build) {
		build.onStart(() => {
			console.log('[watch] build started');
		});
		build.onEnd((result) => {
			for (const { text, location } of result.errors) {
				console.error(`✘ [ERROR] ${text}`);
				if (location) {
					console.error(`    ${location.file}:${location.line}:${location.column}:`);
				}
			}
			console.log('[watch] build finished');
		});
	},
};

async function main() {
	const ctx = await esbuild.context({
		entryPoints: {
			extension: 'src/extension.ts',
			// The Face client and undici load on the first Face request, not at activation.
			face: 'src/face/index.ts',
			// An enrollment's run and engine load on the first enrollment.
			enroll: 'src/operations/enrollment.ts',
		},
		bundle: true,
		format: 'cjs',
		minify: production,
		sourcemap: !production,
		sourcesContent: false,
		platform: 'node',
		target: 'node18',
		outdir: 'dist',
		external: ['vscode', './face.js', './enroll.js'],
		logLevel: 'silent',
		metafile: true,
		plugins: [esbuildProblemMatcherPlugin],
	});
	if (watch) {
		await ctx.watch();
	} else {
		const result = await ctx.rebuild();
		await ctx.dispose();
		if (production) {
			for (const [file, info] of Object.entries(result.metafile.outputs)) {
				if (file.endsWith('.js')) {
					console.log(`${file}: ${(info.bytes / 1024).toFixed(1)} KB`);
				}
			}
		}
	}
}

main().catch((e) => {
	console.error(e);
	process.exit(1);
});
