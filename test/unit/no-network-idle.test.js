/**
 * No check may wait for the network to go quiet: n8n's editor keeps requests open (push,
 * health checks) and reaches for other hosts, so "network idle" may never come. Checks wait for
 * the thing they are about: a selector, a response, a record.
 */
'use strict';

const fs = require('fs');
const path = require('path');

const repoRoot = path.resolve(__dirname, '..', '..');
// Built from parts so that this file does not match itself.
const FORBIDDEN = new RegExp(['waitFor', 'Net', 'work', 'Idle', '|', 'net', 'work', 'idle'].join(''), 'i');

function sourceFiles(dir) {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(full);
		return /\.(c|m)?(j|t)s$/.test(entry.name) ? [full] : [];
	});
}

test('no file in test/, scripts/ or rig/ waits for network idle', () => {
	const offenders = [];
	for (const folder of ['test', 'scripts', 'rig']) {
		for (const file of sourceFiles(path.join(repoRoot, folder))) {
			fs.readFileSync(file, 'utf8')
				.split('\n')
				.forEach((line, index) => {
					if (FORBIDDEN.test(line)) offenders.push(`${path.relative(repoRoot, file)}:${index + 1}: ${line.trim()}`);
				});
		}
	}
	expect(offenders).toEqual([]);
});

test('the check itself finds a wait for network idle', () => {
	expect(FORBIDDEN.test('await page.waitFor' + 'Net' + 'workIdle();')).toBe(true);
	expect(FORBIDDEN.test("{ waitUntil: 'net" + "workidle2' }")).toBe(true);
});
