#!/usr/bin/env node
/**
 * `npm run bench`: the Veritus node (A) against n8n's HTTP Request node + an If node (B), in the
 * same real n8n, side by side. A benchmark, not a test: it measures and reports, and asserts no
 * timing. It exits non-zero only when a run fails.
 *
 * 1. Builds the package and prepares the pinned n8n (`ensureN8n()`).
 * 2. Starts the Veritus API emulator in a child process, with 10,000 generated customers that all
 *    pass compliance; latency and rate limit are set per scenario, and the emulator is reset
 *    before every run, so no customer is ever called twice.
 * 3. Creates one n8n user folder (one install, one database) with the package installed, imports
 *    the credentials and every workflow, then runs each workflow with `n8n execute` in a fresh n8n
 *    process, alternating A B A B for several rounds. It reads each node's `executionTime` from
 *    n8n's run data, the wall time from outside, and the n8n process's peak RSS.
 * 4. Prints the tables and writes them to BENCHMARKS.md, between the markers (text outside them,
 *    such as the profiling notes, is kept).
 *
 * Scenarios (see BENCHMARKS.md for what each row means):
 * 1. throughput at the limit: L = 50 ms, R = 20 req/s, 1,000 items, C = 5;
 * 2. concurrency sweep: C = 1 … 32, L = 50 ms, no rate limit;
 * 3. overhead per item: L = 0, no rate limit, 10,000 items, with peak RSS;
 * 4. scaling: 100, 1,000 and 10,000 items (L = 0).
 *
 * Environment: BENCH_QUICK=1 for a short smoke run (small counts, one round, does not write
 * BENCHMARKS.md unless BENCH_WRITE=1); BENCH_ROUNDS=N to force N rounds everywhere;
 * BENCH_SCENARIOS=1,3 to run some scenarios only; BENCH_CPU_PROFILE=1 to write V8 CPU profiles of
 * the n8n processes of scenario 3 to .bench/profiles/ (summarise one with
 * `node scripts/bench/profile-summary.js <file>`).
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { fork, spawnSync } = require('child_process');
const { repoRoot } = require('../rig/paths');
const { ensureN8n } = require('../rig/n8n-host');
const { N8nInstance } = require('../rig/n8n-instance');
const { veritusWorkflow, httpWorkflow, baselineWorkflow, names } = require('./bench/workflows');
const { executeMeasured, nodeTime, nodeOutput } = require('./bench/runner');
const { summary, num, range, percent, table } = require('./bench/stats');

const QUICK = process.env.BENCH_QUICK === '1';
const FORCED_ROUNDS = Number(process.env.BENCH_ROUNDS) || undefined;
const ONLY = process.env.BENCH_SCENARIOS ? new Set(process.env.BENCH_SCENARIOS.split(',').map(Number)) : undefined;
const CPU_PROFILE_DIR = process.env.BENCH_CPU_PROFILE === '1' ? path.join(repoRoot, '.bench', 'profiles') : undefined;
const REPORT = path.join(repoRoot, 'BENCHMARKS.md');
const BEGIN = '<!-- bench:begin (written by `npm run bench`; edit outside these markers) -->';
const END = '<!-- bench:end -->';

const rounds = (normal) => FORCED_ROUNDS ?? (QUICK ? 1 : normal);

/** What each scenario runs. Item counts and rounds are chosen to fit 15 minutes on 2 cores. */
const CONFIG = {
	s1: { latencyMs: 50, requestsPerSecond: 20, concurrency: 5, items: QUICK ? 100 : 1000, rounds: rounds(2) },
	s2: { latencyMs: 50, concurrency: [1, 2, 4, 8, 16, 32], waves: QUICK ? 10 : 30, rounds: rounds(2) },
	s3: { latencyMs: 0, concurrency: 32, items: QUICK ? 1000 : 10000, rounds: rounds(2) },
	s4: { latencyMs: 0, concurrency: 32, sizes: QUICK ? [100] : [100, 1000], rounds: rounds(2) },
};

function log(text) {
	console.log(text);
}

function elapsed(startMs) {
	return `${((Date.now() - startMs) / 1000).toFixed(0)} s`;
}

/** Starts the emulator child process; resolves `{ baseUrl, controlUrl, control(), close() }`. */
async function startEmulatorChild(token) {
	const child = fork(path.join(__dirname, 'bench', 'emulator-child.js'), [], {
		env: { ...process.env, BENCH_TOKEN: token, BENCH_CUSTOMERS: '10000' },
		stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
	});
	const ready = await new Promise((resolve, reject) => {
		child.once('error', reject);
		child.once('exit', (code) => reject(new Error(`the emulator exited (${code}) before it was ready`)));
		child.on('message', (message) => message?.type === 'ready' && resolve(message));
	});
	child.removeAllListeners('exit');
	const control = async (route, method = 'GET', body) => {
		const response = await fetch(`${ready.controlUrl}${route}`, {
			method,
			headers: body === undefined ? {} : { 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		if (!response.ok) throw new Error(`emulator ${method} ${route}: HTTP ${response.status}`);
		return await response.json();
	};
	const close = async () => {
		if (child.exitCode !== null) return;
		const exited = new Promise((resolve) => child.once('exit', resolve));
		child.send({ type: 'close' });
		await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
		if (child.exitCode === null) child.kill();
	};
	return { baseUrl: ready.baseUrl, controlUrl: ready.controlUrl, control, close };
}

/** Items that got a compliance answer on a node's outputs (the rest were lost). */
function answeredItems(runData, kind, n) {
	if (kind === 'A') {
		const items = [...nodeOutput(runData, n.veritus, 0), ...nodeOutput(runData, n.veritus, 1)];
		return { answered: items.filter((item) => typeof item.json?.compliancePassed === 'boolean').length, passed: nodeOutput(runData, n.veritus, 0).length };
	}
	const items = [...nodeOutput(runData, n.if, 0), ...nodeOutput(runData, n.if, 1)];
	return {
		answered: items.filter((item) => typeof item.json?.data?.compliance?.passed === 'boolean').length,
		passed: nodeOutput(runData, n.if, 0).length,
	};
}

/**
 * Runs one workflow in a fresh n8n process after resetting the emulator, and returns one record per
 * branch: the node time (A: Veritus; B: HTTP Request + If), items answered and lost, plus the run's
 * wall time, peak RSS, CPU time and the emulator's request and call counts.
 */
async function measure(ctx, run) {
	await ctx.emulator.control('/reset', 'POST', {});
	const cpuProfileDir = CPU_PROFILE_DIR && run.profile ? path.join(CPU_PROFILE_DIR, `${run.scenario}-${run.kind}-r${run.round}`) : undefined;
	const result = await executeMeasured(ctx.n8n, run.workflow.id, { cpuProfileDir });
	const health = await ctx.emulator.control('/health');
	if (!result.ok) {
		throw new Error(`${run.workflow.name} (round ${run.round}) failed: ${result.error ?? `exit ${result.code}`}\n${result.stderrTail}`);
	}
	const records = run.branches.map((branch) => {
		const n = names(branch.key ?? '');
		const record = {
			scenario: run.scenario,
			round: run.round,
			kind: run.kind,
			key: branch.key ?? '',
			items: branch.items,
			branch,
			wallMs: result.wallMs,
			peakRssKb: result.peakRssKb,
			cpuMs: result.cpuMs,
			requests: health.requests,
			calls: health.calls,
		};
		if (run.kind === 'A') {
			record.nodeMs = nodeTime(result.runData, n.veritus);
		} else if (run.kind === 'B') {
			record.httpMs = nodeTime(result.runData, n.http);
			record.ifMs = nodeTime(result.runData, n.if);
			record.nodeMs = record.httpMs + record.ifMs;
		} else {
			record.nodeMs = nodeTime(result.runData, n.input);
		}
		if (run.kind !== 'Z') {
			const { answered, passed } = answeredItems(result.runData, run.kind, n);
			record.passed = passed;
			record.lost = branch.items - answered;
		}
		return record;
	});
	const first = records[0];
	const nodeText = records.map((record) => `${record.key ? `${record.key}: ` : ''}${num(record.nodeMs)} ms`).join(', ');
	log(
		`  ${run.scenario} round ${run.round} ${run.kind}: node ${nodeText}; wall ${num(first.wallMs)} ms; peak RSS ${num(first.peakRssKb / 1024)} MiB` +
			(run.kind === 'Z' ? '' : `; ${health.requests} requests, ${health.calls} calls, lost ${records.reduce((sum, record) => sum + record.lost, 0)}`) +
			`   [${elapsed(ctx.started)}]`,
	);
	return records;
}

/** Builds the workflows of every scenario; returns `{ workflows, plan }` where plan lists runs per scenario. */
function planRuns(ctx) {
	const workflows = [];
	const plan = {};
	const add = (scenario, round, kind, name, branches, build, extra = {}) => {
		const id = `bench${scenario}${kind}${String(workflows.length).padStart(3, '0')}`;
		const workflow = build(id, name, branches);
		workflows.push(workflow);
		(plan[scenario] ??= []).push({ scenario, round, kind, workflow, branches, ...extra });
	};
	const A = (id, name, branches) => veritusWorkflow(id, name, branches, ctx.veritusCredential);
	const B = (id, name, branches) => httpWorkflow(id, name, branches, { baseUrl: ctx.emulator.baseUrl, credential: ctx.bearerCredential });
	const Z = (id, name, branches) => baselineWorkflow(id, name, branches);

	// Scenario 1: throughput at the limit. B: batches of C every C / R seconds, i.e. R per second.
	const s1 = CONFIG.s1;
	const s1Interval = Math.round((s1.concurrency * 1000) / s1.requestsPerSecond);
	for (let round = 1; round <= s1.rounds; round++) {
		add('s1', round, 'A', `Bench 1 A: Veritus, ${s1.items} items, C=${s1.concurrency}, R=${s1.requestsPerSecond}`, [{ items: s1.items, maxConcurrent: s1.concurrency, requestsPerSecond: s1.requestsPerSecond }], A);
		add('s1', round, 'B', `Bench 1 B: HTTP Request + If, ${s1.items} items, batch ${s1.concurrency} every ${s1Interval} ms`, [{ items: s1.items, batchSize: s1.concurrency, batchInterval: s1Interval }], B);
	}

	// Scenario 2: concurrency sweep, one branch per C in one workflow; each branch has `waves` × C
	// items (its own customers), so each ideally takes waves × L. B: batches of C every L.
	const s2 = CONFIG.s2;
	const sweep = () => {
		let offset = 0;
		return s2.concurrency.map((c) => {
			const items = s2.waves * c;
			const branch = { key: `C=${c}`, c, items, offset, maxConcurrent: c, batchSize: c, batchInterval: s2.latencyMs };
			offset += items;
			return branch;
		});
	};
	for (let round = 1; round <= s2.rounds; round++) {
		add('s2', round, 'A', 'Bench 2 A: Veritus, concurrency sweep', sweep(), A);
		add('s2', round, 'B', 'Bench 2 B: HTTP Request + If, concurrency sweep', sweep(), B);
	}

	// Scenario 3: overhead per item. L = 0: B's batching is off (batch C, interval 0 starts every
	// request at once); A runs with C in flight.
	const s3 = CONFIG.s3;
	for (let round = 1; round <= s3.rounds; round++) {
		add('s3', round, 'A', `Bench 3 A: Veritus, ${s3.items} items, C=${s3.concurrency}`, [{ items: s3.items, maxConcurrent: s3.concurrency }], A, { profile: true });
		add('s3', round, 'B', `Bench 3 B: HTTP Request + If, ${s3.items} items, batch ${s3.concurrency}, interval 0`, [{ items: s3.items, batchSize: s3.concurrency, batchInterval: 0 }], B, { profile: true });
		if (round === 1) add('s3', round, 'Z', `Bench 3 baseline: input only, ${s3.items} items`, [{ items: s3.items }], Z);
	}

	// Scenario 4: scaling; the largest size is scenario 3's runs.
	const s4 = CONFIG.s4;
	for (let round = 1; round <= s4.rounds; round++) {
		for (const size of s4.sizes) {
			add('s4', round, 'A', `Bench 4 A: Veritus, ${size} items, C=${s4.concurrency}`, [{ items: size, maxConcurrent: s4.concurrency }], A);
			add('s4', round, 'B', `Bench 4 B: HTTP Request + If, ${size} items, batch ${s4.concurrency}, interval 0`, [{ items: size, batchSize: s4.concurrency, batchInterval: 0 }], B);
		}
	}
	return { workflows, plan };
}

/** Runs the plan of one scenario after configuring the emulator. */
async function runScenario(ctx, scenario, runs, emulatorConfig) {
	await ctx.emulator.control('/config', 'PUT', emulatorConfig);
	const records = [];
	for (const run of runs) records.push(...(await measure(ctx, run)));
	return records;
}

const byKind = (records, kind, key) => records.filter((record) => record.kind === kind && (key === undefined || record.key === key));

/** Per-round ratio of `value(A) / value(B)` (or B/A with `invert`), matched by round and key. */
function roundRatios(records, value, key) {
	const ratios = [];
	for (const a of byKind(records, 'A', key)) {
		const b = records.find((record) => record.kind === 'B' && record.round === a.round && record.key === a.key && record.items === a.items);
		if (b) ratios.push(value(a) / value(b));
	}
	return ratios;
}

const mib = (kb) => num(kb / 1024, 0);

/** Scenario 1 section and its bars. */
function reportS1(records) {
	const s1 = CONFIG.s1;
	const ceiling = Math.min(s1.requestsPerSecond, s1.concurrency / (s1.latencyMs / 1000));
	const throughput = (record) => record.items / (record.nodeMs / 1000);
	const rows = ['A', 'B'].map((kind) => {
		const rs = byKind(records, kind);
		return [
			kind === 'A' ? 'A: Veritus' : 'B: HTTP Request + If',
			range(summary(rs.map((record) => record.nodeMs / 1000)), (value) => num(value, 2)),
			range(summary(rs.map(throughput)), (value) => num(value, 2)),
			range(summary(rs.map((record) => throughput(record) / ceiling)), percent),
			range(summary(rs.map((record) => record.requests - record.calls)), (value) => num(value)),
			range(summary(rs.map((record) => record.lost)), (value) => num(value)),
			range(summary(rs.map((record) => record.wallMs / 1000)), (value) => num(value, 1)),
		];
	});
	const fraction = summary(byKind(records, 'A').map((record) => throughput(record) / ceiling));
	const ratio = summary(roundRatios(records, (record) => 1 / record.nodeMs));
	const lostA = Math.max(...byKind(records, 'A').map((record) => record.lost));
	const lostB = Math.max(...byKind(records, 'B').map((record) => record.lost));
	const text = [
		`## Scenario 1: throughput at the limit`,
		'',
		`L = ${s1.latencyMs} ms, R = ${s1.requestsPerSecond} req/s, ${s1.items} items, C = ${s1.concurrency}; ceiling min(R, C/L) = ${num(ceiling, 1)} req/s. ` +
			`A: Max Concurrent Requests ${s1.concurrency}, Max Requests Per Second ${s1.requestsPerSecond}. ` +
			`B: batches of ${s1.concurrency} every ${Math.round((s1.concurrency * 1000) / s1.requestsPerSecond)} ms (${s1.requestsPerSecond} req/s), the closest HTTP Request gets to R; no Retry On Fail. ` +
			`Throughput = items / node execution time (B: HTTP Request + If). ${s1.rounds} round(s).`,
		'',
		table(['Workflow', 'Node time (s)', 'Throughput (req/s)', 'of min(R, C/L)', '429 answers', 'Items lost', 'Wall (s)'], rows),
		'',
		`Ratio of A's throughput to B's, per round: **${range(ratio, (value) => num(value, 3))}**. ` +
			`Items lost to 429: A ${lostA}, B ${lostB} (worst round). A retries a 429 after Retry-After, so a 429 answer costs it time, not an item.`,
	].join('\n');
	const bars = [
		['1: throughput ≥ 95% of min(R, C/L)', percent(fraction?.median), fraction?.median >= 0.95],
		['1: items lost to 429 = 0', String(lostA), lostA === 0],
		['1: throughput ratio to HTTP Request ≥ 1.0', num(ratio?.median, 3), ratio?.median >= 1.0],
	];
	return { text, bars };
}

/** Scenario 2 section. */
function reportS2(records) {
	const s2 = CONFIG.s2;
	const throughput = (record) => record.items / (record.nodeMs / 1000);
	const rows = s2.concurrency.map((c) => {
		const key = `C=${c}`;
		const ceiling = c / (s2.latencyMs / 1000);
		const a = byKind(records, 'A', key);
		const b = byKind(records, 'B', key);
		return [
			String(c),
			String(a[0]?.items ?? ''),
			num(ceiling, 0),
			range(summary(a.map(throughput)), (value) => num(value, 1)),
			range(summary(a.map((record) => throughput(record) / ceiling)), percent),
			range(summary(b.map(throughput)), (value) => num(value, 1)),
			range(summary(b.map((record) => throughput(record) / ceiling)), percent),
			range(summary(roundRatios(records, (record) => 1 / record.nodeMs, key)), (value) => num(value, 2)),
		];
	});
	return {
		text: [
			`## Scenario 2: concurrency sweep`,
			'',
			`L = ${s2.latencyMs} ms, no rate limit. Each C runs ${s2.waves} × C items (ideally ${num((s2.waves * s2.latencyMs) / 1000, 1)} s), as one branch of a sweep workflow ` +
				`(A's and B's sweeps alternate, ${s2.rounds} round(s)). A: Max Concurrent Requests C. B: batches of C every ${s2.latencyMs} ms ` +
				`(HTTP Request cannot cap requests in flight; this starts C per L). Throughput = items / node execution time.`,
			'',
			'The two are not the same mechanism: A never has more than C requests in flight, so its ceiling is C / (L + the per-request cost ' +
				'of n8n and the emulator); B starts the next batch after the interval whether or not the last one was answered, so it can have ' +
				'more than C in flight (an advantage at small C), but it evaluates each item in the same loop that paces the batches, so its per-item cost delays every later batch.',
			'',
			table(['C', 'Items', 'C/L (req/s)', 'A req/s', 'A of C/L', 'B req/s', 'B of C/L', 'A / B'], rows),
			'',
			'At high C both fall short of C/L when n8n (or the emulator) runs out of CPU: then the ceiling is the per-item cost (scenario 3), not the network.',
		].join('\n'),
		bars: [],
	};
}

/** Scenario 3 section and its bars. */
function reportS3(records) {
	const s3 = CONFIG.s3;
	const perItem = (record) => record.nodeMs / record.items;
	const base = byKind(records, 'Z');
	const baseRss = summary(base.map((record) => record.peakRssKb));
	const baseCpu = summary(base.map((record) => record.cpuMs));
	const rows = ['A', 'B'].map((kind) => {
		const rs = byKind(records, kind);
		return [
			kind === 'A' ? 'A: Veritus' : 'B: HTTP Request + If',
			range(summary(rs.map((record) => record.nodeMs / 1000)), (value) => num(value, 2)),
			range(summary(rs.map(perItem)), (value) => num(value, 3)),
			kind === 'B' ? range(summary(rs.map((record) => record.httpMs / record.items)), (value) => num(value, 3)) : '–',
			range(summary(rs.map((record) => (record.cpuMs - (baseCpu?.median ?? 0)) / record.items)), (value) => num(value, 3)),
			range(summary(rs.map((record) => record.peakRssKb)), mib),
			range(summary(rs.map((record) => record.peakRssKb - (baseRss?.median ?? 0))), mib),
			range(summary(rs.map((record) => record.wallMs / 1000)), (value) => num(value, 1)),
		];
	});
	rows.push([
		'Baseline: input only',
		range(summary(base.map((record) => record.nodeMs / 1000)), (value) => num(value, 2)),
		'–',
		'–',
		'–',
		range(baseRss, mib),
		'0',
		range(summary(base.map((record) => record.wallMs / 1000)), (value) => num(value, 1)),
	]);
	const timeRatio = summary(roundRatios(records, perItem));
	const rssRatio = summary(roundRatios(records, (record) => record.peakRssKb));
	const lost = Math.max(...records.filter((record) => record.kind !== 'Z').map((record) => record.lost));
	return {
		text: [
			`## Scenario 3: overhead per item`,
			'',
			`L = 0, no rate limit, ${s3.items} items, ${s3.rounds} round(s) of A then B; the baseline runs once, in round 1. A: Max Concurrent Requests ${s3.concurrency}. ` +
				`B: batch size ${s3.concurrency}, interval 0, which in HTTP Request means every request is started at once (its fastest setting). ` +
				`Node time per item = node execution time / items (B: HTTP Request + If). CPU per item = (CPU time of the whole n8n process − the baseline's) / items. ` +
				`Peak RSS = the n8n process's high-water mark (VmHWM), start-up and printing the run data included; the baseline runs the same ${s3.items}-item input with no node after it.`,
			'',
			table(['Workflow', 'Node time (s)', 'Node ms / item', 'HTTP Request alone ms / item', 'Process CPU ms / item over baseline', 'Peak RSS (MiB)', 'over baseline (MiB)', 'Wall (s)'], rows),
			'',
			`Per round, A / B: node time per item **${range(timeRatio, (value) => num(value, 2))}**, peak RSS **${range(rssRatio, (value) => num(value, 2))}**. Items lost: ${lost}.`,
		].join('\n'),
		bars: [
			['3: node time per item ≤ 1.2 × HTTP Request + If', `${num(timeRatio?.median, 2)} ×`, timeRatio?.median <= 1.2],
			[`3: peak RSS for ${s3.items} items ≤ 1.5 × HTTP Request + If`, `${num(rssRatio?.median, 2)} ×`, rssRatio?.median <= 1.5],
		],
	};
}

/** Scenario 4 section. */
function reportS4(records, s3Records) {
	const s4 = CONFIG.s4;
	const all = [...records, ...s3Records.filter((record) => record.kind !== 'Z')];
	const sizes = [...s4.sizes, CONFIG.s3.items];
	const perItem = (record) => record.nodeMs / record.items;
	const rows = sizes.map((size) => {
		const a = all.filter((record) => record.kind === 'A' && record.items === size);
		const b = all.filter((record) => record.kind === 'B' && record.items === size);
		return [
			String(size),
			range(summary(a.map(perItem)), (value) => num(value, 3)),
			range(summary(b.map(perItem)), (value) => num(value, 3)),
			range(summary(roundRatios(all.filter((record) => record.items === size), perItem)), (value) => num(value, 2)),
			range(summary(a.map((record) => record.wallMs / 1000)), (value) => num(value, 1)),
			range(summary(b.map((record) => record.wallMs / 1000)), (value) => num(value, 1)),
		];
	});
	const largest = sizes[sizes.length - 1];
	const middle = sizes[sizes.length - 2];
	const growth = (kind) => {
		const at = (size) => summary(all.filter((record) => record.kind === kind && record.items === size).map(perItem))?.median;
		return at(largest) / at(middle);
	};
	return {
		text: [
			`## Scenario 4: scaling`,
			'',
			`L = 0, no rate limit, C = ${s4.concurrency} (B: batch ${s4.concurrency}, interval 0). ${sizes.join(', ')} items; the ${largest}-item rows are scenario 3's runs, ` +
				`the others ${s4.rounds} round(s) each. Linear growth means a flat time per item.`,
			'',
			table(['Items', 'A ms / item', 'B ms / item', 'A / B', 'A wall (s)', 'B wall (s)'], rows),
			'',
			`Time per item at ${largest} items over that at ${middle}: A ${num(growth('A'), 2)} ×, B ${num(growth('B'), 2)} × (1.0 = linear). ` +
				'The smallest size is dominated by fixed costs (reading the node parameters, the first connection).',
		].join('\n'),
		bars: [],
	};
}

function machine(host, started, finished, loadStart) {
	const cpus = os.cpus();
	const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
	const load = (values) => values.map((value) => value.toFixed(2)).join(', ');
	return table(
		['', ''],
		[
			['CPU', `${cpus.length} × ${cpus[0]?.model?.trim() ?? 'unknown'}`],
			['Memory', `${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB`],
			['OS', `${os.type()} ${os.arch()}`],
			['Node.js', process.version],
			['n8n', host.version],
			['n8n-nodes-veritus', pkg.version],
			['Date', new Date(started).toISOString().slice(0, 16).replace('T', ' ') + ' UTC'],
			['Bench runtime', `${((finished - started) / 60000).toFixed(1)} min`],
			['Load average at start / end (1, 5, 15 min)', `${load(loadStart)} / ${load(os.loadavg())}`],
		],
	);
}

function writeReport(sections, bars, header) {
	const barRows = bars.map(([bar, value, met]) => [bar, value, met ? 'met' : '**missed**']);
	const body = [
		header,
		'',
		'## Against the acceptance bars',
		'',
		table(['Bar', 'Median', 'Result'], barRows),
		'',
		...sections.flatMap((section) => [section.text, '']),
	].join('\n');
	log(`\n${body}`);
	if (QUICK && process.env.BENCH_WRITE !== '1') {
		log('\n(BENCH_QUICK: BENCHMARKS.md not written)');
		return;
	}
	const generated = `${BEGIN}\n${body}\n${END}`;
	let text = fs.existsSync(REPORT) ? fs.readFileSync(REPORT, 'utf8') : '';
	const begin = text.indexOf(BEGIN);
	const end = text.indexOf(END);
	if (begin >= 0 && end > begin) {
		text = text.slice(0, begin) + generated + text.slice(end + END.length);
	} else {
		text = `# Benchmarks\n\n${generated}\n`;
	}
	fs.writeFileSync(REPORT, text);
	log(`\nWrote ${path.relative(process.cwd(), REPORT) || REPORT}`);
}

const METHOD = `How it runs: \`npm run bench\` builds the package, starts the Veritus API emulator in a child process
(its own process, so its CPU use is scheduled apart from the bench script; on 2 cores it still competes with n8n, equally for A
and B), creates one n8n user folder (one install, one SQLite database) with the package installed, imports every workflow, and
runs each with \`n8n execute\` in a fresh n8n process, A then B, round after round. Every run starts from a reset emulator whose
10,000 generated customers all pass compliance, so every item is one placed call.

- **A**: Code node (N items \`{ customer_id, agent_id }\`) → **Veritus** (Call → Create, Passed/Failed outputs, "Continue (using regular output)" so a lost item is counted, not fatal).
- **B**: the same Code node → **HTTP Request** v4.2 (POST \`/customers/{{ encodeURIComponent($json.customer_id) }}/calls\`, Bearer Auth credential, JSON body \`agentId\`, Options → Batching, Response → Never Error) → **If** on \`$json.data.compliance.passed\`.
- **Node time**: each node's \`executionTime\` from n8n's run data (B: HTTP Request + If, the equivalent of A's one node). **Wall**: spawning \`n8n execute\` to its exit, n8n's start-up (several seconds) included.
- **Peak RSS**: the n8n process's high-water mark (\`VmHWM\`, via \`process.resourceUsage().maxRSS\` written on exit by a preloaded probe; \`/proc/<pid>/status\` is sampled as a fallback). The Code node's task runner is a separate process and not counted; it is the same for A and B.
- Figures are "median (min–max)" over the rounds. **Ratios are taken within a round** (A and B back to back) and then summarised: on a shared machine absolute times are noise, ratios from the same round are what count.`;

async function main() {
	const started = Date.now();
	const loadStart = os.loadavg();
	log('> Building the package');
	const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: repoRoot, stdio: 'inherit' });
	if (build.status !== 0) throw new Error('npm run build failed');

	log('> Preparing n8n');
	const host = ensureN8n();
	log(`n8n ${host.version} is ready.`);

	log('> Starting the emulator (child process) and the n8n user folder');
	const token = `bench-${Math.random().toString(36).slice(2)}`;
	const emulator = await startEmulatorChild(token);
	const n8n = new N8nInstance({ version: host.version });
	const ctx = {
		started,
		emulator,
		n8n,
		veritusCredential: { id: 'benchVeritusCred', name: 'Veritus API (bench emulator)' },
		bearerCredential: { id: 'benchBearerCred01', name: 'Bearer (bench emulator)' },
	};
	try {
		await n8n.importCredentials([
			{ ...ctx.veritusCredential, type: 'veritusApi', data: { apiToken: token, baseUrl: emulator.baseUrl } },
			{ ...ctx.bearerCredential, type: 'httpBearerAuth', data: { token } },
		]);
		const { workflows, plan } = planRuns(ctx);
		const file = n8n.writeJson('bench-workflows.json', workflows);
		const imported = await n8n.cli(['import:workflow', `--input=${file}`]);
		if (imported.code !== 0) throw new Error(`import:workflow failed:\n${imported.stdout}\n${imported.stderr}`);
		log(`Imported ${workflows.length} workflows   [${elapsed(started)}]`);
		if (CPU_PROFILE_DIR) fs.mkdirSync(CPU_PROFILE_DIR, { recursive: true });

		const want = (number) => !ONLY || ONLY.has(number);
		const sections = [];
		const bars = [];
		let s3Records = [];
		if (want(1)) {
			log('> Scenario 1: throughput at the limit');
			const records = await runScenario(ctx, 's1', plan.s1, { latencyMs: CONFIG.s1.latencyMs, rateLimit: { requestsPerSecond: CONFIG.s1.requestsPerSecond } });
			const section = reportS1(records);
			sections.push(section);
			bars.push(...section.bars);
		}
		if (want(2)) {
			log('> Scenario 2: concurrency sweep');
			const records = await runScenario(ctx, 's2', plan.s2, { latencyMs: CONFIG.s2.latencyMs, rateLimit: null });
			sections.push(reportS2(records));
		}
		if (want(3) || want(4)) {
			log('> Scenario 3: overhead per item');
			s3Records = await runScenario(ctx, 's3', plan.s3, { latencyMs: 0, rateLimit: null });
			if (want(3)) {
				const section = reportS3(s3Records);
				sections.push(section);
				bars.push(...section.bars);
			}
		}
		if (want(4)) {
			log('> Scenario 4: scaling');
			const records = await runScenario(ctx, 's4', plan.s4, { latencyMs: 0, rateLimit: null });
			sections.push(reportS4(records, s3Records));
		}
		const finished = Date.now();
		const header = [
			'Generated by `npm run bench` ([scripts/bench.js](scripts/bench.js)). Do not edit between the markers; notes and the history of fixes are below them.',
			'',
			'## Machine and versions',
			'',
			machine(host, started, finished, loadStart),
			'',
			'## Method',
			'',
			METHOD,
		].join('\n');
		writeReport(sections, bars, header);
		log(`\nBench finished in ${elapsed(started)}.`);
	} finally {
		n8n.cleanup();
		await emulator.close();
	}
}

main().catch((error) => {
	console.error(`\nBench failed: ${error.stack ?? error.message}`);
	process.exitCode = 1;
});
