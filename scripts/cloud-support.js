#!/usr/bin/env node
'use strict';

/**
 * Part of `npm run lint`: runs n8n's `n8n-node cloud-support` on this package and fails unless it
 * reports the package as eligible for n8n Cloud verification (rig/n8n-node-cli.js). Eligibility
 * needs `n8n.strict: true` in package.json and `eslint.config.mjs` left as n8n's one-line config;
 * the rest of the repository is linted by eslint.dev.config.mjs. Prints the CLI's verdict; exits 1
 * when the package is not eligible or the CLI cannot say.
 */
const { cloudSupportStatus } = require('../rig/n8n-node-cli');

try {
	const status = cloudSupportStatus();
	if (status.eligible) {
		console.log('n8n-node cloud-support: eligible for n8n Cloud verification (strict mode, default ESLint config)');
		process.exit(0);
	}
	console.error(status.output);
	const reasons = [];
	if (!status.strictMode) reasons.push('package.json must say "n8n": { "strict": true }');
	if (!status.defaultConfig)
		reasons.push(
			"eslint.config.mjs must be n8n's config, exactly: import { config } from '@n8n/node-cli/eslint'; export default config; " +
				'(our own rules go in eslint.dev.config.mjs)',
		);
	console.error(`n8n-node cloud-support: NOT eligible for n8n Cloud verification: ${reasons.join('; ')}`);
	process.exit(1);
} catch (error) {
	console.error(error.message);
	process.exit(1);
}
