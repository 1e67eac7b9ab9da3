#!/usr/bin/env node
'use strict';

/**
 * `npm run demo`: the main job, end to end, on this machine.
 *
 * 1. Builds the package.
 * 2. Installs the pinned n8n on first use (`.n8n-host/`, git-ignored) and reuses it later.
 * 3. Starts the Veritus API emulator on loopback with a fixed clock.
 * 4. Installs the built package into a fresh n8n user folder as a community package, imports a
 *    credential that points at the emulator and the example workflow, and runs it headlessly.
 * 5. Prints how many calls were placed and how many were blocked by each compliance check, and
 *    leaves `demo-output/placed.csv` and `demo-output/blocked.csv`.
 *
 * Exits non-zero when any step fails or the results do not add up.
 */
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');
const { repoRoot } = require('../rig/paths');
const { ensureN8n } = require('../rig/n8n-host');
const { N8nInstance } = require('../rig/n8n-instance');
const { loadCampaignWorkflow, placeCustomersCsv, readCsv, demoCredential } = require('../rig/examples');
// The emulator's clock for the demo: the fixture's customers are designed around it.
const { startEmulator, DEMO_CLOCK } = require('../emulator');

const OUTPUT_DIR = path.join(repoRoot, 'demo-output');

function step(text) {
	console.log(`\n> ${text}`);
}

async function main() {
	step('Building the package');
	const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: repoRoot, stdio: 'inherit' });
	if (build.status !== 0) throw new Error('npm run build failed');

	step('Preparing n8n');
	const host = ensureN8n();
	console.log(`n8n ${host.version} is ready.`);

	step('Starting the Veritus API emulator');
	const token = `demo-${Math.random().toString(36).slice(2)}`;
	const emulator = await startEmulator({ token, clock: DEMO_CLOCK });
	console.log(`Emulator listening on ${emulator.baseUrl} (clock fixed at ${DEMO_CLOCK})`);

	const n8n = new N8nInstance({ version: host.version });
	try {
		step('Running the example workflow in n8n');
		placeCustomersCsv(n8n.filesDir);
		const inputRows = readCsv(path.join(n8n.filesDir, 'customers.csv'));
		await n8n.importCredentials([demoCredential(emulator.baseUrl, token)]);
		const workflow = loadCampaignWorkflow(n8n.filesDir);
		await n8n.importWorkflow(workflow);
		const result = await n8n.execute(workflow.id);
		if (!result.ok) {
			const message = result.error?.message ?? result.stderr.split('\n').slice(-15).join('\n');
			throw new Error(`The workflow failed in n8n: ${message}`);
		}

		fs.rmSync(OUTPUT_DIR, { recursive: true, force: true });
		fs.mkdirSync(OUTPUT_DIR, { recursive: true });
		for (const name of ['placed.csv', 'blocked.csv']) {
			const file = path.join(n8n.filesDir, name);
			if (fs.existsSync(file)) fs.copyFileSync(file, path.join(OUTPUT_DIR, name));
		}
		const placed = readCsv(path.join(OUTPUT_DIR, 'placed.csv'));
		const blocked = readCsv(path.join(OUTPUT_DIR, 'blocked.csv'));
		const callsRecorded = emulator.state.calls.length;

		const byCheck = new Map();
		for (const row of blocked) {
			for (const check of row.failed_checks
				.split(',')
				.map((id) => id.trim())
				.filter(Boolean)) {
				byCheck.set(check, (byCheck.get(check) ?? 0) + 1);
			}
		}

		step('Summary');
		console.log(`Customers in the CSV:        ${inputRows.length}`);
		console.log(`Calls placed:                ${placed.length}   (demo-output/placed.csv)`);
		console.log(`Calls blocked by compliance: ${blocked.length}   (demo-output/blocked.csv)`);
		for (const [check, count] of [...byCheck].sort()) console.log(`  - ${check}: ${count}`);
		console.log(`Calls the emulator recorded: ${callsRecorded}`);

		const problems = [];
		if (placed.length + blocked.length !== inputRows.length) {
			problems.push(
				`placed + blocked = ${placed.length + blocked.length}, but the CSV has ${inputRows.length} customers`,
			);
		}
		if (callsRecorded !== placed.length) {
			problems.push(`the emulator recorded ${callsRecorded} calls, but placed.csv has ${placed.length} rows`);
		}
		if (blocked.some((row) => !row.reasons)) problems.push('a blocked row has no reasons');
		if (problems.length) throw new Error(`The results do not add up: ${problems.join('; ')}`);
		console.log('\nDemo finished: every customer was either called or blocked with its reasons.');
	} finally {
		n8n.cleanup();
		await emulator.close();
	}
}

main().catch((error) => {
	console.error(`\nDemo failed: ${error.message}`);
	process.exitCode = 1;
});
