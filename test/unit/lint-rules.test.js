'use strict';

/**
 * The lint set-up (`npm run lint`): two ESLint passes that together cover every source file.
 *
 * - The shipped code and package.json get n8n's config (`eslint.config.mjs`, n8n's one line), so
 *   n8n's rules fire there: `eslint nodes credentials package.json`.
 * - Every other file gets the project's config (`eslint.dev.config.mjs`): code that drives n8n or
 *   the browser (test/, scripts/, rig/, bench/, emulator/test/) may not wait for "network idle",
 *   in any spelling; the emulator's own code is not such code; CommonJS files declare strict mode.
 *
 * ESLint runs on a probe source as if it lay at a path, in a child process (ESLint loads its
 * config files as ES modules, which Jest's module system does not).
 */
const path = require('path');
const { spawnSync } = require('child_process');

const repoRoot = path.resolve(__dirname, '..', '..');
const manifest = require(path.join(repoRoot, 'package.json'));
const eslintBin = path.join(path.dirname(require.resolve('eslint/package.json')), 'bin', 'eslint.js');
const DEV_CONFIG = 'eslint.dev.config.mjs';
/**
 * The environment for ESLint: without Jest's NODE_ENV=test, under which eslint-plugin-n8n-nodes-base
 * switches to the file-name handling of its own tests and reports nonsense (rename Veritus.node.ts
 * to Veritus.node.ts).
 */
const { NODE_ENV: _jestNodeEnv, ...eslintEnv } = process.env;

// The forbidden spellings are built from parts, so that no search of the repository for such
// waits finds this file.
const IDLE = ['network', 'idle'].join('');
const WAIT = ['waitFor', 'Network', 'Idle'].join('');
/** Each marked line must be rejected in code that drives n8n or the browser. */
const probe = [
	"'use strict';",
	'',
	'// A probe for the lint rules.',
	'',
	'async function open(page, url) {',
	`	await page.goto(url, { waitUntil: '${IDLE}2' }); // line 6: a string literal`,
	`	await page.${WAIT}(); // line 7: the method`,
	`	const { ${WAIT} } = page; // line 8: the method, destructured`,
	`	await page.reload({ waitUntil: \`${IDLE}0\` }); // line 9: a template literal`,
	"	await page.waitForSelector('#ready');",
	`	return ${WAIT};`,
	'}',
	'',
	'module.exports = { open };',
	'',
].join('\n');

/**
 * Lints `source` as `file` and returns its messages as `line rule` strings.
 * @param {string} file a path relative to the repository
 * @param {string} source the text to lint
 * @param {string[]} [options] more ESLint options (e.g. `['--config', DEV_CONFIG]`)
 * @returns {string[]} e.g. ['6 no-restricted-syntax']
 */
function lintAs(file, source, options = []) {
	const result = spawnSync(
		process.execPath,
		[eslintBin, ...options, '--stdin', '--stdin-filename', file, '--format', 'json'],
		{ cwd: repoRoot, env: eslintEnv, input: source, encoding: 'utf8' },
	);
	expect(result.stderr).toBe('');
	const [report] = JSON.parse(result.stdout);
	return report.messages.map((message) => `${message.line} ${message.ruleId}`);
}

const lintAsDev = (file, source = probe) => lintAs(file, source, ['--config', DEV_CONFIG]);

describe("the project's config (eslint.dev.config.mjs)", () => {
	test.each(['test/n8n/probe.test.js', 'scripts/probe.js', 'rig/probe.js'])(
		'%s: every "network idle" wait is an error, once',
		(file) => {
			expect(lintAsDev(file)).toEqual([
				'6 no-restricted-syntax',
				'7 no-restricted-properties',
				'8 no-restricted-properties',
				'9 no-restricted-syntax',
			]);
		},
	);

	test('emulator/probe.js: the emulator drives nothing, so the rule does not apply (and nothing else fails)', () => {
		expect(lintAsDev('emulator/probe.js')).toEqual([]);
	});

	test("a CommonJS file without a global 'use strict' is an error", () => {
		expect(lintAsDev('rig/probe.js', 'const a = 1;\nmodule.exports = { a };\n')).toEqual(['1 strict']);
	});
});

describe("n8n's config (eslint.config.mjs) on the shipped code", () => {
	test("a timer in nodes/ breaks n8n's community rules", () => {
		const source = [
			"import { NodeOperationError } from 'n8n-workflow';",
			'',
			'export function later(run: () => void): void {',
			'	setTimeout(run, 10);',
			'}',
			'',
			'export { NodeOperationError };',
			'',
		].join('\n');
		expect(lintAs('nodes/Probe/probe.ts', source)).toEqual(['4 @n8n/community-nodes/no-restricted-globals']);
	});

	test('every rule of @n8n/eslint-plugin-community-nodes, as an error, passes on the shipped code', () => {
		// n8n's config turns on the plugin's recommended rules (some as warnings); this turns on all of
		// them, as errors, on top of it, and lints what n8n's scanner lints.
		const script = `
			const { loadESLint } = require(${JSON.stringify(require.resolve('eslint'))});
			const { n8nCommunityNodesPlugin: plugin } = require(${JSON.stringify(require.resolve('@n8n/eslint-plugin-community-nodes'))});
			(async () => {
				const ESLint = await loadESLint({ useFlatConfig: true });
				const rules = Object.fromEntries(Object.keys(plugin.rules).map((rule) => ['@n8n/community-nodes/' + rule, 'error']));
				const eslint = new ESLint({ cwd: process.cwd(), overrideConfig: [{ files: ['**/*.ts', 'package.json'], rules }] });
				const results = await eslint.lintFiles(['nodes', 'credentials', 'package.json']);
				const problems = results.flatMap((result) =>
					result.messages.map((message) => result.filePath + ':' + message.line + ' ' + message.ruleId + ' ' + message.message),
				);
				process.stdout.write(JSON.stringify({ rules: Object.keys(rules).length, files: results.length, problems }));
			})().catch((error) => { console.error(error); process.exit(1); });
		`;
		const result = spawnSync(process.execPath, ['-e', script], { cwd: repoRoot, env: eslintEnv, encoding: 'utf8' });
		expect(result.stderr).toBe('');
		const { rules, files, problems } = JSON.parse(result.stdout);
		expect(rules).toBeGreaterThanOrEqual(44);
		expect(files).toBeGreaterThan(30);
		expect(problems).toEqual([]);
	});

	test('package.json with overrides breaks them too', () => {
		const withOverrides = JSON.stringify({ ...manifest, overrides: { xlsx: '0.18.5' } }, null, 2);
		expect(lintAs('package.json', withOverrides)).toContainEqual(expect.stringMatching(/no-overrides-field$/));
	});
});

describe('npm run lint covers every source file', () => {
	test('the lint script runs both passes, the cloud-support check and Prettier', () => {
		expect(manifest.scripts.lint).toBe(
			'eslint --max-warnings 0 nodes credentials package.json && ' +
				`eslint --max-warnings 0 --config ${DEV_CONFIG} . && ` +
				'node scripts/cloud-support.js && prettier --check .',
		);
	});

	test("every JS and TS file gets n8n's rules (shipped) or the project's config (the rest), never neither", () => {
		// Every file git sees (committed or new, not git-ignored), with the config that applies to it.
		const script = `
			const { execFileSync } = require('child_process');
			const { loadESLint } = require(${JSON.stringify(require.resolve('eslint'))});
			(async () => {
				const ESLint = await loadESLint({ useFlatConfig: true });
				const n8n = new ESLint({ cwd: process.cwd() });
				const dev = new ESLint({ cwd: process.cwd(), overrideConfigFile: ${JSON.stringify(DEV_CONFIG)} });
				const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { encoding: 'utf8' })
					.split('\\n')
					.filter((file) => /\\.(c|m)?(j|t)s$/.test(file) || file === 'package.json');
				const rows = [];
				for (const file of files) {
					const n8nConfig = await n8n.calculateConfigForFile(file);
					const n8nRules = Object.entries(n8nConfig?.rules ?? {}).some(
						([rule, setting]) => rule.startsWith('@n8n/community-nodes/') && [2, 'error'].includes([].concat(setting)[0]),
					);
					const devApplies = !(await dev.isPathIgnored(file)) && Boolean(await dev.calculateConfigForFile(file));
					rows.push({ file, n8nRules, devApplies });
				}
				process.stdout.write(JSON.stringify(rows));
			})().catch((error) => { console.error(error); process.exit(1); });
		`;
		const result = spawnSync(process.execPath, ['-e', script], { cwd: repoRoot, env: eslintEnv, encoding: 'utf8' });
		expect(result.stderr).toBe('');
		const rows = JSON.parse(result.stdout);
		const shipped = (file) => /^(nodes|credentials)\//.test(file) || file === 'package.json';

		expect(rows.filter((row) => shipped(row.file)).length).toBeGreaterThan(30);
		expect(rows.filter((row) => !shipped(row.file)).length).toBeGreaterThan(100);
		// Shipped: n8n's rules, and not the project's (the two could disagree).
		expect(rows.filter((row) => shipped(row.file) && (!row.n8nRules || row.devApplies))).toEqual([]);
		// The rest: the project's config.
		expect(rows.filter((row) => !shipped(row.file) && !row.devApplies)).toEqual([]);
	});
});
