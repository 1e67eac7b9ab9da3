/**
 * The codex file of every node package.json registers (`<Node>.node.json` beside `<Node>.node.ts`):
 * only the keys n8n documents, in the shapes it documents.
 *
 * Where the keys come from:
 * - n8n's page on codex files documents `node`, `nodeVersion` (the node's `version`, as "1.0"),
 *   `codexVersion` ("1.0"), `categories` (one or more of a fixed list, spelled exactly) and
 *   `resources` (links to the node's and the credential's documentation);
 * - `alias` is not on that page; it is a field of `CodexData` in n8n-workflow (our peer
 *   dependency), which n8n's loader reads into the node panel's search. It is the only key we keep
 *   beyond the page. `subcategories` (also in `CodexData`) files a node under one of n8n's own
 *   groups and is not used.
 */
import fs from 'fs';
import path from 'path';

import type { INodeType } from 'n8n-workflow';

const repoRoot = path.resolve(__dirname, '..', '..');
const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
	name: string;
	n8n: { nodes: string[] };
};

const DOCUMENTED_KEYS = ['node', 'nodeVersion', 'codexVersion', 'categories', 'resources'];
const KEYS = [...DOCUMENTED_KEYS, 'alias'];
const CATEGORIES = [
	'Data & Storage',
	'Finance & Accounting',
	'Marketing & Content',
	'Productivity',
	'Miscellaneous',
	'Sales',
	'Development',
	'Analytics',
	'Communication',
	'Utility',
];
const RESOURCE_KEYS = ['primaryDocumentation', 'credentialDocumentation'];

/** `dist/nodes/Veritus/Veritus.node.js` → `nodes/Veritus/Veritus.node` (no extension). */
const sources = manifest.n8n.nodes.map((built) => built.replace(/^dist\//, '').replace(/\.js$/, ''));

test('package.json registers the two nodes this test knows at least', () => {
	expect(sources).toEqual(
		expect.arrayContaining(['nodes/Veritus/Veritus.node', 'nodes/VeritusTrigger/VeritusTrigger.node']),
	);
});

describe.each(sources)('%s.json', (source) => {
	const file = path.join(repoRoot, `${source}.json`);
	const codex = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;

	test('only documented keys, with the documented values', () => {
		expect(Object.keys(codex).filter((key) => !KEYS.includes(key))).toEqual([]);
		expect(Object.keys(codex)).toEqual(expect.arrayContaining(DOCUMENTED_KEYS));
		expect(codex.codexVersion).toBe('1.0');
		expect(codex.categories).toEqual(expect.any(Array));
		expect((codex.categories as string[]).length).toBeGreaterThan(0);
		expect((codex.categories as string[]).filter((category) => !CATEGORIES.includes(category))).toEqual([]);
		if ('alias' in codex) {
			expect((codex.alias as unknown[]).every((alias) => typeof alias === 'string' && alias.trim() !== '')).toBe(true);
		}
	});

	test('resources: documentation links only, each an https URL', () => {
		const resources = codex.resources as Record<string, Array<Record<string, unknown>>>;
		expect(Object.keys(resources).filter((key) => !RESOURCE_KEYS.includes(key))).toEqual([]);
		expect(resources.primaryDocumentation.length).toBeGreaterThan(0);
		for (const links of Object.values(resources)) {
			for (const link of links) {
				expect(Object.keys(link)).toEqual(['url']);
				expect(new URL(link.url as string).protocol).toBe('https:');
			}
		}
	});

	test("node and nodeVersion name the node's type and version", async () => {
		const exported = (await import(path.join(repoRoot, source))) as Record<string, new () => INodeType>;
		const className = path.basename(source, '.node');
		const { description } = new exported[className]();
		expect(codex.node).toBe(`${manifest.name}.${description.name}`);
		const version = Array.isArray(description.version) ? Math.max(...description.version) : description.version;
		expect(codex.nodeVersion).toBe(Number.isInteger(version) ? `${version}.0` : String(version));
	});
});
