// Lint set-up (ESLint flat config). `npm run lint` runs ESLint on every JavaScript and TypeScript
// file of the repository, then `prettier --check .` (formatting is Prettier's job, see
// prettier.config.js; no rule here is about layout).
//
// The shipped code (nodes/, credentials/) and package.json get n8n's rule sets, exactly as n8n's
// community-package checks apply them:
// - eslint-plugin-n8n-nodes-base: its `community` rules on package.json, `credentials` rules on
//   credentials/, and `nodes` rules on nodes/;
// - @n8n/eslint-plugin-community-nodes: n8n's own community-package rules (recommended), on the
//   shipped sources and package.json.
//
// Everything else (emulator/, rig/, bench/, scripts/, test/, the root files) gets @eslint/js
// recommended, typescript-eslint recommended on TypeScript, Node.js globals, Jest globals in the
// tests, and one rule for CommonJS: a global 'use strict' in every CommonJS file.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import tsParser from '@typescript-eslint/parser';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';
import { configs as communityConfigs } from '@n8n/eslint-plugin-community-nodes';

const tsLanguage = {
	parser: tsParser,
	parserOptions: { ecmaVersion: 'latest', sourceType: 'module' },
};

/** The shipped code: linted with n8n's rule sets only. */
const SHIPPED = ['nodes/**', 'credentials/**'];

/** Code that drives n8n, the browser or the emulator: no waits on "network idle". */
const DRIVERS = ['test/**', 'emulator/test/**', 'scripts/**', 'rig/**', 'bench/**'];
const NETWORK_IDLE =
	'Wait for the thing the test needs (a selector, a response, a process exit), not for the network to go quiet: ' +
	'"network idle" is a fixed wait in disguise (see the project rules).';
const FIXED_SLEEP =
	'Wait for the thing the test needs (a selector, a response, a record), not for a fixed time: ' +
	'a sleep is too short on a loaded machine and too long everywhere else (see the project rules).';

export default [
	{
		ignores: [
			'dist/**',
			'node_modules/**',
			'.n8n-host/**',
			'coverage/**',
			'test-artifacts/**',
			'.bench/**',
			'.e2e/**',
			'demo-output/**',
			'.demo-output/**',
		],
	},

	// ── The shipped code and package.json: n8n's rule sets, unchanged ─────────────────────────
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
			// These older rules want the string literal ['main'] (inputs of a regular node, outputs of
			// a trigger); n8n's current community rule (@n8n/community-nodes/node-connection-type-literal)
			// requires NodeConnectionTypes.Main. Both cannot pass; we follow the current n8n convention.
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
		},
	},
	{
		...communityConfigs.recommended,
		files: ['credentials/**/*.ts', 'nodes/**/*.ts', 'package.json'],
		languageOptions: { parser: tsParser, parserOptions: { extraFileExtensions: ['.json'] } },
	},

	// ── Everything else ───────────────────────────────────────────────────────────────────────
	{
		...js.configs.recommended,
		files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
		ignores: SHIPPED,
		languageOptions: {
			ecmaVersion: 'latest',
			sourceType: 'commonjs',
			globals: { ...globals.node },
		},
		rules: {
			...js.configs.recommended.rules,
			// One rule for every CommonJS file: strict mode, declared once at the top.
			strict: ['error', 'global'],
			// `_`-prefixed parameters document a position that is not used; `const { a, ...rest } = x`
			// is how a key is left out of a copy.
			'no-unused-vars': ['error', { argsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
		},
	},
	{
		files: ['**/*.mjs'],
		languageOptions: { sourceType: 'module' },
	},
	...tseslint.configs.recommended.map((config) => ({
		...config,
		files: ['**/*.ts'],
		ignores: SHIPPED,
	})),
	{
		files: ['**/*.ts'],
		ignores: SHIPPED,
		languageOptions: { globals: { ...globals.node } },
		rules: {
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
			],
		},
	},
	{
		files: ['test/**', 'emulator/test/**'],
		languageOptions: { globals: { ...globals.jest } },
	},
	{
		// Callbacks of page.evaluate() and page.waitForFunction() run in the browser.
		files: ['test/e2e/**'],
		languageOptions: { globals: { ...globals.browser } },
	},
	{
		files: DRIVERS,
		rules: {
			// Puppeteer's page.waitForNetworkIdle(), page['waitForNetworkIdle'], const { waitForNetworkIdle } = page;
			// Playwright's (and older Puppeteer's) fixed sleep page.waitForTimeout(ms).
			'no-restricted-properties': [
				'error',
				{ property: 'waitForNetworkIdle', message: NETWORK_IDLE },
				{ property: 'waitForTimeout', message: FIXED_SLEEP },
			],
			// Puppeteer's { waitUntil: 'networkidle0' } and `networkidle2`; Playwright's
			// { waitUntil: 'networkidle' } and page.waitForLoadState('networkidle'); any other string that says it
			'no-restricted-syntax': [
				'error',
				{ selector: 'Literal[value=/networkidle/i]', message: NETWORK_IDLE },
				{ selector: 'TemplateElement[value.raw=/networkidle/i]', message: NETWORK_IDLE },
			],
		},
	},
];
