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
	{
		// The Face client is a plain SDK: it never imports VS Code, so it runs (and is tested) in plain Node.
		files: ['src/face/**/*.ts'],
		rules: {
			'no-restricted-imports': [
				'error',
				{ paths: [{ name: 'vscode', message: 'src/face must not depend on VS Code.' }] },
			],
			'no-restricted-syntax': [
				'error',
				{
					selector: "CallExpression[callee.name='require'][arguments.0.value='vscode']",
					message: 'src/face must not depend on VS Code.',
				},
			],
		},
	},
);
