/**
 * The end-to-end run that `npm run test:e2e` (scripts/test-e2e.js) starts after building and
 * preparing the pinned n8n:
 *
 * 1. Runs n8n's community-package scanner rule set on the packed tarball (rig/scan.js).
 * 2. Packs the package, installs the tarball into a fresh n8n user folder the way n8n installs
 *    community packages, starts the Veritus API emulator and `n8n start` on 127.0.0.1, and drives
 *    the editor with Debian's Chromium through playwright-core (test/e2e/veritus.e2e.js): node
 *    picker (one "Veritus" entry with the trigger's events and the node's actions), panel, outputs,
 *    credential form and test, AI Agent tools, dark theme, the Veritus Trigger's panel (production
 *    URL, notice, Signature Verification, secret credential) and canvas icon, icons; then restarts
 *    n8n and opens and runs a saved workflow that uses the node.
 *
 * First it prints the n8n version, the installed Chromium and the candidate of
 * `apt-cache policy chromium` (what a fresh machine installs), with a warning when they differ.
 * At the end it prints the browser requests to other hosts it answered 404, and how many UI
 * actions were repeated because their effect had not shown (in total and by step).
 *
 * Screenshots and the n8n server log go to `test-artifacts/e2e/`. Ends with one plain line
 * `N passed, N failed` and exits non-zero on any failure. Needs `/usr/bin/chromium`
 * (`apt-get install -y chromium`; another path with VERITUS_E2E_CHROMIUM).
 */
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { repoRoot } = require('../../rig/paths');
const { ensureN8n } = require('../../rig/n8n-host');
const { packTarball } = require('../../rig/pack');
const { scanPackage } = require('../../rig/scan');
const { runE2e } = require('./veritus.e2e');
const { chromiumVersions, describeChromium } = require('./lib/browser');
const { RetryLog } = require('./lib/act-until');

const artifactsDir = path.join(repoRoot, 'test-artifacts', 'e2e');
const results = [];
const retries = new RetryLog();

/** Runs one named test; records and prints its outcome; resolves whether it passed. */
async function check(name, fn) {
	try {
		await fn();
		results.push({ name, passed: true });
		console.log(`PASS  ${name}`);
		return true;
	} catch (error) {
		results.push({ name, passed: false, error });
		console.log(
			`FAIL  ${name}\n      ${String(error && error.stack ? error.stack : error)
				.split('\n')
				.slice(0, 6)
				.join('\n      ')}`,
		);
		return false;
	}
}

async function main() {
	const host = ensureN8n();
	console.log(`n8n ${host.version} on Node.js ${host.nodeVersion}`);
	for (const line of describeChromium(chromiumVersions())) console.log(line);

	fs.rmSync(artifactsDir, { recursive: true, force: true });
	fs.mkdirSync(artifactsDir, { recursive: true });

	console.log('\n== n8n community-package scanner rule set on the packed tarball');
	for (const leg of await scanPackage({ log: () => {} })) {
		await check(`scan: ${leg.name}`, async () => {
			if (!leg.passed) throw new Error(`${leg.message}\n${leg.details || ''}`);
		});
	}

	console.log(`\n== n8n ${host.version}: install, editor in Chromium, restart`);
	const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'veritus-e2e-'));
	try {
		const { tarball } = packTarball({ dir: workDir });
		await runE2e({
			check,
			bin: host.bin,
			node: host.node,
			tarball,
			workDir,
			artifactsDir,
			retries,
			log: (line) => console.log(line),
		});
	} finally {
		fs.rmSync(workDir, { recursive: true, force: true });
	}
}

main()
	.catch(async (error) => {
		await check('e2e run', async () => {
			throw error;
		});
	})
	.finally(() => {
		const failed = results.filter((result) => !result.passed).length;
		const shots = fs.existsSync(artifactsDir)
			? fs.readdirSync(artifactsDir).filter((file) => file.endsWith('.png'))
			: [];
		console.log(`\n${retries.summary()}`);
		console.log(`Screenshots: ${shots.length} in ${path.relative(repoRoot, artifactsDir)}/`);
		console.log(`\n${results.length - failed} passed, ${failed} failed`);
		process.exit(failed ? 1 : 0);
	});
