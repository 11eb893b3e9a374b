import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
	{ ignores: ['out/**', 'dist/**', 'node_modules/**', '.vscode-test/**', 'test/fixtures/**', '*.mjs'] },
	js.configs.recommended,
	...tseslint.configs.recommended,
	{
		files: ['**/*.ts'],
		rules: {
			'@typescript-eslint/naming-convention': [
				'warn',
				{ selector: 'import', format: ['camelCase', 'PascalCase'] },
			],
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
			curly: 'error',
			eqeqeq: ['error', 'always', { null: 'ignore' }],
			'no-throw-literal': 'error',
			'prefer-const': 'error',
		},
	},
	// The layers of src/ (src/README.md): each folder imports only its own folder and the folders below it.
	// face and state at the bottom, then shared, resources, operations, tree, images, commands; extension.ts on top.
	// test/unit/layers.test.ts checks the same arrows (and cycles) over the whole tree, and that these rules fire.
	...layerRules(),
);

function layerRules() {
	const order = ['face', 'state', 'shared', 'resources', 'operations', 'tree', 'images', 'commands'];
	const rank = { face: 0, state: 0, shared: 1, resources: 2, operations: 3, tree: 4, images: 5, commands: 6 };
	const top = ['../extension', '../testApi'];
	return order.map((folder) => {
		const above = order.filter((f) => f !== folder && rank[f] >= rank[folder]);
		const patterns = [{
			group: [...above.flatMap((f) => [`../${f}`, `../${f}/*`]), ...top],
			message: `src/${folder} may import only its own folder and the layers below it (src/README.md).`,
		}];
		const paths = folder === 'face' ? [{ name: 'vscode', message: 'src/face must not depend on VS Code.' }] : [];
		const config = {
			files: [`src/${folder}/**/*.ts`],
			rules: { 'no-restricted-imports': ['error', { paths, patterns }] },
		};
		if (folder === 'face') {
			// The Face client is a plain SDK: it never imports VS Code, so it runs (and is tested) in plain Node.
			config.rules['no-restricted-syntax'] = [
				'error',
				{
					selector: "CallExpression[callee.name='require'][arguments.0.value='vscode']",
					message: 'src/face must not depend on VS Code.',
				},
			];
		}
		return config;
	});
}
