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
const { repoRoot } = require('../rig/paths');
const { ensureN8n } = require('../rig/n8n-host');
const { ensureRedisInstalled } = require('../rig/redis');
const { ensurePostgresInstalled } = require('../rig/postgres');
const { buildOrExit, runJest } = require('../rig/jest');

buildOrExit();
ensureN8n();
ensureRedisInstalled();
ensurePostgresInstalled();

const figures = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'veritus-queue-')), 'figures.txt');
const started = Date.now();
const { status, summary } = runJest(
	['--config', path.join(repoRoot, 'test', 'queue', 'jest.config.js'), '--runInBand', ...process.argv.slice(2)],
	{ env: { QUEUE_REPORT_FILE: figures } },
);
if (fs.existsSync(figures)) {
	console.log(`\nQueue-mode figures (${((Date.now() - started) / 1000).toFixed(0)} s in all):`);
	process.stdout.write(fs.readFileSync(figures, 'utf8'));
}
fs.rmSync(path.dirname(figures), { recursive: true, force: true });
console.log(`\n${summary}`);
process.exit(status);
