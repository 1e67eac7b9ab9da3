/**
 * SSN last four and date of birth never reach an error message, an execution hint or a log line.
 * Runs of Customer → Create, Create Many and Update with bad values of both fields (rejected here),
 * with a collections account missing one of them, and against an API that quotes both back in its
 * error answers (400, 422, 500 and a bulk result's `error`), under each On Error setting, in
 * n8n-core's real WorkflowExecute. Then every error (message, description, context, messages), every
 * error item's fields, every hint and everything n8n-core logged is searched for the values.
 *
 * What is NOT searched: the items n8n passes on. The input rows hold the values (they are the
 * user's data), and n8n's error output merges the input row into the error item, as it does for
 * every node; the `error` text in those items is searched.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { logRecords, runVeritusWorkflow, type VeritusWorkflowRun } from '../helpers/workflow-harness';

/** Valid values the API quotes back. */
const SSN = '7391';
const DOB = '1958-11-23';
/** Bad values, rejected here by their shape. */
const BAD_SSNS = ['73915', '73a1', '739'];
const BAD_DOBS = ['1958-02-30', '11/23/1958', '1958-13-23'];
const ALL_VALUES = [SSN, DOB, ...BAD_SSNS, ...BAD_DOBS];

/** An API that answers every request with an error quoting the SSN and date of birth it was sent. */
let server: Server;
let baseUrl: string;
beforeAll(async () => {
	server = createServer((request, response) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => {
			const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as IDataObject;
			const quote = (customer: IDataObject) =>
				`ssnLastFour '${String(customer.ssnLastFour)}' and dateOfBirth '${String(customer.dateOfBirth)}' do not match our records`;
			const send = (status: number, json: unknown) => {
				response.writeHead(status, { 'content-type': 'application/json' });
				response.end(JSON.stringify(json));
			};
			const requestId = '96b887fb-9371-4515-b51e-28434f58dd7e';
			if (request.url?.endsWith('/customers/bulk')) {
				const customers = (body.customers ?? []) as IDataObject[];
				if (customers.some((customer) => customer.externalId === 'WHOLE-500')) {
					send(500, { requestId, success: false, publicFacingMessage: `Internal error: ${quote(customers[0])}` });
					return;
				}
				send(200, {
					requestId,
					success: true,
					data: {
						summary: { total: customers.length, succeeded: 0, failed: customers.length },
						results: customers.map((customer) => ({
							success: false,
							externalId: customer.externalId,
							error: `Invalid request data: ${quote(customer)}`,
						})),
					},
				});
				return;
			}
			if (request.method === 'PATCH') {
				send(422, { requestId, success: false, publicFacingMessage: quote(body) });
				return;
			}
			send(400, { requestId, success: false, publicFacingMessage: `Invalid request data: ${quote(body)}` });
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;
});
afterAll(async () => {
	await new Promise<void>((resolve) => server.close(() => resolve()));
});

const FIELDS: INodeParameters = {
	resource: 'customer',
	externalId: '={{ $json.externalId }}',
	firstName: 'Ada',
	lastName: 'Lovelace',
	email: 'ada@example.com',
	primaryPhone: '+12025551234',
	zip: '20001',
	additionalFields: { ssnLastFour: '={{ $json.ssn }}', dateOfBirth: '={{ $json.dob }}' },
	collections: { totalBalance: '={{ $json.balance }}' },
};
const UPDATE: INodeParameters = {
	resource: 'customer',
	operation: 'update',
	customerId: 'b9d6eaf9-071d-5246-bded-af2d3a4b7cf8',
	updateFields: { ssnLastFour: '={{ $json.ssn }}', dateOfBirth: '={{ $json.dob }}' },
};

/** Bad rows: every bad SSN and date of birth, and collections customers missing one of the two. */
const BAD_ROWS: IDataObject[] = [
	...BAD_SSNS.map((ssn, index) => ({ externalId: `BAD-SSN-${index}`, ssn, dob: DOB })),
	...BAD_DOBS.map((dob, index) => ({ externalId: `BAD-DOB-${index}`, ssn: SSN, dob })),
	{ externalId: 'NO-SSN', dob: DOB, balance: 10 },
	{ externalId: 'NO-DOB', ssn: SSN, balance: 10 },
];
/** Good rows: sent, and quoted back by the API. */
const GOOD_ROWS: IDataObject[] = [
	{ externalId: 'ECHO-1', ssn: SSN, dob: DOB },
	{ externalId: 'ECHO-2', ssn: SSN, dob: DOB, balance: 250 },
];

const ON_ERROR = [
	{ name: 'Stop Workflow', settings: {} },
	{
		name: 'Continue (using regular output)',
		settings: { continueOnFail: true, onError: 'continueRegularOutput' as const },
	},
	{
		name: 'Continue (using error output)',
		settings: { continueOnFail: true, onError: 'continueErrorOutput' as const },
	},
];

/** Everything of a run that is an error, a hint or a log line, as text. */
function shownText(result: VeritusWorkflowRun, logsFrom: number): string {
	const parts: unknown[] = [];
	const error = result.error as unknown as IDataObject | undefined;
	if (error) {
		parts.push(error.message, error.description, error.context, error.messages, error.errorResponse);
	}
	const items: INodeExecutionData[] = result.outputs.flat();
	for (const item of items) {
		if (item.json.error !== undefined) parts.push(item.json.error, item.json.description);
		if (item.error) {
			const itemError = item.error as unknown as IDataObject;
			parts.push(
				itemError.message,
				itemError.description,
				itemError.context,
				itemError.messages,
				itemError.errorResponse,
			);
		}
	}
	parts.push(result.task.hints ?? [], result.task.error ?? null);
	parts.push(logRecords.slice(logsFrom));
	return JSON.stringify(parts);
}

/** The runs: each operation, bad rows and echoed rows, under each On Error setting. */
const RUNS: Array<{ name: string; parameters: INodeParameters; rows: IDataObject[] }> = [
	{ name: 'Create, bad values', parameters: { ...FIELDS, operation: 'create' }, rows: BAD_ROWS },
	{ name: 'Create, values the API quotes in a 400', parameters: { ...FIELDS, operation: 'create' }, rows: GOOD_ROWS },
	{ name: 'Create Many, bad values', parameters: { ...FIELDS, operation: 'createMany' }, rows: BAD_ROWS },
	{
		name: "Create Many, values the API quotes in each result's error",
		parameters: { ...FIELDS, operation: 'createMany' },
		rows: GOOD_ROWS,
	},
	{
		name: 'Create Many, values the API quotes in a 500 for the whole request',
		parameters: { ...FIELDS, operation: 'createMany' },
		rows: [{ externalId: 'WHOLE-500', ssn: SSN, dob: DOB }, ...GOOD_ROWS],
	},
	{ name: 'Update, bad values', parameters: UPDATE, rows: BAD_ROWS.slice(0, 6) },
	{ name: 'Update, values the API quotes in a 422', parameters: UPDATE, rows: GOOD_ROWS },
];

describe.each(ON_ERROR)('$name', ({ settings }) => {
	test.each(RUNS.map((run) => [run.name, run] as const))(
		'%s: no SSN or date of birth in any error, hint or log',
		async (_name, run) => {
			const logsFrom = logRecords.length;
			const result = await runVeritusWorkflow({
				credentials: { apiToken: 'tok_sensitive', baseUrl },
				items: run.rows,
				veritus: { parameters: run.parameters, ...settings },
			});
			const shown = shownText(result, logsFrom);
			// The run did fail in the ways it should: there is something to search.
			expect(shown).toMatch(/\[item \d+\]/);
			for (const value of ALL_VALUES) expect(shown).not.toContain(value);
			// Where the API quoted them, they were replaced, and the rest of its sentence kept.
			if (run.rows === GOOD_ROWS) expect(shown).toContain("ssnLastFour '[hidden]' and dateOfBirth '[hidden]'");
		},
	);
});
