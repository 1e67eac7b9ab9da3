/**
 * Copies the node and credential icons (SVG/PNG) next to the compiled JavaScript in `dist/`,
 * because n8n resolves `icon: 'file:veritus.svg'` relative to the built `.node.js` file.
 */
const path = require('path');
const { task, src, dest } = require('gulp');

function copyIcons() {
	const nodeSource = path.resolve('nodes', '**', '*.{png,svg}');
	const nodeDestination = path.resolve('dist', 'nodes');
	src(nodeSource, { encoding: false }).pipe(dest(nodeDestination));

	const credSource = path.resolve('credentials', '**', '*.{png,svg}');
	const credDestination = path.resolve('dist', 'credentials');
	return src(credSource, { encoding: false }).pipe(dest(credDestination));
}

task('build:icons', copyIcons);
