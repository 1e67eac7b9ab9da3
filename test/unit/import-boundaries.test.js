'use strict';

/**
 * Import boundaries between the repository's folders. Every `import`, `export … from`,
 * `import x = require()`, `require()`, `require.resolve()`, `import()` and TypeScript
 * `import('…')` type of every JavaScript and TypeScript file is read with TypeScript's parser
 * (JSDoc type references are not imports) and checked against RULES; a failure names each
 * offending file and import.
 *
 * - nodes/ and credentials/ (the published code) import only each other, `n8n-workflow` and
 *   Node.js built-ins;
 * - scripts/ holds entry points: nothing in test/, rig/, emulator/ or bench/ imports them, and
 *   they import nothing from test/;
 * - the emulator is self-contained: emulator/ imports only emulator/ (so not rig/, bench/,
 *   scripts/ or test/);
 * - rig/ imports neither scripts/ nor test/ nor bench/ (bench/ builds on rig/);
 * - bench/ may import rig/ and emulator/, not test/ or scripts/;
 * - inside a node folder (nodes/<Node>/), imports run one way down NODE_LAYERS: the node file →
 *   actions/ → pipeline/ → compliance/, ledger/ → helpers/ → transport/. Folders of one layer do
 *   not import each other; in actions/, router.ts and description.ts import the resource folders,
 *   and a resource folder imports neither them nor another resource.
 */
const fs = require('fs');
const path = require('path');
const { builtinModules } = require('module');
const ts = require('typescript');

const repoRoot = path.resolve(__dirname, '..', '..');

/** Folders that hold no source of ours (installs, build output, run artefacts). */
const SKIPPED_DIRS = new Set([
	'node_modules',
	'dist',
	'.git',
	'.n8n-host',
	'coverage',
	'test-artifacts',
	'.bench',
	'.e2e',
	'demo-output',
	'.demo-output',
]);
const SOURCE = /\.(?:[cm]?js|tsx?)$/;

/**
 * The top-level area of a repository path: its first folder, or '.' for a file at the root.
 * @param {string} relative a path relative to the repository, with `/`
 * @returns {string}
 */
function areaOf(relative) {
	return relative.includes('/') ? relative.slice(0, relative.indexOf('/')) : '.';
}

/**
 * The top-level area an import points at: like areaOf(), and a bare folder name (`'..'` from
 * emulator/test/ gives `emulator`) is that folder's area.
 * @param {string} target a repository path from ImportEdge.target
 * @returns {string}
 */
function targetAreaOf(target) {
	if (target.includes('/')) return areaOf(target);
	const full = path.join(repoRoot, target);
	return fs.existsSync(full) && fs.statSync(full).isDirectory() ? target : '.';
}

/**
 * Whether a bare specifier names a Node.js built-in (`fs`, `node:fs`, `fs/promises`).
 * @param {string} specifier
 * @returns {boolean}
 */
function isBuiltin(specifier) {
	return (
		specifier.startsWith('node:') ||
		builtinModules.includes(specifier) ||
		builtinModules.includes(specifier.split('/')[0])
	);
}

/**
 * The layers of a node folder (nodes/<Node>/), top first: a file may import its own folder and
 * any later layer, never an earlier one, and never another folder of its own layer. `node` is the
 * node file at the folder's root (`<Node>.node.ts`).
 */
const NODE_LAYERS = [['node'], ['actions'], ['pipeline'], ['compliance', 'ledger'], ['helpers'], ['transport']];

/** The layer order as a sentence, for failure messages. */
const LAYER_ORDER = NODE_LAYERS.map((layer) =>
	layer.map((name) => (name === 'node' ? '<Node>.node.ts' : `${name}/`)).join(', '),
).join(' → ');

/**
 * Where a repository path sits inside a node folder: the node folder, its module (first folder
 * below it, or `node` for the node file), the module's layer index, and, inside actions/, the
 * resource folder (`null` for router.ts and description.ts).
 * @param {string} target a repository path (`nodes/Veritus/pipeline/send`), without extension
 * @returns {{ nodeDir: string, module: string, layer: number, resource: string | null } | null}
 *   null outside a node folder, or for a file at its root that is not the node file
 */
function nodePlace(target) {
	const parts = target.split('/');
	if (parts[0] !== 'nodes' || parts.length < 3) return null;
	const nodeDir = `${parts[0]}/${parts[1]}`;
	let module = parts[2];
	if (parts.length === 3) {
		// A folder imported through its index (`../pipeline`) is that module; of the files at the
		// root, only the node file has a layer.
		const full = path.join(repoRoot, target);
		if (!(fs.existsSync(full) && fs.statSync(full).isDirectory())) {
			if (!/\.node$/.test(module)) return null;
			module = 'node';
		}
	}
	const layer = NODE_LAYERS.findIndex((names) => names.includes(module));
	const isFolder = (relative) => {
		const full = path.join(repoRoot, relative);
		return fs.existsSync(full) && fs.statSync(full).isDirectory();
	};
	const inResource = parts.length > 4 || (parts.length === 4 && isFolder(target));
	const resource = module === 'actions' && inResource ? parts[3] : null;
	return { nodeDir, module, layer, resource };
}

/**
 * One import, classified.
 * @typedef {object} ImportEdge
 * @property {string} from the importing file, relative to the repository (`scripts/bench.js`)
 * @property {string} specifier as written (`../bench/measure`)
 * @property {number} line 1-based
 * @property {string | null} target the repository path it points at (`bench/measure`, no
 *   extension resolution), or null for a package or built-in
 * @property {'file' | 'builtin' | 'package'} kind
 */

/**
 * The boundary rules. Each takes an import and returns why it is not allowed, or null.
 * @type {{ name: string, check: (edge: ImportEdge) => string | null }[]}
 */
const RULES = [
	{
		name: 'the published code imports only itself, n8n-workflow and Node.js built-ins',
		check(edge) {
			const fromArea = areaOf(edge.from);
			if (fromArea !== 'nodes' && fromArea !== 'credentials') return null;
			if (edge.kind === 'builtin') return null;
			if (edge.kind === 'package')
				return edge.specifier === 'n8n-workflow' ? null : `${fromArea}/ may import no package but n8n-workflow`;
			const toArea = targetAreaOf(edge.target);
			return toArea === 'nodes' || toArea === 'credentials'
				? null
				: `${fromArea}/ may import only nodes/ and credentials/, not ${toArea}/`;
		},
	},
	{
		name: 'scripts/ are entry points that test/ does not import, and they do not import test/',
		check(edge) {
			if (edge.kind !== 'file') return null;
			const fromArea = areaOf(edge.from);
			const toArea = targetAreaOf(edge.target);
			if (fromArea === 'test' && toArea === 'scripts') return 'test/ may not import scripts/';
			if (fromArea === 'scripts' && toArea === 'test') return 'scripts/ may not import test/';
			return null;
		},
	},
	{
		name: 'the emulator is self-contained',
		check(edge) {
			if (edge.kind !== 'file' || areaOf(edge.from) !== 'emulator') return null;
			const toArea = targetAreaOf(edge.target);
			return toArea === 'emulator' ? null : `emulator/ may import only emulator/, not ${toArea}/`;
		},
	},
	{
		name: 'rig/ imports neither scripts/, test/ nor bench/',
		check(edge) {
			if (edge.kind !== 'file' || areaOf(edge.from) !== 'rig') return null;
			const toArea = targetAreaOf(edge.target);
			return ['scripts', 'test', 'bench'].includes(toArea) ? `rig/ may not import ${toArea}/` : null;
		},
	},
	{
		name: 'inside a node folder imports run down the layers, never up or sideways',
		check(edge) {
			if (edge.kind !== 'file') return null;
			const from = nodePlace(edge.from.replace(/\.[cm]?[jt]s$/, ''));
			const to = nodePlace(edge.target);
			if (!from || !to || from.nodeDir !== to.nodeDir) return null;
			const name = (place) => (place.module === 'node' ? 'the node file' : `${place.module}/`);
			if (from.layer === -1) return `${from.module}/ has no place in the layers (${LAYER_ORDER})`;
			if (to.layer === -1) return `${to.module}/ has no place in the layers (${LAYER_ORDER})`;
			if (to.layer < from.layer) return `${name(from)} may not import ${name(to)}: upward (layers: ${LAYER_ORDER})`;
			if (to.layer === from.layer && to.module !== from.module)
				return `${name(from)} may not import ${name(to)}: same layer (layers: ${LAYER_ORDER})`;
			if (from.module === 'actions' && from.resource !== null && to.module === 'actions') {
				if (to.resource === null)
					return `actions/${from.resource}/ may not import actions/${path.basename(edge.target)}: upward (the router and description import the resources)`;
				if (to.resource !== from.resource)
					return `actions/${from.resource}/ may not import actions/${to.resource}/: resources share code through the layers below`;
			}
			return null;
		},
	},
	{
		name: 'bench/ imports rig/ and emulator/ but neither test/ nor scripts/',
		check(edge) {
			if (edge.kind !== 'file' || areaOf(edge.from) !== 'bench') return null;
			const toArea = targetAreaOf(edge.target);
			return ['scripts', 'test'].includes(toArea) ? `bench/ may not import ${toArea}/` : null;
		},
	},
];

/**
 * The string argument of an import-like node, or undefined.
 * @param {import('typescript').Node | undefined} node
 * @returns {string | undefined}
 */
function literal(node) {
	return node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) ? node.text : undefined;
}

/**
 * Every import of a file's source text.
 * @param {string} relative the file, relative to the repository
 * @param {string} text its source
 * @returns {ImportEdge[]}
 */
function importsOf(relative, text) {
	const kind = /\.tsx?$/.test(relative) ? ts.ScriptKind.TS : ts.ScriptKind.JS;
	const source = ts.createSourceFile(relative, text, ts.ScriptTarget.Latest, true, kind);
	const specifiers = [];
	const visit = (node) => {
		let specifier;
		if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) {
			specifier = literal(node.moduleSpecifier);
		} else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
			specifier = literal(node.moduleReference.expression);
		} else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
			specifier = literal(node.argument.literal);
		} else if (ts.isCallExpression(node)) {
			const callee = node.expression;
			const isRequire = ts.isIdentifier(callee) && callee.text === 'require';
			const isResolve =
				ts.isPropertyAccessExpression(callee) &&
				ts.isIdentifier(callee.expression) &&
				callee.expression.text === 'require' &&
				callee.name.text === 'resolve';
			if (isRequire || isResolve || callee.kind === ts.SyntaxKind.ImportKeyword) specifier = literal(node.arguments[0]);
		}
		if (specifier !== undefined)
			specifiers.push({ specifier, line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1 });
		ts.forEachChild(node, visit);
	};
	visit(source);
	return specifiers.map(({ specifier, line }) => {
		if (specifier.startsWith('.') || specifier.startsWith('/')) {
			const target = path
				.relative(repoRoot, path.resolve(repoRoot, path.dirname(relative), specifier))
				.split(path.sep)
				.join('/');
			return { from: relative, specifier, line, target, kind: 'file' };
		}
		return { from: relative, specifier, line, target: null, kind: isBuiltin(specifier) ? 'builtin' : 'package' };
	});
}

/**
 * The repository's JavaScript and TypeScript files, relative, with `/`.
 * @returns {string[]}
 */
function sourceFiles(dir = repoRoot) {
	const files = [];
	for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
		if (SKIPPED_DIRS.has(entry.name)) continue;
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) files.push(...sourceFiles(full));
		else if (SOURCE.test(entry.name)) files.push(path.relative(repoRoot, full).split(path.sep).join('/'));
	}
	return files.sort();
}

/**
 * The violations among `edges`, one line each: `file:line imports 'specifier' (→ target): why`.
 * @param {ImportEdge[]} edges
 * @returns {string[]}
 */
function violations(edges) {
	const found = [];
	for (const edge of edges) {
		for (const rule of RULES) {
			const reason = rule.check(edge);
			if (reason)
				found.push(
					`${edge.from}:${edge.line} imports '${edge.specifier}'${edge.target ? ` (→ ${edge.target})` : ''}: ${reason}`,
				);
		}
	}
	return found;
}

describe('the boundary rules catch what they must (synthetic imports)', () => {
	test.each([
		[
			'nodes/Veritus/helpers/output.ts',
			"import { x } from '../../../rig/paths';",
			"nodes/Veritus/helpers/output.ts:1 imports '../../../rig/paths' (→ rig/paths): nodes/ may import only nodes/ and credentials/, not rig/",
		],
		[
			'credentials/VeritusApi.credentials.ts',
			"import axios from 'axios';",
			"credentials/VeritusApi.credentials.ts:1 imports 'axios': credentials/ may import no package but n8n-workflow",
		],
		[
			'test/unit/x.test.js',
			"const { main } = require('../../scripts/bench');",
			"test/unit/x.test.js:1 imports '../../scripts/bench' (→ scripts/bench): test/ may not import scripts/",
		],
		[
			'scripts/demo.js',
			"\nconst h = require('../test/helpers/fixtures');",
			"scripts/demo.js:2 imports '../test/helpers/fixtures' (→ test/helpers/fixtures): scripts/ may not import test/",
		],
		[
			'emulator/server.js',
			"const { hostRoot } = require('../rig/paths');",
			"emulator/server.js:1 imports '../rig/paths' (→ rig/paths): emulator/ may import only emulator/, not rig/",
		],
		[
			'emulator/test/api.test.js',
			"const s = require('../../test/n8n/support');",
			"emulator/test/api.test.js:1 imports '../../test/n8n/support' (→ test/n8n/support): emulator/ may import only emulator/, not test/",
		],
		[
			'rig/n8n-host.js',
			"const t = await import('../scripts/test.js');",
			"rig/n8n-host.js:1 imports '../scripts/test.js' (→ scripts/test.js): rig/ may not import scripts/",
		],
		[
			'rig/pack.js',
			"export { x } from '../test/helpers/emulator';",
			"rig/pack.js:1 imports '../test/helpers/emulator' (→ test/helpers/emulator): rig/ may not import test/",
		],
		[
			'bench/measure.js',
			"const p = require.resolve('../test/n8n/support');",
			"bench/measure.js:1 imports '../test/n8n/support' (→ test/n8n/support): bench/ may not import test/",
		],
		[
			'bench/report.js',
			"type T = import('../scripts/bench').X;",
			"bench/report.js:1 imports '../scripts/bench' (→ scripts/bench): bench/ may not import scripts/",
		],
		[
			'nodes/Veritus/helpers/validation.ts',
			"import { prepare } from '../actions/call/item';",
			"nodes/Veritus/helpers/validation.ts:1 imports '../actions/call/item' (→ nodes/Veritus/actions/call/item): helpers/ may not import actions/: upward (layers: <Node>.node.ts → actions/ → pipeline/ → compliance/, ledger/ → helpers/ → transport/)",
		],
		[
			'nodes/Veritus/pipeline/send.ts',
			"import type { Veritus } from '../Veritus.node';",
			"nodes/Veritus/pipeline/send.ts:1 imports '../Veritus.node' (→ nodes/Veritus/Veritus.node): pipeline/ may not import the node file: upward (layers: <Node>.node.ts → actions/ → pipeline/ → compliance/, ledger/ → helpers/ → transport/)",
		],
		[
			'nodes/Veritus/transport/index.ts',
			"\nimport { asNodeError } from '../helpers/errors';",
			"nodes/Veritus/transport/index.ts:2 imports '../helpers/errors' (→ nodes/Veritus/helpers/errors): transport/ may not import helpers/: upward (layers: <Node>.node.ts → actions/ → pipeline/ → compliance/, ledger/ → helpers/ → transport/)",
		],
		[
			'nodes/Veritus/compliance/index.ts',
			"import { PlacementLedger } from '../ledger';",
			"nodes/Veritus/compliance/index.ts:1 imports '../ledger' (→ nodes/Veritus/ledger): compliance/ may not import ledger/: same layer (layers: <Node>.node.ts → actions/ → pipeline/ → compliance/, ledger/ → helpers/ → transport/)",
		],
		[
			'nodes/Veritus/ledger/index.ts',
			"import { runPlacements } from '../pipeline';",
			"nodes/Veritus/ledger/index.ts:1 imports '../pipeline' (→ nodes/Veritus/pipeline): ledger/ may not import pipeline/: upward (layers: <Node>.node.ts → actions/ → pipeline/ → compliance/, ledger/ → helpers/ → transport/)",
		],
		[
			'nodes/Veritus/actions/call/create.operation.ts',
			"import { operations } from '../router';",
			"nodes/Veritus/actions/call/create.operation.ts:1 imports '../router' (→ nodes/Veritus/actions/router): actions/call/ may not import actions/router: upward (the router and description import the resources)",
		],
		[
			'nodes/Veritus/actions/placementLedger/release.operation.ts',
			"import { DEFAULT_TIMEOUT_MS } from '../call/create.description';",
			"nodes/Veritus/actions/placementLedger/release.operation.ts:1 imports '../call/create.description' (→ nodes/Veritus/actions/call/create.description): actions/placementLedger/ may not import actions/call/: resources share code through the layers below",
		],
		[
			'nodes/Veritus/pipeline/prepare.ts',
			"import { x } from '../scratch/x';",
			"nodes/Veritus/pipeline/prepare.ts:1 imports '../scratch/x' (→ nodes/Veritus/scratch/x): scratch/ has no place in the layers (<Node>.node.ts → actions/ → pipeline/ → compliance/, ledger/ → helpers/ → transport/)",
		],
	])('%s: %j', (file, code, expected) => {
		expect(violations(importsOf(file, code))).toEqual([expected]);
	});

	test.each([
		[
			'nodes/Veritus/Veritus.node.ts',
			"import type { INodeType } from 'n8n-workflow';\nimport { router } from './actions/router';\nimport { URL } from 'node:url';",
		],
		[
			'bench/measure.js',
			"const { ensureN8n } = require('../rig/n8n-host');\nconst { startEmulator } = require('../emulator');",
		],
		[
			'test/unit/x.test.js',
			"const { report } = require('../../bench/report');\nconst { startEmulator } = require('../../emulator');",
		],
		['scripts/test-matrix.js', "const { HOSTS } = require('../rig/n8n-host');"],
		[
			'nodes/Veritus/actions/call/create.operation.ts',
			"import { runPlacements } from '../../pipeline';\nimport { readCompliance } from '../../compliance';\nimport { veritusApiRequest } from '../../transport';\nimport { prepare } from './item';",
		],
		[
			'nodes/Veritus/actions/router.ts',
			"import * as call from './call';\nimport * as ledger from './placementLedger';",
		],
		[
			'nodes/Veritus/pipeline/send.ts',
			"import { asNodeError } from '../helpers/errors';\nimport type { X } from './batch';",
		],
		// Another node folder keeps its own layers; a root file other than the node file has none.
		['nodes/VeritusTrigger/signature.ts', "import { x } from '../Veritus/transport';"],
		// A JSDoc type reference is documentation, not an import.
		['emulator/state.js', "/** @type {import('../rig/paths').X} */\nconst x = 1;"],
	])('allowed: %s', (file, code) => {
		expect(violations(importsOf(file, code))).toEqual([]);
	});
});

describe('the repository keeps the import boundaries', () => {
	const files = sourceFiles();
	const edges = files.flatMap((file) => importsOf(file, fs.readFileSync(path.join(repoRoot, file), 'utf8')));

	test('every area is read and its imports found', () => {
		for (const area of ['nodes', 'credentials', 'emulator', 'rig', 'scripts', 'bench', 'test']) {
			expect(files.some((file) => areaOf(file) === area)).toBe(true);
		}
		const has = (from, target) => edges.some((edge) => edge.from === from && edge.target === target);
		expect(has('scripts/bench.js', 'bench/measure')).toBe(true);
		expect(has('emulator/test/helpers.js', 'emulator')).toBe(true);
		expect(has('test/n8n/support.js', 'rig/n8n-instance')).toBe(true);
		expect(
			edges.some((edge) => edge.from === 'nodes/Veritus/Veritus.node.ts' && edge.specifier === 'n8n-workflow'),
		).toBe(true);
		expect(edges.length).toBeGreaterThan(200);
	});

	test('every file of the Veritus node sits in a layer', () => {
		const unplaced = files
			.filter((file) => file.startsWith('nodes/Veritus/'))
			.filter((file) => (nodePlace(file.replace(/\.[cm]?[jt]s$/, ''))?.layer ?? -1) === -1);
		expect(unplaced).toEqual([]);
		expect(files.filter((file) => file.startsWith('nodes/Veritus/pipeline/')).length).toBeGreaterThan(5);
	});

	test('no file imports across a boundary', () => {
		expect(violations(edges)).toEqual([]);
	});
});
