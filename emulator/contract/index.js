'use strict';

/**
 * The two contracts of the emulator (see README.md, "Contract checks"):
 * - `loadContract()`: the emulator's own, openapi.yaml (own.js), which decides its behaviour;
 * - `loadProviderContract()`: the facts-only extract of the provider's document
 *   (provider-facts.json, written by extract.js), which every request and answer is checked against.
 */

const { loadContract, PATH_TEMPLATE, OPENAPI_PATH } = require('./own');
const { loadProviderContract } = require('./provider');
const { extractProviderFacts, extractFromFile, serialiseFacts, providerSpecPath, FACTS_PATH } = require('./extract');

module.exports = {
	loadContract,
	loadProviderContract,
	extractProviderFacts,
	extractFromFile,
	serialiseFacts,
	providerSpecPath,
	PATH_TEMPLATE,
	OPENAPI_PATH,
	FACTS_PATH,
};
