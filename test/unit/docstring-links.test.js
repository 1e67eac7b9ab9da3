/**
 * Docstrings in the shipped code point readers at sections of the user's documentation by name:
 * the README, `(README, "Operations")`, or a page of docs/, `(docs/throughput.md, "Throughput,
 * rate limits and retries")`. Each name must be a heading of that file. A reference may break
 * across docstring lines (`*` at the start of the next line).
 */
'use strict';

const fs = require('fs');
const path = require('path');

const repoRoot = path.resolve(__dirname, '..', '..');
const REFERENCE = /(README|docs\/[\w.-]+\.md),? "([^"]+)"/g;

function files(dir) {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) return files(full);
		return entry.name.endsWith('.ts') ? [full] : [];
	});
}

/** The headings of a Markdown file, without their `#`s. */
function headings(file) {
	return new Set(
		fs
			.readFileSync(path.join(repoRoot, file), 'utf8')
			.split('\n')
			.filter((line) => /^#{1,6} /.test(line))
			.map((line) => line.replace(/^#+ /, '').trim()),
	);
}

/** Every reference of a TypeScript file's text, with docstring line breaks joined. */
function references(text) {
	const joined = text.replace(/\n\s*\*\s?/g, ' ');
	return [...joined.matchAll(REFERENCE)].map((match) => ({
		file: match[1] === 'README' ? 'README.md' : match[1],
		section: match[2].replace(/\s+/g, ' '),
	}));
}

test('every documentation section named in nodes/ and credentials/ exists', () => {
	const found = [];
	for (const file of [...files(path.join(repoRoot, 'nodes')), ...files(path.join(repoRoot, 'credentials'))]) {
		for (const reference of references(fs.readFileSync(file, 'utf8'))) {
			found.push({ source: path.relative(repoRoot, file), ...reference });
		}
	}
	expect(found.length).toBeGreaterThan(30);
	expect(found.filter((reference) => reference.file === 'README.md').length).toBeGreaterThan(0);
	const missing = found.filter(
		(reference) =>
			!fs.existsSync(path.join(repoRoot, reference.file)) || !headings(reference.file).has(reference.section),
	);
	expect(missing).toEqual([]);
});

test('a reference across docstring lines is read whole, and a wrong one is found', () => {
	expect(references('/**\n * Create Many (docs/call.md, "Create\n * Many"). See README, "Nowhere".\n */')).toEqual([
		{ file: 'docs/call.md', section: 'Create Many' },
		{ file: 'README.md', section: 'Nowhere' },
	]);
	expect(headings('docs/call.md').has('Create Many')).toBe(true);
	expect(headings('README.md').has('Nowhere')).toBe(false);
});
