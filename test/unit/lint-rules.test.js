'use strict';

/**
 * The lint rules of eslint.config.mjs that are the project's own: code that drives n8n or the
 * browser (test/, scripts/, rig/, bench/, emulator/test/) may not wait for "network idle", in
 * any spelling; the emulator's own code is not such code. ESLint runs on a probe source as if it
 * lay at each path.
 */
const path = require('path');
const { spawnSync } = require('child_process');

const repoRoot = path.resolve(__dirname, '..', '..');
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
 * Lints the probe as `file` and returns its messages as `line rule` strings.
 * @param {string} file a path relative to the repository
 * @returns {string[]} e.g. ['6 no-restricted-syntax']
 */
function lintAs(file) {
	const result = spawnSync(
		process.execPath,
		[
			path.join(path.dirname(require.resolve('eslint/package.json')), 'bin', 'eslint.js'),
			'--stdin',
			'--stdin-filename',
			file,
			'--format',
			'json',
		],
		{ cwd: repoRoot, input: probe, encoding: 'utf8' },
	);
	expect(result.stderr).toBe('');
	const [report] = JSON.parse(result.stdout);
	return report.messages.map((message) => `${message.line} ${message.ruleId}`);
}

test.each(['test/n8n/probe.test.js', 'scripts/probe.js', 'rig/probe.js'])(
	'%s: every "network idle" wait is an error, once',
	(file) => {
		expect(lintAs(file)).toEqual([
			'6 no-restricted-syntax',
			'7 no-restricted-properties',
			'8 no-restricted-properties',
			'9 no-restricted-syntax',
		]);
	},
);

test('emulator/probe.js: the emulator drives nothing, so the rule does not apply (and nothing else fails)', () => {
	expect(lintAs('emulator/probe.js')).toEqual([]);
});
