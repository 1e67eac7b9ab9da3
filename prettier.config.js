'use strict';

/**
 * One style for every JavaScript and TypeScript file, the style the shipped code (nodes/,
 * credentials/) was written in: tabs, single quotes, semicolons, trailing commas. 120 columns is
 * the width that reformats the least of it. JSON and YAML keep two-space indentation, as npm
 * writes package.json.
 *
 * @type {import('prettier').Config}
 */
module.exports = {
	useTabs: true,
	singleQuote: true,
	semi: true,
	trailingComma: 'all',
	printWidth: 120,
	overrides: [{ files: ['*.json', '*.yml', '*.yaml'], options: { useTabs: false, tabWidth: 2 } }],
};
