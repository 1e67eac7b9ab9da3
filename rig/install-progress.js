'use strict';

/**
 * Progress lines for a long `npm install` (n8n: 3-6 minutes, about 2.3 GB) that a synchronous
 * caller waits for.
 *
 * `runWithProgress()` blocks like `spawnSync`, but runs the command through this file in a child
 * process (a blocked caller cannot print anything itself). That child starts the command, and
 * every `intervalMs` (10 s by default) prints one line to stderr with the elapsed time, how many
 * packages `<dir>/node_modules` holds so far, and what npm seems to be doing:
 *
 *   Installing n8n 2.8.4: 10 s, 0 packages unpacked so far (resolving the dependency tree)
 *   Installing n8n 2.8.4: 140 s, 1187 packages unpacked so far (downloading and unpacking)
 *   Installing n8n 2.8.4: 330 s, 2090 packages unpacked so far (running install scripts: sqlite3)
 *   Installing n8n 2.8.4: done after 555 s, 2090 packages in node_modules
 *
 * and a last line when the command ends. It exits with the command's exit status.
 *
 * The phase is read from the outside, cheaply: the count of unpacked packages (a package.json in
 * each package folder; never a walk of the whole 2.3 GB tree, which takes longer than 10 s), and
 * on Linux the working folders of npm's child processes, which are the packages whose install
 * scripts are running.
 */
const fs = require('fs');
const path = require('path');
const { spawn, spawnSync } = require('child_process');

/** How often a progress line is printed unless told otherwise, in milliseconds. */
const DEFAULT_INTERVAL_MS = 10_000;

/**
 * Counts the packages unpacked in `<dir>/node_modules`: package folders (`name` or
 * `@scope/name`, nested node_modules included) that hold a package.json. npm creates every
 * package folder early and fills them as it unpacks, so the folders alone say little.
 * Costs a `readdir` per node_modules folder and a `stat` per package (n8n: about 2,000, 0.1 s).
 * @param {string} dir the folder npm installs into
 * @returns {number} 0 when there is no node_modules yet
 */
function countPackages(dir) {
	return countUnpacked(path.join(dir, 'node_modules'));
}

/**
 * countPackages() of one node_modules folder.
 * @param {string} modules
 * @returns {number}
 */
function countUnpacked(modules) {
	let entries;
	try {
		entries = fs.readdirSync(modules, { withFileTypes: true });
	} catch {
		return 0;
	}
	let count = 0;
	for (const entry of entries) {
		if (entry.name.startsWith('.') || !entry.isDirectory()) continue;
		let packageDirs = [path.join(modules, entry.name)];
		if (entry.name.startsWith('@')) {
			try {
				packageDirs = fs
					.readdirSync(path.join(modules, entry.name))
					.filter((name) => !name.startsWith('.'))
					.map((name) => path.join(modules, entry.name, name));
			} catch {
				packageDirs = []; // the scope folder went away between the two reads
			}
		}
		for (const packageDir of packageDirs) {
			if (fs.existsSync(path.join(packageDir, 'package.json'))) count += 1;
			count += countUnpacked(path.join(packageDir, 'node_modules'));
		}
	}
	return count;
}

/**
 * The packages whose install scripts run right now: the working folders of `pid`'s child
 * processes that lie in a node_modules folder (npm runs each script with the package as its
 * working folder). Linux only (/proc); elsewhere, and for a process that has ended, [].
 * @param {number} pid npm's process id
 * @returns {string[]} package names such as `sqlite3` or `@scope/name`, sorted, without repeats
 */
function scriptPackages(pid) {
	let pids;
	try {
		pids = fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name));
	} catch {
		return [];
	}
	const names = new Set();
	for (const candidate of pids) {
		let stat;
		try {
			stat = fs.readFileSync(`/proc/${candidate}/stat`, 'utf8');
		} catch {
			continue;
		}
		// Fields after the command name, which is in parentheses and may hold spaces: state, ppid, …
		const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
		if (ppid !== pid) continue;
		let cwd;
		try {
			cwd = fs.readlinkSync(`/proc/${candidate}/cwd`);
		} catch {
			continue;
		}
		const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\/?$/.exec(cwd.split(path.sep).join('/'));
		if (match) names.add(match[1]);
	}
	return [...names].sort();
}

/**
 * Names what npm is doing from what can be seen of it.
 * @param {object} seen
 * @param {number} seen.packages packages in node_modules now
 * @param {number} seen.grewAgoMs milliseconds since the package count last grew (Infinity: never)
 * @param {string[]} seen.scripts packages whose install scripts run now
 * @param {number} [seen.recentMs] growth this recent still counts as unpacking, default 3 × 10 s;
 *   after that, with packages unpacked and no script seen running, npm is building (scripts
 *   between two beats, bin links, the lockfile)
 * @returns {string} e.g. 'downloading and unpacking'
 */
function describePhase({ packages, grewAgoMs, scripts, recentMs = 3 * DEFAULT_INTERVAL_MS }) {
	if (scripts.length) {
		const shown = scripts.slice(0, 3).join(', ');
		return `running install scripts: ${shown}${scripts.length > 3 ? ` and ${scripts.length - 3} more` : ''}`;
	}
	if (packages === 0) return 'resolving the dependency tree';
	if (grewAgoMs <= recentMs) return 'downloading and unpacking';
	return 'building: install scripts and bin links';
}

/**
 * One progress line.
 * @param {string} label e.g. 'Installing n8n 2.8.4'
 * @param {number} elapsedMs since the command started
 * @param {number} packages packages in node_modules so far
 * @param {string} phase from describePhase()
 * @returns {string} e.g. 'Installing n8n 2.8.4: 40 s, 612 packages unpacked so far (downloading and unpacking)'
 */
function progressLine(label, elapsedMs, packages, phase) {
	return `${label}: ${Math.round(elapsedMs / 1000)} s, ${packages} packages unpacked so far (${phase})`;
}

/**
 * What the helper process runs (also used in its own process by runWithProgress()).
 * @typedef {object} ProgressSpec
 * @property {string} label first words of every line, e.g. 'Installing n8n 2.8.4'
 * @property {string} dir the folder npm installs into (its node_modules is counted)
 * @property {string} command e.g. 'npm'
 * @property {string[]} args
 * @property {number} [intervalMs] between progress lines, default 10,000
 */

/**
 * Runs `spec.command` in `spec.dir` with this process's environment and stdio, printing a progress
 * line to stderr every `spec.intervalMs` and a last line when it ends.
 * @param {ProgressSpec} spec
 * @param {(line: string) => void} [write] where the lines go, stderr by default
 * @returns {Promise<number>} the command's exit status (1 when a signal ended it or it could not start)
 */
function superviseCommand(spec, write = (line) => process.stderr.write(`${line}\n`)) {
	const intervalMs = spec.intervalMs ?? DEFAULT_INTERVAL_MS;
	const started = Date.now();
	let packages = countPackages(spec.dir);
	let grewAt = packages > 0 ? started : -Infinity;
	return new Promise((resolve) => {
		const child = spawn(spec.command, spec.args, { cwd: spec.dir, stdio: ['ignore', 'inherit', 'inherit'] });
		const timer = setInterval(() => {
			const now = Date.now();
			const count = countPackages(spec.dir);
			if (count > packages) grewAt = now;
			packages = count;
			const phase = describePhase({
				packages,
				grewAgoMs: now - grewAt,
				scripts: scriptPackages(child.pid),
				recentMs: 3 * intervalMs,
			});
			write(progressLine(spec.label, now - started, packages, phase));
		}, intervalMs);
		child.on('error', (error) => {
			clearInterval(timer);
			write(`${spec.label}: could not start ${spec.command}: ${error.message}`);
			resolve(1);
		});
		child.on('close', (code, signal) => {
			clearInterval(timer);
			const seconds = Math.round((Date.now() - started) / 1000);
			const how = code === 0 ? 'done' : `failed (${signal ? `ended by ${signal}` : `exit ${code}`})`;
			write(`${spec.label}: ${how} after ${seconds} s, ${countPackages(spec.dir)} packages in node_modules`);
			resolve(code ?? 1);
		});
	});
}

/**
 * Runs a command like `spawnSync`, with progress lines (see the top of this file) printed by a
 * helper child process while the caller is blocked.
 * @param {ProgressSpec} spec
 * @param {object} [options]
 * @param {NodeJS.ProcessEnv} [options.env] environment of the command, process.env by default
 * @param {boolean} [options.capture] collect stdout and stderr instead of showing them (tests)
 * @returns {{ status: number | null, signal: NodeJS.Signals | null, stdout: string, stderr: string }}
 *   the command's exit status (the helper exits with it); stdout and stderr are '' unless captured
 * @throws {Error} when the helper process cannot be started
 */
function runWithProgress(spec, { env = process.env, capture = false } = {}) {
	const result = spawnSync(process.execPath, [__filename, JSON.stringify(spec)], {
		env,
		encoding: 'utf8',
		stdio: capture ? ['ignore', 'pipe', 'pipe'] : ['ignore', 'inherit', 'inherit'],
		maxBuffer: 64 * 1024 * 1024,
	});
	if (result.error) throw result.error;
	return { status: result.status, signal: result.signal, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
}

module.exports = {
	DEFAULT_INTERVAL_MS,
	countPackages,
	scriptPackages,
	describePhase,
	progressLine,
	superviseCommand,
	runWithProgress,
};

if (require.main === module) {
	superviseCommand(JSON.parse(process.argv[2])).then((status) => {
		process.exitCode = status;
	});
}
