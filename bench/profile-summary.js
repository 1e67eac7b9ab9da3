#!/usr/bin/env node
'use strict';

/**
 * Summarises a V8 `.cpuprofile` (as written by `node --cpu-prof`): the functions with the most
 * self time, and the total (inclusive) time under each function of this package.
 *
 *   node bench/profile-summary.js <file.cpuprofile> [top=25]
 *
 * The bench writes profiles of the n8n process with BENCH_CPU_PROFILE=1 (see scripts/bench.js);
 * scenario 6 profiles one Create Many run of its own and reports its CPU time by part (`categorise`).
 */
const fs = require('fs');

function summarise(file, top = 25) {
	const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
	const byId = new Map(profile.nodes.map((node) => [node.id, node]));
	const parent = new Map();
	for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
	const selfUs = new Map();
	const deltas = profile.timeDeltas;
	profile.samples.forEach((id, index) => selfUs.set(id, (selfUs.get(id) ?? 0) + (deltas[index + 1] ?? 0)));
	const label = (node) => {
		const { functionName, url, lineNumber } = node.callFrame;
		const where = url ? url.replace(/^.*node_modules\//, '').replace(/^file:\/\//, '') : '';
		return `${functionName || '(anonymous)'} ${where}:${lineNumber + 1}`;
	};
	const self = new Map();
	let totalUs = 0;
	for (const [id, us] of selfUs) {
		const key = label(byId.get(id));
		self.set(key, (self.get(key) ?? 0) + us);
		totalUs += us;
	}
	// Inclusive time of this package's functions (each sample counted once per function).
	const inclusive = new Map();
	for (const [id, us] of selfUs) {
		const seen = new Set();
		for (let current = id; current !== undefined; current = parent.get(current)) {
			const node = byId.get(current);
			if (!/n8n-nodes-veritus/.test(node.callFrame.url)) continue;
			const key = label(node);
			if (seen.has(key)) continue;
			seen.add(key);
			inclusive.set(key, (inclusive.get(key) ?? 0) + us);
		}
	}
	const ms = (us) => `${(us / 1000).toFixed(0).padStart(7)} ms`;
	console.log(`Total sampled: ${ms(totalUs)}\n\nSelf time, top ${top}:`);
	for (const [key, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${ms(us)}  ${key}`);
	console.log('\nInclusive time under this package:');
	for (const [key, us] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${ms(us)}  ${key}`);
}

/**
 * Parts of the n8n process's work, for the bulk scenario: the first rule that matches any frame of
 * a sample's stack (leaf to root) names its part. Frames are told apart by their script's path.
 */
const PARTS = [
	['ledger', /n8n-nodes-veritus\/dist\/nodes\/Veritus\/(ledger\/|pipeline\/claim)|\/deduplication\//],
	[
		'preparing the items',
		/n8n-nodes-veritus\/dist\/nodes\/Veritus\/(pipeline\/(prepare|guards|localChecks)|actions\/call\/createMany\.item|helpers\/)/,
	],
	[
		'requests and answers',
		/n8n-nodes-veritus\/dist\/nodes\/Veritus\/(pipeline\/(send|executionMemo)|transport\/|actions\/call\/createMany\.(operation|answer)|compliance\/)/,
	],
	['output items', /n8n-nodes-veritus\/dist\/nodes\/Veritus\/(pipeline\/(route|hints|batch)|actions\/call\/output)/],
	['the node, other', /n8n-nodes-veritus\//],
];

/**
 * CPU time of a V8 `.cpuprofile` by part: the parts of {@link PARTS}, then `garbage collection`,
 * `idle` and everything else as `n8n and Node.js` (start-up, the Code node, the engine, saving
 * and printing the run data).
 * @param {string} file
 * @returns {Record<string, number>} milliseconds by part, `total` included
 */
function categorise(file) {
	const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
	const byId = new Map(profile.nodes.map((node) => [node.id, node]));
	const parent = new Map();
	for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
	const partOf = new Map();
	const part = (id) => {
		if (partOf.has(id)) return partOf.get(id);
		const leaf = byId.get(id).callFrame.functionName;
		let found;
		if (leaf === '(idle)') found = 'idle';
		else if (leaf === '(garbage collector)') found = 'garbage collection';
		else {
			for (let current = id; current !== undefined && !found; current = parent.get(current)) {
				const url = byId.get(current).callFrame.url;
				if (url) found = PARTS.find(([, pattern]) => pattern.test(url))?.[0];
			}
		}
		found ??= 'n8n and Node.js';
		partOf.set(id, found);
		return found;
	};
	const totals = { total: 0 };
	profile.samples.forEach((id, index) => {
		const us = profile.timeDeltas[index + 1] ?? 0;
		const name = part(id);
		totals[name] = (totals[name] ?? 0) + us / 1000;
		if (name !== 'idle') totals.total += us / 1000;
	});
	return totals;
}

if (require.main === module) {
	if (!process.argv[2]) {
		console.error('Usage: node bench/profile-summary.js <file.cpuprofile> [top]');
		process.exit(2);
	}
	summarise(process.argv[2], Number(process.argv[3] || 25));
}

module.exports = { summarise, categorise, PARTS };
