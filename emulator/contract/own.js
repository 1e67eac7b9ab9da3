'use strict';

/**
 * The emulator's own contract, loaded from `openapi.yaml` (written by this project) and
 * compiled with Ajv (JSON Schema draft 2020-12, as OpenAPI 3.1 uses). It decides the emulator's
 * behaviour: request bodies that break it get a 400 naming the field, and every JSON answer the
 * emulator produces is checked against it (a breach is an emulator bug).
 */

const fs = require('node:fs');
const path = require('node:path');
const YAML = require('yaml');
const Ajv2020 = require('ajv/dist/2020');
const addFormats = require('ajv-formats');

/** Absolute path of openapi.yaml. */
const OPENAPI_PATH = path.join(__dirname, '..', 'openapi.yaml');
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
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch'];

/**
 * Result of a validation.
 * @typedef {object} ValidationResult
 * @property {boolean} valid
 * @property {string[]} errors One readable line per field, such as
 *   `address.zip must be a ZIP code of 5 digits or 5+4 digits, such as 20001 or 20001-1234`;
 *   empty when valid.
 */

/**
 * An operation of openapi.yaml.
 * @typedef {object} OwnOperation
 * @property {string} operationId such as `createCall`
 * @property {string} method upper-case
 * @property {string} path template relative to the server URL, such as `/customers/{customerId}/calls`
 * @property {boolean} bodyRequired whether the operation needs a request body
 * @property {boolean} hasBody whether the operation takes a request body at all
 */

/**
 * The loaded contract.
 * @typedef {object} Contract
 * @property {object} document The parsed OpenAPI document.
 * @property {OwnOperation[]} operations Every operation, in the file's order.
 * @property {string} pathTemplate `'/customers/{customerId}/calls'`, relative to the server URL.
 * @property {string} serverUrl The server URL the file names.
 * @property {(operationId: string, body: unknown) => ValidationResult} validateRequest
 *   Validates a parsed JSON request body against the operation's request schema.
 * @property {(operationId: string, status: number, body: unknown) => ValidationResult} validateResponse
 *   Validates a parsed JSON answer against the schema for that status (exact code, then a range
 *   such as `4XX`, then `default`).
 * @property {(name: string, value: unknown) => ValidationResult} validateSchema
 *   Validates a value against a component schema, such as `CreateCustomerRequest`.
 * @property {(body: unknown) => ValidationResult} validateCreateCallRequest
 *   `validateRequest('createCall', body)`.
 * @property {(status: number, body: unknown) => ValidationResult} validateCreateCallResponse
 *   `validateResponse('createCall', status, body)`.
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
 * A field's name as a message writes it: `/address/zip` → `address.zip`, `/customerIds/3` →
 * `customerIds[3]`, `` → `body`.
 * @param {string} instancePath a JSON pointer
 * @returns {string}
 */
function fieldName(instancePath) {
	if (!instancePath) return 'body';
	return instancePath
		.slice(1)
		.split('/')
		.map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
		.reduce((name, part) => (/^\d+$/.test(part) ? `${name}[${part}]` : name ? `${name}.${part}` : part), '');
}

/**
 * Turns Ajv errors (compiled with `verbose`) into one readable line per field, using the
 * schema's `x-rule` where it has one: `primaryPhone must be an E.164 phone number, such as
 * +12025551234`, `agentId is required`, `customerId is not a field of this request`.
 * @param {import('ajv').ErrorObject[] | null | undefined} errors
 * @returns {string[]}
 */
function friendlyErrors(errors) {
	/** @type {Map<string, string>} */
	const byField = new Map();
	for (const e of errors || []) {
		// The alternatives of a nullable field: the "null" branch and the anyOf summary say nothing new.
		if (e.keyword === 'anyOf' || e.keyword === 'oneOf') continue;
		if (e.keyword === 'type' && e.params.type === 'null') continue;
		let field = fieldName(e.instancePath);
		let text;
		if (e.keyword === 'required') {
			field = fieldName(`${e.instancePath}/${e.params.missingProperty}`);
			text = `${field} is required`;
		} else if (e.keyword === 'additionalProperties') {
			field = fieldName(`${e.instancePath}/${e.params.additionalProperty}`);
			text = `${field} is not a field of this request`;
		} else {
			const rule = e.parentSchema && /** @type {any} */ (e.parentSchema)['x-rule'];
			text = rule ? `${field} must be ${rule}` : `${field} ${e.message}`;
		}
		if (!byField.has(field)) byField.set(field, text);
	}
	return [...byField.values()];
}

/**
 * Wraps a compiled Ajv validator.
 * @param {import('ajv').ValidateFunction} validate
 * @returns {(body: unknown) => ValidationResult}
 */
function toValidator(validate) {
	return (body) => {
		const valid = validate(body) === true;
		return { valid, errors: valid ? [] : friendlyErrors(validate.errors) };
	};
}

/**
 * Loads `openapi.yaml` and compiles its validators (lazily, on first use of each).
 * @param {{ file?: string }} [options] `file`: another OpenAPI file to load (for tests).
 * @returns {Contract}
 * @throws {Error} when the file cannot be read or parsed
 */
function loadContract(options = {}) {
	const document = YAML.parse(fs.readFileSync(options.file || OPENAPI_PATH, 'utf8'));
	const ajv = new Ajv2020({ allErrors: true, strict: true, verbose: true });
	addFormats(ajv);
	// The OpenAPI document is added whole so that its `$ref`s resolve; its top-level fields and
	// the OpenAPI annotations inside schemas are declared as keywords that validate nothing.
	ajv.addVocabulary([...OPENAPI_FIELDS, 'x-assumption', 'x-rule', 'example', 'discriminator', 'xml']);
	ajv.addSchema(document, DOCUMENT_ID);

	/** @type {Map<string, (body: unknown) => ValidationResult>} */
	const cache = new Map();
	const validatorAt = (segments) => {
		const ref = DOCUMENT_ID + pointer(segments);
		if (!cache.has(ref)) cache.set(ref, toValidator(ajv.compile({ $ref: ref })));
		return /** @type {(body: unknown) => ValidationResult} */ (cache.get(ref));
	};

	/** @type {OwnOperation[]} */
	const operations = [];
	/** @type {Map<string, { path: string, method: string, operation: any }>} */
	const byId = new Map();
	for (const [template, item] of Object.entries(document.paths)) {
		for (const method of HTTP_METHODS) {
			const operation = item[method];
			if (!operation) continue;
			operations.push({
				operationId: operation.operationId,
				method: method.toUpperCase(),
				path: template,
				bodyRequired: Boolean(operation.requestBody && operation.requestBody.required),
				hasBody: Boolean(operation.requestBody),
			});
			byId.set(operation.operationId, { path: template, method, operation });
		}
	}
	const find = (operationId) => {
		const found = byId.get(operationId);
		if (!found) throw new Error(`openapi.yaml has no operation "${operationId}"`);
		return found;
	};

	/** @type {Contract['validateRequest']} */
	const validateRequest = (operationId, body) => {
		const { path: template, method } = find(operationId);
		return validatorAt(['paths', template, method, 'requestBody', 'content', 'application/json', 'schema'])(body);
	};

	/** @type {Contract['validateResponse']} */
	const validateResponse = (operationId, status, body) => {
		const { path: template, method, operation } = find(operationId);
		const code = String(status);
		const key = [code, `${code[0]}XX`, 'default'].find((k) => operation.responses[k]);
		if (!key) return { valid: false, errors: [`status ${status} has no JSON response in openapi.yaml`] };
		let response = operation.responses[key];
		const segments = ['paths', template, method, 'responses', key];
		if (response.$ref) {
			const name = response.$ref.split('/').pop();
			segments.splice(0, segments.length, 'components', 'responses', name);
			response = document.components.responses[name];
		}
		if (!response.content || !response.content['application/json']) {
			return { valid: false, errors: [`status ${status} has no JSON response in openapi.yaml`] };
		}
		return validatorAt([...segments, 'content', 'application/json', 'schema'])(body);
	};

	/** @type {Contract['validateSchema']} */
	const validateSchema = (name, value) => {
		if (!document.components.schemas[name]) throw new Error(`openapi.yaml has no schema "${name}"`);
		return validatorAt(['components', 'schemas', name])(value);
	};

	return {
		document,
		operations,
		pathTemplate: PATH_TEMPLATE,
		serverUrl: document.servers[0].url,
		validateRequest,
		validateResponse,
		validateSchema,
		validateCreateCallRequest: (body) => validateRequest('createCall', body),
		validateCreateCallResponse: (status, body) => validateResponse('createCall', status, body),
	};
}

module.exports = { loadContract, friendlyErrors, fieldName, PATH_TEMPLATE, OPENAPI_PATH };
