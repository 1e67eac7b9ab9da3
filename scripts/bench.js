#!/usr/bin/env node
'use strict';

/**
 * `npm run bench`: the Veritus node (A) against n8n's HTTP Request node + an If node (B), in the
 * same real n8n, side by side. A benchmark, not a test: it measures and reports, and asserts no
 * timing. It exits non-zero only when a run fails.
 *
 * This file only reads the options, then: bench/measure.js builds the package, prepares n8n and
 * the emulator and runs the scenarios (figures as data); bench/report.js turns the figures into
 * Markdown; this file prints it and writes it to BENCHMARKS.md, between the markers (text outside
 * them, such as the profiling notes, is kept).
 *
 * Scenarios (see BENCHMARKS.md for what each row means):
 * 1. throughput at the limit: L = 50 ms, R = 20 req/s, 1,000 items, C = 5;
 * 2. concurrency sweep: C = 1 … 32, L = 50 ms, no rate limit;
 * 3. overhead per item: L = 0, no rate limit, 10,000 items, with peak RSS;
 * 4. scaling: 100, 1,000 and 10,000 items (L = 0);
 * 5. queue mode: one worker against two, each `--concurrency=1`, L = 500 ms (bench/queue-mode.js;
 *    Postgres, Redis, one main and two workers; about 4-5 minutes);
 * 6. bulk at a tight rate limit: R = 2 req/s, L = 50 ms, C = 5; Call → Create Many on 10,000 calls
 *    against Call → Create and HTTP Request on 200 calls, one request each, each as a share of its
 *    own ceiling; where Create Many's time goes (phases, and a CPU profile of one more run; about
 *    10 minutes).
 *
 * Environment: BENCH_QUICK=1 for a short smoke run (small counts, one round, does not write
 * BENCHMARKS.md unless BENCH_WRITE=1); BENCH_ROUNDS=N to force N rounds everywhere;
 * BENCH_SCENARIOS=1,3 to run some scenarios only (BENCH_SCENARIOS=6: the bulk scenario alone; their
 * sections and bars replace theirs in BENCHMARKS.md, the other scenarios' figures stay); BENCH_CPU_PROFILE=1 to write V8 CPU profiles of
 * the n8n processes of scenario 3 to .bench/profiles/ (summarise one with
 * `node bench/profile-summary.js <file>`).
 */
const fs = require('fs');
const path = require('path');
const { repoRoot } = require('../rig/paths');
const { benchConfig, measure, elapsed } = require('../bench/measure');
const { report, spliceReport, mergeReport, generatedPart } = require('../bench/report');
const { measureQueueMode, queueModeReport } = require('../bench/queue-mode');
const { ensureRedisInstalled } = require('../rig/redis');
const { ensurePostgresInstalled } = require('../rig/postgres');

const REPORT = path.join(repoRoot, 'BENCHMARKS.md');

/**
 * Reads the benchmark's options from the environment (see the top of this file).
 * @param {Record<string, string | undefined>} env
 * @returns {{ quick: boolean, write: boolean, rounds: number | undefined, only: Set<number> | undefined,
 *   cpuProfileDir: string | undefined }}
 */
function parseOptions(env) {
	return {
		quick: env.BENCH_QUICK === '1',
		write: env.BENCH_QUICK !== '1' || env.BENCH_WRITE === '1',
		rounds: Number(env.BENCH_ROUNDS) || undefined,
		only: env.BENCH_SCENARIOS ? new Set(env.BENCH_SCENARIOS.split(',').map(Number)) : undefined,
		cpuProfileDir: env.BENCH_CPU_PROFILE === '1' ? path.join(repoRoot, '.bench', 'profiles') : undefined,
	};
}

async function main() {
	const options = parseOptions(process.env);
	const figures = await measure({
		config: benchConfig({ quick: options.quick, rounds: options.rounds }),
		only: options.only,
		cpuProfileDir: options.cpuProfileDir,
	});
	let body = report(figures);
	if (!options.only || options.only.has(5)) {
		ensureRedisInstalled();
		ensurePostgresInstalled();
		const queue = await measureQueueMode(options.quick ? { executions: 4, rows: 10 } : {});
		body = `${body.trimEnd()}\n\n${queueModeReport(queue).trim()}\n`;
		if (!queue.checksPassed) {
			console.error(`Queue-mode run check failed: ${queue.problems.join('; ')}`);
			process.exitCode = 1;
		}
	}
	console.log(`\n${body}`);
	if (options.write) {
		const existing = fs.existsSync(REPORT) ? fs.readFileSync(REPORT, 'utf8') : '';
		// Some scenarios only: their sections and bars replace theirs, the rest of the report stays.
		const written = options.only ? mergeReport(generatedPart(existing), body) : body;
		fs.writeFileSync(REPORT, spliceReport(existing, written));
		console.log(`\nWrote ${path.relative(process.cwd(), REPORT) || REPORT}`);
	} else {
		console.log('\n(BENCH_QUICK: BENCHMARKS.md not written)');
	}
	console.log(`\nBench finished in ${elapsed(figures.machine.startedAt)}.`);
}

main().catch((error) => {
	console.error(`\nBench failed: ${error.stack ?? error.message}`);
	process.exitCode = 1;
});
