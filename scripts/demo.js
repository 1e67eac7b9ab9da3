#!/usr/bin/env node
'use strict';

/**
 * `npm run demo`: the main job, end to end, on this machine, from a sheet of account numbers to
 * every call's outcome, in a real n8n server.
 *
 * 1. Builds the package.
 * 2. Installs the pinned n8n on first use (`.n8n-host/`, git-ignored) and reuses it later.
 * 3. Starts the Veritus API emulator (no customers yet, a fixed clock and seed, a webhook secret
 *    of this run, webhook delivery on, one `call-ended` event delivered twice) and `n8n start`
 *    with the packed package installed as a community package; creates the credentials and the
 *    two example workflows, and activates the outcomes workflow (rig/campaign-server.js).
 * 4. Runs the campaign workflow (examples/csv-call-campaign.workflow.json): the sheet →
 *    Customer → Create Many → Call → Create with the IDs Veritus returned and the Veritus
 *    Trigger's production URL.
 * 5. Waits until every placed call's `call-ended` is in outcomes.csv (written by
 *    examples/call-outcomes.workflow.json), with a deadline.
 * 6. Checks the files against the emulator's records, prints the summary and writes
 *    `demo-output/{customers,placed,blocked,outcomes}.csv`.
 *
 * Stops everything it started. Exits non-zero when any step fails or the results do not add up;
 * the n8n server log is then kept as `demo-output/n8n-server.log`.
 */
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');
const { repoRoot } = require('../rig/paths');
const { ensureN8n } = require('../rig/n8n-host');
const { CampaignServer, summaryLines } = require('../rig/campaign-server');
const { readCsv, CUSTOMERS_CSV } = require('../rig/examples');

const OUTPUT_DIR = path.join(repoRoot, 'demo-output');

function step(text) {
	console.log(`\n> ${text}`);
}

/** Copies the n8n server log of a failed run to demo-output/n8n-server.log. */
function keepLog(logFile) {
	if (!logFile || !fs.existsSync(logFile)) return;
	fs.mkdirSync(OUTPUT_DIR, { recursive: true });
	fs.copyFileSync(logFile, path.join(OUTPUT_DIR, 'n8n-server.log'));
	console.error('The n8n server log is in demo-output/n8n-server.log.');
}

async function main() {
	fs.rmSync(OUTPUT_DIR, { recursive: true, force: true });

	step('Building the package');
	const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: repoRoot, stdio: 'inherit' });
	if (build.status !== 0) throw new Error('npm run build failed');

	step('Preparing n8n');
	const host = ensureN8n();
	console.log(`n8n ${host.version} is ready.`);

	step('Starting the Veritus API emulator and n8n');
	const run = await CampaignServer.start({ host, log: (line) => console.log(line) }).catch((error) => {
		keepLog(error.logFile);
		throw error;
	});
	let failed = true;
	try {
		step('Running the campaign workflow: sheet → Customer → Create Many → Call → Create');
		const execution = await run.runCampaign();
		const sheet = readCsv(CUSTOMERS_CSV);
		const { placed } = run.results();
		console.log(`Execution ${execution.id}: ${execution.status}; ${placed.length} calls placed.`);

		step(`Waiting for the ${placed.length} calls' call-ended events to reach outcomes.csv`);
		const waited = await run.waitForOutcomes(placed.map((row) => row.call_id));
		console.log(`${waited.outcomes.length} outcomes in outcomes.csv; n8n's log: ${waited.droppedLogLines[0] ?? '-'}`);

		const copied = run.copyResults(OUTPUT_DIR);
		const results = run.results();
		const { problems, duplicate } = await run.check({ sheet, results, waited });

		step('Summary');
		for (const line of summaryLines({ sheet, results, duplicate, veritusCalls: run.emulator.state.calls.length }))
			console.log(line);
		console.log(`\nFiles: ${copied.map((name) => `demo-output/${name}`).join(', ')}`);
		if (problems.length) throw new Error(`The results do not add up:\n  - ${problems.join('\n  - ')}`);
		console.log('\nDemo finished: every customer was created and called or blocked, and every call has its outcome.');
		failed = false;
	} finally {
		if (failed) keepLog(run.logFile);
		await run.stop();
	}
}

main().catch((error) => {
	console.error(`\nDemo failed: ${error.message}`);
	process.exitCode = 1;
});
