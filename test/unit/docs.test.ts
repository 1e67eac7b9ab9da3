/**
 * The documentation: README.md and the pages of docs/ (what a user reads), and CONTRIBUTING.md,
 * BENCHMARKS.md, CHANGELOG.md and the emulator's READMEs.
 *
 * 1. Every relative link resolves: the file or folder exists, and a `#anchor` names a heading of
 *    the target by GitHub's rules (github-slugger: lower case; punctuation and symbols such as `→`
 *    dropped; each space becomes `-`; a repeated heading gets `-1`, `-2`, …). The documentation
 *    URLs of the codex files and the credentials, which point into this repository on GitHub, are
 *    checked the same way.
 * 2. Every operation of the Veritus node (the resource options × the operation options of its
 *    description) has a row in the README's operation table, with its action, linking to a
 *    `## <Operation>` section of its page that holds an example. So does the Veritus Trigger: its
 *    row links to its page, which names every event of its Events option. No row names an
 *    operation the node does not have.
 * 3. The README stays short: at most 300 lines.
 *
 * The checks of 1 and 2 also run once on a broken copy, to show that they fail.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';

import GithubSlugger from 'github-slugger';
import type { INodePropertyOptions } from 'n8n-workflow';

import { VeritusApi } from '../../credentials/VeritusApi.credentials';
import { VeritusWebhookSecretApi } from '../../credentials/VeritusWebhookSecretApi.credentials';
import { Veritus } from '../../nodes/Veritus/Veritus.node';
import { VeritusTrigger } from '../../nodes/VeritusTrigger/VeritusTrigger.node';

const repoRoot = path.resolve(__dirname, '..', '..');
const README = path.join(repoRoot, 'README.md');
/** This repository on GitHub (package.json's `repository`): its links are checked as local files. */
const REPO_URL = 'https://github.com/veritus-agent/n8n-nodes-veritus';
const README_MAX_LINES = 300;

/** The Markdown files whose links are checked: the README, docs/, and the repository's other documents. */
function documentationFiles(): string[] {
	const docs = fs
		.readdirSync(path.join(repoRoot, 'docs'))
		.filter((name) => name.endsWith('.md'))
		.map((name) => path.join(repoRoot, 'docs', name));
	const others = [
		'CONTRIBUTING.md',
		'BENCHMARKS.md',
		'CHANGELOG.md',
		'emulator/README.md',
		'emulator/fixtures/README.md',
	];
	return [README, ...docs, ...others.map((file) => path.join(repoRoot, file))];
}

/** The text with fenced code blocks blanked, line for line (their links and `#` lines are not Markdown). */
function withoutFences(text: string): string {
	let fence: string | undefined;
	return text
		.split('\n')
		.map((line) => {
			const marker = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
			if (fence === undefined && marker) {
				fence = marker[0];
				return '';
			}
			if (fence !== undefined) {
				if (marker && marker[0] === fence) fence = undefined;
				return '';
			}
			return line;
		})
		.join('\n');
}

interface Heading {
	level: number;
	text: string;
	/** GitHub's anchor for it, counting the headings before it of the same text. */
	slug: string;
	/** 0-based line */
	line: number;
}

/** The ATX headings (`#` to `######`) of a Markdown text, with GitHub's anchors. */
function headings(text: string): Heading[] {
	const slugger = new GithubSlugger();
	const found: Heading[] = [];
	withoutFences(text)
		.split('\n')
		.forEach((line, index) => {
			const match = /^(#{1,6})\s+(.+?)\s*#*\s*$/.exec(line);
			if (match) {
				found.push({ level: match[1].length, text: match[2], slug: slugger.slug(match[2]), line: index });
			}
		});
	return found;
}

interface Link {
	target: string;
	/** 1-based line of the link */
	line: number;
}

/** The inline links and images of a Markdown text (code spans and fenced blocks left out). */
function links(text: string): Link[] {
	const prose = withoutFences(text).replace(/(`+)[\s\S]*?\1/g, (code) => code.replace(/[^\n]/g, ' '));
	const found: Link[] = [];
	for (const match of prose.matchAll(/!?\[[^\]]*\]\(\s*<?([^\s)>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
		found.push({ target: match[1], line: prose.slice(0, match.index).split('\n').length });
	}
	return found;
}

/**
 * Where a link points in this repository: the file and the anchor (without `#`), or undefined for
 * a link elsewhere. `https://github.com/<this repository>#x` is the README's anchor x (`#readme` is
 * GitHub's own anchor for the README, not a heading); `…/blob/main/<path>` is that file.
 */
function resolveLink(from: string, target: string): { file: string; anchor?: string } | undefined {
	let local: string;
	let base = path.dirname(from);
	if (/^[a-z][a-z0-9+.-]*:/i.test(target)) {
		if (target !== REPO_URL && !target.startsWith(`${REPO_URL}#`) && !target.startsWith(`${REPO_URL}/blob/main/`)) {
			return undefined;
		}
		if (target === `${REPO_URL}#readme`) return { file: README };
		const rest = target.slice(REPO_URL.length).replace(/^\/blob\/main\//, '');
		local = rest.startsWith('#') || rest === '' ? `README.md${rest}` : rest;
		base = repoRoot;
	} else {
		local = target.startsWith('#') ? `${path.basename(from)}${target}` : target;
	}
	const hash = local.indexOf('#');
	const file = path.resolve(base, decodeURIComponent(hash === -1 ? local : local.slice(0, hash)));
	return hash === -1 ? { file } : { file, anchor: local.slice(hash + 1) };
}

/** What is wrong with one link, or undefined. */
function linkProblem(from: string, target: string): string | undefined {
	const resolved = resolveLink(from, target);
	if (!resolved) return undefined;
	if (!fs.existsSync(resolved.file)) return `${path.relative(repoRoot, resolved.file)} does not exist`;
	if (resolved.anchor === undefined) return undefined;
	if (!resolved.file.endsWith('.md'))
		return `an anchor into ${path.relative(repoRoot, resolved.file)}, not a Markdown file`;
	const slugs = headings(fs.readFileSync(resolved.file, 'utf8')).map((heading) => heading.slug);
	return slugs.includes(resolved.anchor)
		? undefined
		: `no heading of ${path.relative(repoRoot, resolved.file)} has the anchor #${resolved.anchor}`;
}

/** Every broken link of the given Markdown files, as `file:line target: problem`. */
function brokenLinks(files: string[]): string[] {
	return files.flatMap((file) =>
		links(fs.readFileSync(file, 'utf8')).flatMap(({ target, line }) => {
			const problem = linkProblem(file, target);
			return problem ? [`${path.relative(repoRoot, file)}:${line} ${target}: ${problem}`] : [];
		}),
	);
}

interface Operation {
	resource: string;
	operation: string;
	action: string;
}

/** Every operation of the Veritus node: each resource option × the operation options shown for it. */
function nodeOperations(): Operation[] {
	const { properties } = new Veritus().description;
	const resources = properties.find((property) => property.name === 'resource')?.options as INodePropertyOptions[];
	return resources.flatMap((resource) => {
		const operations = properties.find(
			(property) => property.name === 'operation' && property.displayOptions?.show?.resource?.includes(resource.value),
		)?.options as INodePropertyOptions[] | undefined;
		if (!operations) throw new Error(`no operation options for the resource ${resource.name}`);
		return operations.map((operation) => ({
			resource: resource.name,
			operation: operation.name,
			action: operation.action ?? '',
		}));
	});
}

/** The rows of the table under the README's `## Operations`, as trimmed cells. */
function operationRows(readme: string): string[][] {
	const lines = readme.split('\n');
	const start = lines.findIndex((line) => line === '## Operations');
	if (start === -1) return [];
	const end = lines.findIndex((line, index) => index > start && line.startsWith('## '));
	return lines
		.slice(start, end === -1 ? undefined : end)
		.filter((line) => line.startsWith('|'))
		.slice(2)
		.map((line) =>
			line
				.split('|')
				.slice(1, -1)
				.map((cell) => cell.trim()),
		);
}

/** The text of one heading's section: from the heading to the next heading of its level or higher. */
function section(text: string, heading: Heading): string {
	const next = headings(text).find((other) => other.line > heading.line && other.level <= heading.level);
	return text
		.split('\n')
		.slice(heading.line, next ? next.line : undefined)
		.join('\n');
}

/** Where an example starts: a heading "Example" or a paragraph opening with **Example**. */
const EXAMPLE = /^(#{2,6} Example\b|\*\*Example\b)/m;

/**
 * What is missing between the node and the README's operation table (README text given, pages
 * read from disk): a row per operation with its action and a link to a `## <Operation>` section
 * with an example; the trigger's row, page, example and events; no row without an operation.
 */
function operationProblems(
	readme: string,
	operations: Operation[],
	trigger: { name: string; events: string[] },
): string[] {
	const rows = operationRows(readme);
	const problems: string[] = [];
	const used = new Set<string[]>();
	for (const { resource, operation, action } of operations) {
		const name = `${resource} → ${operation}`;
		const row = rows.find((cells) => cells[0] === resource && /^\[([^\]]+)\]/.exec(cells[1] ?? '')?.[1] === operation);
		if (!row) {
			problems.push(`${name}: no row in the README's operation table`);
			continue;
		}
		used.add(row);
		if (row[2] !== action) problems.push(`${name}: the row's action is "${row[2]}", the node's "${action}"`);
		const target = /\]\(([^)]+)\)/.exec(row[1])?.[1] ?? '';
		const resolved = resolveLink(README, target);
		if (!resolved?.anchor || !fs.existsSync(resolved.file)) {
			problems.push(`${name}: the row links to "${target}", not to a section of a page`);
			continue;
		}
		const page = fs.readFileSync(resolved.file, 'utf8');
		const heading = headings(page).find((candidate) => candidate.level === 2 && candidate.text === operation);
		const where = path.relative(repoRoot, resolved.file);
		if (!heading) {
			problems.push(`${name}: ${where} has no section "## ${operation}"`);
		} else if (heading.slug !== resolved.anchor) {
			problems.push(`${name}: the row links to #${resolved.anchor}, the section "## ${operation}" is #${heading.slug}`);
		} else if (!EXAMPLE.test(section(page, heading))) {
			problems.push(`${name}: the section "## ${operation}" of ${where} has no example`);
		}
	}
	const triggerRow = rows.find((cells) => cells[0] === trigger.name);
	if (triggerRow) {
		used.add(triggerRow);
		const target = /\]\(([^)]+)\)/.exec(triggerRow[1] ?? '')?.[1] ?? '';
		const resolved = resolveLink(README, target);
		const page = resolved && fs.existsSync(resolved.file) ? fs.readFileSync(resolved.file, 'utf8') : '';
		if (!headings(page).some((heading) => heading.level === 1 && heading.text === trigger.name)) {
			problems.push(`${trigger.name}: the row links to "${target}", not to a page titled "# ${trigger.name}"`);
		}
		if (!EXAMPLE.test(page)) problems.push(`${trigger.name}: its page has no example`);
		const prose = page.replace(/\s+/g, ' ');
		for (const event of trigger.events) {
			if (!prose.includes(event)) problems.push(`${trigger.name}: its page does not name the event "${event}"`);
		}
	} else {
		problems.push(`${trigger.name}: no row in the README's operation table`);
	}
	for (const row of rows.filter((cells) => !used.has(cells))) {
		problems.push(`the row "${row.slice(0, 2).join(' | ')}" names no operation of the node`);
	}
	return problems;
}

function triggerFacts(): { name: string; events: string[] } {
	const { description } = new VeritusTrigger();
	const events = description.properties.find((property) => property.name === 'events')?.options as
		INodePropertyOptions[] | undefined;
	return { name: description.displayName, events: (events ?? []).map((event) => event.name) };
}

describe('links', () => {
	test('every relative link and anchor of README.md, docs/ and the other documents resolves', () => {
		const files = documentationFiles();
		expect(files.length).toBeGreaterThan(10);
		expect(files.flatMap((file) => links(fs.readFileSync(file, 'utf8'))).length).toBeGreaterThan(100);
		expect(brokenLinks(files)).toEqual([]);
	});

	test('the documentation URLs of the codex files and the credentials resolve in this repository', () => {
		const urls = [
			...['nodes/Veritus/Veritus.node.json', 'nodes/VeritusTrigger/VeritusTrigger.node.json'].flatMap((file) =>
				Object.values(
					(
						JSON.parse(fs.readFileSync(path.join(repoRoot, file), 'utf8')) as {
							resources: Record<string, Array<{ url: string }>>;
						}
					).resources,
				).flatMap((entries) => entries.map((entry) => entry.url)),
			),
			new VeritusApi().documentationUrl,
			new VeritusWebhookSecretApi().documentationUrl,
		];
		expect(urls.filter((url) => !url.startsWith(REPO_URL))).toEqual([]);
		expect(urls.flatMap((url) => linkProblem(README, url) ?? [])).toEqual([]);
	});

	test('every page of docs/ is linked from the index, docs/README.md', () => {
		const index = path.join(repoRoot, 'docs', 'README.md');
		const linked = new Set(links(fs.readFileSync(index, 'utf8')).map(({ target }) => resolveLink(index, target)?.file));
		const pages = documentationFiles().filter((file) => path.dirname(file) === path.dirname(index) && file !== index);
		expect(pages.filter((page) => !linked.has(page)).map((page) => path.relative(repoRoot, page))).toEqual([]);
	});

	test('GitHub anchors: symbols dropped, spaces kept as hyphens, repeated headings numbered', () => {
		expect(
			headings('# Call → Create\n## Errors\n### Errors\n## What "Test" checks\n```\n# not a heading\n```').map(
				(h) => h.slug,
			),
		).toEqual(['call--create', 'errors', 'errors-1', 'what-test-checks']);
	});

	test('the check finds a missing file and a missing anchor', () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'veritus-docs-'));
		try {
			fs.writeFileSync(path.join(dir, 'b.md'), '# Other\n');
			fs.writeFileSync(
				path.join(dir, 'a.md'),
				[
					'# Title',
					'## Call → Create',
					'[ok](#call--create) [ok](b.md#other) [ok](b.md) `[code](nowhere.md)`',
					'[gone](missing.md) [no anchor](b.md#create) [no anchor here](#call-create)',
					'```',
					'[in a code block](nowhere.md)',
					'```',
				].join('\n'),
			);
			expect(brokenLinks([path.join(dir, 'a.md')]).map((problem) => problem.replace(/^.*a\.md:/, ''))).toEqual([
				expect.stringMatching(/^4 missing\.md: .*missing\.md does not exist$/),
				expect.stringMatching(/^4 b\.md#create: no heading of .*b\.md has the anchor #create$/),
				expect.stringMatching(/^4 #call-create: no heading of .*a\.md has the anchor #call-create$/),
			]);
		} finally {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	});
});

describe('operations', () => {
	const readme = fs.readFileSync(README, 'utf8');

	test('every operation of the node and the trigger has a row in the README, linking to its section with an example', () => {
		const operations = nodeOperations();
		expect(new Set(operations.map((operation) => operation.resource)).size).toBeGreaterThanOrEqual(8);
		expect(operations.length).toBeGreaterThanOrEqual(18);
		expect(operationProblems(readme, operations, triggerFacts())).toEqual([]);
	});

	test('the check finds a missing row, a row for no operation, a wrong action and a wrong anchor', () => {
		const operations = nodeOperations();
		const [first, second, third] = operations;
		const rowOf = (operation: Operation) =>
			readme.split('\n').find((line) => line.startsWith(`| ${operation.resource} | [${operation.operation}](`)) ?? '';
		const broken = readme
			.replace(`${rowOf(first)}\n`, '')
			.replace(rowOf(second), `${rowOf(second)}\n| ${second.resource} | [Delete](docs/call.md#create) | Delete it | |`)
			.replace(`| ${third.action} |`, '| Something else |')
			.replace('(docs/customer.md#update)', '(docs/customer.md#create)');
		expect(operationProblems(broken, operations, triggerFacts())).toEqual([
			`${first.resource} → ${first.operation}: no row in the README's operation table`,
			`${third.resource} → ${third.operation}: the row's action is "Something else", the node's "${third.action}"`,
			'Customer → Update: the row links to #create, the section "## Update" is #update',
			`the row "${second.resource} | [Delete](docs/call.md#create)" names no operation of the node`,
		]);
	});
});

test(`the README has at most ${README_MAX_LINES} lines`, () => {
	const lines = fs.readFileSync(README, 'utf8').replace(/\n$/, '').split('\n').length;
	expect(lines).toBeGreaterThan(50);
	expect(lines).toBeLessThanOrEqual(README_MAX_LINES);
});
