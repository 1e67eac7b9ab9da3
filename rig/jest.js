/**
 * What the test commands share: build the package, run Jest with a JSON report, and print the
 * one plain summary line `N passed, N failed` every test command ends with.
 */
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');
const { repoRoot } = require('./paths');

/**
 * `npm run build` (tsc, icons, codex into dist/); exits the process with npm's status on failure.
 */
function buildOrExit() {
	const result = spawnSync('npm', ['run', '--silent', 'build'], { cwd: repoRoot, stdio: 'inherit' });
	if (result.status !== 0) {
		console.error(`Build failed (exit ${result.status})`);
		process.exit(result.status || 1);
	}
}

/**
 * Runs Jest in a child process with the output shown, and reads its JSON report.
 *
 * @param {string[]} args Jest arguments (paths, `--config`, …)
 * @param {object} [options]
 * @param {Record<string, string>} [options.env] extra environment
 * The JSON report stays in a temporary folder (Jest prints its path).
 *
 * @returns {{ status: number, summary: string, results: object | undefined }} `summary` is
 *   `N passed, N failed[, N skipped]`; a suite that failed outside its tests (its set-up threw)
 *   counts as a failed test.
 */
function runJest(args, { env = {} } = {}) {
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'veritus-jest-'));
	const report = path.join(work, 'results.json');
	const jest = spawnSync(
		process.execPath,
		[require.resolve('jest/bin/jest'), '--json', `--outputFile=${report}`, ...args],
		{ cwd: repoRoot, stdio: 'inherit', env: { ...process.env, ...env } },
	);
	let results;
	let summary = 'no test results';
	if (fs.existsSync(report)) {
		results = JSON.parse(fs.readFileSync(report, 'utf8'));
		const failed = results.numFailedTests || (results.numFailedTestSuites ? results.numFailedTestSuites : 0);
		const skipped = results.numPendingTests + results.numTodoTests;
		summary = `${results.numPassedTests} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`;
	}
	return { status: jest.status ?? 1, summary, results };
}

module.exports = { buildOrExit, runJest };
