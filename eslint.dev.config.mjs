// Lint set-up for everything that is not published (ESLint flat config). `npm run lint` runs two
// ESLint passes, then `prettier --check .` (formatting is Prettier's job, see prettier.config.js;
// no rule here is about layout):
//
// 1. `eslint nodes credentials package.json`: the shipped code and package.json, with n8n's own
//    config, `eslint.config.mjs`. That file must stay n8n's one-line config, byte for byte apart
//    from whitespace: `n8n-node cloud-support` reports the package as eligible for n8n Cloud only
//    then (scripts/cloud-support.js checks it in `npm run lint`).
// 2. `eslint --config eslint.dev.config.mjs .`: this file, on every other JavaScript and TypeScript
//    file (emulator/, rig/, bench/, scripts/, test/, examples/, the root files): @eslint/js
//    recommended, typescript-eslint recommended on TypeScript, Node.js globals, Jest globals in the
//    tests, a global 'use strict' in every CommonJS file, and no waiting for "network idle" or a
//    fixed time in code that drives n8n or a browser.
//
// test/unit/lint-rules.test.js checks that the two passes together lint every source file of the
// repository, and that the rules of this file still fire.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** The shipped code: linted by n8n's config (eslint.config.mjs), not by this one. */
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
			...SHIPPED,
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
	{
		...js.configs.recommended,
		files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
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
	})),
	{
		files: ['**/*.ts'],
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
