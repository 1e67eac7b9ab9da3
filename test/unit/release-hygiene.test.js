'use strict';

/**
 * Release hygiene: the files n8n's verification and our releases rely on are present and valid.
 * The workflows cannot run here; this checks that they parse and say what they must.
 */
const fs = require('fs');
const path = require('path');
const YAML = require('yaml');

const root = path.resolve(__dirname, '..', '..');
const read = (file) => fs.readFileSync(path.join(root, file), 'utf8');
const manifest = JSON.parse(read('package.json'));

function workflow(file) {
	const document = YAML.parseDocument(read(file));
	expect(document.errors).toEqual([]);
	return document.toJS();
}

function steps(parsed) {
	return Object.values(parsed.jobs).flatMap((job) => job.steps);
}

describe('release hygiene', () => {
	test('the version follows semver', () => {
		expect(manifest.version).toMatch(/^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/);
	});

	test('the published package.json has no runtime dependencies and no overrides', () => {
		expect(manifest.dependencies ?? {}).toEqual({});
		expect(manifest.overrides).toBeUndefined();
		expect(manifest.peerDependencies).toEqual({ 'n8n-workflow': '*' });
	});

	test('CHANGELOG.md follows Keep a Changelog and has a section for the current version', () => {
		const changelog = read('CHANGELOG.md');
		expect(changelog).toMatch(/keepachangelog\.com/);
		expect(changelog).toContain('## [Unreleased]');
		expect(changelog).toContain(`## [${manifest.version}]`);
		expect(changelog).toMatch(new RegExp(`^\\[${manifest.version.replace(/\./g, '\\.')}\\]: https://`, 'm'));
	});

	test('the CI workflow lints, builds and tests on Node.js 20, 22 and 24', () => {
		const ci = workflow('.github/workflows/ci.yml');
		const all = steps(ci);
		const runs = all.map((step) => step.run).filter(Boolean);
		for (const command of ['npm ci', 'npm run lint', 'npm run build', 'npm test', 'npm run test:e2e']) {
			expect(runs.some((run) => run.includes(command))).toBe(true);
		}
		expect(ci.jobs.test.strategy.matrix.node).toEqual([20, 22, 24]);
		expect(all.find((step) => String(step.uses).startsWith('actions/setup-node')).with['node-version']).toBe(
			'${{ matrix.node }}',
		);
	});

	test.each(['ci.yml', 'publish.yml'])(
		'%s installs npm 11 before `npm ci` (the npm that writes package-lock.json; npm 10 rejects it)',
		(file) => {
			const runs = steps(workflow(`.github/workflows/${file}`)).map((step) => step.run ?? '');
			const npm11 = runs.findIndex((run) => run === 'npm install --global npm@11');
			expect(npm11).toBeGreaterThanOrEqual(0);
			expect(runs.indexOf('npm ci')).toBeGreaterThan(npm11);
		},
	);

	test('the publish workflow publishes with npm provenance on a v* tag', () => {
		const publish = workflow('.github/workflows/publish.yml');
		expect(publish.on.push.tags).toEqual(['v*']);
		expect(publish.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
		const all = steps(publish);
		const publishStep = all.find((step) => String(step.run).startsWith('npm publish'));
		expect(publishStep.run).toBe('npm publish --provenance --access public');
		expect(publishStep.env.NODE_AUTH_TOKEN).toBe('${{ secrets.NPM_TOKEN }}');
		expect(all.find((step) => String(step.uses).startsWith('actions/setup-node')).with['registry-url']).toBe(
			'https://registry.npmjs.org',
		);
	});
});
