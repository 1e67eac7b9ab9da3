'use strict';

const { loadContract } = require('..');

const contract = loadContract();

/** The vendor's documented example, verbatim (the API document's create-call response). */
const DOCUMENTED_EXAMPLE = require('../fixtures/api-document-example.json');

const blocked = {
	requestId: '25deb7a2-ea2a-4993-8ad5-faed5367915b',
	success: false,
	data: {
		...DOCUMENTED_EXAMPLE.data,
		id: null,
		threadId: null,
		compliance: { ...DOCUMENTED_EXAMPLE.data.compliance, passed: false },
	},
};

const errorBody = {
	requestId: '25deb7a2-ea2a-4993-8ad5-faed5367915b',
	success: false,
	message: 'Customer "x" was not found',
	error: { code: 'customer_not_found', message: 'Customer "x" was not found' },
};

describe('openapi.yaml', () => {
	test('describes exactly the create-call endpoint on the documented server with bearer auth', () => {
		const { document } = contract;
		expect(document.openapi).toBe('3.1.0');
		expect(document.servers).toEqual([expect.objectContaining({ url: 'https://sandbox.veritusagent.ai/api/v1' })]);
		expect(Object.keys(document.paths)).toEqual(['/customers/{customerId}/calls']);
		expect(Object.keys(document.paths['/customers/{customerId}/calls'])).toEqual(['post']);
		expect(document.components.securitySchemes.bearerAuth).toEqual({ type: 'http', scheme: 'bearer' });
		expect(document.security).toEqual([{ bearerAuth: [] }]);
		expect(contract.pathTemplate).toBe('/customers/{customerId}/calls');
		expect(contract.serverUrl).toBe('https://sandbox.veritusagent.ai/api/v1');
	});

	test('documents the statuses the emulator can answer', () => {
		const responses = contract.document.paths['/customers/{customerId}/calls'].post.responses;
		expect(Object.keys(responses)).toEqual(['200', '400', '401', '403', '404', '413', '422', '429', '5XX']);
		expect(Object.keys(responses['429'].headers)).toEqual(['Retry-After']);
	});

	test('marks what the documentation is silent about as an assumption', () => {
		const { schemas } = contract.document.components;
		for (const name of ['ErrorResponse', 'CallBlockedResponse', 'CallRefusedResponse', 'BlockedCall']) {
			expect(schemas[name]['x-assumption']).toBe(true);
		}
		expect(schemas.ErrorResponse.description).toMatch(/silent/);
	});
});

describe('validateCreateCallRequest', () => {
	test.each([
		[{ agentId: 'agent-collections-01' }],
		[{ agentId: 'a', webhook: { url: 'https://example.com/hook', secretId: '3c90c3cc-0d44-4b50-8888-8dd25736052a' } }],
	])('accepts %j', (body) => {
		expect(contract.validateCreateCallRequest(body)).toEqual({ valid: true, errors: [] });
	});

	test.each([
		[{}, ["body must have required property 'agentId'"]],
		[{ agentId: '' }, ['body/agentId must NOT have fewer than 1 characters']],
		[{ agentId: 12 }, ['body/agentId must be string']],
		[{ agentId: 'a', customerId: '1' }, ["body must NOT have additional properties ('customerId')"]],
		[
			{ agentId: 'a', webhook: { url: 'not a url', secretId: 'x' } },
			['body/webhook/url must match format "uri"', 'body/webhook/secretId must match format "uuid"'],
		],
		[
			{ agentId: 'a', webhook: { url: 'https://example.com/hook' } },
			["body/webhook must have required property 'secretId'"],
		],
		[[], ['body must be object']],
		[null, ['body must be object']],
	])('rejects %j', (body, errors) => {
		expect(contract.validateCreateCallRequest(body)).toEqual({ valid: false, errors });
	});

	test('validateRequest is the same validator', () => {
		expect(contract.validateRequest({ agentId: '' })).toEqual(contract.validateCreateCallRequest({ agentId: '' }));
	});
});

describe('validateCreateCallResponse', () => {
	test('accepts the documented example', () => {
		expect(contract.validateCreateCallResponse(200, DOCUMENTED_EXAMPLE)).toEqual({ valid: true, errors: [] });
	});

	test('accepts a blocked call at 200 and 422, and a refused call at 200', () => {
		expect(contract.validateCreateCallResponse(200, blocked).valid).toBe(true);
		expect(contract.validateCreateCallResponse(422, blocked).valid).toBe(true);
		const refused = { requestId: blocked.requestId, success: false, message: 'Agent is busy', data: {} };
		expect(contract.validateCreateCallResponse(200, refused).valid).toBe(true);
	});

	test('accepts the error body for every error status, 5xx by range', () => {
		for (const status of [400, 401, 403, 404, 413, 422, 429, 500, 502, 503, 504]) {
			expect([status, contract.validateCreateCallResponse(status, errorBody).valid]).toEqual([status, true]);
		}
	});

	test('rejects inconsistent or incomplete bodies', () => {
		expect(contract.validateCreateCallResponse(200, { ...DOCUMENTED_EXAMPLE, success: false }).valid).toBe(false);
		expect(contract.validateCreateCallResponse(200, { ...blocked, success: true }).valid).toBe(false);
		const { compliance, ...noCompliance } = DOCUMENTED_EXAMPLE.data;
		expect(compliance).toBeDefined();
		expect(contract.validateCreateCallResponse(200, { ...DOCUMENTED_EXAMPLE, data: noCompliance }).valid).toBe(false);
		expect(contract.validateCreateCallResponse(200, { ...DOCUMENTED_EXAMPLE, requestId: 'abc' }).valid).toBe(false);
		expect(contract.validateCreateCallResponse(404, DOCUMENTED_EXAMPLE).valid).toBe(false);
		expect(contract.validateCreateCallResponse(200, { ...DOCUMENTED_EXAMPLE, extra: 1 }).valid).toBe(false);
	});

	test('an undocumented status is invalid', () => {
		expect(contract.validateCreateCallResponse(302, {})).toEqual({
			valid: false,
			errors: ['status 302 has no JSON response in the contract'],
		});
	});
});
