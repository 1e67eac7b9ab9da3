'use strict';

/**
 * The facts-only extract of the provider's OpenAPI document (contract/provider-facts.json):
 * - it still matches the document, when the document is present (`../shared/veritus-api/` in the
 *   project's own workspace, or $VERITUS_PROVIDER_SPEC); a user's clone has no document, and the
 *   comparison is skipped with a log line saying so;
 * - it holds no prose, and lists every choice it made, which the emulator's README names too;
 * - the extractor refuses what it does not know, so a new contradiction gets a decision;
 * - the checks built on it catch a broken request and a broken answer.
 */

const fs = require('node:fs');
const path = require('node:path');
const { extractProviderFacts, extractFromFile, providerSpecPath, FACTS_PATH, CHOICES } = require('../contract/extract');
const { loadProviderContract } = require('../contract/provider');
const { useEmulator, api, createCall, control, C, AGENT } = require('./helpers');

const committed = JSON.parse(fs.readFileSync(FACTS_PATH, 'utf8'));
const specPath = providerSpecPath();
const specPresent = fs.existsSync(specPath);

describe('provider-facts.json against the provider document', () => {
	if (!specPresent) {
		console.log(
			`provider-facts: no provider document at ${path.relative(process.cwd(), specPath)} (a user's clone has none); ` +
				'the comparison with the committed extract is skipped. Set VERITUS_PROVIDER_SPEC to run it.',
		);
	}
	(specPresent ? test : test.skip)('regenerated in memory, the extract equals the committed one', () => {
		const fresh = JSON.parse(JSON.stringify(extractFromFile(specPath)));
		expect(fresh).toEqual(committed);
	});
});

describe('the committed extract', () => {
	test('16 operations, the two webhook families, and the source it came from', () => {
		const operations = Object.values(committed.paths).flatMap((methods) =>
			Object.values(methods).map((o) => o.operation),
		);
		expect(operations).toHaveLength(16);
		expect(Object.keys(committed.webhooks)).toEqual(['/calls/webhook', '/drip-campaigns/webhook']);
		expect(committed.source).toEqual({
			openapi: '3.1.0',
			version: '1.0.0',
			sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
		});
	});

	test('holds no prose: no description, summary, title or example keyword anywhere', () => {
		const found = [];
		const walk = (value, where, inProperties) => {
			if (Array.isArray(value)) return value.forEach((v, i) => walk(v, `${where}/${i}`, false));
			if (!value || typeof value !== 'object') return undefined;
			for (const [key, child] of Object.entries(value)) {
				if (!inProperties && ['description', 'summary', 'title', 'example', 'examples'].includes(key)) {
					found.push(`${where}/${key}`);
				}
				walk(child, `${where}/${key}`, key === 'properties' && !inProperties);
			}
			return undefined;
		};
		const { choices, extract, ...facts } = committed;
		walk(facts, '', false);
		expect(found).toEqual([]);
		// A property that is named "description" is a fact, and stays.
		expect(committed.schemas.ComplianceCheck.required).toContain('description');
	});

	test('every choice is listed with the places it applied, and named in the emulator README', () => {
		const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
		expect(committed.choices.length).toBeGreaterThan(0);
		for (const choice of committed.choices) {
			expect(choice.rule).toBe(CHOICES[choice.id]);
			expect(choice.at.length).toBeGreaterThan(0);
			expect([choice.id, readme.includes(`\`${choice.id}\``)]).toEqual([choice.id, true]);
		}
	});

	test('the self-contradictions are resolved as the choices say', () => {
		const { schemas, paths } = committed;
		expect(schemas.Message.required).toEqual(['role', 'message', 'endedAt', 'secondsFromStart', 'duration']);
		expect(schemas.Message.type).toBe('object');
		expect(schemas.Customer.properties.secondaryPhone.type).toEqual(['string', 'null']);
		expect(schemas.CreateCustomerRequest.properties.collections.properties.principalBalance).toEqual({
			type: ['number', 'null'],
			minimum: 0,
		});
		expect(paths['/customers'].post.responses['200'].schema.properties.data).toEqual({ $ref: '#/schemas/Customer' });
		expect(paths['/customers/{customerId}/calls'].post.pathParameters).toEqual({
			customerId: { type: 'string', format: 'uuid' },
		});
		expect(paths['/customers/{customerId}/calls'].post.responses['401']).toEqual({
			documented: false,
			schema: { $ref: '#/derivedSchemas/ErrorEnvelope' },
		});
		expect(paths['/customers/{customerId}/drip-campaigns'].post).toMatchObject({
			responsesDocumented: false,
			responses: {},
		});
	});
});

describe('the extractor', () => {
	/** A minimal OpenAPI 3.1 document with one operation. */
	function document(schema, extra = {}) {
		return {
			openapi: '3.1.0',
			info: { title: 'T', version: '1', description: 'prose' },
			paths: {
				'/things/{thingId}': {
					post: {
						summary: 'prose',
						requestBody: { required: true, content: { 'application/json': { schema } } },
						responses: {
							200: {
								description: 'prose',
								content: { 'application/json': { schema: { $ref: '#/components/schemas/Answer' } } },
							},
						},
					},
				},
			},
			components: {
				schemas: {
					Answer: {
						type: 'object',
						title: 'prose',
						properties: { requestId: { type: 'string' }, success: { type: 'boolean' } },
					},
				},
			},
			...extra,
		};
	}

	test('keeps facts, drops prose, reads nullable, and implies what the document leaves out', () => {
		const facts = extractProviderFacts(
			document({
				properties: {
					description: { type: 'string', description: 'a property named description', example: 'x' },
					amount: { type: 'number', minimum: 0, nullable: true },
				},
				required: ['description'],
			}),
		);
		const operation = facts.paths['/things/{thingId}'].post;
		expect(operation.requestBody).toEqual({
			required: true,
			schema: {
				properties: { description: { type: 'string' }, amount: { type: ['number', 'null'], minimum: 0 } },
				required: ['description'],
				type: 'object',
			},
		});
		expect(operation.pathParameters).toEqual({ thingId: { type: 'string', format: 'uuid' } });
		expect(Object.keys(operation.responses)).toEqual(['200', '400', '401', '404']);
		expect(facts.schemas.Answer).toEqual({
			type: 'object',
			properties: { requestId: { type: 'string' }, success: { type: 'boolean' } },
		});
		expect(facts.choices.map((c) => c.id)).toEqual([
			'nullable-keyword',
			'missing-object-type',
			'implied-path-parameter',
			'implied-401',
			'implied-400',
			'implied-404',
		]);
	});

	test('stops on a schema keyword it does not know', () => {
		expect(() => extractProviderFacts(document({ type: 'string', 'x-vendor-rule': 1 }))).toThrow(
			'unknown schema keyword "x-vendor-rule"',
		);
	});

	test('stops on a required field that is not a property, unless a choice covers it', () => {
		expect(() =>
			extractProviderFacts(document({ type: 'object', properties: { a: { type: 'string' } }, required: ['b'] })),
		).toThrow('requires "b", which is not one of its properties');
	});

	test('stops on a success answer without the envelope, unless a choice covers it', () => {
		const bare = document({ type: 'object' });
		bare.components.schemas.Answer = { type: 'object', properties: { id: { type: 'string' } } };
		expect(() => extractProviderFacts(bare)).toThrow('has no { requestId, success, data } envelope');
	});
});

describe('the checks can fail', () => {
	const emulator = useEmulator({ seed: 3 });
	const provider = loadProviderContract();

	test('a broken request is caught: a path ID that is not a UUID, a field of the wrong type', async () => {
		await createCall(emulator.current, '100231', { body: { agentId: 7 } });
		const { violations } = await control(emulator.current, '/violations');
		expect(violations).toEqual([
			expect.objectContaining({
				direction: 'request',
				source: 'provider',
				operation: 'POST /customers/{customerId}/calls',
				errors: ['path/customerId must match format "uuid"', 'body/agentId must be string'],
			}),
		]);
		await control(emulator.current, '/violations', { method: 'DELETE' });
	});

	test('a broken answer is caught: the drop-field fault removes requestId and the check records it', async () => {
		await control(emulator.current, '/config', { method: 'PUT', body: { faults: [{ type: 'drop-field' }] } });
		const response = await createCall(emulator.current, C('100232'), { contract: false });
		expect(response.status).toBe(200);
		expect(response.body).not.toHaveProperty('requestId');
		const { violations } = await control(emulator.current, '/violations');
		expect(violations).toEqual([
			expect.objectContaining({
				direction: 'response',
				source: 'provider',
				status: 200,
				errors: ["body must have required property 'requestId'"],
			}),
		]);
		const [entry] = (await control(emulator.current, '/requests')).requests;
		expect(entry.contract).toEqual({ request: 'valid', response: 'violation' });
		await control(emulator.current, '/violations', { method: 'DELETE' });
	});

	test('the validators themselves: a good answer passes, the same answer changed by one field does not', async () => {
		const good = await api(emulator.current, 'POST', '/calls/bulk', {
			body: { agentId: AGENT, customerIds: [C('100232'), C('100239')] },
		});
		const check = (body) => provider.checkResponse('POST', '/calls/bulk', 200, body);
		expect(check(good.body)).toEqual({ valid: true, errors: [] });
		const renamed = structuredClone(good.body);
		renamed.data.summary.succeeded = renamed.data.summary.successful;
		delete renamed.data.summary.successful;
		expect(check(renamed)).toEqual({
			valid: false,
			errors: ["body/data/summary must have required property 'successful'"],
		});
		expect(provider.checkResponse('POST', '/calls/bulk', 418, good.body)).toEqual({
			valid: false,
			errors: ['status 418 is not documented for POST /calls/bulk'],
		});
		expect(
			provider.checkRequest({
				method: 'POST',
				template: '/calls/bulk',
				params: {},
				authorization: 'Bearer t',
				contentType: 'application/json',
				rawBody: JSON.stringify({ agentId: AGENT, customerIds: [] }),
			}),
		).toEqual({ valid: false, errors: ['body/customerIds must NOT have fewer than 1 items'] });
	});
});
