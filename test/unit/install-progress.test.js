'use strict';

/**
 * rig/install-progress.js and its use by rig/n8n-host.js, with fake slow commands instead of a
 * real `npm install`: progress lines appear at the interval with increasing elapsed times, the
 * package count and the phase follow what the command does, and the exit status comes through.
 * Every test waits for the commands to exit (runWithProgress() and spawnSync() block until then).
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');
const { countPackages, describePhase, progressLine, runWithProgress } = require('../../rig/install-progress');

const repoRoot = path.resolve(__dirname, '..', '..');
const LINE = /^(?<label>.+): (?<seconds>\d+) s, (?<packages>\d+) packages unpacked so far \((?<phase>.+)\)$/;

/** The progress lines of `stderr`, parsed. */
function progressLines(stderr) {
	return stderr
		.split('\n')
		.map((line) => LINE.exec(line)?.groups)
		.filter(Boolean)
		.map((groups) => ({ ...groups, seconds: Number(groups.seconds), packages: Number(groups.packages) }));
}

/** A new empty folder. */
function tempDir(prefix) {
	return fs.mkdtempSync(path.join(os.tmpdir(), `veritus-progress-${prefix}-`));
}

/**
 * A Node.js script that unpacks `count` fake packages into `node_modules`, one every `everyMs`,
 * then exits with `exitCode`.
 */
function unpackingScript(count, everyMs, exitCode = 0) {
	return `
		const fs = require('fs');
		let made = 0;
		const timer = setInterval(() => {
			const dir = 'node_modules/fake-' + made;
			fs.mkdirSync(dir, { recursive: true });
			fs.writeFileSync(dir + '/package.json', '{}');
			made += 1;
			if (made === ${count}) {
				clearInterval(timer);
				process.exit(${exitCode});
			}
		}, ${everyMs});
	`;
}

describe('countPackages', () => {
	test('counts package folders with a package.json, scoped and nested ones included', () => {
		const dir = tempDir('count');
		const make = (relative, withManifest = true) => {
			fs.mkdirSync(path.join(dir, relative), { recursive: true });
			if (withManifest) fs.writeFileSync(path.join(dir, relative, 'package.json'), '{}');
		};
		expect(countPackages(dir)).toBe(0);
		make('node_modules/a');
		make('node_modules/@scope/b');
		make('node_modules/@scope/c');
		make('node_modules/@scope/c/node_modules/d');
		make('node_modules/a/node_modules/@other/e');
		make('node_modules/not-unpacked-yet', false);
		make('node_modules/.bin');
		expect(countPackages(dir)).toBe(5);
		fs.rmSync(dir, { recursive: true, force: true });
	});
});

describe('describePhase and progressLine', () => {
	test('names the phase from what can be seen', () => {
		expect(describePhase({ packages: 0, grewAgoMs: Infinity, scripts: [] })).toBe('resolving the dependency tree');
		expect(describePhase({ packages: 12, grewAgoMs: 9_000, scripts: [] })).toBe('downloading and unpacking');
		expect(describePhase({ packages: 12, grewAgoMs: 31_000, scripts: [] })).toBe(
			'building: install scripts and bin links',
		);
		expect(describePhase({ packages: 12, grewAgoMs: 2_500, scripts: [], recentMs: 2_000 })).toBe(
			'building: install scripts and bin links',
		);
		expect(describePhase({ packages: 12, grewAgoMs: 0, scripts: ['sqlite3'] })).toBe(
			'running install scripts: sqlite3',
		);
		expect(describePhase({ packages: 12, grewAgoMs: 0, scripts: ['a', 'b', 'c', 'd', 'e'] })).toBe(
			'running install scripts: a, b, c and 2 more',
		);
	});

	test('one line: label, whole seconds, packages, phase', () => {
		expect(progressLine('Installing n8n 2.8.4', 40_400, 812, 'downloading and unpacking')).toBe(
			'Installing n8n 2.8.4: 40 s, 812 packages unpacked so far (downloading and unpacking)',
		);
	});
});

describe('runWithProgress', () => {
	test('a slow command gets a progress line every interval, with increasing elapsed times and package counts', () => {
		const dir = tempDir('slow');
		const result = runWithProgress(
			{
				label: 'Installing fake',
				dir,
				command: process.execPath,
				args: ['-e', unpackingScript(14, 250)],
				intervalMs: 1000,
			},
			{ capture: true },
		);
		expect(result.status).toBe(0);
		const lines = progressLines(result.stderr);
		expect(lines.length).toBeGreaterThanOrEqual(2);
		for (const [index, line] of lines.entries()) {
			expect(line.label).toBe('Installing fake');
			if (index === 0) continue;
			expect(line.seconds).toBeGreaterThan(lines[index - 1].seconds);
			expect(line.packages).toBeGreaterThanOrEqual(lines[index - 1].packages);
		}
		expect(lines.at(-1).packages).toBeGreaterThan(0);
		expect(lines.some((line) => line.phase === 'downloading and unpacking')).toBe(true);
		expect(result.stderr.trimEnd().split('\n').at(-1)).toMatch(
			/^Installing fake: done after \d+ s, 14 packages in node_modules$/,
		);
		fs.rmSync(dir, { recursive: true, force: true });
	});

	test('the exit status of the command comes through, and the last line says it failed', () => {
		const dir = tempDir('fail');
		const result = runWithProgress(
			{
				label: 'Installing broken',
				dir,
				command: process.execPath,
				args: ['-e', unpackingScript(2, 100, 3)],
				intervalMs: 1000,
			},
			{ capture: true },
		);
		expect(result.status).toBe(3);
		expect(result.stderr.trimEnd().split('\n').at(-1)).toMatch(
			/^Installing broken: failed \(exit 3\) after \d+ s, 2 packages in node_modules$/,
		);
		fs.rmSync(dir, { recursive: true, force: true });
	});

	const linuxOnly = fs.existsSync('/proc/self/stat') ? test : test.skip;
	linuxOnly('a child process working in a package folder shows as that package running its install script', () => {
		const dir = tempDir('scripts');
		const packageDir = path.join(dir, 'node_modules', '@fake', 'native');
		fs.mkdirSync(packageDir, { recursive: true });
		fs.writeFileSync(path.join(packageDir, 'package.json'), '{}');
		// Like npm running `node-gyp rebuild` in the package's folder: a child process with that cwd.
		const script = `require('child_process').spawnSync(process.execPath, ['-e', 'setTimeout(() => {}, 2500)'], { cwd: ${JSON.stringify(packageDir)} });`;
		const result = runWithProgress(
			{ label: 'Installing native', dir, command: process.execPath, args: ['-e', script], intervalMs: 1000 },
			{ capture: true },
		);
		expect(result.status).toBe(0);
		expect(progressLines(result.stderr).map((line) => line.phase)).toContain('running install scripts: @fake/native');
		fs.rmSync(dir, { recursive: true, force: true });
	});
});

describe('rig/n8n-host.js installing through the progress helper', () => {
	test('ensureN8n() prints progress lines while a (fake) npm installs n8n, then finds it installed', () => {
		const hostDir = tempDir('host');
		const fakeBin = tempDir('bin');
		// A fake `npm` first on PATH: `npm install` unpacks a few packages slowly, the last being n8n.
		const fakeNpm = path.join(fakeBin, 'npm');
		fs.writeFileSync(
			fakeNpm,
			`#!${process.execPath}
const fs = require('fs');
if (process.argv[2] !== 'install') process.exit(9);
let made = 0;
const timer = setInterval(() => {
	const dir = made < 5 ? 'node_modules/dep-' + made : 'node_modules/n8n';
	fs.mkdirSync(dir + '/bin', { recursive: true });
	fs.writeFileSync(dir + '/package.json', '{}');
	made += 1;
	if (made === 6) {
		fs.writeFileSync('node_modules/n8n/bin/n8n', '');
		clearInterval(timer);
	}
}, 400);
`,
		);
		fs.chmodSync(fakeNpm, 0o755);
		const result = spawnSync(process.execPath, [path.join(repoRoot, 'rig', 'n8n-host.js'), '9.9.9'], {
			cwd: repoRoot,
			encoding: 'utf8',
			env: {
				...process.env,
				PATH: `${fakeBin}${path.delimiter}${process.env.PATH}`,
				VERITUS_N8N_HOST_DIR: hostDir,
				VERITUS_INSTALL_PROGRESS_MS: '1000',
			},
		});
		expect(result.status).toBe(0);
		const lines = progressLines(result.stderr);
		expect(lines.length).toBeGreaterThanOrEqual(2);
		expect(lines.every((line) => line.label === 'Installing n8n 9.9.9')).toBe(true);
		expect(lines.map((line) => line.seconds)).toEqual(
			[...new Set(lines.map((line) => line.seconds))].sort((a, b) => a - b),
		);
		expect(result.stderr).toMatch(/Installing n8n 9\.9\.9: done after \d+ s, 6 packages in node_modules/);
		expect(result.stdout).toContain(
			`n8n 9.9.9 (Node.js ${process.versions.node}) is ready in ${path.join(hostDir, '9.9.9')}`,
		);
		expect(fs.existsSync(path.join(hostDir, '9.9.9', '.installed'))).toBe(true);
		fs.rmSync(hostDir, { recursive: true, force: true });
		fs.rmSync(fakeBin, { recursive: true, force: true });
	});
});
