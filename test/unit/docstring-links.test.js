/**
 * Docstrings in the shipped code point readers at README sections by name, for example
 * `(README, "Throughput, rate limits and retries")`. Each name must be a heading of the README.
 */
'use strict';

const fs = require('fs');
const path = require('path');

const repoRoot = path.resolve(__dirname, '..', '..');
const REFERENCE = /README,? "([^"]+)"/g;

function files(dir) {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) return files(full);
		return entry.name.endsWith('.ts') ? [full] : [];
	});
}

test('every README section named in nodes/ and credentials/ exists', () => {
	const headings = new Set(
		fs
			.readFileSync(path.join(repoRoot, 'README.md'), 'utf8')
			.split('\n')
			.filter((line) => /^#{1,6} /.test(line))
			.map((line) => line.replace(/^#+ /, '').trim()),
	);
	const references = [];
	for (const file of [...files(path.join(repoRoot, 'nodes')), ...files(path.join(repoRoot, 'credentials'))]) {
		for (const match of fs.readFileSync(file, 'utf8').matchAll(REFERENCE)) {
			references.push({ file: path.relative(repoRoot, file), section: match[1] });
		}
	}
	expect(references.length).toBeGreaterThan(0);
	expect(references.filter((reference) => !headings.has(reference.section))).toEqual([]);
});
