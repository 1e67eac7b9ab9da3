/**
 * The pinned n8n used to run the example workflows and the real-n8n tests. It is not a dependency
 * of the package: it is installed on first use into a git-ignored folder (`.n8n-host/<version>/`),
 * with its own package.json, and reused afterwards.
 *
 * n8n 2.8.4 needs an npm `overrides` entry pinning `xlsx` to a registry version, because one of its
 * dependencies points at a tarball outside the registry. That entry lives in the host's own
 * package.json, never in ours (n8n's community-package scanner rejects `overrides`).
 */
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');
const { hostRoot } = require('./paths');

/** The n8n version the demo and `npm test` use: the newest that runs on Node.js 20. */
const DEFAULT_N8N_VERSION = process.env.VERITUS_N8N_VERSION || '2.8.4';

/** Registry version of SheetJS that replaces the off-registry tarball n8n's dependencies name. */
const XLSX_OVERRIDE = '0.18.5';

/** Folder that holds the install of `version`. */
function hostDir(version = DEFAULT_N8N_VERSION) {
	return path.join(hostRoot, version);
}

/** Path of n8n's CLI entry point inside the install of `version`. */
function n8nBin(version = DEFAULT_N8N_VERSION) {
	return path.join(hostDir(version), 'node_modules', 'n8n', 'bin', 'n8n');
}

function isInstalled(version) {
	return fs.existsSync(path.join(hostDir(version), '.installed')) && fs.existsSync(n8nBin(version));
}

function sleepSync(ms) {
	Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Installs n8n `version` into `.n8n-host/<version>/` unless it is already there. Safe to call from
 * several processes at once: a lock folder serialises the install (about 3 minutes, 2.3 GB).
 *
 * @returns `{ version, dir, bin }` where `bin` is n8n's CLI script (run it with `node`).
 * @throws Error when `npm install` fails.
 */
function ensureN8n(version = DEFAULT_N8N_VERSION, { log = console.error } = {}) {
	const dir = hostDir(version);
	if (isInstalled(version)) return { version, dir, bin: n8nBin(version) };

	fs.mkdirSync(hostRoot, { recursive: true });
	const lock = path.join(hostRoot, `${version}.lock`);
	const started = Date.now();
	for (;;) {
		try {
			fs.mkdirSync(lock);
			break;
		} catch (error) {
			if (error.code !== 'EEXIST') throw error;
			if (isInstalled(version)) return { version, dir, bin: n8nBin(version) };
			if (Date.now() - started > 15 * 60 * 1000) throw new Error(`Timed out waiting for ${lock}`);
			sleepSync(1000);
		}
	}
	try {
		if (isInstalled(version)) return { version, dir, bin: n8nBin(version) };
		fs.mkdirSync(dir, { recursive: true });
		const manifest = {
			name: `veritus-n8n-host-${version.replace(/[^0-9a-z]+/gi, '-')}`,
			private: true,
			description: 'Pinned n8n for the demo and the tests of n8n-nodes-veritus. Not published.',
			dependencies: { n8n: version },
			overrides: { xlsx: XLSX_OVERRIDE },
		};
		fs.writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
		log(`Installing n8n ${version} into ${path.relative(process.cwd(), dir) || dir} (first run only, about 3 minutes)...`);
		const result = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], {
			cwd: dir,
			stdio: ['ignore', 'inherit', 'inherit'],
		});
		if (result.status !== 0) throw new Error(`npm install of n8n ${version} failed (exit ${result.status})`);
		fs.writeFileSync(path.join(dir, '.installed'), `${new Date().toISOString()}\n`);
		return { version, dir, bin: n8nBin(version) };
	} finally {
		fs.rmSync(lock, { recursive: true, force: true });
	}
}

module.exports = { DEFAULT_N8N_VERSION, ensureN8n, hostDir, n8nBin };

if (require.main === module) {
	const { version, dir } = ensureN8n(process.argv[2]);
	console.log(`n8n ${version} is ready in ${dir}`);
}
