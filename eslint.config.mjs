// Lint set-up (ESLint flat config).
// - eslint-plugin-n8n-nodes-base: its `community` rules on package.json, `credentials` rules on
//   credentials/, and `nodes` rules on nodes/.
// - @n8n/eslint-plugin-community-nodes: n8n's own community-package rules (recommended), on the
//   shipped sources and package.json.
import tsParser from '@typescript-eslint/parser';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';
import { configs as communityConfigs } from '@n8n/eslint-plugin-community-nodes';

const tsLanguage = {
	parser: tsParser,
	parserOptions: { ecmaVersion: 'latest', sourceType: 'module' },
};

export default [
	{
		ignores: [
			'dist/**',
			'node_modules/**',
			'.n8n-host/**',
			'coverage/**',
			'emulator/**',
			'scripts/**',
			'test/**',
			'examples/**',
			'gulpfile.js',
			'index.js',
			'eslint.config.mjs',
			'jest.config.js',
		],
	},
	{
		files: ['package.json'],
		languageOptions: { parser: tsParser, parserOptions: { extraFileExtensions: ['.json'] } },
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: { ...n8nNodesBase.configs.community.rules },
	},
	{
		files: ['credentials/**/*.ts'],
		languageOptions: tsLanguage,
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: {
			...n8nNodesBase.configs.credentials.rules,
			// This rule is for credentials in n8n's main repository, whose documentationUrl is a short
			// camelCase slug. A community credential needs a full https URL, which the sibling rule
			// cred-class-field-documentation-url-not-http-url and @n8n/community-nodes'
			// credential-documentation-url both require; the two cannot both pass.
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
		},
	},
	{
		files: ['nodes/**/*.ts'],
		languageOptions: tsLanguage,
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: {
			...n8nNodesBase.configs.nodes.rules,
			// This older rule wants the string literal ['main']; n8n's current community rule
			// (@n8n/community-nodes/node-connection-type-literal) requires NodeConnectionTypes.Main.
			// Both cannot pass; we follow the current n8n convention.
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
		},
	},
	{
		...communityConfigs.recommended,
		files: ['credentials/**/*.ts', 'nodes/**/*.ts', 'package.json'],
		languageOptions: { parser: tsParser, parserOptions: { extraFileExtensions: ['.json'] } },
	},
];
