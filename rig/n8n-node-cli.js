'use strict';

/**
 * n8n's node CLI, `n8n-node` (the dev dependency `@n8n/node-cli`), run as a person runs it.
 *
 * `n8n-node cloud-support` reports whether a package is eligible for n8n Cloud verification. It
 * reads two things from the folder it runs in: `n8n.strict === true` in package.json, and
 * `eslint.config.mjs`, which, with runs of whitespace made one space, must read exactly
 * `import { config } from '@n8n/node-cli/eslint'; export default config;`. It prints its verdict
 * and exits 0 either way, so the verdict is read from what it prints.
 */
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');
const { stripVTControlCharacters } = require('util');
const { repoRoot } = require('./paths');

/**
 * Path of the `n8n-node` entry point (`bin/n8n-node.mjs`) of the @n8n/node-cli installed in the
 * repository. The package exports only `./eslint`, so its folder is found from that file.
 *
 * @throws Error when @n8n/node-cli is not installed (run `npm install`).
 */
function n8nNodeBin() {
	let dir = path.dirname(require.resolve('@n8n/node-cli/eslint', { paths: [repoRoot] }));
	while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
	const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
	return path.join(dir, manifest.bin['n8n-node']);
}

/**
 * Runs `n8n-node cloud-support` (the status, no argument) in `dir` and reads its verdict.
 *
 * @param {string} [dir] the package folder (the repository by default)
 * @returns {{ eligible: boolean, strictMode: boolean, defaultConfig: boolean, output: string }}
 *   `eligible`: the CLI said "eligible for n8n Cloud verification" (not "NOT eligible");
 *   `strictMode`: it said "Strict mode: enabled"; `defaultConfig`: it said "ESLint config: using
 *   default config"; `output`: what it printed, without colour codes.
 * @throws Error when the CLI cannot start, exits non-zero (e.g. no package.json with `n8n.nodes`
 *   in `dir`), runs over 60 s, or prints no verdict (a newer CLI that words it differently).
 */
function cloudSupportStatus(dir = repoRoot) {
	const result = spawnSync(process.execPath, [n8nNodeBin(), 'cloud-support'], {
		cwd: dir,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'pipe'],
		env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
		timeout: 60_000,
	});
	const output = stripVTControlCharacters(`${result.stdout ?? ''}${result.stderr ?? ''}`);
	if (result.error) throw new Error(`n8n-node cloud-support could not run: ${result.error.message}`);
	if (result.status !== 0) throw new Error(`n8n-node cloud-support exited ${result.status}:\n${output}`);
	const status = /Status:\s*(NOT eligible|eligible) for n8n Cloud verification/.exec(output);
	const strict = /Strict mode:\s*(enabled|disabled)/.exec(output);
	const config = /ESLint config:\s*using (default|custom) config/.exec(output);
	if (!status || !strict || !config) throw new Error(`n8n-node cloud-support printed no verdict:\n${output}`);
	return {
		eligible: status[1] === 'eligible',
		strictMode: strict[1] === 'enabled',
		defaultConfig: config[1] === 'default',
		output,
	};
}

module.exports = { cloudSupportStatus, n8nNodeBin };
