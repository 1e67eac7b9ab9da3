'use strict';

/**
 * Customer → Create, Create Many, Update (`POST /customers`, `POST /customers/bulk`,
 * `PATCH /customers/{customerId}`). The body has passed openapi.yaml when a handler runs; the
 * rules a schema cannot say (collections needs SSN last four and date of birth, a known client,
 * a unique external ID) are checked here.
 */

const { ok, fail, invalid, pathCustomer } = require('./common');

/**
 * The rules beyond the schema, for a customer as it would be after the request.
 * @param {import('../state').EmulatorState} state
 * @param {Record<string, any>} customer
 * @returns {string[]} problems, one per field
 */
function customerRules(state, customer) {
	const problems = [];
	if (customer.collections && (!customer.ssnLastFour || !customer.dateOfBirth)) {
		problems.push('collections needs ssnLastFour and dateOfBirth');
	}
	if (customer.clientId && !state.clients.has(String(customer.clientId).toLowerCase())) {
		problems.push('clientId names no client of this organisation');
	}
	return problems;
}

/**
 * Makes a customer from a valid create request (its UUID and profile come from the fixtures
 * when its `externalId` is there).
 * @param {import('../state').EmulatorState} state
 * @param {Record<string, any>} body
 * @returns {Record<string, any>} the API record
 */
function createRecord(state, body) {
	const { id, profile } = state.identityFor(body.externalId, body.address);
	const fields = structuredClone(body);
	if (fields.clientId) fields.clientId = fields.clientId.toLowerCase();
	const record = { id, ...fields, createdAt: state.now().toISOString() };
	state.addCustomer(record, profile);
	return record;
}

/**
 * Customer → Create (`POST /customers`). 200 the record with its UUID and `createdAt` (the
 * fixture's UUID and profile for a fixture `externalId`); 400 when collections lack SSN last four
 * or date of birth, or the client is unknown; 409 `A customer with external ID '…' already
 * exists.` (the provider document's 409 example wording).
 * @param {import('./common').Context} ctx body valid against `CreateCustomerRequest`
 * @returns {import('./common').Plan}
 */
function createCustomer(ctx) {
	const problems = customerRules(ctx.state, ctx.body);
	if (problems.length) return invalid(ctx, problems);
	if (ctx.state.externalIds.has(ctx.body.externalId)) {
		return fail(
			ctx,
			409,
			'duplicate_external_id',
			`A customer with external ID '${ctx.body.externalId}' already exists.`,
		);
	}
	return ok(ctx, createRecord(ctx.state, ctx.body));
}

/**
 * Customer → Create Many (`POST /customers/bulk`). Each customer is checked and created on its
 * own; 200 `{ summary: { total, succeeded, failed }, results }` in request order, a failure as
 * `{ success: false, externalId, error }` (a duplicate, existing or earlier in the list, reads
 * `Customer with external ID '…' already exists`, as the document's example). 400 over
 * `customersBulkLimit` customers (our limit; the document gives none).
 * @param {import('./common').Context} ctx body valid against `BulkCreateCustomersRequest`
 * @returns {import('./common').Plan}
 */
function createCustomersBulk(ctx) {
	const { customers } = ctx.body;
	const limit = ctx.state.config.customersBulkLimit;
	if (customers.length > limit) return invalid(ctx, [`customers must hold at most ${limit} customers`]);
	const results = customers.map((item) => {
		const externalId = item && item.externalId !== undefined && item.externalId !== null ? String(item.externalId) : '';
		const schema = ctx.contract.validateSchema('CreateCustomerRequest', item);
		const problems = schema.valid ? customerRules(ctx.state, item) : schema.errors;
		if (problems.length) return { success: false, externalId, error: `Invalid request data: ${problems.join('; ')}` };
		if (ctx.state.externalIds.has(externalId)) {
			return { success: false, externalId, error: `Customer with external ID '${externalId}' already exists` };
		}
		return { success: true, customer: createRecord(ctx.state, item) };
	});
	const succeeded = results.filter((r) => r.success).length;
	return ok(ctx, { summary: { total: results.length, succeeded, failed: results.length - succeeded }, results });
}

/**
 * Merges a patch of an object field: null clears the field; otherwise the given keys replace
 * theirs (null ones become null).
 * @param {Record<string, any> | null | undefined} current
 * @param {Record<string, any> | null} patch
 * @returns {Record<string, any> | null}
 */
function mergeObject(current, patch) {
	if (patch === null) return null;
	return { ...(current || {}), ...patch };
}

/**
 * Customer → Update (`PATCH /customers/{customerId}`). Applies only the fields sent: `null`
 * clears a nullable field, `address` and `collections` merge field by field; the result is checked
 * as a whole (ZIP, total balance, SSN last four and date of birth for collections) before anything
 * changes. 200 the record; 400 naming the problem; 404 `Customer not found`.
 * @param {import('./common').Context} ctx body valid against `UpdateCustomerRequest`
 * @returns {import('./common').Plan}
 */
function updateCustomer(ctx) {
	const found = pathCustomer(ctx);
	if ('plan' in found) return found.plan;
	const next = structuredClone(found.customer.record);
	for (const [field, value] of Object.entries(ctx.body)) {
		next[field] = field === 'address' || field === 'collections' ? mergeObject(next[field], value) : value;
	}
	const problems = [];
	if (next.address && !next.address.zip) problems.push('address.zip is required');
	if (next.collections && (next.collections.totalBalance === undefined || next.collections.totalBalance === null)) {
		problems.push('collections.totalBalance is required');
	}
	problems.push(...customerRules(ctx.state, next));
	if (problems.length) return invalid(ctx, problems);
	found.customer.record = next;
	return ok(ctx, next);
}

module.exports = { createCustomer, createCustomersBulk, updateCustomer };
