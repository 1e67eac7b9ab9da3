'use strict';

/**
 * n8n's `n8n-node cloud-support` (the real CLI of the dev dependency @n8n/node-cli, through
 * rig/n8n-node-cli.js, which `npm run lint` runs via scripts/cloud-support.js): this package is
 * eligible for n8n Cloud verification, and the check tells an ineligible package apart, for each
 * of the CLI's two conditions.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { cloudSupportStatus } = require('../../rig/n8n-node-cli');

const repoRoot = path.resolve(__dirname, '..', '..');
const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
const N8N_CONFIG = "import { config } from '@n8n/node-cli/eslint';\n\nexport default config;\n";

let dir;
beforeEach(() => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'veritus-cloud-support-'));
});
afterEach(() => {
	fs.rmSync(dir, { recursive: true, force: true });
});

/** A package folder with our package.json (changed by `n8n`) and `eslintConfig` as eslint.config.mjs. */
function packageWith(n8n, eslintConfig) {
	fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ ...manifest, n8n: { ...manifest.n8n, ...n8n } }));
	fs.writeFileSync(path.join(dir, 'eslint.config.mjs'), eslintConfig);
	return dir;
}

test('this package: eligible (strict mode, and eslint.config.mjs is n8n config)', () => {
	expect(fs.readFileSync(path.join(repoRoot, 'eslint.config.mjs'), 'utf8')).toBe(N8N_CONFIG);
	expect(manifest.n8n.strict).toBe(true);
	const status = cloudSupportStatus();
	expect(status).toMatchObject({ eligible: true, strictMode: true, defaultConfig: true });
	expect(status.output).toMatch(/Status: eligible for n8n Cloud verification/);
});

test('the same files elsewhere, on one line: eligible (the CLI compares with whitespace made one space)', () => {
	const status = cloudSupportStatus(packageWith({}, N8N_CONFIG.replace(/\s+/g, ' ')));
	expect(status).toMatchObject({ eligible: true, strictMode: true, defaultConfig: true });
});

test('strict mode off: not eligible', () => {
	const status = cloudSupportStatus(packageWith({ strict: false }, N8N_CONFIG));
	expect(status).toMatchObject({ eligible: false, strictMode: false, defaultConfig: true });
	expect(status.output).toMatch(/NOT eligible/);
});

test('a config of our own in eslint.config.mjs: not eligible', () => {
	const ownConfig = `${N8N_CONFIG.replace('export default config;', 'export default [...config, { rules: {} }];')}`;
	const status = cloudSupportStatus(packageWith({}, ownConfig));
	expect(status).toMatchObject({ eligible: false, strictMode: true, defaultConfig: false });
});

test('a folder that is not an n8n node package: the check throws instead of guessing', () => {
	fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'not-a-node-package' }));
	expect(() => cloudSupportStatus(dir)).toThrow(/exited 1/);
});
