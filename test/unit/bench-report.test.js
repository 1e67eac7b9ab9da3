'use strict';

/**
 * bench/report.js: fixed figures (one round of scenarios 1 and 3, numbers picked so every
 * figure can be worked out by hand) give exactly the expected Markdown rows, bars and machine
 * table; spliceReport() replaces only the text between the markers.
 */
const { benchConfig } = require('../../bench/measure');
const { report, spliceReport, mergeReport, generatedPart, BEGIN, END } = require('../../bench/report');

const config = benchConfig({ quick: true });

/** A record as bench/measure.js returns it; `fields` override the defaults. */
function record(scenario, kind, fields) {
	return { scenario, round: 1, kind, key: '', branch: {}, requests: 0, calls: 0, cpuMs: 0, ...fields };
}

const figures = {
	config,
	scenarios: [1, 3],
	records: {
		// Ceiling min(R, C/L) = min(20, 5 / 0.05) = 20 req/s.
		// A: 100 items in 5 s = 20 req/s (100%); B: 100 items in 6.25 s = 16 req/s (80%).
		s1: [
			record('s1', 'A', { items: 100, nodeMs: 5000, wallMs: 9000, requests: 103, calls: 100, lost: 0, peakRssKb: 1 }),
			record('s1', 'B', {
				items: 100,
				nodeMs: 6250,
				httpMs: 6000,
				ifMs: 250,
				wallMs: 10500,
				requests: 100,
				calls: 100,
				lost: 2,
				peakRssKb: 1,
			}),
		],
		// Per item: A 2 ms, B 1.6 ms (ratio 1.25, over the 1.2 bar); peak RSS 300 vs 250 MiB (1.2).
		s3: [
			record('s3', 'A', { items: 1000, nodeMs: 2000, wallMs: 7000, cpuMs: 3000, peakRssKb: 300 * 1024, lost: 0 }),
			record('s3', 'B', {
				items: 1000,
				nodeMs: 1600,
				httpMs: 1500,
				ifMs: 100,
				wallMs: 6000,
				cpuMs: 2500,
				peakRssKb: 250 * 1024,
				lost: 0,
			}),
			record('s3', 'Z', { items: 1000, nodeMs: 40, wallMs: 4000, cpuMs: 1000, peakRssKb: 200 * 1024 }),
		],
	},
	machine: {
		cpuCount: 2,
		cpuModel: 'Example CPU @ 3.00GHz',
		totalMemoryBytes: 8 * 1024 ** 3,
		osType: 'Linux',
		arch: 'x64',
		nodeVersion: 'v20.19.4',
		n8nVersion: '2.8.4',
		packageVersion: '0.1.0',
		startedAt: Date.UTC(2026, 0, 15, 9, 30),
		finishedAt: Date.UTC(2026, 0, 15, 9, 30) + 12.5 * 60_000,
		loadStart: [1, 0.5, 0.25],
		loadEnd: [2, 1.5, 1],
	},
};

describe('report()', () => {
	const markdown = report(figures);
	const lines = markdown.split('\n');

	test('the machine table says what ran where, and when', () => {
		expect(lines).toEqual(
			expect.arrayContaining([
				'| CPU | 2 × Example CPU @ 3.00GHz |',
				'| Memory | 8.0 GiB |',
				'| OS | Linux x64 |',
				'| Node.js | v20.19.4 |',
				'| n8n | 2.8.4 |',
				'| Date | 2026-01-15 09:30 UTC |',
				'| Bench runtime | 12.5 min |',
				'| Load average at start / end (1, 5, 15 min) | 1.00, 0.50, 0.25 / 2.00, 1.50, 1.00 |',
			]),
		);
	});

	test('the bars of scenarios 1 and 3, in order, with their medians and results', () => {
		const start = lines.indexOf('| Bar | Median | Result |');
		expect(lines.slice(start, start + 7)).toEqual([
			'| Bar | Median | Result |',
			'| --- | --- | --- |',
			'| 1: throughput ≥ 95% of min(R, C/L) | 100.0% | met |',
			'| 1: items lost to 429 = 0 | 0 | met |',
			'| 1: throughput ratio to HTTP Request ≥ 1.0 | 1.250 | met |',
			'| 3: node time per item ≤ 1.2 × HTTP Request + If | 1.25 × | **missed** |',
			'| 3: peak RSS for 1000 items ≤ 1.5 × HTTP Request + If | 1.20 × | met |',
		]);
	});

	test('scenario 1: node time, throughput, share of the ceiling, 429 answers, items lost, wall time', () => {
		expect(lines).toContain('| A: Veritus | 5.00 | 20.00 | 100.0% | 3 | 0 | 9.0 |');
		expect(lines).toContain('| B: HTTP Request + If | 6.25 | 16.00 | 80.0% | 0 | 2 | 10.5 |');
		expect(markdown).toContain(
			"Ratio of A's throughput to B's, per round: **1.250**. Items lost to 429: A 0, B 2 (worst round).",
		);
	});

	test('scenario 3: per-item time and CPU, peak RSS over the baseline', () => {
		// CPU over baseline per item: A (3000 - 1000) / 1000 = 2, B (2500 - 1000) / 1000 = 1.5.
		expect(lines).toContain('| A: Veritus | 2.00 | 2.000 | – | 2.000 | 300 | 100 | 7.0 |');
		expect(lines).toContain('| B: HTTP Request + If | 1.60 | 1.600 | 1.500 | 1.500 | 250 | 50 | 6.0 |');
		expect(lines).toContain('| Baseline: input only | 0.04 | – | – | – | 200 | 0 | 4.0 |');
	});

	test('only the scenarios asked for get a section', () => {
		expect(lines.filter((line) => line.startsWith('## Scenario'))).toEqual([
			'## Scenario 1: throughput at the limit',
			'## Scenario 3: overhead per item',
		]);
	});

	test('the same figures give the same text', () => {
		expect(report(structuredClone(figures))).toBe(markdown);
	});
});

describe('report(): scenario 6, bulk at a tight rate limit', () => {
	// quick config: R = 2 req/s, L = 50 ms, C = 5; Create Many 1000 calls, the others 20.
	// Ceilings: Create Many min(100·2, 5·100/0.05) = 200 calls/s; one call per request min(2, 100) = 2.
	// M: 1000 calls in 6.25 s = 160 calls/s (80%); A: 20 in 10 s = 2/s (100%); B: 20 in 12.5 s = 1.6/s (80%).
	const s6 = {
		...figures,
		scenarios: [6],
		records: {
			s6: [
				record('s6', 'M', {
					items: 1000,
					nodeMs: 6250,
					requests: 11,
					calls: 1000,
					lost: 0,
					phases: { beforeFirstMs: 1200, sendingMs: 4550, afterLastMs: 500, requests: 10 },
				}),
				record('s6', 'A', { items: 20, nodeMs: 10000, requests: 20, calls: 20, lost: 0 }),
				record('s6', 'B', { items: 20, nodeMs: 12500, httpMs: 12400, ifMs: 100, requests: 20, calls: 20, lost: 0 }),
				record('s6', 'P', {
					items: 1000,
					nodeMs: 6400,
					requests: 10,
					calls: 1000,
					lost: 0,
					cpuMs: { total: 10000, 'preparing the items': 2500, ledger: 500, 'n8n and Node.js': 7000, idle: 4000 },
				}),
			],
		},
	};
	const lines = report(s6).split('\n');

	test('calls per second, each as a share of its own ceiling; requests and 429 answers', () => {
		expect(lines).toContain(
			'| Veritus Create Many, 1000 calls | 6.3 | 160.00 | 200 (min(100·R, C·100/L)) | 80.0% | 11 | 1 | 0 |',
		);
		expect(lines).toContain('| Veritus Create, 20 calls | 10.0 | 2.00 | 2 (min(R, C/L)) | 100.0% | 20 | 0 | 0 |');
		expect(lines).toContain('| HTTP Request + If, 20 calls | 12.5 | 1.60 | 2 (min(R, C/L)) | 80.0% | 20 | 0 | 0 |');
		expect(lines).toContain(
			'Create Many / Create, calls per second, per round: **80.0 ×**. Create / HTTP Request: 1.25 ×.',
		);
	});

	test('the bars: Create Many at 80% of its ceiling and 80 × Create', () => {
		expect(lines).toContain('| 6: Create Many ≥ 80% of min(100·R, C·100/L) | 80.0% | met |');
		expect(lines).toContain('| 6: Create Many ≥ 50 × Create, calls/s at the rate limit | 80.0 × | met |');
	});

	test("where Create Many's time went: the phases, and CPU by part with shares of the process's CPU (idle left out)", () => {
		expect(lines).toContain('| Node execution time | 6.25 | 5.00 s at the ceiling |');
		expect(lines.find((line) => line.startsWith('| Start of the node → first request'))).toMatch(/\| 1\.20 \| {2}\|$/);
		expect(lines).toContain(
			'| First request → last answer (10 requests, L included) | 4.55 | 4.55 s: requests 1/R apart |',
		);
		expect(lines).toContain('| preparing the items | 2.50 | 25.0% |');
		expect(lines).toContain('| ledger | 0.50 | 5.0% |');
		expect(lines).toContain('| n8n and Node.js | 7.00 | 70.0% |');
		expect(lines).toContain('| garbage collection | 0.00 | 0.0% |');
	});
});

describe('mergeReport(): a run of some scenarios only', () => {
	const earlier = [
		'Generated by `npm run bench`.',
		'',
		'## Machine and versions',
		'',
		'full run machine',
		'',
		'## Against the acceptance bars',
		'',
		'| Bar | Median | Result |',
		'| --- | --- | --- |',
		'| 1: one | 1 | met |',
		'| 6: old six | 1 | **missed** |',
		'',
		'## Scenario 1: one',
		'',
		'one',
		'',
		'## Scenario 6: six',
		'',
		'old six',
		'',
		'## Queue mode: one worker against two',
		'',
		'queue',
	].join('\n');
	const partial = [
		'Generated by `npm run bench`.',
		'',
		'## Machine and versions',
		'',
		'partial run machine',
		'',
		'## Against the acceptance bars',
		'',
		'| Bar | Median | Result |',
		'| --- | --- | --- |',
		'| 6: new six | 2 | met |',
		'',
		'## Scenario 6: six',
		'',
		'new six',
	].join('\n');

	test('its sections and bars replace theirs; the other scenarios, the machine and the method stay', () => {
		expect(mergeReport(earlier, partial)).toBe(
			[
				'Generated by `npm run bench`.',
				'',
				'## Machine and versions',
				'',
				'full run machine',
				'',
				'## Against the acceptance bars',
				'',
				'| Bar | Median | Result |',
				'| --- | --- | --- |',
				'| 1: one | 1 | met |',
				'| 6: new six | 2 | met |',
				'',
				'## Scenario 1: one',
				'',
				'one',
				'',
				'## Queue mode: one worker against two',
				'',
				'queue',
				'',
				'## Scenario 6: six',
				'',
				'new six',
			].join('\n'),
		);
	});

	test('a new scenario is added in order; with no earlier report the run stands alone; the generated part is read back', () => {
		const withoutSix =
			earlier.split('\n## Scenario 6')[0].trimEnd() + '\n\n## Queue mode: one worker against two\n\nqueue';
		expect(
			mergeReport(withoutSix, partial)
				.split('\n')
				.filter((line) => line.startsWith('## ')),
		).toEqual([
			'## Machine and versions',
			'## Against the acceptance bars',
			'## Scenario 1: one',
			'## Queue mode: one worker against two',
			'## Scenario 6: six',
		]);
		expect(mergeReport('', partial)).toBe(partial);
		expect(generatedPart(spliceReport('# Benchmarks\n', earlier))).toBe(earlier);
	});
});

describe('spliceReport()', () => {
	test('replaces only the text between the markers', () => {
		const existing = `# Benchmarks\n\nIntro.\n\n${BEGIN}\nold figures\n${END}\n\n## Notes\n\nKept.\n`;
		expect(spliceReport(existing, 'new figures')).toBe(
			`# Benchmarks\n\nIntro.\n\n${BEGIN}\nnew figures\n${END}\n\n## Notes\n\nKept.\n`,
		);
	});

	test('without the markers, starts a new document', () => {
		expect(spliceReport('no markers here', 'figures')).toBe(`# Benchmarks\n\n${BEGIN}\nfigures\n${END}\n`);
	});
});
