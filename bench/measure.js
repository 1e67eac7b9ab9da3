'use strict';

/**
 * Runs the benchmark's scenarios and returns what they measured as plain data (no Markdown: that is
 * bench/report.js). See scripts/bench.js for what the benchmark compares.
 *
 * 1. Builds the package and prepares the pinned n8n (`ensureN8n()`).
 * 2. Starts the Veritus API emulator in a child process, with 10,000 generated customers that all
 *    pass compliance; latency and rate limit are set per scenario, and the emulator is reset
 *    before every run, so no customer is ever called twice.
 * 3. Creates one n8n user folder (one install, one database) with the package installed, imports
 *    the credentials and every workflow, then runs each workflow with `n8n execute` in a fresh n8n
 *    process, alternating A B A B for several rounds. It reads each node's `executionTime` from
 *    n8n's run data, the wall time from outside, and the n8n process's peak RSS.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { fork, spawnSync } = require('child_process');
const { repoRoot } = require('../rig/paths');
const { ensureN8n } = require('../rig/n8n-host');
const { N8nInstance } = require('../rig/n8n-instance');
const { veritusWorkflow, httpWorkflow, baselineWorkflow, names } = require('./workflows');
const { executeMeasured, nodeTime, nodeOutput } = require('./runner');
const { num } = require('./stats');
const { categorise } = require('./profile-summary');

/**
 * What each scenario runs.
 * @typedef {object} BenchConfig
 * @property {{ latencyMs: number, requestsPerSecond: number, concurrency: number, items: number, rounds: number }} s1
 *   throughput at the limit: emulator latency (ms), rate limit (req/s), the node's concurrency,
 *   items per run, rounds
 * @property {{ latencyMs: number, concurrency: number[], waves: number, rounds: number }} s2
 *   concurrency sweep: each concurrency C runs `waves` × C items
 * @property {{ latencyMs: number, concurrency: number, items: number, rounds: number }} s3 overhead per item
 * @property {{ latencyMs: number, concurrency: number, sizes: number[], rounds: number }} s4
 *   scaling: item counts besides s3's (whose run is the largest size)
 * @property {{ latencyMs: number, requestsPerSecond: number, concurrency: number, bulkItems: number,
 *   singleItems: number, rounds: number }} s6 bulk at a tight rate limit: Create Many on `bulkItems`
 *   calls, Create and HTTP Request one call per request on `singleItems`
 */

/**
 * One measured branch of one run. Times in milliseconds, memory in KiB.
 * @typedef {object} BenchRecord
 * @property {string} scenario 's1' … 's4', 's6'
 * @property {number} round 1, 2, …
 * @property {'A' | 'B' | 'Z' | 'M' | 'P'} kind A: Veritus (Call → Create); B: HTTP Request + If; Z: the
 *   input-only baseline; M: Veritus Call → Create Many; P: the same run as M under a CPU profiler (s6)
 * @property {string} key branch key of a sweep (`C=4`), '' otherwise
 * @property {number} items items fed to the branch
 * @property {object} branch the branch as planned (items, offset, concurrency or batching)
 * @property {number} wallMs spawning `n8n execute` to its exit
 * @property {number} peakRssKb the n8n process's high-water mark
 * @property {number | undefined} cpuMs user + system CPU time of the n8n process
 * @property {number} requests API requests the emulator received in the run
 * @property {number} calls calls the emulator placed in the run
 * @property {number} nodeMs node execution time (B: HTTP Request + If; Z: the Input node)
 * @property {number} [httpMs] B only: HTTP Request's execution time
 * @property {number} [ifMs] B only: If's execution time
 * @property {number} [passed] A and B: items on the passed output
 * @property {number} [lost] A and B: items without a compliance answer
 * @property {{ beforeFirstMs: number, sendingMs: number, afterLastMs: number, requests: number }} [phases]
 *   M only: from the node's start to the first request's arrival at the emulator (preparing the
 *   items, the ledger's claim), first to last arrival plus L, and from then to the node's end
 * @property {Record<string, number>} [cpuMs] P only: CPU milliseconds of the n8n process by part (see
 *   bench/profile-summary.js `categorise`)
 */

/**
 * The machine and versions the benchmark ran on, and when.
 * @typedef {object} BenchMachine
 * @property {number} cpuCount logical CPUs
 * @property {string} cpuModel model of the first CPU, 'unknown' when the OS does not say
 * @property {number} totalMemoryBytes
 * @property {string} osType e.g. 'Linux'
 * @property {string} arch e.g. 'x64'
 * @property {string} nodeVersion `process.version`, e.g. 'v20.19.4'
 * @property {string} n8nVersion
 * @property {string} packageVersion this package's version
 * @property {number} startedAt epoch milliseconds
 * @property {number} finishedAt epoch milliseconds, when the last scenario ended
 * @property {number[]} loadStart 1, 5 and 15 minute load averages at the start
 * @property {number[]} loadEnd the same at the end
 */

/**
 * Everything the report needs, as plain data.
 * @typedef {object} BenchFigures
 * @property {BenchConfig} config
 * @property {number[]} scenarios the scenarios asked for (1–4, 6), in order
 * @property {{ s1?: BenchRecord[], s2?: BenchRecord[], s3?: BenchRecord[], s4?: BenchRecord[], s6?: BenchRecord[] }} records
 *   by scenario; s3 is measured when scenario 3 or 4 is asked for (4 reuses 3's largest size)
 * @property {BenchMachine} machine
 */

/**
 * The scenarios' settings. Item counts and rounds are chosen to fit 15 minutes on 2 cores.
 * @param {{ quick?: boolean, rounds?: number }} [options] `quick`: small counts and one round;
 *   `rounds`: that many rounds everywhere (wins over `quick`)
 * @returns {BenchConfig}
 */
function benchConfig({ quick = false, rounds: forcedRounds } = {}) {
	const rounds = (normal) => forcedRounds ?? (quick ? 1 : normal);
	return {
		s1: { latencyMs: 50, requestsPerSecond: 20, concurrency: 5, items: quick ? 100 : 1000, rounds: rounds(2) },
		s2: { latencyMs: 50, concurrency: [1, 2, 4, 8, 16, 32], waves: quick ? 10 : 30, rounds: rounds(2) },
		s3: { latencyMs: 0, concurrency: 32, items: quick ? 1000 : 10000, rounds: rounds(2) },
		s4: { latencyMs: 0, concurrency: 32, sizes: quick ? [100] : [100, 1000], rounds: rounds(2) },
		s6: {
			latencyMs: 50,
			requestsPerSecond: 2,
			concurrency: 5,
			bulkItems: quick ? 1000 : 10000,
			singleItems: quick ? 20 : 200,
			rounds: rounds(2),
		},
	};
}

/**
 * Seconds since `startMs`, as text.
 * @param {number} startMs epoch milliseconds
 * @returns {string} e.g. '42 s'
 */
function elapsed(startMs) {
	return `${((Date.now() - startMs) / 1000).toFixed(0)} s`;
}

/**
 * Starts the emulator child process (bench/emulator-child.js).
 * @param {string} token the bearer token it accepts
 * @returns {Promise<{ baseUrl: string, controlUrl: string,
 *   control: (route: string, method?: string, body?: unknown) => Promise<any>, close: () => Promise<void> }>}
 * @throws {Error} when the child exits before it is ready; `control()` throws on a non-2xx answer
 */
async function startEmulatorChild(token) {
	const child = fork(path.join(__dirname, 'emulator-child.js'), [], {
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

/**
 * Items that got a compliance answer on a node's outputs (the rest were lost).
 * @param {object} runData n8n's `resultData.runData`
 * @param {'A' | 'B'} kind
 * @param {ReturnType<typeof names>} n node names of the branch
 * @returns {{ answered: number, passed: number }}
 */
function answeredItems(runData, kind, n) {
	if (kind === 'A') {
		const items = [...nodeOutput(runData, n.veritus, 0), ...nodeOutput(runData, n.veritus, 1)];
		return {
			answered: items.filter((item) => typeof item.json?.compliancePassed === 'boolean').length,
			passed: nodeOutput(runData, n.veritus, 0).length,
		};
	}
	const items = [...nodeOutput(runData, n.if, 0), ...nodeOutput(runData, n.if, 1)];
	return {
		answered: items.filter((item) => typeof item.json?.data?.compliance?.passed === 'boolean').length,
		passed: nodeOutput(runData, n.if, 0).length,
	};
}

/**
 * Where a Create Many run's time went, from the clock of this machine: the node's start and
 * execution time (n8n's run data) against the arrival of each bulk request at the emulator
 * (`GET /__emulator/requests`, `at`).
 * @returns {Promise<{ beforeFirstMs: number, sendingMs: number, afterLastMs: number, requests: number }>}
 */
async function bulkPhases(ctx, runData, n) {
	const task = runData?.[n.veritus]?.[0];
	const { requests } = await ctx.emulator.control('/requests');
	const arrivals = requests
		.filter((request) => request.operation === 'createCallsBulk')
		.map((request) => Date.parse(request.at))
		.sort((a, b) => a - b);
	const start = task.startTime;
	const end = task.startTime + task.executionTime;
	const answered = arrivals[arrivals.length - 1] + ctx.config.s6.latencyMs;
	return {
		beforeFirstMs: arrivals[0] - start,
		sendingMs: answered - arrivals[0],
		afterLastMs: end - answered,
		requests: arrivals.length,
	};
}

/**
 * CPU time of the n8n process by part, from the one profile written into `dir` (removed unless `keep`).
 * @returns {Record<string, number>} milliseconds by category (bench/profile-summary.js `categorise`)
 */
function profileOf(dir, { keep = false } = {}) {
	try {
		const files = fs.readdirSync(dir).filter((name) => name.endsWith('.cpuprofile'));
		// The newest, should an older one be there.
		const newest = files
			.map((name) => ({ name, at: fs.statSync(path.join(dir, name)).mtimeMs }))
			.sort((a, b) => b.at - a.at)[0];
		return newest ? categorise(path.join(dir, newest.name)) : {};
	} finally {
		if (!keep) fs.rmSync(dir, { recursive: true, force: true });
	}
}

/**
 * Runs one workflow in a fresh n8n process after resetting the emulator, and returns one record per
 * branch: the node time (A: Veritus; B: HTTP Request + If), items answered and lost, plus the run's
 * wall time, peak RSS, CPU time and the emulator's request and call counts.
 * @returns {Promise<BenchRecord[]>}
 * @throws {Error} when the workflow fails in n8n
 */
async function measureRun(ctx, run) {
	await ctx.emulator.control('/reset', 'POST', {});
	// Scenario 6's profiled run always writes a profile: kept with BENCH_CPU_PROFILE=1, else removed once read.
	const keepProfile = !!ctx.cpuProfileDir && (run.profile || run.kind === 'P');
	const cpuProfileDir = keepProfile
		? path.join(ctx.cpuProfileDir, `${run.scenario}-${run.kind}-r${run.round}`)
		: run.kind === 'P'
			? fs.mkdtempSync(path.join(os.tmpdir(), 'veritus-bench-profile-'))
			: undefined;
	// A kept profile folder may hold an earlier run's profile: this run's must be the only one in it.
	if (keepProfile) fs.rmSync(cpuProfileDir, { recursive: true, force: true });
	const result = await executeMeasured(ctx.n8n, run.workflow.id, { cpuProfileDir });
	const health = await ctx.emulator.control('/health');
	if (!result.ok) {
		throw new Error(
			`${run.workflow.name} (round ${run.round}) failed: ${result.error ?? `exit ${result.code}`}\n${result.stderrTail}`,
		);
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
		if (run.kind === 'A' || run.kind === 'M' || run.kind === 'P') {
			record.nodeMs = nodeTime(result.runData, n.veritus);
		} else if (run.kind === 'B') {
			record.httpMs = nodeTime(result.runData, n.http);
			record.ifMs = nodeTime(result.runData, n.if);
			record.nodeMs = record.httpMs + record.ifMs;
		} else {
			record.nodeMs = nodeTime(result.runData, n.input);
		}
		if (run.kind !== 'Z') {
			const { answered, passed } = answeredItems(result.runData, run.kind === 'B' ? 'B' : 'A', n);
			record.passed = passed;
			record.lost = branch.items - answered;
		}
		return record;
	});
	if (run.kind === 'M') records[0].phases = await bulkPhases(ctx, result.runData, names(''));
	if (run.kind === 'P') records[0].cpuMs = profileOf(cpuProfileDir, { keep: keepProfile });
	const first = records[0];
	const nodeText = records.map((record) => `${record.key ? `${record.key}: ` : ''}${num(record.nodeMs)} ms`).join(', ');
	ctx.log(
		`  ${run.scenario} round ${run.round} ${run.kind}: node ${nodeText}; wall ${num(first.wallMs)} ms; peak RSS ${num(first.peakRssKb / 1024)} MiB` +
			(run.kind === 'Z'
				? ''
				: `; ${health.requests} requests, ${health.calls} calls, lost ${records.reduce((sum, record) => sum + record.lost, 0)}`) +
			(result.listenerWarnings ? `; MaxListenersExceededWarning ×${result.listenerWarnings}` : '') +
			`   [${elapsed(ctx.started)}]`,
	);
	return records;
}

/**
 * Builds the workflows of every scenario.
 * @returns {{ workflows: object[], plan: Record<string, object[]> }} the workflows to import, and
 *   the runs of each scenario in order
 */
function planRuns(ctx) {
	const config = ctx.config;
	const workflows = [];
	const plan = {};
	const add = (scenario, round, kind, name, branches, build, extra = {}) => {
		const id = `bench${scenario}${kind}${String(workflows.length).padStart(3, '0')}`;
		const workflow = build(id, name, branches);
		workflows.push(workflow);
		(plan[scenario] ??= []).push({ scenario, round, kind, workflow, branches, ...extra });
	};
	const A = (id, name, branches) => veritusWorkflow(id, name, branches, ctx.veritusCredential);
	const B = (id, name, branches) =>
		httpWorkflow(id, name, branches, { baseUrl: ctx.emulator.baseUrl, credential: ctx.bearerCredential });
	const Z = (id, name, branches) => baselineWorkflow(id, name, branches);

	// Scenario 1: throughput at the limit. B: batches of C every C / R seconds, i.e. R per second.
	const s1 = config.s1;
	const s1Interval = Math.round((s1.concurrency * 1000) / s1.requestsPerSecond);
	for (let round = 1; round <= s1.rounds; round++) {
		add(
			's1',
			round,
			'A',
			`Bench 1 A: Veritus, ${s1.items} items, C=${s1.concurrency}, R=${s1.requestsPerSecond}`,
			[{ items: s1.items, maxConcurrent: s1.concurrency, requestsPerSecond: s1.requestsPerSecond }],
			A,
		);
		add(
			's1',
			round,
			'B',
			`Bench 1 B: HTTP Request + If, ${s1.items} items, batch ${s1.concurrency} every ${s1Interval} ms`,
			[{ items: s1.items, batchSize: s1.concurrency, batchInterval: s1Interval }],
			B,
		);
	}

	// Scenario 2: concurrency sweep, one branch per C in one workflow; each branch has `waves` × C
	// items (its own customers), so each ideally takes waves × L. B: batches of C every L.
	const s2 = config.s2;
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
	const s3 = config.s3;
	for (let round = 1; round <= s3.rounds; round++) {
		add(
			's3',
			round,
			'A',
			`Bench 3 A: Veritus, ${s3.items} items, C=${s3.concurrency}`,
			[{ items: s3.items, maxConcurrent: s3.concurrency }],
			A,
			{ profile: true },
		);
		add(
			's3',
			round,
			'B',
			`Bench 3 B: HTTP Request + If, ${s3.items} items, batch ${s3.concurrency}, interval 0`,
			[{ items: s3.items, batchSize: s3.concurrency, batchInterval: 0 }],
			B,
			{ profile: true },
		);
		if (round === 1) add('s3', round, 'Z', `Bench 3 baseline: input only, ${s3.items} items`, [{ items: s3.items }], Z);
	}

	// Scenario 6: bulk at a tight rate limit. M: Create Many, 10,000 calls in requests of 100; A:
	// Create, one request per call; B: HTTP Request, one POST per call, one every 1 / R s. Every
	// branch at R requests per second. P: one more M run under a CPU profiler, for where the time goes.
	const s6 = config.s6;
	const s6Interval = Math.round(1000 / s6.requestsPerSecond);
	for (let round = 1; round <= s6.rounds; round++) {
		add(
			's6',
			round,
			'M',
			`Bench 6 M: Veritus Create Many, ${s6.bulkItems} calls, C=${s6.concurrency}, R=${s6.requestsPerSecond}`,
			[
				{
					items: s6.bulkItems,
					operation: 'createMany',
					maxConcurrent: s6.concurrency,
					requestsPerSecond: s6.requestsPerSecond,
				},
			],
			A,
		);
		add(
			's6',
			round,
			'A',
			`Bench 6 A: Veritus Create, ${s6.singleItems} calls, C=${s6.concurrency}, R=${s6.requestsPerSecond}`,
			[{ items: s6.singleItems, maxConcurrent: s6.concurrency, requestsPerSecond: s6.requestsPerSecond }],
			A,
		);
		add(
			's6',
			round,
			'B',
			`Bench 6 B: HTTP Request + If, ${s6.singleItems} calls, batch 1 every ${s6Interval} ms`,
			[{ items: s6.singleItems, batchSize: 1, batchInterval: s6Interval }],
			B,
		);
	}
	add(
		's6',
		1,
		'P',
		`Bench 6 P: Veritus Create Many, ${s6.bulkItems} calls, CPU profile`,
		[
			{
				items: s6.bulkItems,
				operation: 'createMany',
				maxConcurrent: s6.concurrency,
				requestsPerSecond: s6.requestsPerSecond,
			},
		],
		A,
	);

	// Scenario 4: scaling; the largest size is scenario 3's runs.
	const s4 = config.s4;
	for (let round = 1; round <= s4.rounds; round++) {
		for (const size of s4.sizes) {
			add(
				's4',
				round,
				'A',
				`Bench 4 A: Veritus, ${size} items, C=${s4.concurrency}`,
				[{ items: size, maxConcurrent: s4.concurrency }],
				A,
			);
			add(
				's4',
				round,
				'B',
				`Bench 4 B: HTTP Request + If, ${size} items, batch ${s4.concurrency}, interval 0`,
				[{ items: size, batchSize: s4.concurrency, batchInterval: 0 }],
				B,
			);
		}
	}
	return { workflows, plan };
}

/**
 * Runs the plan of one scenario after configuring the emulator.
 * @returns {Promise<BenchRecord[]>}
 */
async function runScenario(ctx, runs, emulatorConfig) {
	await ctx.emulator.control('/config', 'PUT', emulatorConfig);
	const records = [];
	for (const run of runs) records.push(...(await measureRun(ctx, run)));
	return records;
}

/**
 * Builds the package, prepares n8n and the emulator, and runs the scenarios asked for, printing a
 * line per run.
 * @param {object} options
 * @param {BenchConfig} options.config from benchConfig()
 * @param {Set<number>} [options.only] the scenarios to run (1–4); all by default
 * @param {string} [options.cpuProfileDir] write V8 CPU profiles of scenario 3's n8n processes here
 * @param {(line: string) => void} [options.log] progress lines, console.log by default
 * @returns {Promise<BenchFigures>}
 * @throws {Error} when the build, the n8n install, an import or a run fails
 */
async function measure({ config, only, cpuProfileDir, log = console.log }) {
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
		config,
		cpuProfileDir,
		log,
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
		if (cpuProfileDir) fs.mkdirSync(cpuProfileDir, { recursive: true });

		const want = (number) => !only || only.has(number);
		const records = {};
		if (want(1)) {
			log('> Scenario 1: throughput at the limit');
			records.s1 = await runScenario(ctx, plan.s1, {
				latencyMs: config.s1.latencyMs,
				rateLimit: { requestsPerSecond: config.s1.requestsPerSecond },
			});
		}
		if (want(2)) {
			log('> Scenario 2: concurrency sweep');
			records.s2 = await runScenario(ctx, plan.s2, { latencyMs: config.s2.latencyMs, rateLimit: null });
		}
		if (want(3) || want(4)) {
			log('> Scenario 3: overhead per item');
			records.s3 = await runScenario(ctx, plan.s3, { latencyMs: 0, rateLimit: null });
		}
		if (want(4)) {
			log('> Scenario 4: scaling');
			records.s4 = await runScenario(ctx, plan.s4, { latencyMs: 0, rateLimit: null });
		}
		if (want(6)) {
			log('> Scenario 6: bulk at a tight rate limit');
			records.s6 = await runScenario(ctx, plan.s6, {
				latencyMs: config.s6.latencyMs,
				rateLimit: { requestsPerSecond: config.s6.requestsPerSecond },
			});
		}
		const finished = Date.now();
		const cpus = os.cpus();
		const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
		return {
			config,
			scenarios: [1, 2, 3, 4, 6].filter(want),
			records,
			machine: {
				cpuCount: cpus.length,
				cpuModel: cpus[0]?.model?.trim() ?? 'unknown',
				totalMemoryBytes: os.totalmem(),
				osType: os.type(),
				arch: os.arch(),
				nodeVersion: process.version,
				n8nVersion: host.version,
				packageVersion: pkg.version,
				startedAt: started,
				finishedAt: finished,
				loadStart,
				loadEnd: os.loadavg(),
			},
		};
	} finally {
		n8n.cleanup();
		await emulator.close();
	}
}

module.exports = { benchConfig, measure, elapsed };
