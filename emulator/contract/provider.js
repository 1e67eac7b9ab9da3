'use strict';

/**
 * The provider contract check: validators built from the facts-only extract of the provider's
 * OpenAPI document (provider-facts.json, written by extract.js). The emulator checks every API
 * request it receives and every answer it gives with them, and records breaches at
 * `/__emulator/violations`; tests use them directly too.
 *
 * This is separate from the emulator's own schemas (openapi.yaml, own.js), which decide how the
 * emulator behaves: the extract only says what the provider's document allows.
 */

const Ajv2020 = require('ajv/dist/2020');
const addFormats = require('ajv-formats');
const { FACTS_PATH } = require('./extract');

const DOCUMENT_ID = 'https://veritus-emulator.local/provider-facts.json';

/**
 * Result of a check.
 * @typedef {object} CheckResult
 * @property {boolean} valid
 * @property {string[]} errors one readable line per breach, such as
 *   `body/customerIds/0 must match format "uuid"`; empty when valid
 * @property {string | null} [exempt] why an answer was not checked (then `valid` is true)
 */

/**
 * One operation of the extract.
 * @typedef {object} ProviderOperation
 * @property {string} key such as `POST /customers/{customerId}/calls`
 * @property {string} method upper-case
 * @property {string} path template
 * @property {any} facts the extract's facts for it
 */

/**
 * The provider contract.
 * @typedef {object} ProviderContract
 * @property {any} facts the extract
 * @property {ProviderOperation[]} operations all of them, in the document's order
 * @property {(method: string, template: string) => ProviderOperation | undefined} operation
 * @property {(method: string, rawPath: string) => { operation: ProviderOperation, params: Record<string, string> } | null} match
 *   finds the operation of a request path relative to the API prefix (segments decoded)
 * @property {(request: ProviderRequest) => CheckResult} checkRequest
 * @property {(method: string, template: string, status: number, body: unknown) => CheckResult} checkResponse
 *   an operation whose document lists no responses at all is exempt
 * @property {(body: unknown) => CheckResult} checkWebhook checks an event against the webhook
 *   family of its `type` (`call-…` or `drip-campaign.…`)
 */

/**
 * An API request as the check sees it.
 * @typedef {object} ProviderRequest
 * @property {string} method
 * @property {string} template the operation's path template
 * @property {Record<string, string>} params decoded path parameters
 * @property {string | undefined} authorization the Authorization header (only its scheme is checked)
 * @property {string | undefined} contentType
 * @property {string} rawBody the body as received ('' when none)
 */

/**
 * Escapes path segments into a URI fragment holding a JSON pointer.
 * @param {string[]} segments
 * @returns {string}
 */
function pointer(segments) {
	return '#/' + segments.map((s) => encodeURIComponent(s.replace(/~/g, '~0').replace(/\//g, '~1'))).join('/');
}

/**
 * Turns Ajv errors into readable lines rooted at `root`.
 * @param {import('ajv').ErrorObject[] | null | undefined} errors
 * @param {string} root such as `body`
 * @returns {string[]}
 */
function formatErrors(errors, root) {
	return (errors || []).map((e) => {
		const extra = e.keyword === 'additionalProperties' ? ` ('${e.params.additionalProperty}')` : '';
		return `${root}${e.instancePath} ${e.message}${extra}`;
	});
}

/**
 * Builds the provider contract from an extract.
 * @param {{ facts?: any }} [options] `facts`: another extract (default provider-facts.json)
 * @returns {ProviderContract}
 */
function loadProviderContract(options = {}) {
	const facts = options.facts || require(FACTS_PATH);
	const ajv = new Ajv2020({ allErrors: true, strict: false });
	addFormats(ajv);
	ajv.addSchema(
		{
			$id: DOCUMENT_ID,
			schemas: facts.schemas,
			derivedSchemas: facts.derivedSchemas,
			paths: facts.paths,
			webhooks: facts.webhooks,
		},
		DOCUMENT_ID,
	);
	/** @type {Map<string, import('ajv').ValidateFunction>} */
	const compiled = new Map();
	const validatorAt = (segments) => {
		const ref = DOCUMENT_ID + pointer(segments);
		if (!compiled.has(ref)) compiled.set(ref, ajv.compile({ $ref: ref }));
		return /** @type {import('ajv').ValidateFunction} */ (compiled.get(ref));
	};

	/** @type {ProviderOperation[]} */
	const operations = [];
	for (const [path, methods] of Object.entries(facts.paths)) {
		for (const [method, operationFacts] of Object.entries(methods)) {
			operations.push({ key: operationFacts.operation, method: method.toUpperCase(), path, facts: operationFacts });
		}
	}
	const matchers = operations.map((operation) => {
		const names = [];
		const source = operation.path.replace(/\{([^}]+)\}|[^{]+/g, (part, name) => {
			if (name) {
				names.push(name);
				return '([^/]+)';
			}
			return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
		});
		return { operation, names, regex: new RegExp(`^${source}$`) };
	});

	/** @type {ProviderContract['operation']} */
	const operation = (method, template) =>
		operations.find((o) => o.method === method.toUpperCase() && o.path === template);

	/** @type {ProviderContract['match']} */
	const match = (method, rawPath) => {
		const pathOnly = rawPath.split('?')[0];
		for (const { operation: candidate, names, regex } of matchers) {
			if (candidate.method !== method.toUpperCase()) continue;
			const found = regex.exec(pathOnly);
			if (!found) continue;
			const params = {};
			names.forEach((name, i) => {
				try {
					params[name] = decodeURIComponent(found[i + 1]);
				} catch {
					params[name] = found[i + 1];
				}
			});
			return { operation: candidate, params };
		}
		return null;
	};

	/** @type {ProviderContract['checkRequest']} */
	const checkRequest = (request) => {
		const found = operation(request.method, request.template);
		if (!found)
			return { valid: false, errors: [`${request.method} ${request.template} is not an operation of the document`] };
		const errors = [];
		if (!/^Bearer\s+\S+/i.test(request.authorization || ''))
			errors.push('credentials are missing or not in the scheme the document requires');
		for (const name of Object.keys(found.facts.pathParameters)) {
			const validate = validatorAt(['paths', found.path, found.method.toLowerCase(), 'pathParameters', name]);
			const value = request.params[name];
			if (value === undefined) errors.push(`path/${name} is missing`);
			else if (!validate(value)) errors.push(...formatErrors(validate.errors, `path/${name}`));
		}
		const body = found.facts.requestBody;
		const raw = request.rawBody || '';
		if (raw.trim() === '') {
			if (body && body.required) errors.push('body is required');
		} else if (!body) {
			errors.push('body is not expected by this operation');
		} else {
			if ((request.contentType || '').split(';')[0].trim().toLowerCase() !== 'application/json') {
				errors.push('headers/content-type is not application/json');
			}
			let parsed;
			try {
				parsed = JSON.parse(raw);
			} catch {
				errors.push('body is not JSON');
			}
			if (parsed !== undefined && body.schema) {
				const validate = validatorAt(['paths', found.path, found.method.toLowerCase(), 'requestBody', 'schema']);
				if (!validate(parsed)) errors.push(...formatErrors(validate.errors, 'body'));
			}
		}
		return { valid: errors.length === 0, errors };
	};

	/** @type {ProviderContract['checkResponse']} */
	const checkResponse = (method, template, status, body) => {
		const found = operation(method, template);
		if (!found) return { valid: false, errors: [`${method} ${template} is not an operation of the document`] };
		if (!found.facts.responsesDocumented) {
			return { valid: true, errors: [], exempt: 'the document lists no response for this operation' };
		}
		const key = String(status);
		if (!found.facts.responses[key]) {
			return { valid: false, errors: [`status ${status} is not documented for ${found.key}`] };
		}
		const validate = validatorAt(['paths', found.path, found.method.toLowerCase(), 'responses', key, 'schema']);
		const valid = validate(body) === true;
		return { valid, errors: valid ? [] : formatErrors(validate.errors, 'body') };
	};

	/** @type {ProviderContract['checkWebhook']} */
	const checkWebhook = (body) => {
		const type = body && typeof body === 'object' ? String(/** @type {any} */ (body).type || '') : '';
		const name = type.startsWith('drip-campaign.') ? '/drip-campaigns/webhook' : '/calls/webhook';
		if (!facts.webhooks[name] || !facts.webhooks[name].schema) {
			return { valid: false, errors: [`no webhook schema for type "${type}"`] };
		}
		const validate = validatorAt(['webhooks', name, 'schema']);
		const valid = validate(body) === true;
		return { valid, errors: valid ? [] : formatErrors(validate.errors, 'event') };
	};

	return { facts, operations, operation, match, checkRequest, checkResponse, checkWebhook };
}

module.exports = { loadProviderContract };
