'use strict';

const { loadContract, loadProviderContract } = require('..');

const contract = loadContract();
const provider = loadProviderContract();

/** The seed page's documented example, verbatim (its create-call response). */
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
	publicFacingMessage: 'Customer not found',
};

describe("openapi.yaml, the emulator's own contract", () => {
	test("describes every operation of the provider's document, with the same methods and paths", () => {
		const own = contract.operations.map((o) => `${o.method} ${o.path}`).sort();
		const theirs = provider.operations.map((o) => o.key).sort();
		expect(own).toEqual(theirs);
		expect(own).toHaveLength(16);
		expect(new Set(contract.operations.map((o) => o.operationId)).size).toBe(16);
	});

	test("bearer auth everywhere, on the provider's sandbox server", () => {
		const { document } = contract;
		expect(document.openapi).toBe('3.1.0');
		expect(contract.serverUrl).toBe(provider.facts.servers[0]);
		expect(document.components.securitySchemes.bearerAuth).toEqual({ type: 'http', scheme: 'bearer' });
		expect(document.security).toEqual([{ bearerAuth: [] }]);
		expect(contract.pathTemplate).toBe('/customers/{customerId}/calls');
	});

	test('every request schema and path parameter is ours and strict', () => {
		const { schemas } = contract.document.components;
		for (const name of Object.keys(schemas).filter((n) => n.endsWith('Request'))) {
			expect([name, schemas[name].additionalProperties]).toEqual([name, false]);
		}
		expect(contract.document.components.parameters.CustomerId.schema).toEqual({ $ref: '#/components/schemas/Uuid' });
	});

	test("marks what the provider's document is silent about as an assumption", () => {
		const { schemas } = contract.document.components;
		for (const name of ['CallBlockedResponse', 'CallRefusedResponse', 'DripCampaignEnrollmentResponse']) {
			expect([name, schemas[name]['x-assumption']]).toEqual([name, true]);
		}
	});
});

describe('validateRequest names the field', () => {
	test.each([
		[{ agentId: 'agent-collections-01' }],
		[{ agentId: 'a', webhook: { url: 'https://example.com/hook', secretId: '3c90c3cc-0d44-4b50-8888-8dd25736052a' } }],
		[{ agentId: 'a', webhook: { url: 'https://example.com/hook' } }],
	])('Create Call accepts %j', (body) => {
		expect(contract.validateCreateCallRequest(body)).toEqual({ valid: true, errors: [] });
	});

	test.each([
		[{}, ['agentId is required']],
		[{ agentId: '' }, ['agentId must be a non-empty string']],
		[{ agentId: 'a', customerId: '1' }, ['customerId is not a field of this request']],
		[
			{ agentId: 'a', webhook: { url: 'not a url', secretId: 'x' } },
			[
				'webhook.url must be an absolute URL, such as https://example.com/veritus/call-updates',
				'webhook.secretId must be a UUID, such as 3c90c3cc-0d44-4b50-8888-8dd25736052a',
			],
		],
		[[], ['body must be object']],
		[null, ['body must be object']],
	])('Create Call rejects %j', (body, errors) => {
		expect(contract.validateCreateCallRequest(body)).toEqual({ valid: false, errors });
	});

	test.each([
		['primaryPhone', '2025551234', 'primaryPhone must be an E.164 phone number, such as +12025551234'],
		['email', 'jane', 'email must be an email address, such as jane.doe@example.com'],
		['ssnLastFour', '12a4', 'ssnLastFour must be exactly 4 digits'],
		['dateOfBirth', '15/03/1985', 'dateOfBirth must be a date as YYYY-MM-DD, such as 1985-03-15'],
		[
			'address',
			{ zip: '2000' },
			'address.zip must be a ZIP code of 5 digits or 5+4 digits, such as 20001 or 20001-1234',
		],
		['collections', { totalBalance: -1 }, 'collections.totalBalance must be a number of 0 or more'],
		['clientId', 'acme', 'clientId must be a UUID, such as 3c90c3cc-0d44-4b50-8888-8dd25736052a'],
	])('Create Customer: a bad %s', (field, value, message) => {
		const body = {
			externalId: 'A-1',
			firstName: 'Jane',
			lastName: 'Doe',
			email: 'jane.doe@example.com',
			primaryPhone: '+12025551234',
			address: { zip: '20001' },
			[field]: value,
		};
		expect(contract.validateRequest('createCustomer', body)).toEqual({ valid: false, errors: [message] });
	});

	test('Update Customer: null clears what may be empty, and only that', () => {
		expect(
			contract.validateRequest('updateCustomer', {
				secondaryPhone: null,
				ssnLastFour: null,
				dateOfBirth: null,
				address: { line2: null, zip: '20001-1234' },
				collections: null,
			}).valid,
		).toBe(true);
		expect(contract.validateRequest('updateCustomer', { firstName: null })).toEqual({
			valid: false,
			errors: ['firstName must be a non-empty string'],
		});
		expect(contract.validateRequest('updateCustomer', { externalId: 'B' })).toEqual({
			valid: false,
			errors: ['externalId is not a field of this request'],
		});
	});
});

describe('validateResponse', () => {
	test("accepts the seed page's example", () => {
		expect(contract.validateCreateCallResponse(200, DOCUMENTED_EXAMPLE)).toEqual({ valid: true, errors: [] });
	});

	test('accepts a blocked call (seed shape) at 200 and at a 4xx, and a refused call at 200', () => {
		expect(contract.validateCreateCallResponse(200, blocked).valid).toBe(true);
		expect(contract.validateCreateCallResponse(422, blocked).valid).toBe(true);
		const refused = { requestId: blocked.requestId, success: false, message: 'Agent is busy', data: {} };
		expect(contract.validateCreateCallResponse(200, refused).valid).toBe(true);
	});

	test('accepts the error body for every error status of every operation', () => {
		for (const { operationId } of contract.operations) {
			for (const status of [400, 401, 403, 404, 409, 413, 422, 429, 500, 502, 503]) {
				expect([operationId, status, contract.validateResponse(operationId, status, errorBody).valid]).toEqual([
					operationId,
					status,
					true,
				]);
			}
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
		expect(
			contract.validateResponse('listClients', 200, { ...errorBody, success: true, data: [{ id: 'x' }] }).valid,
		).toBe(false);
	});

	test('an unknown operation or schema is a programming error', () => {
		expect(() => contract.validateRequest('createInvoice', {})).toThrow(
			'openapi.yaml has no operation "createInvoice"',
		);
		expect(() => contract.validateSchema('Invoice', {})).toThrow('openapi.yaml has no schema "Invoice"');
	});
});
