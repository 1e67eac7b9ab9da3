#!/usr/bin/env node
/**
 * `npm run bench:queue`: queue-mode throughput, one worker against two (bench/queue-mode.js).
 * Builds the package, prepares the pinned n8n and Redis (and PostgreSQL 15) like
 * `npm run test:queue`, runs the measurement (about 4-5 minutes on 2 cores) and prints its
 * Markdown section on stdout; progress goes to stderr. Exits non-zero only when a run fails or
 * a run's correctness check fails, never because of a timing.
 *
 * Environment: BENCH_QUEUE_EXECUTIONS, BENCH_QUEUE_ROWS, BENCH_QUEUE_ROUNDS (even) override the
 * defaults (12 executions of 20 rows, 2 runs per setting).
 */
'use strict';

const { spawnSync } = require('child_process');
const { repoRoot } = require('../rig/paths');
const { ensureN8n } = require('../rig/n8n-host');
const { ensureRedisInstalled } = require('../rig/redis');
const { ensurePostgresInstalled } = require('../rig/postgres');
const { measureQueueMode, queueModeReport } = require('../bench/queue-mode');

async function main() {
	const build = spawnSync('npm', ['run', '--silent', 'build'], {
		cwd: repoRoot,
		stdio: ['ignore', process.stderr, process.stderr],
	});
	if (build.status !== 0) throw new Error(`build failed (exit ${build.status})`);
	ensureN8n();
	ensureRedisInstalled();
	ensurePostgresInstalled();
	const number = (name) => (process.env[name] ? Number(process.env[name]) : undefined);
	const figures = await measureQueueMode({
		executions: number('BENCH_QUEUE_EXECUTIONS'),
		rows: number('BENCH_QUEUE_ROWS'),
		rounds: number('BENCH_QUEUE_ROUNDS'),
	});
	console.log(queueModeReport(figures));
	if (!figures.checksPassed) process.exitCode = 1;
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
