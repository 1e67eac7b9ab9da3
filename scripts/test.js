#!/usr/bin/env node
'use strict';

/**
 * `npm test`: builds the package, installs the pinned n8n on first use (git-ignored cache), then
 * runs every Jest suite (unit, emulator, in-process n8n, real n8n CLI). Extra arguments go to
 * Jest, e.g. `npm test -- test/unit`.
 *
 * Ends with one plain line `N passed, N failed` (test counts) and exits non-zero on any failure.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');
const { repoRoot } = require('../rig/paths');
const { ensureN8n } = require('../rig/n8n-host');

function runOrExit(command, args, label) {
	const result = spawnSync(command, args, { cwd: repoRoot, stdio: 'inherit' });
	if (result.status !== 0) {
		console.error(`${label} failed (exit ${result.status})`);
		process.exit(result.status || 1);
	}
}

runOrExit('npm', ['run', '--silent', 'build'], 'Build');
ensureN8n();

const report = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'veritus-jest-')), 'results.json');
const jest = spawnSync(
	process.execPath,
	[require.resolve('jest/bin/jest'), '--json', `--outputFile=${report}`, ...process.argv.slice(2)],
	{ cwd: repoRoot, stdio: 'inherit' },
);
let summary = '';
if (fs.existsSync(report)) {
	const results = JSON.parse(fs.readFileSync(report, 'utf8'));
	summary = `${results.numPassedTests} passed, ${results.numFailedTests} failed`;
	if (results.numPendingTests) summary += `, ${results.numPendingTests} skipped`;
	if (results.numTotalTests === 0) summary = '0 passed, 0 failed';
}
console.log(`\n${summary || 'no test results'}`);
process.exit(jest.status ?? 1);
