'use strict';

/**
 * Installs a packed tarball into an n8n user folder the way n8n 2.8's community-package installer
 * does (`CommunityPackagesService.downloadPackage`), with our tarball in place of the one it
 * fetches with `npm pack <name>@<version>`:
 *
 * 1. `<userFolder>/.n8n/nodes/package.json` = `{ name: 'installed-nodes', private: true, dependencies: {} }`
 *    when missing (`ensurePackageJson`);
 * 2. `tar -xzf <tarball> -C .n8n/nodes/node_modules/<name> --strip-components=1`;
 * 3. drop `devDependencies`, `peerDependencies` and `optionalDependencies` from its package.json
 *    (so n8n-workflow is never installed next to the package);
 * 4. `npm install --audit=false --fund=false --bin-links=false --install-strategy=shallow
 *    --ignore-scripts=true --package-lock=false` inside the package folder;
 * 5. add `<name>: <version>` to the nodes folder's package.json dependencies.
 */
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

const NPM_INSTALL_ARGS = [
	'--audit=false',
	'--fund=false',
	'--bin-links=false',
	'--install-strategy=shallow',
	'--ignore-scripts=true',
	'--package-lock=false',
];

function installTarballLikeN8n(userFolder, tarball) {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	fs.mkdirSync(nodesDir, { recursive: true });
	const nodesManifestPath = path.join(nodesDir, 'package.json');
	if (!fs.existsSync(nodesManifestPath)) {
		fs.writeFileSync(
			nodesManifestPath,
			JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2),
		);
	}

	const probe = spawnSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' });
	if (probe.status !== 0) throw new Error(`cannot read package.json from ${tarball}: ${probe.stderr}`);
	const { name } = JSON.parse(probe.stdout);
	const packageDir = path.join(nodesDir, 'node_modules', name);
	fs.rmSync(packageDir, { recursive: true, force: true });
	fs.mkdirSync(packageDir, { recursive: true });
	const untar = spawnSync('tar', ['-xzf', tarball, '-C', packageDir, '--strip-components=1'], { encoding: 'utf8' });
	if (untar.status !== 0) throw new Error(`tar -xzf failed: ${untar.stderr}`);

	const manifestPath = path.join(packageDir, 'package.json');
	const { devDependencies, peerDependencies, optionalDependencies, ...manifest } = JSON.parse(
		fs.readFileSync(manifestPath, 'utf8'),
	);
	fs.writeFileSync(manifestPath, JSON.stringify(manifest, null, 2), 'utf8');

	const install = spawnSync('npm', ['install', ...NPM_INSTALL_ARGS], { cwd: packageDir, encoding: 'utf8' });
	if (install.status !== 0)
		throw new Error(`npm install in ${packageDir} failed (exit ${install.status}):\n${install.stderr}`);

	const nodesManifest = JSON.parse(fs.readFileSync(nodesManifestPath, 'utf8'));
	nodesManifest.dependencies = { ...nodesManifest.dependencies, [name]: manifest.version };
	fs.writeFileSync(nodesManifestPath, JSON.stringify(nodesManifest, null, 2), 'utf8');

	return { name, version: manifest.version, nodesDir, packageDir, npmOutput: `${install.stdout}${install.stderr}` };
}

/**
 * Every folder named `n8n-workflow` under `dir`'s node_modules trees (a nested copy would make the
 * node load its own n8n-workflow instead of n8n's).
 */
function findNestedCopies(dir, packageName = 'n8n-workflow') {
	const found = [];
	const walk = (folder) => {
		let entries;
		try {
			entries = fs.readdirSync(folder, { withFileTypes: true });
		} catch {
			return;
		}
		for (const entry of entries) {
			if (!entry.isDirectory()) continue;
			const full = path.join(folder, entry.name);
			if (path.basename(folder) === 'node_modules' && entry.name === packageName) found.push(full);
			walk(full);
		}
	};
	walk(dir);
	return found;
}

module.exports = { installTarballLikeN8n, findNestedCopies, NPM_INSTALL_ARGS };
