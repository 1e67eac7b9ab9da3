'use strict';

/**
 * Turns the provider's OpenAPI 3.1 document into a facts-only extract (provider-facts.json):
 * paths, methods, path parameters, request bodies, status codes and the schemas of the bodies,
 * with their types, properties, required fields, formats, enums, defaults, min/max constraints
 * and nullability. Prose (descriptions, summaries, titles), examples and every other annotation
 * are left out: a schema keyword is kept only when it is in KEPT_KEYWORDS, and an unknown one
 * stops the extraction, so that nothing new slips through unexamined.
 *
 * Where the document contradicts itself or leaves a gap that the checks cannot work around, the
 * extractor makes an explicit choice, applies it, and lists it under `choices` in the extract
 * (id, rule, and where it applied). A contradiction of a known kind that no choice covers stops
 * the extraction with a message saying what to decide.
 *
 * Entry point: `scripts/extract-provider-facts.js`. The emulator's provider check
 * (provider.js) reads the extract; the test in emulator/test/provider-facts.test.js regenerates it
 * from the document, when the document is present, and compares.
 */

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

/** Where the extract lives in the project. */
const FACTS_PATH = path.join(__dirname, 'provider-facts.json');

/** Environment variable naming another provider document to read. */
const SPEC_ENV = 'VERITUS_PROVIDER_SPEC';

/**
 * The provider document's path: `$VERITUS_PROVIDER_SPEC`, or `../shared/veritus-api/provider-openapi.json`
 * beside the repository (present in the project's own workspace, absent in a user's clone).
 * @param {Record<string, string | undefined>} [env]
 * @returns {string} an absolute path (the file may not exist)
 */
function providerSpecPath(env = process.env) {
	if (env[SPEC_ENV]) return path.resolve(env[SPEC_ENV]);
	return path.resolve(__dirname, '..', '..', '..', 'shared', 'veritus-api', 'provider-openapi.json');
}

/** Schema keywords copied into the extract (facts). */
const KEPT_KEYWORDS = new Set([
	'type',
	'properties',
	'required',
	'items',
	'additionalProperties',
	'format',
	'enum',
	'const',
	'default',
	'minimum',
	'maximum',
	'exclusiveMinimum',
	'exclusiveMaximum',
	'minLength',
	'maxLength',
	'pattern',
	'minItems',
	'maxItems',
	'uniqueItems',
	'minProperties',
	'maxProperties',
	'oneOf',
	'anyOf',
	'allOf',
	'not',
	'$ref',
]);

/** Keywords that are prose or examples: left out without a note. */
const PROSE_KEYWORDS = new Set(['description', 'summary', 'title', 'example', 'examples', '$comment', 'externalDocs']);

/** Keywords turned into something else or dropped, each with a choice (see CHOICES). */
const HANDLED_KEYWORDS = new Set(['nullable', 'discriminator']);

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

/**
 * Our decisions where the document contradicts itself or is silent, by id. The texts are ours.
 * @type {Readonly<Record<string, string>>}
 */
const CHOICES = Object.freeze({
	'nullable-keyword':
		'`nullable: true` is an OpenAPI 3.0 keyword that 3.1 no longer has; it is read as its 3.0 meaning: the value may also be null (type [T, "null"]; null added to an enum).',
	'missing-object-type':
		'Schemas with `properties` but no `type` get `type: object`, as every sibling schema has (without it, a non-object would pass).',
	'required-not-a-property':
		'`Message.required` names `endTime`, which is not a property; read as `endedAt` (the property that says when the turn finished).',
	'discriminator-dropped':
		'`discriminator` is an annotation for code generators; it is dropped, and the `oneOf` with its `enum` on the discriminating property decides alone.',
	'success-body-envelope':
		"The 200 of POST /customers names the bare `Customer` schema, while every other operation, and that operation's own example, answer `{ requestId, success, data }`; read as that envelope with `data: Customer`.",
	'customer-nullable-like-update':
		"`Customer` declares no field nullable, yet Update Customer clears a field with null and the document's own Create Many example returns `secondaryPhone: null`; every `Customer` property that `UpdateCustomerRequest` declares nullable is nullable in `Customer` too (nested `address` fields included).",
	'error-envelope':
		'Error statuses (4xx, 5xx) are documented without a body schema (only examples), and the `Error` component (`{ error, message }`) is used by no operation and matches no example; error bodies are checked against `derivedSchemas.ErrorEnvelope`, `{ requestId (uuid), success: false, publicFacingMessage? (string) }`, the shape of every example. `Error` is kept in `schemas` but used by nothing.',
	'success-envelope':
		'A 2xx documented without a body schema (Cancel Drip Campaign) is checked against `derivedSchemas.SuccessEnvelope`, `{ requestId (uuid), success: true, data? }`.',
	'implied-path-parameter':
		'Path parameters the document uses in a path but does not declare are read as their declared siblings are: required strings of format uuid.',
	'implied-401':
		"Every operation is under the document's global bearer security, so every operation may answer 401 (error envelope), listed or not.",
	'implied-400':
		'Every operation that takes a request body or a path parameter may answer 400 (error envelope) for a bad one, listed or not.',
	'implied-404':
		'Every operation that names one existing resource by ID (a path parameter, or the `callId` of Get Signed URL) may answer 404 (error envelope), listed or not.',
	'undocumented-responses':
		'An operation with no responses at all (Enroll in Drip Campaign) has none in the extract: its answers are not checked, and the emulator documents the answer it chose.',
	'unused-error-schema': 'The `Error` component is extracted as a fact but referenced by nothing (see error-envelope).',
});

/**
 * Where a choice needs a decision per place: the places, and what to do there.
 * Keys are JSON-pointer-like locations in the extract.
 */
const REQUIRED_RENAMES = Object.freeze({ 'schemas/Message': { endTime: 'endedAt' } });
const ENVELOPED_SUCCESSES = Object.freeze(['POST /customers 200']);
const ID_IN_BODY_OPERATIONS = Object.freeze(['POST /calls/get-signed-url']);

/**
 * Records that a choice applied somewhere.
 */
class ChoiceLog {
	constructor() {
		/** @type {Map<string, Set<string>>} */
		this.places = new Map();
	}

	/**
	 * @param {keyof typeof CHOICES} id
	 * @param {string} where
	 */
	add(id, where) {
		if (!CHOICES[id]) throw new Error(`extract: unknown choice "${id}"`);
		if (!this.places.has(id)) this.places.set(id, new Set());
		this.places.get(id).add(where);
	}

	/** @returns {{ id: string, rule: string, at: string[] }[]} in the order of CHOICES */
	list() {
		return Object.keys(CHOICES)
			.filter((id) => this.places.has(id))
			.map((id) => ({ id, rule: CHOICES[id], at: [...this.places.get(id)] }));
	}
}

/**
 * Rewrites a component `$ref` into the extract's layout.
 * @param {string} ref such as `#/components/schemas/Customer`
 * @param {string} where
 * @returns {string} such as `#/schemas/Customer`
 * @throws {Error} on a reference outside `#/components/schemas/`
 */
function rewriteRef(ref, where) {
	const prefix = '#/components/schemas/';
	if (!ref.startsWith(prefix)) throw new Error(`extract: unsupported $ref "${ref}" at ${where}`);
	return `#/schemas/${ref.slice(prefix.length)}`;
}

/**
 * Copies the facts of a schema (recursively), applying the choices.
 * @param {any} schema an OpenAPI schema object
 * @param {string} where its location, for choices and errors
 * @param {ChoiceLog} choices
 * @returns {any} the facts-only schema
 * @throws {Error} on an unknown keyword or an unresolved contradiction
 */
function factsOf(schema, where, choices) {
	if (typeof schema === 'boolean') return schema;
	if (!schema || typeof schema !== 'object' || Array.isArray(schema))
		throw new Error(`extract: not a schema at ${where}`);
	/** @type {Record<string, any>} */
	const out = {};
	for (const [key, value] of Object.entries(schema)) {
		if (PROSE_KEYWORDS.has(key) || HANDLED_KEYWORDS.has(key)) continue;
		if (!KEPT_KEYWORDS.has(key)) throw new Error(`extract: unknown schema keyword "${key}" at ${where}`);
		if (key === 'properties') {
			out.properties = Object.fromEntries(
				Object.entries(value).map(([name, sub]) => [name, factsOf(sub, `${where}/properties/${name}`, choices)]),
			);
		} else if (key === 'items' || key === 'not' || (key === 'additionalProperties' && typeof value === 'object')) {
			out[key] = factsOf(value, `${where}/${key}`, choices);
		} else if (key === 'oneOf' || key === 'anyOf' || key === 'allOf') {
			out[key] = value.map((sub, i) => factsOf(sub, `${where}/${key}/${i}`, choices));
		} else if (key === '$ref') {
			out.$ref = rewriteRef(value, where);
		} else {
			out[key] = structuredClone(value);
		}
	}
	if (schema.discriminator) choices.add('discriminator-dropped', where);
	if (out.properties && out.type === undefined) {
		out.type = 'object';
		choices.add('missing-object-type', where);
	}
	if (Array.isArray(out.required) && out.properties) {
		const renames = REQUIRED_RENAMES[where] || {};
		out.required = out.required.map((name) => {
			if (name in out.properties) return name;
			if (renames[name] && renames[name] in out.properties) {
				choices.add('required-not-a-property', where);
				return renames[name];
			}
			throw new Error(
				`extract: ${where} requires "${name}", which is not one of its properties: decide what it means and add it to REQUIRED_RENAMES`,
			);
		});
	}
	if (schema.nullable === true) {
		choices.add('nullable-keyword', where);
		return makeNullable(out);
	}
	return out;
}

/**
 * The same schema, also accepting null.
 * @param {Record<string, any>} schema facts-only
 * @returns {Record<string, any>}
 */
function makeNullable(schema) {
	const copy = { ...schema };
	if (typeof copy.type === 'string') copy.type = [copy.type, 'null'];
	else if (Array.isArray(copy.type) && !copy.type.includes('null')) copy.type = [...copy.type, 'null'];
	else if (copy.type === undefined) return { anyOf: [schema, { type: 'null' }] };
	if (Array.isArray(copy.enum) && !copy.enum.includes(null)) copy.enum = [...copy.enum, null];
	return copy;
}

/**
 * Applies `customer-nullable-like-update`: properties nullable in the update request are
 * nullable in the customer too, recursively through object properties.
 * @param {Record<string, any>} customer facts of `Customer` (changed in place)
 * @param {Record<string, any>} update facts of `UpdateCustomerRequest`
 * @param {string} where
 * @param {ChoiceLog} choices
 */
function mirrorNullability(customer, update, where, choices) {
	for (const [name, sub] of Object.entries(update.properties || {})) {
		const target = customer.properties && customer.properties[name];
		if (!target) continue;
		if (Array.isArray(sub.type) && sub.type.includes('null')) {
			customer.properties[name] = makeNullable(target);
			choices.add('customer-nullable-like-update', `${where}/properties/${name}`);
		}
		if (sub.properties && customer.properties[name].properties)
			mirrorNullability(customer.properties[name], sub, `${where}/properties/${name}`, choices);
	}
}

/** The derived schemas (see the choices error-envelope and success-envelope). */
const DERIVED_SCHEMAS = Object.freeze({
	ErrorEnvelope: {
		type: 'object',
		required: ['requestId', 'success'],
		properties: {
			requestId: { type: 'string', format: 'uuid' },
			success: { type: 'boolean', enum: [false] },
			publicFacingMessage: { type: 'string' },
		},
	},
	SuccessEnvelope: {
		type: 'object',
		required: ['requestId', 'success'],
		properties: {
			requestId: { type: 'string', format: 'uuid' },
			success: { type: 'boolean', enum: [true] },
		},
	},
});

/**
 * Resolves a `#/schemas/X` reference of the extract.
 * @param {Record<string, any>} schemas
 * @param {any} schema
 * @returns {any}
 */
function deref(schemas, schema) {
	if (schema && schema.$ref && schema.$ref.startsWith('#/schemas/')) return schemas[schema.$ref.slice(10)];
	return schema;
}

/**
 * The facts of one operation.
 * @param {string} method lower-case
 * @param {string} path template such as `/customers/{customerId}`
 * @param {any} operation the OpenAPI operation object
 * @param {Record<string, any>} schemas the extract's schemas (for checking success bodies)
 * @param {ChoiceLog} choices
 * @returns {object}
 */
function operationFacts(method, path, operation, schemas, choices) {
	const key = `${method.toUpperCase()} ${path}`;
	const where = `paths${path}/${method}`;
	/** @type {Record<string, any>} */
	const pathParameters = {};
	for (const parameter of operation.parameters || []) {
		if (parameter.in !== 'path')
			throw new Error(`extract: ${key} has a ${parameter.in} parameter; extend the extractor`);
		pathParameters[parameter.name] = factsOf(parameter.schema || {}, `${where}/parameters/${parameter.name}`, choices);
	}
	for (const [, name] of path.matchAll(/\{([^}]+)\}/g)) {
		if (!pathParameters[name]) {
			pathParameters[name] = { type: 'string', format: 'uuid' };
			choices.add('implied-path-parameter', `${key} {${name}}`);
		}
	}

	let requestBody = null;
	if (operation.requestBody) {
		const json = (operation.requestBody.content || {})['application/json'];
		requestBody = {
			required: operation.requestBody.required === true,
			schema: json && json.schema ? factsOf(json.schema, `${where}/requestBody`, choices) : null,
		};
	}

	/** @type {Record<string, any>} */
	const responses = {};
	const documented = Object.entries(operation.responses || {});
	for (const [status, response] of documented) {
		const json = (response.content || {})['application/json'];
		let schema = json && json.schema ? factsOf(json.schema, `${where}/responses/${status}`, choices) : null;
		const success = status.startsWith('2');
		if (schema && success) {
			const target = deref(schemas, schema);
			if (!target || !target.properties || !target.properties.requestId) {
				if (!ENVELOPED_SUCCESSES.includes(`${key} ${status}`)) {
					throw new Error(
						`extract: the ${status} of ${key} has no { requestId, success, data } envelope: decide and add it to ENVELOPED_SUCCESSES`,
					);
				}
				choices.add('success-body-envelope', `${key} ${status}`);
				schema = {
					type: 'object',
					required: ['requestId', 'success', 'data'],
					properties: {
						requestId: { type: 'string', format: 'uuid' },
						success: { type: 'boolean' },
						data: schema,
					},
				};
			}
		}
		if (!schema) {
			schema = { $ref: success ? '#/derivedSchemas/SuccessEnvelope' : '#/derivedSchemas/ErrorEnvelope' };
			choices.add(success ? 'success-envelope' : 'error-envelope', `${key} ${status}`);
		}
		responses[status] = { documented: true, schema };
	}

	if (documented.length === 0) {
		choices.add('undocumented-responses', key);
	} else {
		const imply = (status, choice) => {
			if (responses[status]) return;
			responses[status] = { documented: false, schema: { $ref: '#/derivedSchemas/ErrorEnvelope' } };
			choices.add(choice, key);
		};
		imply('401', 'implied-401');
		if (requestBody || Object.keys(pathParameters).length > 0) imply('400', 'implied-400');
		if (Object.keys(pathParameters).length > 0 || ID_IN_BODY_OPERATIONS.includes(key)) imply('404', 'implied-404');
	}

	return {
		operation: key,
		pathParameters,
		requestBody,
		responsesDocumented: documented.length > 0,
		responses: Object.fromEntries(Object.entries(responses).sort(([a], [b]) => a.localeCompare(b))),
	};
}

/**
 * The facts-only extract of a provider OpenAPI document.
 * @param {any} document the parsed OpenAPI 3.1 document
 * @param {{ sourceText?: string }} [options] `sourceText`: the document's exact text, whose
 *   SHA-256 the extract records
 * @returns {object} the extract, ready for JSON.stringify
 * @throws {Error} on an unknown schema keyword, an unsupported construct, or a contradiction
 *   that no choice covers
 */
function extractProviderFacts(document, options = {}) {
	if (!document || typeof document !== 'object' || !String(document.openapi || '').startsWith('3.1')) {
		throw new Error('extract: expected an OpenAPI 3.1 document');
	}
	const choices = new ChoiceLog();
	const componentSchemas = (document.components && document.components.schemas) || {};
	/** @type {Record<string, any>} */
	const schemas = {};
	for (const [name, schema] of Object.entries(componentSchemas)) {
		schemas[name] = factsOf(schema, `schemas/${name}`, choices);
	}
	if (schemas.Customer && schemas.UpdateCustomerRequest) {
		mirrorNullability(schemas.Customer, schemas.UpdateCustomerRequest, 'schemas/Customer', choices);
	}
	if (schemas.Error) choices.add('unused-error-schema', 'schemas/Error');

	/** @type {Record<string, Record<string, any>>} */
	const paths = {};
	for (const [path, item] of Object.entries(document.paths || {})) {
		for (const method of HTTP_METHODS) {
			if (!item[method]) continue;
			paths[path] = paths[path] || {};
			paths[path][method] = operationFacts(method, path, item[method], schemas, choices);
		}
	}

	/** @type {Record<string, any>} */
	const webhooks = {};
	for (const [name, item] of Object.entries(document.webhooks || {})) {
		for (const method of HTTP_METHODS) {
			if (!item[method]) continue;
			const json = ((item[method].requestBody || {}).content || {})['application/json'];
			webhooks[name] = {
				method: method.toUpperCase(),
				schema: json && json.schema ? factsOf(json.schema, `webhooks/${name}`, choices) : null,
			};
		}
	}

	const security = (document.components && document.components.securitySchemes) || {};
	return {
		extract:
			'Facts-only extract of the provider OpenAPI document (no descriptions, summaries, titles or examples), written by scripts/extract-provider-facts.js. Do not edit: regenerate.',
		source: {
			openapi: document.openapi,
			version: document.info && document.info.version,
			sha256: options.sourceText ? crypto.createHash('sha256').update(options.sourceText).digest('hex') : null,
		},
		servers: (document.servers || []).map((server) => server.url),
		security: Object.values(security).map((scheme) => ({ type: scheme.type, scheme: scheme.scheme })),
		paths,
		webhooks,
		schemas,
		derivedSchemas: structuredClone(DERIVED_SCHEMAS),
		choices: choices.list(),
	};
}

/**
 * Reads a provider document and extracts its facts.
 * @param {string} specPath
 * @returns {object} the extract
 * @throws {Error} when the file cannot be read or parsed, or as extractProviderFacts
 */
function extractFromFile(specPath) {
	const text = fs.readFileSync(specPath, 'utf8');
	return extractProviderFacts(JSON.parse(text), { sourceText: text });
}

/**
 * The extract as written to provider-facts.json: tab-indented JSON and a final newline.
 * @param {object} facts
 * @returns {string}
 */
function serialiseFacts(facts) {
	return `${JSON.stringify(facts, null, '\t')}\n`;
}

module.exports = {
	extractProviderFacts,
	extractFromFile,
	serialiseFacts,
	providerSpecPath,
	FACTS_PATH,
	SPEC_ENV,
	CHOICES,
	KEPT_KEYWORDS,
};
