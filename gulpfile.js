'use strict';

/**
 * Copies what `tsc` does not emit into `dist/`: the light and dark SVG icons of the node and the
 * credential, and the node's codex file (`*.node.json`). n8n resolves `icon: 'file:veritus.svg'`
 * and the codex relative to the built `.node.js` / `.credentials.js` file.
 */
const { task, src, dest, parallel } = require('gulp');

function copyNodeAssets() {
	return src(['nodes/**/*.svg', 'nodes/**/*.png', 'nodes/**/*.node.json'], { encoding: false }).pipe(
		dest('dist/nodes'),
	);
}

function copyCredentialIcons() {
	return src(['credentials/**/*.svg', 'credentials/**/*.png'], { encoding: false, allowEmpty: true }).pipe(
		dest('dist/credentials'),
	);
}

task('build:icons', parallel(copyNodeAssets, copyCredentialIcons));
