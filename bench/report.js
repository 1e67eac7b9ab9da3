'use strict';

/**
 * Turns the benchmark's figures (bench/measure.js) into the Markdown of BENCHMARKS.md: the machine,
 * the method, the acceptance bars and one section per scenario. Pure: no I/O, no clock; the same
 * figures always give the same text.
 */
const { summary, num, range, percent, table } = require('./stats');

/** Marker lines around the generated part of BENCHMARKS.md; text outside them is kept. */
const BEGIN = '<!-- bench:begin (written by `npm run bench`; edit outside these markers) -->';
const END = '<!-- bench:end -->';

/**
 * A section of the report.
 * @typedef {object} Section
 * @property {string} text Markdown, starting with its `## ` heading
 * @property {[string, string, boolean][]} bars acceptance bars: name, median as text, whether met
 */

/** The records of one kind (and branch key, when given). */
const byKind = (records, kind, key) =>
	records.filter((record) => record.kind === kind && (key === undefined || record.key === key));

/** Per-round ratios `value(A) / value(B)`, A and B matched by round, branch key and item count. */
function roundRatios(records, value, key) {
	const ratios = [];
	for (const a of byKind(records, 'A', key)) {
		const b = records.find(
			(record) => record.kind === 'B' && record.round === a.round && record.key === a.key && record.items === a.items,
		);
		if (b) ratios.push(value(a) / value(b));
	}
	return ratios;
}

/** KiB as whole MiB. */
const mib = (kb) => num(kb / 1024, 0);

/**
 * Scenario 1 section and its bars.
 * @param {import('./measure').BenchRecord[]} records
 * @param {import('./measure').BenchConfig} config
 * @returns {Section}
 */
function reportS1(records, config) {
	const s1 = config.s1;
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
		table(
			['Workflow', 'Node time (s)', 'Throughput (req/s)', 'of min(R, C/L)', '429 answers', 'Items lost', 'Wall (s)'],
			rows,
		),
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

/**
 * Scenario 2 section (no bars).
 * @param {import('./measure').BenchRecord[]} records
 * @param {import('./measure').BenchConfig} config
 * @returns {Section}
 */
function reportS2(records, config) {
	const s2 = config.s2;
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

/**
 * Scenario 3 section and its bars.
 * @param {import('./measure').BenchRecord[]} records scenario 3's, the baseline (Z) included
 * @param {import('./measure').BenchConfig} config
 * @returns {Section}
 */
function reportS3(records, config) {
	const s3 = config.s3;
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
			range(summary(rs.map((record) => (record.cpuMs - (baseCpu?.median ?? 0)) / record.items)), (value) =>
				num(value, 3),
			),
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
			table(
				[
					'Workflow',
					'Node time (s)',
					'Node ms / item',
					'HTTP Request alone ms / item',
					'Process CPU ms / item over baseline',
					'Peak RSS (MiB)',
					'over baseline (MiB)',
					'Wall (s)',
				],
				rows,
			),
			'',
			`Per round, A / B: node time per item **${range(timeRatio, (value) => num(value, 2))}**, peak RSS **${range(rssRatio, (value) => num(value, 2))}**. Items lost: ${lost}.`,
		].join('\n'),
		bars: [
			['3: node time per item ≤ 1.2 × HTTP Request + If', `${num(timeRatio?.median, 2)} ×`, timeRatio?.median <= 1.2],
			[
				`3: peak RSS for ${s3.items} items ≤ 1.5 × HTTP Request + If`,
				`${num(rssRatio?.median, 2)} ×`,
				rssRatio?.median <= 1.5,
			],
		],
	};
}

/**
 * Scenario 4 section (no bars); its largest size is scenario 3's runs.
 * @param {import('./measure').BenchRecord[]} records scenario 4's
 * @param {import('./measure').BenchRecord[]} s3Records scenario 3's
 * @param {import('./measure').BenchConfig} config
 * @returns {Section}
 */
function reportS4(records, s3Records, config) {
	const s4 = config.s4;
	const all = [...records, ...s3Records.filter((record) => record.kind !== 'Z')];
	const sizes = [...s4.sizes, config.s3.items];
	const perItem = (record) => record.nodeMs / record.items;
	const rows = sizes.map((size) => {
		const a = all.filter((record) => record.kind === 'A' && record.items === size);
		const b = all.filter((record) => record.kind === 'B' && record.items === size);
		return [
			String(size),
			range(summary(a.map(perItem)), (value) => num(value, 3)),
			range(summary(b.map(perItem)), (value) => num(value, 3)),
			range(
				summary(
					roundRatios(
						all.filter((record) => record.items === size),
						perItem,
					),
				),
				(value) => num(value, 2),
			),
			range(summary(a.map((record) => record.wallMs / 1000)), (value) => num(value, 1)),
			range(summary(b.map((record) => record.wallMs / 1000)), (value) => num(value, 1)),
		];
	});
	const largest = sizes[sizes.length - 1];
	const middle = sizes[sizes.length - 2];
	const growth = (kind) => {
		const at = (size) =>
			summary(all.filter((record) => record.kind === kind && record.items === size).map(perItem))?.median;
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

/** The parts of scenario 6's CPU profile, in report order (bench/profile-summary.js `categorise`). */
const CPU_PARTS = [
	'preparing the items',
	'ledger',
	'requests and answers',
	'output items',
	'the node, other',
	'garbage collection',
	'n8n and Node.js',
];

/**
 * Scenario 6 section and its bars: Create Many against one call per request, at a tight rate limit.
 * Calls per second = calls (items) / node execution time, each as a share of its own ceiling:
 * min(100·R, C·100/L) for Create Many (100 customers per request), min(R, C/L) for one call per
 * request. Where the rest of Create Many's time went: the phases of its runs (M) and the CPU
 * profile of one more run (P).
 * @param {import('./measure').BenchRecord[]} records
 * @param {import('./measure').BenchConfig} config
 * @returns {Section}
 */
function reportS6(records, config, machine) {
	const s6 = config.s6;
	const L = s6.latencyMs / 1000;
	const bulkCeiling = Math.min(100 * s6.requestsPerSecond, (s6.concurrency * 100) / L);
	const singleCeiling = Math.min(s6.requestsPerSecond, s6.concurrency / L);
	const callsPerSecond = (record) => record.items / (record.nodeMs / 1000);
	const kinds = [
		['M', `Veritus Create Many, ${s6.bulkItems} calls`, bulkCeiling, 'min(100·R, C·100/L)'],
		['A', `Veritus Create, ${s6.singleItems} calls`, singleCeiling, 'min(R, C/L)'],
		['B', `HTTP Request + If, ${s6.singleItems} calls`, singleCeiling, 'min(R, C/L)'],
	];
	const rows = kinds.map(([kind, label, ceiling, formula]) => {
		const rs = byKind(records, kind);
		return [
			label,
			range(summary(rs.map((record) => record.nodeMs / 1000)), (value) => num(value, 1)),
			range(summary(rs.map(callsPerSecond)), (value) => num(value, 2)),
			`${num(ceiling, 0)} (${formula})`,
			range(summary(rs.map((record) => callsPerSecond(record) / ceiling)), percent),
			range(summary(rs.map((record) => record.requests)), (value) => num(value)),
			range(summary(rs.map((record) => record.requests - record.calls / (kind === 'M' ? 100 : 1))), (value) =>
				num(value),
			),
			range(summary(rs.map((record) => record.lost)), (value) => num(value)),
		];
	});
	const share = summary(byKind(records, 'M').map((record) => callsPerSecond(record) / bulkCeiling));
	// Create Many / Create, per round: calls per second of one over the other's.
	const ratios = [];
	for (const m of byKind(records, 'M')) {
		const a = byKind(records, 'A').find((record) => record.round === m.round);
		if (a) ratios.push(callsPerSecond(m) / callsPerSecond(a));
	}
	const ratio = summary(ratios);
	const httpRatios = [];
	for (const a of byKind(records, 'A')) {
		const b = byKind(records, 'B').find((record) => record.round === a.round);
		if (b) httpRatios.push(callsPerSecond(a) / callsPerSecond(b));
	}
	const httpRatio = summary(httpRatios);

	const bulk = byKind(records, 'M');
	const ideal = s6.bulkItems / bulkCeiling;
	const phaseRows = [
		[
			'Node execution time',
			range(summary(bulk.map((record) => record.nodeMs / 1000)), (value) => num(value, 2)),
			`${num(ideal, 2)} s at the ceiling`,
		],
		[
			'Start of the node → first request at Veritus (reading and checking every item, the ledger claim with its Ledger Settle Time)',
			range(summary(bulk.map((record) => record.phases?.beforeFirstMs / 1000)), (value) => num(value, 2)),
			'',
		],
		[
			`First request → last answer (${bulk[0]?.phases?.requests ?? '–'} requests, L included)`,
			range(summary(bulk.map((record) => record.phases?.sendingMs / 1000)), (value) => num(value, 2)),
			`${num((Math.ceil(s6.bulkItems / 100) - 1) / s6.requestsPerSecond + L, 2)} s: requests 1/R apart`,
		],
		[
			'Last answer → end of the node (releasing claims, output items)',
			range(summary(bulk.map((record) => record.phases?.afterLastMs / 1000)), (value) => num(value, 2)),
			'',
		],
	];
	const profile = byKind(records, 'P')[0];
	const cpu = profile?.cpuMs ?? {};
	const cpuRows = CPU_PARTS.map((part) => [
		part,
		num((cpu[part] ?? 0) / 1000, 2),
		cpu.total ? percent((cpu[part] ?? 0) / cpu.total) : '–',
	]);
	const text = [
		'## Scenario 6: bulk at a tight rate limit',
		'',
		`L = ${s6.latencyMs} ms, R = ${s6.requestsPerSecond} requests/s (the emulator's rate limit), C = ${s6.concurrency}. ` +
			`**Create Many** places ${s6.bulkItems} calls in requests of 100 customers; **Create** and **HTTP Request** (batch 1 every ${Math.round(1000 / s6.requestsPerSecond)} ms) place ${s6.singleItems} calls, one request each. ` +
			`The Veritus node runs with Max Concurrent Requests ${s6.concurrency} and Max Requests Per Second ${s6.requestsPerSecond}; Ledger Size is raised to ${2 * s6.bulkItems} for the Create Many run (a run must fit in the ledger). ` +
			`Calls per second = calls / node execution time (B: HTTP Request + If), each as a share of its own ceiling. ${s6.rounds} round(s), M A B in each.`,
		'',
		table(
			[
				'Workflow',
				'Node time (s)',
				'Calls/s',
				'Ceiling (calls/s)',
				'of its ceiling',
				'Requests',
				'429 answers',
				'Items lost',
			],
			rows,
		),
		'',
		`Create Many / Create, calls per second, per round: **${range(ratio, (value) => num(value, 1))} ×**. ` +
			`Create / HTTP Request: ${range(httpRatio, (value) => num(value, 2))} ×.`,
		'',
		`Where Create Many's time went (its ${bulk.length} run(s), this machine's clock: the node's start and execution time from n8n's run data, each request's arrival from the emulator's log):`,
		'',
		table(['Phase', 'Seconds', 'Ideal'], phaseRows),
		'',
		`CPU time of the n8n process in one more Create Many run under V8's profiler (\`node --cpu-prof\`), by part, start-up included; each sample goes to the first part found on its stack (\`bench/profile-summary.js\`):`,
		'',
		table(['Part', 'CPU seconds', 'Share of CPU'], cpuRows),
		'',
		`Profiled run: node time ${num((profile?.nodeMs ?? NaN) / 1000, 2)} s, whole process ${num((cpu.total ?? NaN) / 1000, 2)} s of CPU.`,
		'',
		machine
			? `Measured ${new Date(machine.startedAt).toISOString().slice(0, 16).replace('T', ' ')} UTC on ${machine.cpuCount} × ${machine.cpuModel}, n8n ${machine.n8nVersion}, load average (1 min) ${machine.loadStart[0].toFixed(2)} at the start and ${machine.loadEnd[0].toFixed(2)} at the end.`
			: '',
	]
		.join('\n')
		.trimEnd();
	return {
		text,
		bars: [
			['6: Create Many ≥ 80% of min(100·R, C·100/L)', percent(share?.median), share?.median >= 0.8],
			['6: Create Many ≥ 50 × Create, calls/s at the rate limit', `${num(ratio?.median, 1)} ×`, ratio?.median >= 50],
		],
	};
}

/**
 * The "Machine and versions" table.
 * @param {import('./measure').BenchMachine} machine
 * @returns {string} Markdown
 */
function machineTable(machine) {
	const load = (values) => values.map((value) => value.toFixed(2)).join(', ');
	return table(
		['', ''],
		[
			['CPU', `${machine.cpuCount} × ${machine.cpuModel}`],
			['Memory', `${(machine.totalMemoryBytes / 1024 ** 3).toFixed(1)} GiB`],
			['OS', `${machine.osType} ${machine.arch}`],
			['Node.js', machine.nodeVersion],
			['n8n', machine.n8nVersion],
			['n8n-nodes-veritus', machine.packageVersion],
			['Date', new Date(machine.startedAt).toISOString().slice(0, 16).replace('T', ' ') + ' UTC'],
			['Bench runtime', `${((machine.finishedAt - machine.startedAt) / 60000).toFixed(1)} min`],
			['Load average at start / end (1, 5, 15 min)', `${load(machine.loadStart)} / ${load(machine.loadEnd)}`],
		],
	);
}

/** The "Method" section: how the benchmark runs and what each figure means. */
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

/**
 * The generated Markdown: header (machine, method), the acceptance bars, then the sections of the
 * scenarios asked for (scenario 3's section only when 3 was asked for, even when 4 measured it).
 * @param {import('./measure').BenchFigures} figures
 * @returns {string} Markdown, without the markers and without a final newline
 */
function report(figures) {
	const { config, records, machine } = figures;
	const wanted = new Set(figures.scenarios);
	const sections = [];
	if (wanted.has(1)) sections.push(reportS1(records.s1, config));
	if (wanted.has(2)) sections.push(reportS2(records.s2, config));
	if (wanted.has(3)) sections.push(reportS3(records.s3, config));
	if (wanted.has(4)) sections.push(reportS4(records.s4, records.s3, config));
	if (wanted.has(6)) sections.push(reportS6(records.s6, config, machine));
	const bars = sections.flatMap((section) => section.bars);
	const header = [
		'Generated by `npm run bench` ([scripts/bench.js](scripts/bench.js)). Do not edit between the markers; notes and the history of fixes are below them.',
		'',
		'## Machine and versions',
		'',
		machineTable(machine),
		'',
		'## Method',
		'',
		METHOD,
	].join('\n');
	const barRows = bars.map(([bar, value, met]) => [bar, value, met ? 'met' : '**missed**']);
	return [
		header,
		'',
		'## Against the acceptance bars',
		'',
		table(['Bar', 'Median', 'Result'], barRows),
		'',
		...sections.flatMap((section) => [section.text, '']),
	].join('\n');
}

/** Splits generated Markdown into its lead text and its `## ` sections, in order. */
function sections(body) {
	const parts = body.split(/^(?=## )/m);
	const lead = parts[0].startsWith('## ') ? '' : parts.shift();
	return { lead, sections: parts.map((text) => ({ heading: text.split('\n', 1)[0], text: text.trimEnd() })) };
}

/** The scenario a bar row or section heading belongs to: `6` for `| 6: …` or `## Scenario 6: …`, `5` for queue mode. */
function scenarioOf(text) {
	const match = /^(?:\| |## Scenario )(\d+)[: ]/.exec(text);
	if (match) return Number(match[1]);
	return /^## Queue mode/.test(text) ? 5 : undefined;
}

/**
 * The generated body of a run of some scenarios only (`BENCH_SCENARIOS`), merged into the body of
 * an earlier run: the earlier run's lead, machine and method are kept; each scenario section of the
 * new run replaces the earlier one of that scenario or is added in scenario order; the acceptance
 * bars of the new run's scenarios replace theirs. A partial run's sections say when and where they
 * were measured.
 * @param {string} existing the earlier generated body (between the markers), '' when there is none
 * @param {string} body from report() (and the queue-mode section) of the partial run
 * @returns {string} Markdown
 */
function mergeReport(existing, body) {
	if (!existing.trim()) return body;
	const before = sections(existing);
	const after = sections(body);
	const fresh = new Map(after.sections.map((section) => [section.heading, section]));
	const ran = new Set(after.sections.map((section) => scenarioOf(section.heading)).filter((n) => n !== undefined));
	const barRows = (text) => text.split('\n').filter((line) => scenarioOf(line) !== undefined);
	const merged = before.sections
		.filter((section) => !ran.has(scenarioOf(section.heading) ?? -1))
		.map((section) => {
			if (!section.heading.startsWith('## Against the acceptance bars')) return section;
			const newBars = fresh.has(section.heading) ? barRows(fresh.get(section.heading).text) : [];
			const rows = [...barRows(section.text).filter((line) => !ran.has(scenarioOf(line))), ...newBars].sort(
				(a, b) => scenarioOf(a) - scenarioOf(b),
			);
			return {
				...section,
				text:
					['## Against the acceptance bars', '', table(['Bar', 'Median', 'Result'], [])].join('\n') +
					rows.map((row) => `\n${row}`).join(''),
			};
		});
	for (const section of after.sections) {
		const scenario = scenarioOf(section.heading);
		if (scenario === undefined) continue;
		const at = merged.findIndex((other) => (scenarioOf(other.heading) ?? -1) > scenario);
		merged.splice(at === -1 ? merged.length : at, 0, section);
	}
	return [before.lead.trimEnd(), ...merged.map((section) => section.text)].join('\n\n');
}

/**
 * Puts a generated body into the text of BENCHMARKS.md between BEGIN and END, keeping everything
 * outside the markers; without both markers, the result is a new document holding only the body.
 * @param {string} existing the current file's text ('' when there is none)
 * @param {string} body from report()
 * @returns {string} the new file's text
 */
function spliceReport(existing, body) {
	const generated = `${BEGIN}\n${body}\n${END}`;
	const begin = existing.indexOf(BEGIN);
	const end = existing.indexOf(END);
	if (begin >= 0 && end > begin) return existing.slice(0, begin) + generated + existing.slice(end + END.length);
	return `# Benchmarks\n\n${generated}\n`;
}

/** The generated body between the markers of BENCHMARKS.md's text, '' when there is none. */
function generatedPart(existing) {
	const begin = existing.indexOf(BEGIN);
	const end = existing.indexOf(END);
	return begin >= 0 && end > begin ? existing.slice(begin + BEGIN.length, end).trim() : '';
}

module.exports = { report, spliceReport, mergeReport, generatedPart, BEGIN, END };
