// Covers how Import Many reads a bulk import's answer (sendImportBulk in helpers/interactions.ts):
// a failure goes to the item its `index` names, the successes to the other items in request order
// (whether Veritus lists results in request order or successes first), each success checked
// against what was sent; an answer that cannot be mapped back fails the whole request with an
// unknown outcome. Driven through a fake RunnerRequests that returns a scripted answer.
import { NodeApiError, type IDataObject } from 'n8n-workflow';

import { importSubject, sendImportBulk, type PreparedImport } from '../../nodes/Veritus/helpers/interactions';
import type { ItemAnswer, RunnerRequests } from '../../nodes/Veritus/helpers/runner';
import { veritusApiError } from '../../nodes/Veritus/transport/errors';
import { fakeNode } from './fakes';

const CUSTOMER = 'b9d6eaf9-071d-5246-bded-af2d3a4b7cf8';
const SUBJECT = importSubject('sms');
const node = fakeNode();

/** Item `itemIndex` of the run: an inbound SMS at minute `minute`. */
function item(itemIndex: number, minute: number): PreparedImport {
	const timestamp = `2024-01-15T10:${String(minute).padStart(2, '0')}:00.000Z`;
	return {
		itemIndex,
		customerId: CUSTOMER,
		basePath: `/customers/${CUSTOMER}/interactions/sms`,
		reference: `customer ${CUSTOMER}'s SMS of ${timestamp}`,
		errorFields: { timestamp },
		body: { direction: 'inbound', timestamp, from: '+12135550142', to: '+12025550100', body: `m${minute}` },
	};
}

/** The interaction Veritus would answer for `prepared`. */
function stored(prepared: PreparedImport, id: string): IDataObject {
	return {
		id,
		threadId: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
		channel: 'sms',
		direction: prepared.body.direction,
		customerId: CUSTOMER,
		timestamp: prepared.body.timestamp,
		createdAt: '2024-01-15T11:00:00.000Z',
	};
}

/** A fake transport that records the request and answers `data` with HTTP 200. */
function requestsAnswering(data: unknown): { requests: RunnerRequests; sent: unknown[] } {
	const sent: unknown[] = [];
	const requests: RunnerRequests = {
		send: async (request) => {
			sent.push(request);
			return { statusCode: 200, body: { requestId: 'r', success: true, data }, attempts: 1 };
		},
		data: (response) => (response.body as { data: unknown }).data,
		statusError: () => {
			throw new Error('not used');
		},
		error: (message, description, certainty, httpCode) =>
			veritusApiError(
				node,
				{ itemIndex: 5, customerId: CUSTOMER, subject: SUBJECT, certainty, httpCode },
				message,
				description,
			),
	};
	return { requests, sent };
}

const ids = (answers: ItemAnswer[]) =>
	answers.map((a) => ('error' in a ? a.error.message : ((a.items[0].json.id as string) ?? '?')));

describe('sendImportBulk', () => {
	const items = [item(5, 0), item(6, 1), item(8, 2), item(9, 3)];

	test('sends one request to the customer’s bulk path with the interactions in order', async () => {
		const { requests, sent } = requestsAnswering({
			summary: { total: 4, succeeded: 4, failed: 0 },
			results: items.map((prepared, i) => ({ success: true, interaction: stored(prepared, `id-${i}`) })),
		});
		const answers = await sendImportBulk(node, 'sms', items, requests, SUBJECT);
		expect(sent).toEqual([
			{
				method: 'POST',
				path: `/customers/${CUSTOMER}/interactions/sms/import/bulk`,
				body: { interactions: items.map((prepared) => prepared.body) },
			},
		]);
		expect(ids(answers)).toEqual(['id-0', 'id-1', 'id-2', 'id-3']);
		expect('items' in answers[0] && answers[0].items[0].json).toEqual(stored(items[0], 'id-0'));
	});

	test.each([
		[
			'in request order (the API document’s example)',
			[
				{ success: true, interaction: stored(items[0], 'id-0') },
				{ success: false, index: 1, error: 'Invalid phone number format' },
				{ success: true, interaction: stored(items[2], 'id-2') },
				{ success: false, index: 3, error: '' },
			],
		],
		[
			'successes first',
			[
				{ success: true, interaction: stored(items[0], 'id-0') },
				{ success: true, interaction: stored(items[2], 'id-2') },
				{ success: false, index: 3, error: '' },
				{ success: false, index: 1, error: 'Invalid phone number format' },
			],
		],
	])('a failure goes to the item its index names, the successes to the others: %s', async (_name, results) => {
		const { requests } = requestsAnswering({ summary: { total: 4, succeeded: 2, failed: 2 }, results });
		const answers = await sendImportBulk(node, 'sms', items, requests, SUBJECT);
		expect(ids(answers)).toEqual([
			'id-0',
			'[item 6] Veritus did not import the SMS: Invalid phone number format',
			'id-2',
			'[item 9] Veritus did not import the SMS',
		]);
		const failed = answers[1] as { error: NodeApiError };
		expect(failed.error).toBeInstanceOf(NodeApiError);
		expect(failed.error.description).toBe(
			"Veritus answered this SMS of the bulk import on its own as not imported. Fix the item's fields and run it again.",
		);
		expect(failed.error.context).toMatchObject({
			smsMayHaveBeenImported: false,
			httpCode: 200,
			customerId: CUSTOMER,
			timestamp: items[1].body.timestamp,
		});
	});

	test.each([
		['no results list', { summary: {} }, 'it has no results list'],
		[
			'fewer results',
			{ results: [{ success: true, interaction: stored(items[0], 'a') }] },
			'1 results for 4 interactions',
		],
		[
			'an index out of range',
			{
				results: [
					...items.slice(0, 3).map((p, i) => ({ success: true, interaction: stored(p, `id-${i}`) })),
					{ success: false, index: 4, error: 'x' },
				],
			},
			'result 3 names no interaction of the request (index 4)',
		],
		[
			'an index named twice',
			{
				results: [
					...items.slice(0, 2).map((p, i) => ({ success: true, interaction: stored(p, `id-${i}`) })),
					{ success: false, index: 2, error: 'x' },
					{ success: false, index: 2, error: 'y' },
				],
			},
			'index 2 is named by two results',
		],
		[
			'a result that is neither',
			{
				results: [
					...items.slice(0, 3).map((p, i) => ({ success: true, interaction: stored(p, `id-${i}`) })),
					{ ok: 1 },
				],
			},
			'result 3 says neither success with an interaction nor failure',
		],
		[
			'a success that does not match its item (another timestamp)',
			{
				results: [
					{ success: true, interaction: stored(items[1], 'id-1') },
					{ success: true, interaction: stored(items[0], 'id-0') },
					...items.slice(2).map((p, i) => ({ success: true, interaction: stored(p, `id-${i + 2}`) })),
				],
			},
			'the interaction answered for position 0 does not match what was sent there',
		],
	])('an answer that cannot be mapped back fails the request, outcome unknown: %s', async (_name, data, why) => {
		const { requests } = requestsAnswering(data);
		let caught: unknown;
		try {
			await sendImportBulk(node, 'sms', items, requests, SUBJECT);
		} catch (error) {
			caught = error;
		}
		expect(caught).toBeInstanceOf(NodeApiError);
		const error = caught as NodeApiError;
		expect(error.message).toBe(
			`[item 5] Veritus's answer to the bulk import cannot be mapped back to its SMS: ${why}. The SMS may have been imported: check customer ${CUSTOMER} in Veritus before trying again`,
		);
		expect(error.context.smsMayHaveBeenImported).toBe(true);
	});

	test('an email success is also checked by its message ID', async () => {
		const emails = [item(0, 0), item(1, 1)].map((prepared, i) => ({
			...prepared,
			basePath: `/customers/${CUSTOMER}/interactions/email`,
			body: { ...prepared.body, messageId: `m-${i}@mail` },
		}));
		const answer = (messageIds: string[]) =>
			requestsAnswering({
				results: emails.map((prepared, i) => ({
					success: true,
					interaction: { ...stored(prepared, `id-${i}`), channel: 'email', messageId: messageIds[i] },
				})),
			}).requests;
		expect(
			ids(await sendImportBulk(node, 'email', emails, answer(['m-0@mail', 'm-1@mail']), importSubject('email'))),
		).toEqual(['id-0', 'id-1']);
		await expect(
			sendImportBulk(node, 'email', emails, answer(['m-1@mail', 'm-0@mail']), importSubject('email')),
		).rejects.toThrow("Veritus's answer to the bulk import cannot be mapped back to its emails");
	});
});
