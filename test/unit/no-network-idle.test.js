/**
 * No check may wait for the network to go quiet: n8n's editor keeps requests open (push,
 * health checks) and reaches for other hosts, so "network idle" may never come. Nor may it
 * sleep a fixed time through the browser library. Checks wait for the thing they are about: a
 * selector, a response, a record.
 *
 * Both browser libraries' spellings count: Puppeteer's method and its two load states,
 * Playwright's load state of the same name (the end-to-end test drives Chromium with
 * playwright-core), and the fixed-sleep method of both. This file spells none of them.
 */
'use strict';

const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

const repoRoot = path.resolve(__dirname, '..', '..');
// Built from parts so that this file does not match itself.
const IDLE = ['net', 'work', 'idle'].join('');
const IDLE_METHOD = ['waitFor', 'Net', 'work', 'Idle'].join('');
const SLEEP_METHOD = ['waitFor', 'Time', 'out'].join('');
const FORBIDDEN = new RegExp(`${IDLE_METHOD}|${IDLE}`, 'i');
const FIXED_SLEEP = new RegExp(`\\.${SLEEP_METHOD}\\b|\\b${SLEEP_METHOD}\\s*\\(`);

function sourceFiles(dir) {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(full);
		return /\.(c|m)?(j|t)s$/.test(entry.name) ? [full] : [];
	});
}

/** `file:line: text` of every line in test/, scripts/ and rig/ that `pattern` matches. */
function offenders(pattern) {
	const found = [];
	for (const folder of ['test', 'scripts', 'rig']) {
		for (const file of sourceFiles(path.join(repoRoot, folder))) {
			fs.readFileSync(file, 'utf8')
				.split('\n')
				.forEach((line, index) => {
					if (pattern.test(line)) found.push(`${path.relative(repoRoot, file)}:${index + 1}: ${line.trim()}`);
				});
		}
	}
	return found;
}

test('no file in test/, scripts/ or rig/ waits for network idle', () => {
	expect(offenders(FORBIDDEN)).toEqual([]);
});

test('no file in test/, scripts/ or rig/ sleeps a fixed time through the browser library', () => {
	expect(offenders(FIXED_SLEEP)).toEqual([]);
});

test('the check itself finds a wait for network idle, in Puppeteer and in Playwright', () => {
	expect(FORBIDDEN.test(`await page.${IDLE_METHOD}();`)).toBe(true);
	expect(FORBIDDEN.test(`{ waitUntil: '${IDLE}2' }`)).toBe(true);
	expect(FORBIDDEN.test(`await page.goto(url, { waitUntil: '${IDLE}' });`)).toBe(true);
	expect(FORBIDDEN.test(`await page.waitForLoadState('${IDLE}');`)).toBe(true);
	expect(FORBIDDEN.test("await page.waitForLoadState('domcontentloaded');")).toBe(false);
});

test('the check itself finds a fixed sleep, and not a wait with a timeout option', () => {
	expect(FIXED_SLEEP.test(`await page.${SLEEP_METHOD}(500);`)).toBe(true);
	expect(FIXED_SLEEP.test(`const { ${SLEEP_METHOD} } = page; await ${SLEEP_METHOD}(500);`)).toBe(true);
	expect(FIXED_SLEEP.test('await locator.click({ timeout: 2_000 });')).toBe(false);
});

/**
 * Lints `source` with the project's config (eslint.dev.config.mjs, which holds the rule) as if it
 * lay at `file` (a path relative to the repository) and returns its messages as `line rule`
 * strings, e.g. `['6 no-restricted-syntax']`.
 */
function lintAs(file, source) {
	const result = spawnSync(
		process.execPath,
		[
			path.join(path.dirname(require.resolve('eslint/package.json')), 'bin', 'eslint.js'),
			'--config',
			'eslint.dev.config.mjs',
			'--stdin',
			'--stdin-filename',
			file,
			'--format',
			'json',
		],
		{ cwd: repoRoot, input: source, encoding: 'utf8' },
	);
	expect(result.stderr).toBe('');
	const [report] = JSON.parse(result.stdout);
	return report.messages.map((message) => `${message.line} ${message.ruleId}`);
}

test("the lint rule rejects Playwright's network-idle waits and fixed sleeps in the end-to-end test", () => {
	const probe = [
		"'use strict';",
		'',
		'async function open(page, url) {',
		`	await page.goto(url, { waitUntil: '${IDLE}' }); // line 4: the load state`,
		`	await page.waitForLoadState('${IDLE}'); // line 5: the load state, waited for`,
		`	await page.${SLEEP_METHOD}(500); // line 6: a fixed sleep`,
		`	const { ${SLEEP_METHOD} } = page; // line 7: the fixed sleep, destructured`,
		"	await page.locator('#ready').waitFor({ state: 'visible', timeout: 2_000 });",
		`	return ${SLEEP_METHOD};`,
		'}',
		'',
		'module.exports = { open };',
		'',
	].join('\n');
	expect(lintAs('test/e2e/probe.js', probe)).toEqual([
		'4 no-restricted-syntax',
		'5 no-restricted-syntax',
		'6 no-restricted-properties',
		'7 no-restricted-properties',
	]);
});
