/**
 * The compliance officer's record and the safety rails, in n8n-core's real WorkflowExecute against
 * the emulator: the audit record on every item, the local guards (Calling Hours, Attempt Cap),
 * Dry Run, Include Other Input Fields, execution hints, and a stopped execution.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { AGENT, control, emulatorRequests, setFaults, useEmulator, UNKNOWN_CUSTOMER } from '../helpers/emulator';
import { AUDIT_FIELDS, PASSING, veritusId } from '../helpers/fixtures';
import { runVeritusWorkflow, VERITUS_NODE, type RunVeritusOptions } from '../helpers/workflow-harness';

const TOKEN = 'tok_record_4f3e2d';
const emulator = useEmulator({ token: TOKEN });
const run = async (options: Omit<RunVeritusOptions, 'credentials'>) =>
	await runVeritusWorkflow({ credentials: { apiToken: TOKEN, baseUrl: emulator.current.baseUrl }, ...options });

const SECRET = '3c90c3cc-0d44-4b50-8888-8dd25736052a';
const hintTexts = (result: { task: { hints?: Array<{ message: string }> } }) =>
	(result.task.hints ?? []).map((hint) => hint.message);
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/;

/**
 * An IANA zone whose local time, now, is inside 08:00–21:00 (`inside: true`) or outside it.
 * Computed when the test runs, so the test never depends on the time of day it runs at.
 */
function zoneWhere(inside: boolean): string {
	const zones = [
		'Pacific/Kiritimati',
		'Asia/Tokyo',
		'Asia/Kolkata',
		'Europe/Berlin',
		'America/New_York',
		'America/Los_Angeles',
		'Pacific/Honolulu',
		'Pacific/Pago_Pago',
		'Australia/Sydney',
		'America/Sao_Paulo',
	];
	// Keep a margin of 15 minutes from the edges, so the test does not race the clock.
	const margin = 15;
	for (const zone of zones) {
		const [hour, minute] = new Intl.DateTimeFormat('en-GB', {
			timeZone: zone,
			hour: '2-digit',
			minute: '2-digit',
			hourCycle: 'h23',
		})
			.format(new Date())
			.split(':')
			.map(Number);
		const minutes = hour * 60 + minute;
		const isInside = minutes >= 8 * 60 + margin && minutes < 21 * 60 - margin;
		const isOutside = minutes < 8 * 60 - margin || minutes >= 21 * 60 + margin;
		if (inside ? isInside : isOutside) return zone;
	}
	throw new Error('no zone found');
}

describe('the audit record', () => {
	test('on Passed, on Failed and on regular-output error items', async () => {
		const before = new Date().toISOString();
		const result = await run({
			items: [
				{ customerId: veritusId('100231'), agentId: AGENT },
				{ customerId: veritusId('100239'), agentId: AGENT },
				{ customerId: UNKNOWN_CUSTOMER, agentId: AGENT },
				{ customerId: veritusId('100232'), agentId: '' },
			],
			veritus: { continueOnFail: true, onError: 'continueRegularOutput' },
		});
		const after = new Date().toISOString();
		const [passed, failed] = result.outputs;
		const [placed] = passed;
		const [blocked, notFound, invalid] = failed;
		for (const item of [placed, blocked, notFound, invalid]) {
			for (const field of AUDIT_FIELDS) expect(item.json).toHaveProperty(field);
			expect(item.json.executionId).toBe(result.executionId);
			expect(item.json.workflowId).toMatch(/^veritus-integration-workflow-\d+$/);
			expect(item.json.nodeName).toBe(VERITUS_NODE);
		}
		const requests = await emulatorRequests(emulator.current);
		for (const [item, status] of [
			[placed, 200],
			[blocked, 422],
			[notFound, 404],
		] as const) {
			expect(item.json.httpStatus).toBe(status);
			expect(item.json.attempts).toBe(1);
			expect(item.json.sentAt).toMatch(ISO_UTC);
			expect(item.json.respondedAt).toMatch(ISO_UTC);
			expect(String(item.json.sentAt) >= before && String(item.json.respondedAt) <= after).toBe(true);
			expect(String(item.json.sentAt) <= String(item.json.respondedAt)).toBe(true);
			expect(item.json.idempotencyKey).toMatch(/\|\d{4}-\d{2}-\d{2}$/);
		}
		expect(placed.json.idempotencyKey).toBe(
			`${veritusId('100231')}|${String(placed.json.idempotencyKey).split('|')[1]}`,
		);
		expect(requests).toHaveLength(3);
		// The invalid row was never sent.
		expect(invalid.json).toMatchObject({
			error: '[item 3] Agent ID is empty',
			sentAt: null,
			respondedAt: null,
			attempts: 0,
			httpStatus: null,
			idempotencyKey: null,
		});
	});

	test('attempts count the 429 retries', async () => {
		await setFaults(emulator.current, [
			{ type: 'status', status: 429, retryAfter: 0, customerId: veritusId('100233'), times: 2 },
		]);
		const result = await run({ items: [{ customerId: veritusId('100233'), agentId: AGENT }] });
		expect(result.outputs[0][0].json).toMatchObject({ attempts: 3, httpStatus: 200, compliancePassed: true });
	});
});

describe('Calling Hours', () => {
	const callingHours = (timeZone: string) => ({ callingHours: { window: { timeZone, start: '08:00', end: '21:00' } } });

	test('a row outside the window goes to Failed with nextAllowedAt; a row inside is sent', async () => {
		const outside = zoneWhere(false);
		const inside = zoneWhere(true);
		const result = await run({
			items: [
				{ customerId: veritusId('100231'), agentId: AGENT, time_zone: outside },
				{ customerId: veritusId('100232'), agentId: AGENT, time_zone: inside },
			],
			veritus: { parameters: { options: callingHours('={{ $json.time_zone }}') } },
		});
		expect(result.error).toBeUndefined();
		const [passed, failed] = result.outputs;
		expect(passed.map((item) => item.json.customerId)).toEqual([veritusId('100232')]);
		expect(failed).toHaveLength(1);
		const [blocked] = failed;
		expect(blocked.json.failedCheckIds).toEqual(['local:outside-calling-hours']);
		expect(blocked.json.failedReasons).toContain('(n8n node, not Veritus)');
		expect(blocked.json.nextAllowedAt).toMatch(ISO_UTC);
		const next = new Date(String(blocked.json.nextAllowedAt));
		expect(next.getTime()).toBeGreaterThan(Date.now());
		// 08:00 local in that zone.
		expect(
			new Intl.DateTimeFormat('en-GB', {
				timeZone: outside,
				hour: '2-digit',
				minute: '2-digit',
				hourCycle: 'h23',
			}).format(next),
		).toBe('08:00');
		expect(blocked.json).toMatchObject({ attempts: 0, sentAt: null, httpStatus: null });
		expect((await emulatorRequests(emulator.current)).map((request) => request.customerId)).toEqual([
			veritusId('100232'),
		]);
	});

	test('a bad or missing time zone is an item error that names the field; nothing is sent', async () => {
		const result = await run({
			items: [
				{ customerId: veritusId('100231'), agentId: AGENT, time_zone: 'Mars/Olympus' },
				{ customerId: veritusId('100232'), agentId: AGENT },
			],
			veritus: {
				parameters: { options: callingHours('={{ $json.time_zone }}') },
				continueOnFail: true,
				onError: 'continueRegularOutput',
			},
		});
		const errors = result.outputs[1].map((item) => item.json.error);
		expect(errors[0]).toBe('[item 0] Time Zone "Mars/Olympus" is not an IANA time zone name such as America/Chicago');
		expect(errors[1]).toMatch(/^\[item 1\] Time Zone is missing/);
		expect(await emulatorRequests(emulator.current)).toEqual([]);

		const stopped = await run({
			items: [{ customerId: veritusId('100231'), agentId: AGENT, time_zone: 'Mars/Olympus' }],
			veritus: { parameters: { options: callingHours('={{ $json.time_zone }}') } },
		});
		expect(stopped.error?.message).toBe(
			'[item 0] Time Zone "Mars/Olympus" is not an IANA time zone name such as America/Chicago',
		);
	});
});

describe('Attempt Cap (7 in 7)', () => {
	test('7 calls in the last 7 days blocks the row, 6 does not; a conversation 2 days ago blocks with nextAllowedAt', async () => {
		const twoDaysAgo = new Date(Date.now() - 2 * 24 * 3600 * 1000).toISOString();
		const result = await run({
			items: [
				{ customerId: veritusId('100231'), agentId: AGENT, calls: 7 },
				{ customerId: veritusId('100232'), agentId: AGENT, calls: '6' },
				{ customerId: veritusId('100233'), agentId: AGENT, calls: 0, talked: twoDaysAgo },
			],
			veritus: {
				parameters: {
					options: {
						attemptCap: {
							limits: {
								callsInLast7Days: '={{ $json.calls }}',
								lastConversationAt: '={{ $json.talked ?? "" }}',
								maxCalls: 7,
							},
						},
					},
				},
			},
		});
		expect(result.error).toBeUndefined();
		const [passed, failed] = result.outputs;
		expect(passed.map((item) => item.json.customerId)).toEqual([veritusId('100232')]);
		expect(failed.map((item) => [item.json.customerId, item.json.failedCheckIds])).toEqual([
			[veritusId('100231'), ['local:attempt-cap-7-in-7']],
			[veritusId('100233'), ['local:conversation-in-last-7-days']],
		]);
		expect(failed[1].json.nextAllowedAt).toMatch(ISO_UTC);
		// The conversation time plus 7 days (the guard reports whole seconds).
		expect(
			Math.abs(Date.parse(String(failed[1].json.nextAllowedAt)) - (Date.parse(twoDaysAgo) + 7 * 24 * 3600 * 1000)),
		).toBeLessThan(1000);
		expect((await emulatorRequests(emulator.current)).map((request) => request.customerId)).toEqual([
			veritusId('100232'),
		]);
	});
});

describe('Dry Run', () => {
	test('sends nothing, shows each would-be request with the Secret ID masked, and says why others are skipped', async () => {
		const workflowId = `dry-run-${process.pid}`;
		const result = await run({
			items: [
				{ customerId: veritusId('100231'), agentId: AGENT, time_zone: zoneWhere(true) },
				{ customerId: veritusId('100231'), agentId: AGENT, time_zone: zoneWhere(true) },
				{ customerId: 'a/b', agentId: AGENT, time_zone: zoneWhere(false) },
			],
			workflowId,
			veritus: {
				parameters: {
					webhook: { url: 'https://hooks.example.com/veritus', secretId: SECRET },
					options: {
						dryRun: true,
						callingHours: { window: { timeZone: '={{ $json.time_zone }}', start: '08:00', end: '21:00' } },
					},
				},
			},
		});
		expect(result.error).toBeUndefined();
		expect(await emulatorRequests(emulator.current)).toEqual([]);
		const [passed, failed] = result.outputs;
		const wouldSend = passed.map((item) => item.json);
		expect(wouldSend).toHaveLength(1);
		expect(wouldSend[0]).toMatchObject({
			dryRun: true,
			wouldSend: true,
			customerId: veritusId('100231'),
			attempts: 0,
			sentAt: null,
		});
		expect(JSON.stringify(result.outputs)).not.toContain(SECRET);
		expect(wouldSend[0].request).toEqual({
			method: 'POST',
			path: `/customers/${veritusId('100231')}/calls`,
			body: { agentId: AGENT, webhook: { url: 'https://hooks.example.com/veritus', secretId: '********' } },
		});
		expect(failed.map((item) => [item.json.customerId, item.json.dryRun, item.json.failedCheckIds])).toEqual([
			[veritusId('100231'), true, ['local:repeated-customer-in-run']],
			['a/b', true, ['local:outside-calling-hours']],
		]);
		expect(failed[1].json.nextAllowedAt).toMatch(ISO_UTC);
		expect(hintTexts(result).join('\n')).toContain('Dry run: no request was sent. 1 item would be sent');
		// The ledger was checked, not claimed: a real run afterwards places the call.
		const real = await run({ items: [{ customerId: veritusId('100231'), agentId: AGENT }], workflowId });
		expect(real.outputs[0].map((item) => item.json.customerId)).toEqual([veritusId('100231')]);
	});
});

describe('Include Other Input Fields', () => {
	test("keeps the row's fields next to the result; a field the result also has is kept as input_<name>", async () => {
		const result = await run({
			items: [{ customerId: veritusId('100231'), agentId: AGENT, row_number: 7, callId: 'from-the-sheet' }],
			veritus: { parameters: { options: { includeInputFields: true } } },
		});
		const [item] = result.outputs[0];
		expect(item.json.row_number).toBe(7);
		expect(item.json.input_callId).toBe('from-the-sheet');
		expect(item.json.callId).not.toBe('from-the-sheet');
		expect(item.json.input_customerId).toBe(veritusId('100231'));
		expect(item.json.compliancePassed).toBe(true);
		expect(item.pairedItem).toEqual({ item: 0 });
	});

	test("off by default: only the node's fields", async () => {
		const result = await run({ items: [{ customerId: veritusId('100231'), agentId: AGENT, row_number: 7 }] });
		expect(result.outputs[0][0].json).not.toHaveProperty('row_number');
	});
});

describe('execution hints', () => {
	test('a manual run that placed calls says how many; a /webhook-test/ URL and localhost are warned about', async () => {
		const result = await run({
			items: [
				{ customerId: veritusId('100231'), agentId: AGENT, hook: 'https://n8n.example.com/webhook-test/veritus' },
				{ customerId: veritusId('100232'), agentId: AGENT, hook: 'http://localhost:5678/webhook/veritus' },
			],
			veritus: { parameters: { webhook: { url: '={{ $json.hook }}', secretId: SECRET } } },
		});
		const hints = hintTexts(result).join('\n');
		expect(hints).toContain('This manual run placed 2 real calls through Veritus.');
		expect(hints).toContain('The Webhook URL of item 0 is an n8n test URL (/webhook-test/)');
		expect(hints).toContain('The Webhook URL of item 1 points at localhost');
	});

	test('one resume URL for several items is warned about; a run in trigger mode has no manual-run hint', async () => {
		const result = await run({
			items: PASSING.slice(0, 2).map((customerId) => ({ customerId, agentId: AGENT })),
			mode: 'trigger',
			veritus: { parameters: { webhook: { url: 'https://n8n.example.com/webhook-waiting/42', secretId: SECRET } } },
		});
		const hints = hintTexts(result).join('\n');
		expect(hints).toContain("2 items (items 0, 1) send their call updates to an execution's resume URL");
		expect(hints).not.toContain('This manual run placed');
	});

	test('a run where every item failed compliance says so', async () => {
		const result = await run({
			items: [veritusId('100239'), veritusId('100240'), veritusId('100241')].map((customerId) => ({
				customerId,
				agentId: AGENT,
			})),
		});
		expect(hintTexts(result).join('\n')).toContain(
			'Every one of the 3 calls Veritus answered failed its compliance checks',
		);
	});
});

describe('stopping an execution', () => {
	test('in-flight items say their outcome is unknown, and no request starts after the stop', async () => {
		await control(emulator.current, '/config', { method: 'PUT', body: { latencyMs: 1500 } });
		const items = PASSING.slice(0, 6).map((customerId) => ({ customerId, agentId: AGENT }));
		let stopAt = 0;
		const result = await run({
			items,
			veritus: {
				parameters: { options: { maxConcurrent: 2 } },
				continueOnFail: true,
				onError: 'continueRegularOutput',
			},
			onStart: (execution) => {
				void (async () => {
					// Wait for the thing the stop is about: two requests in flight at the emulator.
					for (;;) {
						const requests = await emulatorRequests(emulator.current);
						if (requests.length >= 2) break;
						await new Promise((resolve) => setTimeout(resolve, 20));
					}
					stopAt = Date.now();
					execution.stop();
				})();
			},
		});
		expect(stopAt).toBeGreaterThan(0);
		// The node has returned: a request started after the stop would be in the log by now.
		const requests = await emulatorRequests(emulator.current);
		expect(requests.map((request) => request.customerId)).toEqual(PASSING.slice(0, 2));
		const all: INodeExecutionData[] = result.outputs.flat();
		const byCustomer = new Map(all.map((item) => [item.json.customerId as string, item.json as IDataObject]));
		for (const customerId of PASSING.slice(0, 2)) {
			expect(byCustomer.get(customerId)).toMatchObject({ callMayHaveBeenPlaced: true });
			expect(String(byCustomer.get(customerId)?.error)).toContain(
				'The execution was stopped while the request to Veritus was in flight',
			);
		}
		for (const customerId of PASSING.slice(2, 6)) {
			expect(byCustomer.get(customerId)).toMatchObject({ callMayHaveBeenPlaced: false });
			expect(String(byCustomer.get(customerId)?.error)).toContain('Not sent: the execution was stopped');
		}
	});
});
