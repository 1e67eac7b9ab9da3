/**
 * Queue-mode throughput: the Veritus node in n8n's queue mode with one worker against two, each
 * worker started with `--concurrency=1` (one execution at a time), against the emulator answering
 * every request after L = 500 ms. A measurement, not a test: it asserts no timing, and reports
 * the ratio it measured against the target (two workers ≥ 1.8 × one worker).
 *
 * One cluster (rig/queue-cluster.js: Postgres, Redis, one main, two workers) serves every run; for
 * the one-worker runs the second worker is stopped (SIGTERM, n8n's graceful shutdown) and later
 * started again. The runs go 2 1 1 2 (× rounds / 2), so a slow drift of the machine's load
 * weighs on both settings alike. Each run posts `executions` webhook bodies of `rows` rows at once
 * (Webhook → Split Out → Veritus, Max Concurrent Requests `maxConcurrent`) with customers no run
 * has called, and measures from the first post to the last execution's `stoppedAt` (n8n's own
 * record). Every run is checked: all executions succeeded, one call per row, no duplicate call,
 * and the workers that ran them.
 */
'use strict';

const os = require('os');
const {
	startQueueStack,
	batchBody,
	node,
	rowsNode,
	connect,
	postAll,
	duplicateCalls,
	workerShare,
	statusCounts,
} = require('../rig/queue-stack');
const { veritusParameters } = require('./workflows');

/** The Veritus node of the benchmark workflow (bench/workflows.js parameters) with `options`. */
function veritusNode(credential, options = {}) {
	return node('Veritus', 'n8n-nodes-veritus.veritus', 1, veritusParameters({ options }), {
		credentials: { veritusApi: credential },
	});
}

/** The target of the comparison: two workers at least this many times one worker's throughput. */
const TARGET_RATIO = 1.8;

function median(values) {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * Runs the measurement.
 *
 * @param {object} [options]
 * @param {number} [options.latencyMs] emulator latency per request, ms (default 500)
 * @param {number} [options.executions] executions (webhook bodies) per run (default 12)
 * @param {number} [options.rows] rows per execution (default 20)
 * @param {number} [options.maxConcurrent] the node's Max Concurrent Requests (default 5)
 * @param {number} [options.rounds] runs per setting, even (default 2)
 * @param {(line: string) => void} [options.log] progress lines (default: stderr)
 * @returns {Promise<QueueModeFigures>} `{ latencyMs, executions, rows, maxConcurrent,
 *   workerConcurrency, rounds, n8nVersion, cpus, loadAverage: [start, end], clusterStartMs,
 *   totalMs, runs: [{ workers, order, wallMs, executionsPerSecond, rowsPerSecond, statuses,
 *   calls, duplicates, share }], oneWorker, twoWorkers: { executionsPerSecond, rowsPerSecond }
 *   (medians), ratio, target, checksPassed, problems: string[] }`
 * @throws Error when the cluster cannot start or a run does not finish within 5 minutes.
 */
async function measureQueueMode({
	latencyMs = 500,
	executions = 12,
	rows = 20,
	maxConcurrent = 5,
	rounds = 2,
	log = (line) => console.error(line),
} = {}) {
	const started = Date.now();
	const loadStart = os.loadavg()[0];
	const order = [];
	for (let round = 0; round < rounds; round += 2) order.push(2, 1, 1, 2);
	const plan = Object.fromEntries(order.map((_, index) => [`qb${index}`, { batches: executions, rows }]));
	const stack = await startQueueStack({ plan, cluster: { workers: 2, workerConcurrency: 1, log } });
	const { cluster, credential } = stack;
	const clusterStartMs = cluster.startedInMs;
	const runs = [];
	const problems = [];
	try {
		const workflow = await cluster.createWebhookWorkflow({
			name: 'bench queue mode',
			nodes: [rowsNode(), veritusNode(credential, { maxConcurrent })],
			connections: connect({ Rows: [['Veritus']] }),
		});
		const [, second] = cluster.workers;
		for (const [index, workers] of order.entries()) {
			if (workers === 1 && !second.exited && second.pid) await second.stop();
			if (workers === 2 && second.exited) await cluster.restartWorker(second.index);
			await stack.reset();
			await stack.configure({ latencyMs });
			const known = new Set((await cluster.listExecutions(workflow.id)).map((execution) => String(execution.id)));
			const bodies = Array.from({ length: executions }, (_, batch) => batchBody(`qb${index}`, batch, rows));
			const postedAt = Date.now();
			await postAll(cluster, workflow.webhookPath, bodies, { parallel: executions });
			const deadline = Date.now() + 300_000;
			let mine = [];
			for (;;) {
				const all = await cluster.listExecutions(workflow.id);
				mine = all.filter((execution) => !known.has(String(execution.id)));
				if (
					mine.length === executions &&
					mine.every((execution) => ['success', 'error', 'crashed', 'canceled'].includes(execution.status))
				)
					break;
				if (Date.now() > deadline)
					throw new Error(`run ${index + 1} (${workers} worker(s)) did not finish within 300 s`);
				await new Promise((resolve) => setTimeout(resolve, 250));
			}
			const wallMs = Math.max(...mine.map((execution) => Date.parse(execution.stoppedAt))) - postedAt;
			const calls = duplicateCalls(await stack.calls());
			const share = workerShare(
				cluster,
				mine.map((execution) => execution.id),
			);
			const statuses = statusCounts(mine);
			const run = {
				workers,
				order: index + 1,
				wallMs,
				executionsPerSecond: executions / (wallMs / 1000),
				rowsPerSecond: (executions * rows) / (wallMs / 1000),
				statuses,
				calls: calls.placed,
				duplicates: calls.duplicates,
				share: share.counts,
			};
			runs.push(run);
			if (statuses.success !== executions) problems.push(`run ${run.order}: statuses ${JSON.stringify(statuses)}`);
			if (calls.placed !== executions * rows || calls.duplicates)
				problems.push(
					`run ${run.order}: ${calls.placed} calls, ${calls.duplicates} duplicates for ${executions * rows} rows`,
				);
			const used = share.counts.filter((entry) => entry.count > 0).length;
			if (used !== workers || share.unknown)
				problems.push(`run ${run.order}: ${workers} worker(s) running, executions by ${share.text}`);
			log(
				`queue bench: run ${run.order}, ${workers} worker(s): ${(wallMs / 1000).toFixed(1)} s, ${run.executionsPerSecond.toFixed(3)} executions/s, ${run.rowsPerSecond.toFixed(1)} rows/s (${share.text})`,
			);
		}
	} finally {
		await stack.stop();
	}
	const summarise = (workers) => {
		const mine = runs.filter((run) => run.workers === workers);
		return {
			executionsPerSecond: median(mine.map((run) => run.executionsPerSecond)),
			rowsPerSecond: median(mine.map((run) => run.rowsPerSecond)),
			runs: mine.length,
		};
	};
	const oneWorker = summarise(1);
	const twoWorkers = summarise(2);
	return {
		latencyMs,
		executions,
		rows,
		maxConcurrent,
		workerConcurrency: 1,
		rounds,
		n8nVersion: cluster.n8n.version,
		cpus: os.cpus().length,
		loadAverage: [loadStart, os.loadavg()[0]],
		clusterStartMs,
		totalMs: Date.now() - started,
		runs,
		oneWorker,
		twoWorkers,
		ratio: twoWorkers.executionsPerSecond / oneWorker.executionsPerSecond,
		target: TARGET_RATIO,
		checksPassed: problems.length === 0,
		problems,
		measuredAt: new Date().toISOString(),
	};
}

/**
 * The figures as a Markdown section (a `##` heading, what was run, a table, the ratio against
 * the target, the checks).
 * @param {QueueModeFigures} figures from {@link measureQueueMode}
 * @returns {string}
 */
function queueModeReport(figures) {
	const f2 = (value) => value.toFixed(2);
	const f1 = (value) => value.toFixed(1);
	const perRun = (workers) =>
		figures.runs
			.filter((run) => run.workers === workers)
			.map((run) => `${f2(run.executionsPerSecond)} (run ${run.order}, ${f1(run.wallMs / 1000)} s)`)
			.join(', ');
	const met = figures.ratio >= figures.target;
	const lines = [
		'## Queue mode: one worker against two',
		'',
		`n8n ${figures.n8nVersion} in queue mode (Postgres, Redis, one main process); each worker runs \`n8n worker --concurrency=${figures.workerConcurrency}\`, ` +
			`so it runs one execution at a time. The emulator answers every request after L = ${figures.latencyMs} ms. One run posts ${figures.executions} webhook ` +
			`bodies of ${figures.rows} rows at once (Webhook → Split Out → Veritus, Max Concurrent Requests ${figures.maxConcurrent}), and lasts from the first post ` +
			`to the last execution's \`stoppedAt\`. Runs in the order ${figures.runs.map((run) => run.workers).join(' ')} (workers).`,
		'',
		'| Workers | Executions/s (median) | Rows/s (median) | Each run: executions/s |',
		'| ---: | ---: | ---: | --- |',
		`| 1 | ${f2(figures.oneWorker.executionsPerSecond)} | ${f1(figures.oneWorker.rowsPerSecond)} | ${perRun(1)} |`,
		`| 2 | ${f2(figures.twoWorkers.executionsPerSecond)} | ${f1(figures.twoWorkers.rowsPerSecond)} | ${perRun(2)} |`,
		'',
		`Two workers: **${f2(figures.ratio)}×** the throughput of one (target ≥ ${figures.target}×: ${met ? 'met' : '**not met**'}).`,
		'',
		figures.checksPassed
			? 'Checked in every run: all executions succeeded, one call per row and no duplicate call, and the executions ran on exactly the workers that were up.'
			: `Checks that failed: ${figures.problems.join('; ')}.`,
		'',
		`Machine: ${figures.cpus} CPUs, load average ${f1(figures.loadAverage[0])} at the start and ${f1(figures.loadAverage[1])} at the end; cluster start-up ${f1(figures.clusterStartMs / 1000)} s, ` +
			`${f1(figures.totalMs / 1000)} s in all; measured ${figures.measuredAt.slice(0, 16).replace('T', ' ')} UTC.`,
		'',
	];
	return lines.join('\n');
}

/**
 * @typedef {Awaited<ReturnType<typeof measureQueueMode>>} QueueModeFigures
 */

module.exports = { measureQueueMode, queueModeReport, TARGET_RATIO };
