'use strict';

/**
 * The lint rules of eslint.config.mjs that are the project's own: code that drives n8n or the
 * browser (test/, scripts/, rig/, bench/, emulator/test/) may not wait for "network idle", in
 * any spelling; the emulator's own code is not such code. ESLint runs on
 * test/fixtures/network-idle-probe.txt as if the file lay at each path.
 */
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

const repoRoot = path.resolve(__dirname, '..', '..');
const probe = fs.readFileSync(path.join(repoRoot, 'test', 'fixtures', 'network-idle-probe.txt'), 'utf8');

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
