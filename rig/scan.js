'use strict';

/**
 * The rule set of n8n's community-package scanner (`@n8n/scan-community-package`,
 * the gate n8n runs before it verifies a package) on what we would publish.
 *
 * 1. `npm pack`, then unpack the tarball to a temporary folder.
 * 2. Tarball leg, as the scanner runs it: `analyzePackage(dir, ['**\/*.js', 'package.json'])`.
 * 3. Every `.js` and `.json` file of the tarball (the codex included).
 * 4. Source leg: the scanner lints the source its provenance attestation points at with
 *    `SOURCE_FILE_PATTERNS`; here that source is this checkout.
 *
 * The scanner's registry legs (download by name, npm provenance, fetching the attested source
 * from GitHub) need the published package and cannot run before publishing.
 *
 * Prints each leg's violations and a final line `N passed, N failed`; exits non-zero on any
 * violation. Run `npm run build` first (the e2e runner does).
 */
const fs = require('fs');
const path = require('path');
const { repoRoot, distDir } = require('./paths');
const { packTarball, unpackTarball } = require('./pack');

/** Runs the scanner's legs; resolves `[{ name, passed, message, details }]`. */
async function scanPackage({ log = console.log } = {}) {
	if (!fs.existsSync(path.join(distDir, 'nodes', 'Veritus', 'Veritus.node.js'))) {
		throw new Error('dist/ is missing: run `npm run build` first');
	}
	const scanner = await import('@n8n/scan-community-package/scanner/scanner.mjs');
	const { dir, tarball, files } = packTarball();
	try {
		const unpacked = unpackTarball(tarball, path.join(dir, 'package'));
		log(`Packed ${path.basename(tarball)} (${files.length} files) and unpacked it for the scanner.`);

		const manifest = JSON.parse(fs.readFileSync(path.join(unpacked, 'package.json'), 'utf8'));
		const legs = [
			[
				'tarball leg: compiled .js and package.json (as the scanner runs it)',
				() => scanner.analyzePackage(unpacked, ['**/*.js', 'package.json']),
			],
			// Every .js and .json file, the codex included. Not the .d.ts files: like the scanner, we skip
			// them, because its filename rules hard-code a `.ts` suffix (`X.credentials.d.ts` would be
			// told to rename itself to `X.credentials.ts`); their content is the source leg's.
			['whole tarball: every .js and .json file', () => scanner.analyzePackage(unpacked, ['**/*.js', '**/*.json'])],
			[
				'source leg: package.json, nodes/ and credentials/ of this checkout',
				() => scanner.analyzePackage(repoRoot, scanner.SOURCE_FILE_PATTERNS),
			],
		];
		const results = [];
		for (const [name, run] of legs) {
			const result = await run();
			results.push({ name, ...result });
			log(`${result.passed ? 'PASS' : 'FAIL'}  ${name}${result.passed ? '' : `: ${result.message}`}`);
			if (result.details) log(result.details);
		}
		// The rule set is live: the same package.json with `overrides` added must be rejected.
		const probe = path.join(dir, 'probe');
		fs.mkdirSync(probe);
		fs.writeFileSync(
			path.join(probe, 'package.json'),
			JSON.stringify({ ...manifest, overrides: { xlsx: '0.18.5' } }, null, 2),
		);
		const probeResult = await scanner.analyzePackage(probe, ['package.json']);
		const liveResult = {
			name: 'self-check: the scanner rejects a package.json with `overrides`',
			passed: !probeResult.passed && /overrides/i.test(probeResult.details || ''),
			message: probeResult.passed ? 'the scanner accepted it: its rules did not run' : probeResult.message,
		};
		results.push(liveResult);
		log(
			`${liveResult.passed ? 'PASS' : 'FAIL'}  ${liveResult.name}${liveResult.passed ? '' : `: ${liveResult.message}`}`,
		);

		// Published package.json: the fields n8n's rules and installer care about.
		const manifestProblems = [];
		if (manifest.overrides) manifestProblems.push('has `overrides`');
		if (manifest.dependencies && Object.keys(manifest.dependencies).length)
			manifestProblems.push(`has runtime dependencies: ${Object.keys(manifest.dependencies).join(', ')}`);
		if (!manifest.keywords?.includes('n8n-community-node-package'))
			manifestProblems.push('lacks the keyword n8n-community-node-package');
		if (!manifest.n8n?.nodes?.every((file) => files.includes(file)))
			manifestProblems.push('lists a node file that is not in the tarball');
		if (!manifest.n8n?.credentials?.every((file) => files.includes(file)))
			manifestProblems.push('lists a credential file that is not in the tarball');
		const manifestResult = {
			name: 'published package.json: no overrides, no dependencies, n8n entries packed',
			passed: manifestProblems.length === 0,
			message: manifestProblems.join('; '),
		};
		results.push(manifestResult);
		log(
			`${manifestResult.passed ? 'PASS' : 'FAIL'}  ${manifestResult.name}${manifestResult.passed ? '' : `: ${manifestResult.message}`}`,
		);
		return results;
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

module.exports = { scanPackage };
