'use strict';

/**
 * Packs the package exactly as `npm publish` would (`npm pack`) and unpacks the tarball the way
 * n8n and n8n's scanner do (`tar -xzf <tgz> --strip-components=1`).
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');
const { repoRoot } = require('./paths');

/**
 * Runs `npm pack` into a new temporary folder.
 *
 * @returns `{ dir, tarball, files }`: the folder, the tarball's absolute path, and the packed file
 *   paths as npm lists them.
 * @throws Error when `npm pack` fails.
 */
function packTarball({ dir = fs.mkdtempSync(path.join(os.tmpdir(), 'veritus-pack-')) } = {}) {
	const result = spawnSync('npm', ['pack', '--json', '--pack-destination', dir], {
		cwd: repoRoot,
		encoding: 'utf8',
		// Skip lifecycle scripts: the callers build first, and `prepack` must not rebuild mid-test.
		env: { ...process.env, npm_config_ignore_scripts: 'true' },
	});
	if (result.status !== 0) throw new Error(`npm pack failed (exit ${result.status}):\n${result.stderr}`);
	const [info] = JSON.parse(result.stdout);
	return { dir, tarball: path.join(dir, info.filename), files: info.files.map((file) => file.path), info };
}

/** Unpacks `tarball` into `target` (created), dropping the tarball's top folder `package/`. */
function unpackTarball(tarball, target) {
	fs.mkdirSync(target, { recursive: true });
	const result = spawnSync('tar', ['-xzf', tarball, '-C', target, '--strip-components=1'], { encoding: 'utf8' });
	if (result.status !== 0) throw new Error(`tar -xzf failed (exit ${result.status}):\n${result.stderr}`);
	return target;
}

module.exports = { packTarball, unpackTarball };
