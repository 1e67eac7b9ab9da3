#!/usr/bin/env node
'use strict';

/**
 * `node scripts/extract-provider-facts.js [spec.json]`: writes the facts-only extract of the
 * provider's OpenAPI document to emulator/contract/provider-facts.json (the logic is in
 * emulator/contract/extract.js). The document is the argument, or `$VERITUS_PROVIDER_SPEC`, or
 * `../shared/veritus-api/provider-openapi.json` beside the repository.
 *
 * Prints the path written and the number of operations and choices; exits 1 when the document
 * is missing or holds something the extractor does not know how to read.
 */
const fs = require('node:fs');
const path = require('node:path');
const { extractFromFile, serialiseFacts, providerSpecPath, FACTS_PATH } = require('../emulator/contract/extract');

const specPath = process.argv[2] ? path.resolve(process.argv[2]) : providerSpecPath();
if (!fs.existsSync(specPath)) {
	console.error(`No provider document at ${specPath}: pass its path, or set VERITUS_PROVIDER_SPEC.`);
	process.exit(1);
}
try {
	const facts = extractFromFile(specPath);
	fs.writeFileSync(FACTS_PATH, serialiseFacts(facts));
	const operations = Object.values(facts.paths).reduce((n, methods) => n + Object.keys(methods).length, 0);
	console.log(
		`Wrote ${path.relative(process.cwd(), FACTS_PATH)}: ${operations} operations, ${Object.keys(facts.webhooks).length} webhooks, ${facts.choices.length} choices.`,
	);
} catch (error) {
	console.error(error.message);
	process.exit(1);
}
