import {
	NodeConnectionTypes,
	type ICredentialsDecrypted,
	type ICredentialTestFunctions,
	type IDataObject,
	type IExecuteFunctions,
	type IHookFunctions,
	type INodeCredentialTestResult,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { KNOWN_EVENT_TYPES, OTHER_EVENT_TYPES } from './events';
import { NO_VERIFICATION, readOptions, receiveEvent, SECRET_CREDENTIAL } from './receive';
import { downloadRecordings } from './recording';
import { DEFAULT_RECORD_SIZE } from './redelivery';
import { DEFAULT_TOLERANCE_SECONDS } from './signature';

/**
 * The Veritus Trigger: starts a workflow for each event Veritus sends to a webhook URL (a call
 * created, a call ended, drip-campaign calls and SMS), after verifying Veritus's signature.
 * docs/trigger.md, "Veritus Trigger".
 *
 * - `webhook()` (in the n8n process that received the request): verify, parse, filter, drop
 *   redeliveries, shape one item; see `receive.ts`. n8n answers 200 once the execution is created.
 * - `execute()` (in the execution, on a worker in queue mode): downloads call recordings when
 *   Download Recording is on, so the download never delays the answer to Veritus; otherwise passes
 *   the item on.
 * - `webhookMethods`: Veritus has no subscription API (the URL travels in each request's
 *   `webhook.url`), so registering and removing the webhook are no-ops that log.
 */
export class VeritusTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Veritus Trigger',
		name: 'veritusTrigger',
		icon: { light: 'file:veritus.svg', dark: 'file:veritus.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle:
			'={{ ($parameter["events"] || []).length >= 6 ? "All events" : ($parameter["events"] || []).join(", ") }}',
		description: 'Starts the workflow when Veritus reports a call or SMS update',
		eventTriggerDescription: 'Waiting for Veritus to send an event to the test URL',
		activationMessage: "Veritus events sent to this workflow's production URL now start it.",
		defaults: { name: 'Veritus Trigger' },
		triggerPanel: {
			header: '',
			executionsHelp: {
				inactive:
					"<b>While building</b>, click 'listen' and place a call whose Webhook URL is this node's test URL. <br /><br /><b>To run automatically</b>, publish the workflow and put the production URL in Create Call's Webhook URL.",
				active:
					"<b>While building</b>, click 'listen' and place a call whose Webhook URL is this node's test URL. <br /><br /><b>The workflow is published</b>: events sent to the production URL start it, and show up in the <a data-key=\"executions\">executions list</a>.",
			},
			activationHint:
				"Once the workflow is built, publish it and put this node's production URL in Create Call's Webhook URL.",
		},
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'veritusWebhookSecretApi',
				required: true,
				testedBy: 'veritusWebhookSecretTest',
				displayOptions: { show: { authentication: [SECRET_CREDENTIAL] } },
			},
		],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				path: 'webhook',
			},
		],
		properties: [
			{
				displayName:
					"Where to paste the URL: open Webhook URLs above, choose Production URL, and put it in the Webhook URL of the Veritus node's Call → Create or Create Many (webhook.url), together with the Secret ID of your webhook secret. Veritus has no subscription API: the URL travels with each call you place. Publish the workflow so that the production URL answers.",
				name: 'productionUrlNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Signature Verification',
				name: 'authentication',
				type: 'options',
				options: [
					{
						name: 'None (Accept Unsigned Events)',
						value: NO_VERIFICATION,
						description: 'Accept every request to the URL, signed or not',
					},
					{
						name: 'Veritus Webhook Secret',
						value: SECRET_CREDENTIAL,
						description:
							'Accept only events signed with your webhook secret (X-Webhook-Signature); others get HTTP 401',
					},
				],
				default: SECRET_CREDENTIAL,
				description: 'How to check that an event really comes from Veritus',
			},
			{
				displayName:
					'Unsigned events are accepted: anyone who learns this URL can start the workflow with a made-up event. Choose Veritus Webhook Secret, and send a Secret ID with each call, to accept only events Veritus signed.',
				name: 'unsignedNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { authentication: [NO_VERIFICATION] } },
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				options: [
					{ name: 'Any Other Event Type', value: OTHER_EVENT_TYPES, description: 'Types Veritus may add later' },
					{ name: 'Call Created', value: 'call-created', description: 'A call was placed' },
					{
						name: 'Call Ended',
						value: 'call-ended',
						description: 'A call ended: ended reason, duration, transcript, output variables, recording',
					},
					{ name: 'Drip Campaign Call Created', value: 'drip-campaign.call-created' },
					{ name: 'Drip Campaign Call Ended', value: 'drip-campaign.call-ended' },
					{ name: 'Drip Campaign SMS', value: 'drip-campaign.sms' },
				],
				default: [...KNOWN_EVENT_TYPES, OTHER_EVENT_TYPES],
				description: 'The event types that start the workflow; others are answered 200 and start nothing',
			},
			{
				displayName: 'Simplify',
				name: 'simplify',
				type: 'boolean',
				default: true,
				description: 'Whether to return a simplified version of the response instead of the raw data',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add option',
				default: {},
				options: [
					{
						displayName: 'Download Recording',
						name: 'downloadRecording',
						type: 'boolean',
						default: false,
						description:
							'Whether to download the recording of each ended call into binary data while its signed URL is valid (about 30 minutes). A failed download sets recordingError; the event is still delivered.',
					},
					{
						displayName: 'Put Recording in Field',
						name: 'recordingBinaryProperty',
						type: 'string',
						default: 'recording',
						description: 'The binary field that receives the recording when Download Recording is on',
					},
					{
						displayName: 'Redelivered Event',
						name: 'redeliveredEvent',
						type: 'options',
						options: [
							{
								name: 'Drop',
								value: 'drop',
								description: 'Start no second execution for an event already received',
							},
							{
								name: 'Pass Through Marked Redelivered',
								value: 'passThrough',
								description: 'Start an execution again, with redelivered: true',
							},
						],
						default: 'drop',
						description:
							'What to do with an event received before (same type and call ID, or type and SMS ID). Veritus delivers at least once.',
					},
					{
						displayName: 'Redelivery Record Size',
						name: 'redeliveryRecordSize',
						type: 'number',
						typeOptions: { minValue: 10, maxValue: 20000 },
						default: DEFAULT_RECORD_SIZE,
						description:
							'How many recent events are remembered to recognise a redelivery; the oldest are forgotten first',
					},
					{
						displayName: 'Timestamp Tolerance (Seconds)',
						name: 'timestampToleranceSeconds',
						type: 'number',
						typeOptions: { minValue: 1, maxValue: 86400 },
						default: DEFAULT_TOLERANCE_SECONDS,
						description:
							'How far X-Webhook-Timestamp may be from the clock of n8n, into the past or the future, before the event is rejected with HTTP 401',
						displayOptions: { show: { '/authentication': [SECRET_CREDENTIAL] } },
					},
				],
			},
		],
	};

	methods = {
		credentialTest: {
			/**
			 * Tests a Veritus Webhook Secret credential locally (no request can check a webhook secret):
			 * the value is set, and is not the Secret ID (a UUID) or an API token (`sk-` + 64 hex digits)
			 * pasted by mistake.
			 */
			async veritusWebhookSecretTest(
				this: ICredentialTestFunctions,
				credential: ICredentialsDecrypted,
			): Promise<INodeCredentialTestResult> {
				return checkWebhookSecret(credential.data?.secret);
			},
		},
	};

	webhookMethods = {
		default: {
			/** Veritus keeps no webhook subscriptions: there is nothing to look up. */
			async checkExists(this: IHookFunctions): Promise<boolean> {
				this.logger.debug(
					`Veritus Trigger "${this.getNode().name}": Veritus has no webhook subscription API; nothing to check`,
				);
				return false;
			},
			/** Nothing to register: the URL travels in each Create Call request's webhook.url. */
			async create(this: IHookFunctions): Promise<boolean> {
				this.logger.info(
					`Veritus Trigger "${this.getNode().name}": listening. Veritus has no subscription API: put this node's URL in Create Call's Webhook URL (webhook.url)`,
				);
				return true;
			},
			/** Nothing to remove at Veritus; calls placed with this URL will get no answer once it is gone. */
			async delete(this: IHookFunctions): Promise<boolean> {
				this.logger.info(
					`Veritus Trigger "${this.getNode().name}": stopped listening. Nothing to remove at Veritus (no subscription API)`,
				);
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await receiveEvent.call(this);
	}

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const options = readOptions(this.getNodeParameter('options', 0, {}) as IDataObject);
		if (!options.downloadRecording) {
			return [items.map((item, index) => ({ ...item, pairedItem: { item: index } }))];
		}
		const simplify = this.getNodeParameter('simplify', 0, true) as boolean;
		return [await downloadRecordings.call(this, items, { simplify, binaryProperty: options.recordingBinaryProperty })];
	}
}

/** UUID text, as Veritus's Secret IDs are (the API document: `webhook.secretId`, format uuid). */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A Veritus API key: `sk-` and 64 hex digits (the API document's authentication guide). */
const API_KEY = /^sk-[0-9a-f]{64}$/i;

/**
 * The local check behind the credential test.
 *
 * @returns `Error` with a sentence for an empty value, a UUID (the Secret ID) or an API key; `OK`
 *   otherwise, saying that the first signed event proves the value.
 */
export function checkWebhookSecret(value: unknown): INodeCredentialTestResult {
	const secret = typeof value === 'string' ? value.trim() : '';
	if (!secret) return { status: 'Error', message: 'Enter the value of your Veritus webhook secret.' };
	if (UUID.test(secret))
		return {
			status: 'Error',
			message:
				"This is a UUID, which looks like the Secret ID. The Secret ID goes in the Veritus node (webhook.secretId); enter the secret's value here.",
		};
	if (API_KEY.test(secret))
		return {
			status: 'Error',
			message:
				"This looks like a Veritus API key (sk-…). Enter the webhook secret's value, which Veritus gives you with its Secret ID.",
		};
	return {
		status: 'OK',
		message:
			'The secret is set. Veritus cannot check it in advance: the first signed event does (a wrong secret is answered 401 and logged as signature-mismatch).',
	};
}
