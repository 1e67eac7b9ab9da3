#!/usr/bin/env node
'use strict';

/**
 * `npm test`: builds the package, installs the pinned n8n on first use (git-ignored cache), then
 * runs every Jest suite (unit, emulator, in-process n8n, real n8n CLI). Extra arguments go to
 * Jest, e.g. `npm test -- test/unit`.
 *
 * Ends with one plain line `N passed, N failed` (test counts) and exits non-zero on any failure.
 */
const { ensureN8n } = require('../rig/n8n-host');
const { buildOrExit, runJest } = require('../rig/jest');

buildOrExit();
ensureN8n();
const { status, summary } = runJest(process.argv.slice(2));
console.log(`\n${summary}`);
process.exit(status);
