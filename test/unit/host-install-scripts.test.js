'use strict';

/**
 * The repository's `.npmrc` says `ignore-scripts=true` (no dependency of ours needs an install
 * script; see CONTRIBUTING, "Install scripts"), and npm passes that setting on to every process an
 * npm script starts as `npm_config_ignore_scripts=true`. The n8n hosts of rig/n8n-host.js must
 * still run their packages' install scripts (sqlite3 builds its native module in one). This runs
 * real npm on a local tarball whose install script writes a file: no registry is involved.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');
const { npmInstall } = require('../../rig/n8n-host');

const PROBE = 'veritus-install-script-probe';

let root;
let tarball;

beforeAll(() => {
	root = fs.mkdtempSync(path.join(os.tmpdir(), 'veritus-install-scripts-'));
	const probe = path.join(root, 'probe');
	fs.mkdirSync(probe);
	fs.writeFileSync(
		path.join(probe, 'package.json'),
		JSON.stringify({
			name: PROBE,
			version: '1.0.0',
			scripts: { install: "node -e \"require('fs').writeFileSync('install-script-ran', 'yes')\"" },
		}),
	);
	const pack = spawnSync('npm', ['pack', '--json', '--pack-destination', root], { cwd: probe, encoding: 'utf8' });
	expect(pack.status).toBe(0);
	tarball = path.join(root, JSON.parse(pack.stdout)[0].filename);
	// A repository like ours: its .npmrc ignores install scripts; a host folder inside it.
	const repo = path.join(root, 'repo');
	fs.mkdirSync(repo);
	fs.writeFileSync(path.join(repo, '.npmrc'), 'ignore-scripts=true\n');
	fs.writeFileSync(path.join(repo, 'package.json'), JSON.stringify({ name: 'repo', private: true }));
});

afterAll(() => {
	fs.rmSync(root, { recursive: true, force: true });
});

/** A host folder inside the fake repository whose package.json depends on the probe. */
function hostFolder(name) {
	const dir = path.join(root, 'repo', '.n8n-host', name);
	fs.mkdirSync(dir, { recursive: true });
	fs.writeFileSync(
		path.join(dir, 'package.json'),
		JSON.stringify({ private: true, dependencies: { [PROBE]: `file:${tarball}` } }),
	);
	return dir;
}

const ran = (dir) => fs.existsSync(path.join(dir, 'node_modules', PROBE, 'install-script-ran'));
/** The environment of a process started by `npm test` in a repository whose .npmrc ignores scripts. */
const underNpmScript = () => ({ ...process.env, npm_config_ignore_scripts: 'true' });

test('a plain npm install started from an npm script inherits ignore-scripts (the problem)', () => {
	const dir = hostFolder('plain');
	const result = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], {
		cwd: dir,
		env: underNpmScript(),
		encoding: 'utf8',
	});
	expect(result.status).toBe(0);
	expect(fs.existsSync(path.join(dir, 'node_modules', PROBE, 'package.json'))).toBe(true);
	expect(ran(dir)).toBe(false);
});

test("the rig's host install runs the install scripts all the same", () => {
	const dir = hostFolder('rig');
	npmInstall(dir, 'the install-script probe', underNpmScript());
	expect(ran(dir)).toBe(true);
});

test("the rig's install with skipped packages rebuilds the others with their scripts", () => {
	const dir = hostFolder('skip');
	npmInstall(dir, 'the install-script probe', underNpmScript(), ['some-other-package']);
	expect(ran(dir)).toBe(true);
});
