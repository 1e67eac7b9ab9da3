import type { INodeProperties } from 'n8n-workflow';

import * as call from './call';
import * as client from './client';
import * as customer from './customer';
import * as dripCampaign from './dripCampaign';
import * as email from './email';
import * as interaction from './interaction';
import * as placementLedger from './placementLedger';
import * as sms from './sms';

/**
 * Output layout expression, evaluated by n8n (editor and engine) from the node's parameters, the
 * way n8n's Switch node computes its configured outputs.
 * - `outputLayout: 'split'` (default): two outputs, **Passed** (index 0) and **Failed** (index 1).
 * - Customer → Create and Create Many (`outputLayout: 'split'`, default): two outputs, **Created**
 *   (index 0) and **Already Exists** (index 1).
 * - `outputLayout: 'single'`, the Placement Ledger operations, Customer → Update, Client → List,
 *   Drip Campaign → Cancel, Call → Get Recording URL and every SMS, Email and Interaction
 *   operation: one output, **Result**, holding every item in input order.
 * - Call → Create, Call → Create Many and Drip Campaign → Enroll follow the first rule: Passed and
 *   Failed, or Result.
 */
export const OUTPUTS_EXPRESSION =
	'={{ $parameter.resource === "placementLedger" || $parameter.resource === "client" || ["sms", "email", "interaction"].includes($parameter.resource) || ($parameter.resource === "customer" && $parameter.operation === "update") || ($parameter.resource === "dripCampaign" && $parameter.operation === "cancel") || ($parameter.resource === "call" && $parameter.operation === "getRecordingUrl") || $parameter.outputLayout === "single" ? [{ "type": "main", "displayName": "Result" }] : $parameter.resource === "customer" ? [{ "type": "main", "displayName": "Created" }, { "type": "main", "displayName": "Already Exists" }] : [{ "type": "main", "displayName": "Passed" }, { "type": "main", "displayName": "Failed" }] }}';

/**
 * Every parameter of the Veritus node, in editor order: the resource, its operations, then each
 * operation's own parameters (each `<resource>/<operation>.operation.ts` exports its `description`).
 * The node-level description (name, icon, outputs, credentials) is in `Veritus.node.ts`.
 */
export const nodeProperties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Call', value: 'call' },
			{ name: 'Client', value: 'client' },
			{ name: 'Customer', value: 'customer' },
			{ name: 'Drip Campaign', value: 'dripCampaign' },
			{ name: 'Email', value: 'email' },
			{ name: 'Interaction', value: 'interaction' },
			{ name: 'Placement Ledger', value: 'placementLedger' },
			{ name: 'SMS', value: 'sms' },
		],
		default: 'call',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['call'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				action: 'Create a call',
				description:
					'Place a real outbound phone call to a customer (by Veritus customer ID) with a Veritus AI voice agent, after Veritus runs its compliance checks. Each run can dial a real person: give it to an AI agent only behind human approval.',
			},
			{
				name: 'Create Many',
				value: 'createMany',
				action: 'Create many calls',
				description:
					'Place real outbound phone calls to many customers in requests of up to 100, after Veritus runs its compliance checks on each. Each run can dial many real people.',
			},
			{
				name: 'Get Recording URL',
				value: 'getRecordingUrl',
				action: 'Get a call recording URL',
				description:
					"Get a signed URL of a call's recording, valid for about 30 minutes, and optionally download the audio. Places no call.",
			},
		],
		default: 'create',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['customer'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				action: 'Create a customer',
				description:
					'Create one customer in Veritus per item from your own record (External ID, name, email, phone, ZIP, optional collections account). Returns the Veritus customer ID, which calls, SMS and emails need. An External ID Veritus already has is not an error: it comes out with alreadyExists true.',
			},
			{
				name: 'Create Many',
				value: 'createMany',
				action: 'Create many customers',
				description:
					'Create customers in bulk requests (Customers Per Request at a time). Each item comes out as created (with its Veritus customer ID), already existing, or failed.',
			},
			{
				name: 'Update',
				value: 'update',
				action: 'Update a customer',
				description:
					'Change or clear fields of a Veritus customer, by its Veritus customer ID (a UUID). Only the fields given are sent.',
			},
		],
		default: 'create',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['client'] } },
		options: [
			{
				name: 'List',
				value: 'list',
				action: 'List clients',
				description:
					'List the clients of your organization (the sub-entities a customer can belong to), one item per client with its ID and name. Reads only.',
			},
		],
		default: 'list',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['dripCampaign'] } },
		options: [
			{
				name: 'Cancel',
				value: 'cancel',
				action: 'Cancel a drip campaign',
				description:
					"Stop a customer's drip campaign in Veritus, optionally saying why (the customer converted or engaged). Needs the Customer ID and the Drip Campaign ID that Enroll returned.",
			},
			{
				name: 'Enroll',
				value: 'enroll',
				action: 'Enroll a customer in a drip campaign',
				description:
					'Enroll a customer in a drip campaign that Veritus runs on its own: real SMS and phone calls until the customer engages. Veritus runs its compliance checks first and starts now or at the next compliant time. Each customer is enrolled in a campaign at most once.',
			},
		],
		default: 'enroll',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['placementLedger'] } },
		options: [
			{
				name: 'Clear',
				value: 'clear',
				action: 'Clear the placement ledger',
				description:
					'Forget every call this workflow placed or attempted, so that later runs may place them again. For a person repairing a workflow, not for an AI agent.',
			},
			{
				name: 'Release',
				value: 'release',
				action: 'Release placement keys',
				description:
					'Forget single placement keys, so that the next run may place those calls again. For a person repairing a workflow, not for an AI agent.',
			},
		],
		default: 'release',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['sms'] } },
		options: [
			{
				name: 'Generate',
				value: 'generate',
				action: 'Generate an SMS',
				description:
					"Have Veritus's AI agent write an SMS to a customer (by Veritus customer ID). Veritus does not send it. With Persist on, Veritus stores it as an outbound SMS of the customer; with Persist off it is only a draft and nothing changes.",
			},
			{
				name: 'Import',
				value: 'import',
				action: 'Import an SMS',
				description:
					'Record in Veritus one SMS that your own system sent to or received from a customer, so that Veritus counts it in its compliance checks. Sends nothing.',
			},
			{
				name: 'Import Many',
				value: 'importMany',
				action: 'Import many SMS',
				description:
					'Record many SMS in Veritus in bulk requests, up to 100 of one customer per request. Each item comes out as imported or failed. Sends nothing.',
			},
		],
		default: 'generate',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['email'] } },
		options: [
			{
				name: 'Generate',
				value: 'generate',
				action: 'Generate an email',
				description:
					"Have Veritus's AI agent write an email to a customer (by Veritus customer ID), as HTML and plain text. Veritus does not send it. With Persist on, Veritus stores it as an outbound email of the customer; with Persist off it is only a draft and nothing changes.",
			},
			{
				name: 'Import',
				value: 'import',
				action: 'Import an email',
				description:
					'Record in Veritus one email that your own system sent to or received from a customer, so that Veritus counts it in its compliance checks. Sends nothing.',
			},
			{
				name: 'Import Many',
				value: 'importMany',
				action: 'Import many emails',
				description:
					'Record many emails in Veritus in bulk requests, up to 100 of one customer per request. Each item comes out as imported or failed. Sends nothing.',
			},
		],
		default: 'generate',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['interaction'] } },
		options: [
			{
				name: 'Analyze',
				value: 'analyze',
				action: 'Analyze an interaction',
				description:
					"Analyze an SMS, email or call (by its Veritus ID) into your organization's output variables, such as promise to pay or dispute. Idempotent: running it again returns the same result. With Apply Outcomes on, Veritus also tags or escalates the customer.",
			},
		],
		default: 'analyze',
	},
	...call.create.description,
	...call.createMany.description,
	...call.getRecordingUrl.description,
	...customer.create.description,
	...customer.createMany.description,
	...customer.update.description,
	...client.list.description,
	...dripCampaign.enroll.description,
	...dripCampaign.cancel.description,
	...sms.generate.description,
	...sms.import.description,
	...sms.importMany.description,
	...email.generate.description,
	...email.import.description,
	...email.importMany.description,
	...interaction.analyze.description,
	...placementLedger.release.description,
	...placementLedger.clear.description,
];
