#!/usr/bin/env node
'use strict';

/**
 * `npm run test:e2e`: the package as a user gets it, in a real n8n and a real browser.
 *
 * Builds, prepares the pinned n8n (git-ignored `.n8n-host/`, installed on first use), then runs
 * test/e2e/run.js in its own process: the community-package scanner's rule set on the packed
 * tarball, then the tarball installed into a fresh n8n the way n8n installs community packages and
 * the editor driven in Debian's Chromium. Exits with that run's status; its last line is
 * `N passed, N failed`.
 */
const { spawnSync } = require('child_process');
const path = require('path');
const { repoRoot } = require('../rig/paths');
const { ensureN8n } = require('../rig/n8n-host');
const { buildOrExit } = require('../rig/jest');

buildOrExit();
ensureN8n();
const run = spawnSync(process.execPath, [path.join(repoRoot, 'test', 'e2e', 'run.js')], {
	cwd: repoRoot,
	stdio: 'inherit',
});
process.exit(run.status ?? 1);
