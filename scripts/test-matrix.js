#!/usr/bin/env node
'use strict';

/**
 * `npm run test:matrix`: the compatibility matrix. For each n8n host of rig/n8n-host.js
 * (HOSTS: the newest n8n 1.x on Node.js 20, n8n 2.8.4 on Node.js 20 and on Node.js 22, the newest
 * n8n 2.x on Node.js 24):
 *
 * 1. installs it on first use (cached in the git-ignored `.n8n-host/`, about 3-8 minutes each;
 *    the missing hosts are installed side by side before the tests start);
 * 2. runs the example workflow the way `npm run demo` does;
 * 3. runs the real-n8n Jest suites (test/n8n) against it.
 *
 * Every step selects the host with VERITUS_N8N_HOST=<name>. Prints a table, writes it to
 * docs/compatibility.md (a run of named hosts replaces their rows only), and ends with one plain line
 * `tests: N passed, N failed` that counts the Jest tests of every host plus one test per host for
 * the example workflow (an install that fails counts as one failed test). Exits non-zero on any
 * failure.
 *
 * `node scripts/test-matrix.js latest2` runs only the named hosts and replaces their rows of the doc.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn, spawnSync } = require('child_process');
const { repoRoot } = require('../rig/paths');
const { HOSTS, ensureN8n, isInstalled } = require('../rig/n8n-host');

const DOC = path.join(repoRoot, 'docs', 'compatibility.md');

function heading(text) {
	console.log(`\n=== ${text} ===`);
}

/** Runs a command with the output shown; returns its exit status. */
function runShown(command, args, env) {
	const result = spawnSync(command, args, { cwd: repoRoot, env, stdio: ['ignore', 'inherit', 'inherit'] });
	return result.status ?? 1;
}

/** The version a Node.js binary reports, without the leading `v`. */
function nodeVersionOf(binary) {
	const result = spawnSync(binary, ['--version'], { encoding: 'utf8' });
	return result.status === 0 ? result.stdout.trim().replace(/^v/, '') : `unknown (${binary} --version failed)`;
}

/** The version of the n8n package installed in a host folder. */
function installedN8nVersion(dir) {
	return JSON.parse(fs.readFileSync(path.join(dir, 'node_modules', 'n8n', 'package.json'), 'utf8')).version;
}

/** Runs the real-n8n Jest suites with `env`; returns `{ status, passed, failed, skipped, failures }`. */
function runJest(env) {
	const report = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'veritus-matrix-')), 'results.json');
	const status = runShown(
		process.execPath,
		[require.resolve('jest/bin/jest'), 'test/n8n', '--json', `--outputFile=${report}`],
		env,
	);
	if (!fs.existsSync(report)) return { status, passed: 0, failed: 1, skipped: 0, failures: ['Jest wrote no results'] };
	const results = JSON.parse(fs.readFileSync(report, 'utf8'));
	const failures = [];
	for (const suite of results.testResults) {
		const file = path.relative(repoRoot, suite.name);
		for (const test of suite.assertionResults) {
			if (test.status === 'failed') failures.push(`${file}: ${test.fullName}`);
		}
		if (suite.status === 'failed' && !suite.assertionResults.some((test) => test.status === 'failed')) {
			failures.push(`${file}: ${suite.message.split('\n').find((line) => line.trim()) ?? 'the suite failed'}`);
		}
	}
	// A suite that fails before its tests run has no failed test; count it as one.
	const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
	return {
		status,
		passed: results.numPassedTests,
		failed,
		skipped: results.numPendingTests + results.numTodoTests,
		failures,
	};
}

/**
 * Installs the hosts that are not installed yet, side by side (each install waits on the registry
 * as much as on the CPU, so two at once take little longer than one). A failed install is only
 * reported here; runHost() tries it again and records the failure.
 */
async function installMissing(hosts) {
	const missing = hosts.filter((host) => !isInstalled(host.name));
	if (!missing.length) return;
	heading(`Installing n8n ${missing.map((host) => `${host.n8nVersion} (${host.name})`).join(', ')}`);
	await Promise.all(
		missing.map(
			(host) =>
				new Promise((resolve) => {
					const child = spawn(process.execPath, [path.join(repoRoot, 'rig', 'n8n-host.js'), host.name], {
						cwd: repoRoot,
						stdio: ['ignore', 'inherit', 'inherit'],
					});
					child.on('error', (error) => {
						console.error(`Installing ${host.name} failed: ${error.message}`);
						resolve();
					});
					child.on('close', (code) => {
						if (code !== 0) console.error(`Installing ${host.name} failed (exit ${code})`);
						resolve();
					});
				}),
		),
	);
}

function runHost(host) {
	const row = {
		name: host.name,
		n8n: host.n8nVersion,
		node: host.nodeVersion ?? process.versions.node,
		install: 'ok',
		example: 'not run',
		tests: null,
		failures: [],
	};
	heading(`n8n ${host.n8nVersion} (${host.name}): install`);
	let installed;
	try {
		installed = ensureN8n(host.name);
		row.n8n = installedN8nVersion(installed.dir);
		row.node = nodeVersionOf(installed.node);
		console.log(`n8n ${row.n8n} on Node.js ${row.node} is ready.`);
	} catch (error) {
		row.install = 'failed';
		row.failures.push(`install: ${error.message}`);
		console.error(error.message);
		return row;
	}
	const env = { ...process.env, VERITUS_N8N_HOST: host.name };
	delete env.VERITUS_N8N_VERSION;

	heading(`n8n ${row.n8n} on Node.js ${row.node}: example workflow (npm run demo)`);
	const demo = runShown(process.execPath, [path.join(repoRoot, 'scripts', 'demo.js')], env);
	row.example = demo === 0 ? 'passed' : 'failed';
	if (demo !== 0) row.failures.push(`example workflow: scripts/demo.js exited ${demo}`);

	heading(`n8n ${row.n8n} on Node.js ${row.node}: real-n8n tests (jest test/n8n)`);
	row.tests = runJest(env);
	row.failures.push(...row.tests.failures);
	if (row.tests.status !== 0 && !row.tests.failures.length) row.failures.push(`jest exited ${row.tests.status}`);
	return row;
}

function resultOf(row) {
	return row.failures.length ? 'FAIL' : 'pass';
}

function testsCell(row) {
	if (!row.tests) return 'not run';
	let text = `${row.tests.passed} passed, ${row.tests.failed} failed`;
	if (row.tests.skipped) text += `, ${row.tests.skipped} skipped`;
	return text;
}

function table(rows) {
	const lines = [
		'| n8n | Node.js | Host | Install | Example workflow | Real-n8n tests (test/n8n) | Result | Run on |',
		'| --- | --- | --- | --- | --- | --- | --- | --- |',
	];
	for (const row of rows) {
		lines.push(
			`| ${row.n8n} | ${row.node} | \`${row.name}\` | ${row.install} | ${row.example} | ${testsCell(row)} | ${resultOf(row)} | ${row.date} |`,
		);
	}
	return lines.join('\n');
}

/**
 * The fixed part of docs/compatibility.md below the table: what else runs on which host, and why
 * the matrix has these versions (the reasons are in rig/n8n-host.js too).
 */
const OTHER_SET_UPS = [
	'## Other tested set-ups',
	'',
	'- n8n 2.8.4 on Node.js 20 (host `2.8.4`) is also what `npm run demo`, `npm test` and',
	'  `npm run test:e2e` run on.',
	'- Queue mode (Postgres, Redis, a main and two workers) is tested on n8n 2.8.4 with',
	'  `npm run test:queue`; see [queue mode](queue-mode.md).',
	'- Why these versions: 1.123.50 is the newest 1.x that installs on Node.js 20 (n8n 1.123.66 and',
	'  later 1.x need Node.js 22 for a native dependency), and 2.41.1 the newest 2.x whose install',
	'  completed when the host was chosen (2.41.3, the `latest` tag then, did not install).',
];

/** Marks the line of docs/compatibility.md that holds its rows as JSON, for runs of named hosts. */
const DATA_MARK = '<!-- matrix rows:';

/** What docs/compatibility.md keeps of a row (runHost's row without the raw Jest status). */
function stored(row, date) {
	const tests = row.tests && { passed: row.tests.passed, failed: row.tests.failed, skipped: row.tests.skipped };
	const { name, n8n, node, install, example, failures } = row;
	return { name, n8n, node, install, example, tests, failures, date: row.date ?? date };
}

/**
 * The rows docs/compatibility.md holds now: from its JSON line, or, for a file written before that
 * line existed, from its table (one date for every row, from its "Last run" line).
 *
 * @returns {object[]} rows as stored(); [] when there is no doc.
 */
function readDocRows() {
	if (!fs.existsSync(DOC)) return [];
	const text = fs.readFileSync(DOC, 'utf8');
	const data = text.split('\n').find((line) => line.startsWith(DATA_MARK));
	if (data) return JSON.parse(data.slice(DATA_MARK.length, data.lastIndexOf('-->')));
	const date = /^Last run: (\S+)\.$/m.exec(text)?.[1] ?? 'unknown';
	const failures = text.split('\n').filter((line) => line.startsWith('- n8n '));
	return text
		.split('\n')
		.map((line) => line.split('|').map((cell) => cell.trim()))
		.filter((cells) => cells.length === 9 && /^`.+`$/.test(cells[3]))
		.map(([, n8n, node, name, install, example, testsText]) => {
			const counts = /^(\d+) passed, (\d+) failed(?:, (\d+) skipped)?$/.exec(testsText);
			const prefix = `- n8n ${n8n} on Node.js ${node}: `;
			return {
				name: name.slice(1, -1),
				n8n,
				node,
				install,
				example,
				tests: counts && { passed: Number(counts[1]), failed: Number(counts[2]), skipped: Number(counts[3] ?? 0) },
				failures: failures.filter((line) => line.startsWith(prefix)).map((line) => line.slice(prefix.length)),
				date,
			};
		});
}

/**
 * Writes docs/compatibility.md: one row per host of HOSTS, in HOSTS order. A run of the whole
 * matrix writes every row; a run of named hosts replaces their rows and keeps the other rows as
 * the doc had them, each with the date of its own run. A host no longer in HOSTS is dropped.
 */
function writeDoc(rows, date) {
	const previous = readDocRows();
	const fresh = rows.map((row) => stored(row, date));
	const all = HOSTS.map(
		(host) => fresh.find((row) => row.name === host.name) ?? previous.find((row) => row.name === host.name),
	).filter(Boolean);
	const failures = all.flatMap((row) =>
		row.failures.map((failure) => `- n8n ${row.n8n} on Node.js ${row.node}: ${failure}`),
	);
	const text = [
		'# Compatibility with n8n versions',
		'',
		'Written by `npm run test:matrix` (scripts/test-matrix.js). For each n8n version it installs that',
		'n8n as a user would (from the npm registry, into the git-ignored `.n8n-host/`), installs the built',
		'package into it as a community package, runs the example workflow',
		'(examples/csv-call-campaign.workflow.json, as `npm run demo` does) and the real-n8n tests in',
		'test/n8n against the Veritus API emulator. The hosts and why each version was chosen are in',
		'rig/n8n-host.js (HOSTS); select one for the demo or the tests with',
		'`VERITUS_N8N_HOST=<host>`. `node scripts/test-matrix.js <host>` runs one host and replaces its',
		'row; "Run on" is the date of the run that wrote each row.',
		'',
		table(all),
		'',
		failures.length ? `Failures:\n\n${failures.join('\n')}` : 'No failures.',
		'',
		...OTHER_SET_UPS,
		'',
		`${DATA_MARK} ${JSON.stringify(all)} -->`,
		'',
	].join('\n');
	fs.mkdirSync(path.dirname(DOC), { recursive: true });
	fs.writeFileSync(DOC, text);
}

async function main() {
	const requested = process.argv.slice(2);
	const unknown = requested.filter((name) => !HOSTS.some((host) => host.name === name));
	if (unknown.length) {
		console.error(`Unknown host ${unknown.join(', ')}; the matrix has ${HOSTS.map((host) => host.name).join(', ')}`);
		process.exit(2);
	}
	const hosts = requested.length ? HOSTS.filter((host) => requested.includes(host.name)) : HOSTS;

	heading('Building the package');
	if (runShown('npm', ['run', '--silent', 'build'], process.env) !== 0) {
		console.error('npm run build failed');
		console.log('\ntests: 0 passed, 1 failed');
		process.exit(1);
	}

	await installMissing(hosts);
	const rows = hosts.map(runHost);
	const date = new Date().toISOString().slice(0, 10);

	heading(`Compatibility matrix (${date})`);
	console.log(table(rows.map((row) => ({ ...row, date }))));
	for (const row of rows) {
		for (const failure of row.failures) console.log(`FAILED on n8n ${row.n8n} / Node.js ${row.node}: ${failure}`);
	}
	writeDoc(rows, date);
	console.log(
		`\nWrote ${path.relative(repoRoot, DOC)}${requested.length ? ` (the rows of ${requested.join(', ')})` : ''}`,
	);

	let passed = 0;
	let failed = 0;
	let skipped = 0;
	for (const row of rows) {
		if (row.install === 'failed') failed += 1;
		if (row.example === 'passed') passed += 1;
		if (row.example === 'failed') failed += 1;
		if (row.tests) {
			passed += row.tests.passed;
			failed += row.tests.failed;
			skipped += row.tests.skipped;
		}
	}
	const hostsFailed = rows.filter((row) => row.failures.length).length;
	console.log(`\nhosts: ${rows.length - hostsFailed} of ${rows.length} passed`);
	console.log(`tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
	process.exit(hostsFailed ? 1 : 0);
}

main().catch((error) => {
	console.error(error);
	console.log('\ntests: 0 passed, 1 failed');
	process.exit(1);
});
