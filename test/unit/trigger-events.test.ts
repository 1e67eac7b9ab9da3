/**
 * The Veritus Trigger's event handling without n8n: the Events filter, the redelivery key, the
 * simplified output and the transcript text, the raw-body parsing and the options' defaults.
 */
import {
	eventKey,
	isSelected,
	KNOWN_EVENT_TYPES,
	OTHER_EVENT_TYPES,
	simplifyEvent,
	transcriptText,
} from '../../nodes/VeritusTrigger/events';
import { parseEvent, rawBodyOf, readOptions } from '../../nodes/VeritusTrigger/receive';
import { recordingOf } from '../../nodes/VeritusTrigger/recording';
import { callCreated, callEnded, dripSms, uuid } from '../helpers/webhook-events';

const ALL = [...KNOWN_EVENT_TYPES, OTHER_EVENT_TYPES];

describe('Events filter', () => {
	test('every known type passes the default selection, and so does an unknown one', () => {
		for (const type of [...KNOWN_EVENT_TYPES, 'call-transferred', undefined, 42]) {
			expect(isSelected(type, ALL)).toBe(true);
		}
	});

	test('a selection lets through exactly its types', () => {
		const selected = ['call-ended', 'drip-campaign.call-ended'];
		expect(KNOWN_EVENT_TYPES.filter((type) => isSelected(type, selected))).toEqual([
			'call-ended',
			'drip-campaign.call-ended',
		]);
	});

	test('an unknown type is dropped when "Any Other Event Type" is not selected, never an error', () => {
		expect(isSelected('call-transferred', ['call-ended'])).toBe(false);
		expect(isSelected(undefined, ['call-ended'])).toBe(false);
		expect(isSelected('call-transferred', ['call-ended', OTHER_EVENT_TYPES])).toBe(true);
	});

	test('a known type is not let through by "Any Other Event Type"', () => {
		expect(isSelected('call-created', [OTHER_EVENT_TYPES])).toBe(false);
	});
});

describe('eventKey (what makes two deliveries the same event)', () => {
	test('type and call ID for call events; type and SMS ID for SMS', () => {
		expect(eventKey(callCreated(7))).toBe(`call-created:${uuid(7)}`);
		expect(eventKey(callEnded(7))).toBe(`call-ended:${uuid(7)}`);
		expect(eventKey({ ...callEnded(7), type: 'drip-campaign.call-ended' })).toBe(`drip-campaign.call-ended:${uuid(7)}`);
		expect(eventKey(dripSms(3))).toBe(`drip-campaign.sms:${uuid(3, 'ffff')}`);
	});

	test('created and ended of one call are different events; two calls are different events', () => {
		const keys = [eventKey(callCreated(1)), eventKey(callEnded(1)), eventKey(callEnded(2))];
		expect(new Set(keys).size).toBe(3);
	});

	test('the same event delivered again (another timestamp, other top-level fields) has the same key', () => {
		expect(eventKey({ ...callEnded(1), status: 'completed', createdAt: '2026-12-01T00:00:00Z' })).toBe(
			eventKey(callEnded(1)),
		);
	});

	test('no key without a type or an ID: never treated as a redelivery', () => {
		expect(eventKey({ callEnded: { id: uuid(1) } })).toBeUndefined();
		expect(eventKey({ type: 'call-ended' })).toBeUndefined();
		expect(eventKey({ type: 'call-transferred', id: uuid(1) })).toBeUndefined();
	});
});

describe('simplifyEvent', () => {
	const KEYS = [
		'event',
		'callId',
		'customerId',
		'threadId',
		'toPhoneNumber',
		'fromPhoneNumber',
		'direction',
		'endedReason',
		'durationSeconds',
		'createdAt',
		'endedAt',
		'recordingUrl',
		'outputVariables',
		'inputVariables',
		'transcript',
		'messages',
		'smsId',
		'smsMessage',
		'dripCampaignId',
		'dripCampaignName',
		'dripCampaignStatus',
	];

	test('call-ended: flat fields, duration in seconds, transcript text and the raw messages', () => {
		const event = callEnded(4);
		expect(simplifyEvent(event)).toEqual({
			event: 'call-ended',
			callId: uuid(4),
			customerId: uuid(4, 'cccc'),
			threadId: uuid(4, 'dddd'),
			toPhoneNumber: '+15555550100',
			fromPhoneNumber: '+15555550199',
			direction: 'outbound',
			endedReason: 'customer-ended-call',
			durationSeconds: 83.42,
			createdAt: '2026-11-30T18:00:00.000Z',
			endedAt: '2026-11-30T18:01:23.420Z',
			recordingUrl: event.callEnded.recordingUrl,
			outputVariables: { promiseToPay: true, promiseDate: '2026-12-04' },
			inputVariables: { balance: '120.00' },
			transcript: '[0:01] Agent: Hello, this is Ava calling about your account.\n[1:05] Customer: I can pay on Friday.',
			messages: event.callEnded.messages,
			smsId: null,
			smsMessage: null,
			dripCampaignId: null,
			dripCampaignName: null,
			dripCampaignStatus: null,
		});
	});

	test('call-created: the call fields, the rest null', () => {
		const simple = simplifyEvent(callCreated(2));
		expect(simple).toMatchObject({
			event: 'call-created',
			callId: uuid(2),
			customerId: uuid(2, 'cccc'),
			threadId: uuid(2, 'dddd'),
			toPhoneNumber: '+15555550100',
			endedReason: null,
			durationSeconds: null,
			endedAt: null,
			recordingUrl: null,
			outputVariables: null,
			transcript: null,
			messages: [],
			dripCampaignId: null,
		});
	});

	test('drip-campaign.sms: the SMS fields and the drip campaign', () => {
		expect(simplifyEvent(dripSms(5))).toMatchObject({
			event: 'drip-campaign.sms',
			callId: null,
			customerId: uuid(5, 'cccc'),
			threadId: uuid(5, 'dddd'),
			direction: 'outbound',
			toPhoneNumber: '+15555550100',
			smsId: uuid(5, 'ffff'),
			smsMessage: 'Your payment of $120.00 is due on Friday.',
			createdAt: '2026-11-30T18:00:05.000Z',
			dripCampaignId: uuid(5, 'eeee'),
			dripCampaignName: 'December reminders',
			dripCampaignStatus: 'in-progress',
		});
	});

	test('drip-campaign.call-ended names the drip campaign; plain call-ended does not', () => {
		const drip = simplifyEvent({ ...callEnded(1), type: 'drip-campaign.call-ended', name: 'Winter' });
		expect([drip.dripCampaignId, drip.dripCampaignName, drip.endedReason]).toEqual([
			uuid(1, 'aaaa'),
			'Winter',
			'customer-ended-call',
		]);
		expect(simplifyEvent({ ...callEnded(1), name: 'Winter' }).dripCampaignName).toBeNull();
	});

	test('every event type gives the same keys, so sheet rows line up', () => {
		for (const event of [
			callCreated(1),
			callEnded(1),
			dripSms(1),
			{ type: 'call-transferred' },
			{},
			{ type: 'call-ended', callEnded: 'not an object' },
		]) {
			expect(Object.keys(simplifyEvent(event))).toEqual(KEYS);
		}
	});

	test('outputVariables null (no analysis) stays null; missing durationMs gives null seconds', () => {
		const event = callEnded(1);
		const ended: Record<string, unknown> = { ...event.callEnded, outputVariables: null };
		delete ended.durationMs;
		const simple = simplifyEvent({ ...event, callEnded: ended });
		expect([simple.outputVariables, simple.durationSeconds]).toEqual([null, null]);
	});

	test('the output of an event never depends on another event (order does not matter)', () => {
		const ended = simplifyEvent(callEnded(9));
		simplifyEvent(callCreated(9));
		expect(simplifyEvent(callEnded(9))).toEqual(ended);
	});
});

describe('transcriptText', () => {
	test('roles read Agent and Customer, times as m:ss, empty turns left out', () => {
		expect(
			transcriptText([
				{ role: 'agent', message: 'Hi', secondsFromStart: 0 },
				{ role: 'user', message: '  ', secondsFromStart: 3 },
				{ role: 'user', message: 'Hello', secondsFromStart: 612.9 },
				{ role: 'system', message: 'note' },
				'not a turn',
			]),
		).toBe('[0:00] Agent: Hi\n[10:12] Customer: Hello\nsystem: note');
	});

	test('no turns give an empty text', () => {
		expect(transcriptText([])).toBe('');
	});
});

describe('parseEvent and rawBodyOf', () => {
	test("parses the raw bytes (with a byte-order mark) rather than n8n's parsed body", () => {
		const raw = Buffer.from(`\uFEFF${JSON.stringify(callCreated(1))}`);
		expect(parseEvent(raw, { type: 'something else' })).toEqual(callCreated(1));
	});

	test("uses n8n's parsed body only when there are no raw bytes", () => {
		expect(parseEvent(undefined, callCreated(1))).toEqual(callCreated(1));
	});

	test('anything but a JSON object is refused', () => {
		for (const raw of ['[1,2]', '"text"', 'not json', '', 'null']) {
			expect(parseEvent(Buffer.from(raw), {})).toBeUndefined();
		}
		expect(parseEvent(undefined, 'text')).toBeUndefined();
	});

	test('reads the raw bytes when the host has not yet', async () => {
		const request: { rawBody?: Buffer; readRawBody: () => Promise<void> } = {
			readRawBody: async () => {
				request.rawBody = Buffer.from('{"a":1}');
			},
		};
		expect((await rawBodyOf(request))?.toString()).toBe('{"a":1}');
		expect(await rawBodyOf({})).toBeUndefined();
		expect(
			await rawBodyOf({
				readRawBody: async () => {
					throw new Error('stream is not readable');
				},
			}),
		).toBeUndefined();
	});
});

describe('readOptions', () => {
	test('defaults', () => {
		expect(readOptions({})).toEqual({
			timestampToleranceSeconds: 300,
			redeliveredEvent: 'drop',
			redeliveryRecordSize: 2000,
			downloadRecording: false,
			recordingBinaryProperty: 'recording',
		});
	});

	test('set values win; nonsense falls back to the defaults', () => {
		expect(
			readOptions({
				timestampToleranceSeconds: 30,
				redeliveredEvent: 'passThrough',
				redeliveryRecordSize: 50,
				downloadRecording: true,
				recordingBinaryProperty: ' audio ',
			}),
		).toEqual({
			timestampToleranceSeconds: 30,
			redeliveredEvent: 'passThrough',
			redeliveryRecordSize: 50,
			downloadRecording: true,
			recordingBinaryProperty: 'audio',
		});
		expect(
			readOptions({ timestampToleranceSeconds: -5, redeliveryRecordSize: 0, redeliveredEvent: 'x' }),
		).toMatchObject({ timestampToleranceSeconds: 300, redeliveryRecordSize: 2000, redeliveredEvent: 'drop' });
	});
});

describe('recordingOf (which items get a recording)', () => {
	test('simplified and raw call-ended items; other events none', () => {
		const event = callEnded(3);
		expect(recordingOf(simplifyEvent(event), true)).toEqual({ url: event.callEnded.recordingUrl, callId: uuid(3) });
		expect(recordingOf({ body: event }, false)).toEqual({ url: event.callEnded.recordingUrl, callId: uuid(3) });
		expect(recordingOf(simplifyEvent(callCreated(3)), true)).toBeUndefined();
		expect(recordingOf({ body: dripSms(3) }, false)).toBeUndefined();
		const withoutUrl = { ...event, callEnded: { ...event.callEnded, recordingUrl: '' } };
		expect(recordingOf(simplifyEvent(withoutUrl), true)).toEqual({ url: undefined, callId: uuid(3) });
	});
});
