'use strict';

/**
 * The API contract, loaded from `openapi.yaml` (the single source) and compiled with Ajv
 * (JSON Schema draft 2020-12, as OpenAPI 3.1 uses). The emulator validates every request body
 * and every JSON response it produces with these validators; the node's contract tests can use
 * them to check the requests the node sends.
 */

const fs = require('node:fs');
const path = require('node:path');
const YAML = require('yaml');
const Ajv2020 = require('ajv/dist/2020');
const addFormats = require('ajv-formats');

/** Absolute path of openapi.yaml, the single source of the contract. */
const OPENAPI_PATH = path.join(__dirname, 'openapi.yaml');
const DOCUMENT_ID = 'https://veritus-emulator.local/openapi.yaml';
/** The create-call path, relative to the server URL. */
const PATH_TEMPLATE = '/customers/{customerId}/calls';
const OPENAPI_FIELDS = [
	'openapi',
	'info',
	'jsonSchemaDialect',
	'servers',
	'paths',
	'webhooks',
	'components',
	'security',
	'tags',
	'externalDocs',
];

/**
 * Result of a validation.
 * @typedef {object} ValidationResult
 * @property {boolean} valid
 * @property {string[]} errors One readable line per problem, such as
 *   `body/agentId must NOT have fewer than 1 characters`; empty when valid.
 */

/**
 * The loaded contract.
 * @typedef {object} Contract
 * @property {object} document The parsed OpenAPI document.
 * @property {string} pathTemplate `'/customers/{customerId}/calls'`, relative to the server URL.
 * @property {string} serverUrl The documented server URL, `https://sandbox.veritusagent.ai/api/v1`.
 * @property {(body: unknown) => ValidationResult} validateCreateCallRequest
 *   Validates a parsed JSON request body against `CreateCallRequest`.
 * @property {(status: number, body: unknown) => ValidationResult} validateCreateCallResponse
 *   Validates a parsed JSON response body against the schema documented for that HTTP status
 *   (exact code first, then a range such as `5XX`); an undocumented status is invalid.
 * @property {(body: unknown) => ValidationResult} validateRequest Alias of validateCreateCallRequest.
 * @property {(status: number, body: unknown) => ValidationResult} validateResponse
 *   Alias of validateCreateCallResponse.
 */

/**
 * Escapes path segments into a URI fragment holding a JSON pointer.
 * @param {string[]} segments
 * @returns {string} such as `#/paths/~1customers~1%7BcustomerId%7D~1calls/post`
 */
function pointer(segments) {
	return '#/' + segments.map((s) => encodeURIComponent(s.replace(/~/g, '~0').replace(/\//g, '~1'))).join('/');
}

/**
 * Turns Ajv errors into readable lines rooted at `body`.
 * @param {import('ajv').ErrorObject[] | null | undefined} errors
 * @returns {string[]}
 */
function formatErrors(errors) {
	return (errors || []).map((e) => {
		const extra = e.keyword === 'additionalProperties' ? ` ('${e.params.additionalProperty}')` : '';
		return `body${e.instancePath} ${e.message}${extra}`;
	});
}

/**
 * Wraps a compiled Ajv validator.
 * @param {import('ajv').ValidateFunction} validate
 * @returns {(body: unknown) => ValidationResult}
 */
function toValidator(validate) {
	return (body) => {
		const valid = validate(body) === true;
		return { valid, errors: valid ? [] : formatErrors(validate.errors) };
	};
}

/**
 * Loads `openapi.yaml` and compiles the validators for the create-call operation.
 * @param {{ file?: string }} [options] `file`: another OpenAPI file to load (for tests).
 * @returns {Contract}
 */
function loadContract(options = {}) {
	const document = YAML.parse(fs.readFileSync(options.file || OPENAPI_PATH, 'utf8'));
	const ajv = new Ajv2020({ allErrors: true, strict: true });
	addFormats(ajv);
	// The OpenAPI document is added whole so that its `$ref`s resolve; its top-level fields and
	// the OpenAPI annotations inside schemas are declared as keywords that validate nothing.
	ajv.addVocabulary([...OPENAPI_FIELDS, 'x-assumption', 'example', 'discriminator', 'xml']);
	ajv.addSchema(document, DOCUMENT_ID);

	const compileAt = (segments) => ajv.compile({ $ref: DOCUMENT_ID + pointer(segments) });
	const operation = ['paths', PATH_TEMPLATE, 'post'];
	const validateCreateCallRequest = toValidator(
		compileAt([...operation, 'requestBody', 'content', 'application/json', 'schema']),
	);

	const responses = document.paths[PATH_TEMPLATE].post.responses;
	/** @type {Map<string, (body: unknown) => ValidationResult>} */
	const byStatus = new Map();
	for (const [key, response] of Object.entries(responses)) {
		if (response.content && response.content['application/json']) {
			byStatus.set(
				key,
				toValidator(compileAt([...operation, 'responses', key, 'content', 'application/json', 'schema'])),
			);
		}
	}

	/** @type {(status: number, body: unknown) => ValidationResult} */
	const validateCreateCallResponse = (status, body) => {
		const code = String(status);
		const validator = byStatus.get(code) || byStatus.get(`${code[0]}XX`) || byStatus.get('default');
		if (!validator) return { valid: false, errors: [`status ${status} has no JSON response in the contract`] };
		return validator(body);
	};

	return {
		document,
		pathTemplate: PATH_TEMPLATE,
		serverUrl: document.servers[0].url,
		validateCreateCallRequest,
		validateCreateCallResponse,
		validateRequest: validateCreateCallRequest,
		validateResponse: validateCreateCallResponse,
	};
}

module.exports = { loadContract, PATH_TEMPLATE, OPENAPI_PATH };
