/**
 * The Veritus Trigger inside n8n-core's real WebhookContext and WorkflowExecute
 * (test/helpers/trigger-harness.ts): signed and unsigned requests, 401s, the Events filter,
 * redeliveries against the static data n8n saves, Simplify on and off, and recording downloads
 * from a local HTTP server in the execution the event starts.
 */
import http from 'http';
import type { AddressInfo } from 'net';

import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { resetProcessRecords } from '../../nodes/VeritusTrigger/redelivery';
import { TriggerHarness, type HarnessRequest } from '../helpers/trigger-harness';
import { logRecords } from '../helpers/workflow-harness';
import { callCreated, callEnded, dripSms, signWebhook, uuid, type SignatureEncoding } from '../helpers/webhook-events';

const SECRET = 'whsec-integration-51c0ffee';

/** A signed request for `body`, as n8n's body reader hands it to the node. */
function signed(
	body: object | string,
	{ secret = SECRET, timestamp, encoding }: { secret?: string; timestamp?: number; encoding?: SignatureEncoding } = {},
): HarnessRequest {
	const request = signWebhook({ secret, body, timestamp, encoding });
	return { rawBody: request.body, headers: request.headers };
}

/** The single item a request started, or a failure naming what happened instead. */
function startedItem(received: { result: { workflowData?: INodeExecutionData[][] } }): IDataObject {
	const items = received.result.workflowData?.[0] ?? [];
	expect(items).toHaveLength(1);
	return items[0].json;
}

/** Log lines the trigger wrote since `from`. */
function triggerLogs(from: number) {
	return logRecords.slice(from).filter((record) => record.message.startsWith('Veritus Trigger'));
}

beforeEach(() => resetProcessRecords());

describe('a signed event', () => {
	test('starts one item, simplified, and n8n saves the redelivery record', async () => {
		const harness = new TriggerHarness({ secret: SECRET });
		const event = callEnded(1);
		const received = await harness.receive(signed(event));
		expect(received.response).toEqual({}); // n8n answers (200, once the execution exists)
		const json = startedItem(received);
		expect(json).toMatchObject({
			event: 'call-ended',
			callId: uuid(1),
			endedReason: 'customer-ended-call',
			durationSeconds: 83.42,
			signatureVerified: true,
			redelivered: false,
			transcript: expect.stringContaining('Customer: I can pay on Friday.'),
		});
		expect(Date.parse(String(json.receivedAt))).not.toBeNaN();
		expect(received.staticDataSaved).toBe(true);
		expect(harness.storedStaticData).toContain('veritusSeenEvents');
	});

	test.each<SignatureEncoding>(['hex', 'sha256=hex', 'base64'])('is accepted with a %s signature', async (encoding) => {
		const harness = new TriggerHarness({ secret: SECRET });
		expect(startedItem(await harness.receive(signed(callCreated(2), { encoding }))).callId).toBe(uuid(2));
	});

	test('is verified over the raw bytes n8n read, also when the host reads them on request', async () => {
		const harness = new TriggerHarness({ secret: SECRET });
		const { rawBody, headers } = signed(callCreated(3));
		const received = await harness.receive({ headers, body: { type: 'ignored' }, readRawBody: async () => rawBody! });
		expect(startedItem(received).callId).toBe(uuid(3));
	});

	test('Simplify off gives the raw body and the verified headers', async () => {
		const harness = new TriggerHarness({ secret: SECRET, parameters: { simplify: false } });
		const request = signed(dripSms(4));
		const json = startedItem(await harness.receive(request));
		expect(json.body).toEqual(dripSms(4));
		expect(json.headers).toEqual({
			'x-webhook-signature': request.headers!['x-webhook-signature'],
			'x-webhook-timestamp': request.headers!['x-webhook-timestamp'],
		});
		expect(json).toMatchObject({ signatureVerified: true, redelivered: false });
	});
});

describe('a request that fails verification gets 401 and starts nothing', () => {
	const cases: Array<[string, () => HarnessRequest, string]> = [
		['a wrong secret', () => signed(callEnded(1), { secret: 'whsec-wrong' }), 'signature-mismatch'],
		[
			'a stale timestamp',
			() => signed(callEnded(1), { timestamp: Math.floor(Date.now() / 1000) - 3600 }),
			'stale-timestamp',
		],
		[
			'a timestamp from the future',
			() => signed(callEnded(1), { timestamp: Math.floor(Date.now() / 1000) + 3600 }),
			'future-timestamp',
		],
		[
			'no signature header',
			() => {
				const request = signed(callEnded(1));
				delete request.headers!['x-webhook-signature'];
				return request;
			},
			'missing-signature',
		],
		[
			'a body changed after signing',
			() => {
				const request = signed(callEnded(1));
				return {
					...request,
					rawBody: Buffer.from(
						request.rawBody!.toString().replace('voicemail', 'x').replace('"outbound"', '"inbound"'),
					),
				};
			},
			'signature-mismatch',
		],
		[
			'no raw bytes (only a parsed body, which is never re-serialised to verify)',
			() => {
				const request = signed(callEnded(1));
				return { headers: request.headers, body: callEnded(1) };
			},
			'raw-body-unavailable',
		],
	];

	test.each(cases)('%s', async (_name, build, reason) => {
		const harness = new TriggerHarness({ secret: SECRET });
		const request = build();
		const from = logRecords.length;
		const received = await harness.receive(request);
		expect(received.result).toEqual({ noWebhookResponse: true });
		expect(received.response.status).toBe(401);
		expect(received.response.body).toMatchObject({ reason });
		expect(received.staticDataSaved).toBe(false);
		const logs = triggerLogs(from);
		expect(logs).toHaveLength(1);
		expect(logs[0].level).toBe('warn');
		expect(logs[0].message).toContain(`HTTP 401, no execution): ${reason}`);
		const logged = JSON.stringify(logs[0]);
		const signature = String(request.headers?.['x-webhook-signature'] ?? '').replace(/^sha256=/, '');
		if (signature) expect(logged).not.toContain(signature);
		expect(logged).not.toContain(SECRET);
		expect(JSON.stringify(received.response.body)).not.toContain(SECRET);
	});

	test('a rejected request leaves the redelivery record alone: the genuine event still starts', async () => {
		const harness = new TriggerHarness({ secret: SECRET });
		await harness.receive(signed(callEnded(1), { secret: 'whsec-wrong' }));
		expect(startedItem(await harness.receive(signed(callEnded(1)))).callId).toBe(uuid(1));
	});

	test('without a selected credential, verification answers 500 and says what to do', async () => {
		const harness = new TriggerHarness({}); // Signature Verification defaults to the secret
		const from = logRecords.length;
		const received = await harness.receive(signed(callEnded(1)));
		expect(received.result).toEqual({ noWebhookResponse: true });
		expect(received.response.status).toBe(500);
		expect(triggerLogs(from).map((record) => record.level)).toEqual(['error']);
		expect(triggerLogs(from)[0].message).toContain('Signature Verification to None');
	});
});

describe('Signature Verification: None', () => {
	test('accepts an unsigned event and marks it unverified', async () => {
		const harness = new TriggerHarness({ parameters: { authentication: 'none' } });
		const received = await harness.receive({ rawBody: Buffer.from(JSON.stringify(callCreated(5))) });
		expect(startedItem(received)).toMatchObject({ callId: uuid(5), signatureVerified: false });
	});

	test('a body that is not a JSON object gets 400 and starts nothing', async () => {
		const harness = new TriggerHarness({ parameters: { authentication: 'none' } });
		const received = await harness.receive({ rawBody: Buffer.from('[1,2,3]') });
		expect(received.response.status).toBe(400);
		expect(received.result).toEqual({ noWebhookResponse: true });
	});
});

describe('Events filter', () => {
	test('an unselected type is answered without starting anything', async () => {
		const harness = new TriggerHarness({ secret: SECRET, parameters: { events: ['call-ended'] } });
		const received = await harness.receive(signed(callCreated(1)));
		expect(received.result).toEqual({
			webhookResponse: { received: true, started: false, reason: 'event type not selected' },
		});
		expect(startedItem(await harness.receive(signed(callEnded(1)))).event).toBe('call-ended');
	});

	test('an unknown type passes by default and is dropped when "Any Other Event Type" is off', async () => {
		const unknown = { type: 'call-transferred', id: uuid(1), callTransferred: { to: '+15555550111' } };
		const all = new TriggerHarness({ secret: SECRET });
		expect(startedItem(await all.receive(signed(unknown))).event).toBe('call-transferred');
		const known = new TriggerHarness({ secret: SECRET, parameters: { events: ['call-ended', 'call-created'] } });
		expect((await known.receive(signed(unknown))).result.workflowData).toBeUndefined();
	});
});

describe('redeliveries', () => {
	test('the same event again starts nothing, whatever its new timestamp and signature', async () => {
		const harness = new TriggerHarness({ secret: SECRET });
		startedItem(await harness.receive(signed(callEnded(1))));
		const again = await harness.receive(signed(callEnded(1), { timestamp: Math.floor(Date.now() / 1000) - 5 }));
		expect(again.result).toEqual({ webhookResponse: { received: true, started: false, reason: 'redelivered event' } });
		expect(again.staticDataSaved).toBe(false);
		// call-created of the same call, and another call, are other events
		expect(startedItem(await harness.receive(signed(callCreated(1)))).event).toBe('call-created');
		expect(startedItem(await harness.receive(signed(callEnded(2)))).callId).toBe(uuid(2));
	});

	test('call-ended before call-created: both start, each from its own body', async () => {
		const harness = new TriggerHarness({ secret: SECRET });
		const ended = startedItem(await harness.receive(signed(callEnded(6))));
		const created = startedItem(await harness.receive(signed(callCreated(6))));
		expect([ended.event, created.event]).toEqual(['call-ended', 'call-created']);
		expect(ended.endedReason).toBe('customer-ended-call');
		resetProcessRecords();
		const fresh = new TriggerHarness({ secret: SECRET });
		expect(startedItem(await fresh.receive(signed(callEnded(6))))).toEqual({
			...ended,
			receivedAt: expect.any(String),
		});
	});

	test('Redelivered Event: Pass Through starts it again, marked redelivered: true', async () => {
		const harness = new TriggerHarness({
			secret: SECRET,
			parameters: { options: { redeliveredEvent: 'passThrough' } },
		});
		expect(startedItem(await harness.receive(signed(dripSms(2)))).redelivered).toBe(false);
		expect(startedItem(await harness.receive(signed(dripSms(2)))).redelivered).toBe(true);
	});

	test('two deliveries at the same moment: exactly one starts', async () => {
		const harness = new TriggerHarness({ secret: SECRET });
		const results = await Promise.all([
			harness.receive(signed(callEnded(7)), { save: false }),
			harness.receive(signed(callEnded(7)), { save: false }),
		]);
		results.forEach((received) => received.save());
		expect(results.filter((received) => received.result.workflowData).length).toBe(1);
	});

	test('the record survives a restart: n8n saved it with the workflow', async () => {
		const harness = new TriggerHarness({ secret: SECRET });
		startedItem(await harness.receive(signed(callEnded(8))));
		resetProcessRecords(); // a new n8n process; only the saved static data remains
		expect((await harness.receive(signed(callEnded(8)))).result.workflowData).toBeUndefined();
	});

	test('listening for a test event (manual mode) neither drops nor records', async () => {
		const harness = new TriggerHarness({ secret: SECRET });
		startedItem(await harness.receive(signed(callEnded(9)), { mode: 'manual' }));
		startedItem(await harness.receive(signed(callEnded(9)), { mode: 'manual' }));
		expect(harness.staticDataSaves).toBe(0);
		startedItem(await harness.receive(signed(callEnded(9))));
	});
});

describe('the execution: recordings', () => {
	const AUDIO = Buffer.from('ID3\u0004fake-mp3-bytes-for-the-test', 'latin1');
	let server: http.Server;
	let base: string;

	beforeAll(async () => {
		server = http.createServer((request, response) => {
			if (request.url?.startsWith('/ok.mp3')) {
				response.writeHead(200, { 'content-type': 'audio/mpeg' });
				response.end(AUDIO);
			} else if (request.url?.startsWith('/expired')) {
				response.writeHead(403, { 'content-type': 'application/xml' });
				response.end('<Error>Request has expired</Error>');
			} else if (request.url?.startsWith('/reset')) {
				request.socket.destroy();
			} else {
				response.writeHead(404);
				response.end();
			}
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	});

	afterAll(async () => await new Promise<void>((resolve) => server.close(() => resolve())));

	/** Receives `event` and runs the execution it starts. */
	async function deliverAndRun(harness: TriggerHarness, event: object) {
		const received = await harness.receive(signed(event));
		return await harness.execute(received.result.workflowData![0]);
	}

	function endedWithUrl(n: number, recordingUrl: string) {
		const event = callEnded(n);
		return { ...event, callEnded: { ...event.callEnded, recordingUrl } };
	}

	test('Download Recording puts the audio into binary data; Out receives the item', async () => {
		const harness = new TriggerHarness({ secret: SECRET, parameters: { options: { downloadRecording: true } } });
		const { trigger, out } = await deliverAndRun(harness, endedWithUrl(1, `${base}/ok.mp3?sig=abc`));
		expect(trigger).toHaveLength(1);
		const binary = trigger[0].binary?.recording;
		expect(binary).toMatchObject({ mimeType: 'audio/mpeg', fileName: `recording-${uuid(1)}.mp3` });
		expect(Buffer.from(String(binary?.data), 'base64').equals(AUDIO)).toBe(true);
		expect(trigger[0].json.recordingError).toBeUndefined();
		expect(trigger[0].pairedItem).toEqual({ item: 0 });
		expect(out?.[0].json.callId).toBe(uuid(1));
	});

	test('an expired URL gives recordingError and the event is still delivered', async () => {
		const harness = new TriggerHarness({ secret: SECRET, parameters: { options: { downloadRecording: true } } });
		const { trigger, out } = await deliverAndRun(harness, endedWithUrl(2, `${base}/expired?sig=abc`));
		expect(trigger[0].json).toMatchObject({ event: 'call-ended', callId: uuid(2) });
		expect(trigger[0].json.recordingError).toMatch(/HTTP 403.*may have expired/);
		expect(String(trigger[0].json.recordingError)).not.toContain('sig=abc');
		expect(trigger[0].binary).toBeUndefined();
		expect(out).toHaveLength(1);
	});

	test('a connection reset gives recordingError naming the network error', async () => {
		const harness = new TriggerHarness({ secret: SECRET, parameters: { options: { downloadRecording: true } } });
		const { trigger } = await deliverAndRun(harness, endedWithUrl(3, `${base}/reset`));
		expect(trigger[0].json.recordingError).toMatch(/^Could not download the recording: network error E[A-Z]+\.$/);
	});

	test('raw output (Simplify off) downloads from body.callEnded.recordingUrl into the chosen field', async () => {
		const harness = new TriggerHarness({
			secret: SECRET,
			parameters: { simplify: false, options: { downloadRecording: true, recordingBinaryProperty: 'audio' } },
		});
		const { trigger } = await deliverAndRun(harness, endedWithUrl(4, `${base}/ok.mp3`));
		expect(Buffer.from(String(trigger[0].binary?.audio?.data), 'base64').equals(AUDIO)).toBe(true);
	});

	test('other events pass unchanged; without the option nothing is downloaded', async () => {
		const withOption = new TriggerHarness({ secret: SECRET, parameters: { options: { downloadRecording: true } } });
		const created = await deliverAndRun(withOption, callCreated(5));
		expect(created.trigger[0].binary).toBeUndefined();
		expect(created.trigger[0].json.recordingError).toBeUndefined();
		const without = new TriggerHarness({ secret: SECRET });
		const ended = await deliverAndRun(without, endedWithUrl(6, `${base}/ok.mp3`));
		expect(ended.trigger[0].binary).toBeUndefined();
		expect(ended.trigger[0].json.recordingUrl).toBe(`${base}/ok.mp3`);
	});
});
