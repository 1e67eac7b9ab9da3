'use strict';

/** Absolute paths of the repository, shared by the scripts and the tests. */
const path = require('path');

const repoRoot = path.resolve(__dirname, '..');

module.exports = {
	repoRoot,
	/** Git-ignored cache of pinned n8n installs, one folder per version. */
	hostRoot: process.env.VERITUS_N8N_HOST_DIR || path.join(repoRoot, '.n8n-host'),
	examplesDir: path.join(repoRoot, 'examples'),
	distDir: path.join(repoRoot, 'dist'),
};
