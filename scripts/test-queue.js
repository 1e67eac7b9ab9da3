#!/usr/bin/env node
/**
 * `npm run test:queue`: the Veritus node in n8n's queue mode (Postgres, Redis, one main, two
 * workers; see rig/queue-cluster.js and test/queue/). Builds the package, prepares the pinned n8n,
 * installs Debian's redis-server when it is missing (apt-get; PostgreSQL 15 likewise), then runs
 * the Jest tests of test/queue with their own config. Extra arguments go to Jest, e.g.
 * `npm run test:queue -- -t 'a\)'`.
 *
 * Prints every test's figures line again at the end, then one plain line `N passed, N failed`
 * (test counts; `N skipped` counts the tests still to be written), and exits non-zero on any
 * failure. QUEUE_KEEP_LOGS=<folder> keeps the n8n processes' logs there.
 */
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');
const { repoRoot } = require('../rig/paths');
const { ensureN8n } = require('../rig/n8n-host');
const { ensureRedisInstalled } = require('../rig/redis');
const { isPostgresInstalled } = require('../rig/postgres');

function runOrExit(command, args, label) {
	const result = spawnSync(command, args, { cwd: repoRoot, stdio: 'inherit' });
	if (result.status !== 0) {
		console.error(`${label} failed (exit ${result.status})`);
		process.exit(result.status || 1);
	}
}

/** Installs Debian's PostgreSQL 15 server when its programs are missing (apt-get update on failure). */
function ensurePostgresInstalled() {
	if (isPostgresInstalled()) return;
	const install = () =>
		spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'postgresql-15'], {
			stdio: 'inherit',
			env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
		}).status === 0;
	console.error('PostgreSQL 15 is missing: installing it with apt-get...');
	if (install() && isPostgresInstalled()) return;
	spawnSync('apt-get', ['update'], { stdio: 'inherit' });
	if (!install() || !isPostgresInstalled()) {
		console.error('could not install postgresql-15 with apt-get');
		process.exit(1);
	}
}

runOrExit('npm', ['run', '--silent', 'build'], 'Build');
ensureN8n();
ensureRedisInstalled();
ensurePostgresInstalled();

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'veritus-queue-jest-'));
const results = path.join(work, 'results.json');
const figures = path.join(work, 'figures.txt');
const started = Date.now();
const jest = spawnSync(
	process.execPath,
	[
		require.resolve('jest/bin/jest'),
		'--config',
		path.join(repoRoot, 'test', 'queue', 'jest.config.js'),
		'--runInBand',
		'--json',
		`--outputFile=${results}`,
		...process.argv.slice(2),
	],
	{ cwd: repoRoot, stdio: 'inherit', env: { ...process.env, QUEUE_REPORT_FILE: figures } },
);
if (fs.existsSync(figures)) {
	console.log(`\nQueue-mode figures (${((Date.now() - started) / 1000).toFixed(0)} s in all):`);
	process.stdout.write(fs.readFileSync(figures, 'utf8'));
}
let summary = '';
if (fs.existsSync(results)) {
	const report = JSON.parse(fs.readFileSync(results, 'utf8'));
	summary = `${report.numPassedTests} passed, ${report.numFailedTests} failed`;
	if (report.numPendingTests + report.numTodoTests)
		summary += `, ${report.numPendingTests + report.numTodoTests} skipped`;
	if (report.numTotalTests === 0) summary = '0 passed, 0 failed';
	// A suite that failed outside its tests (e.g. the cluster did not start) counts as a failure.
	if (report.numFailedTestSuites && !report.numFailedTests)
		summary = `${report.numPassedTests} passed, ${report.numFailedTestSuites} failed`;
}
fs.rmSync(work, { recursive: true, force: true });
console.log(`\n${summary || 'no test results'}`);
process.exit(jest.status ?? 1);
