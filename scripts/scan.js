#!/usr/bin/env node
'use strict';

/**
 * `npm run scan`: the rule set of n8n's community-package scanner on what we would publish
 * (rig/scan.js). Prints each leg and a final line `N passed, N failed`; exits non-zero on any
 * violation. Run `npm run build` first (the npm script does).
 */
const { scanPackage } = require('../rig/scan');

scanPackage()
	.then((results) => {
		const failed = results.filter((result) => !result.passed).length;
		console.log(
			"Not run here: the scanner's registry legs (download by name, npm provenance, source fetched from the attestation).",
		);
		console.log(`\n${results.length - failed} passed, ${failed} failed`);
		process.exit(failed ? 1 : 0);
	})
	.catch((error) => {
		console.error(error);
		console.log('\n0 passed, 1 failed');
		process.exit(1);
	});
