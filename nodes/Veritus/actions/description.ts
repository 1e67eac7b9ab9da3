import type { INodeProperties } from 'n8n-workflow';

import * as call from './call';
import * as client from './client';
import * as customer from './customer';
import * as dripCampaign from './dripCampaign';
import * as placementLedger from './placementLedger';

/**
 * Output layout expression, evaluated by n8n (editor and engine) from the node's parameters, the
 * way n8n's Switch node computes its configured outputs.
 * - `outputLayout: 'split'` (default): two outputs, **Passed** (index 0) and **Failed** (index 1).
 * - Customer → Create and Create Many (`outputLayout: 'split'`, default): two outputs, **Created**
 *   (index 0) and **Already Exists** (index 1).
 * - `outputLayout: 'single'`, the Placement Ledger operations, Customer → Update, Client → List and
 *   Drip Campaign → Cancel, Call → Get Recording URL: one output, **Result**, holding every
 *   item in input order.
 * - Call → Create, Call → Create Many and Drip Campaign → Enroll follow the first rule: Passed and
 *   Failed, or Result.
 */
export const OUTPUTS_EXPRESSION =
	'={{ $parameter.resource === "placementLedger" || $parameter.resource === "client" || ($parameter.resource === "customer" && $parameter.operation === "update") || ($parameter.resource === "dripCampaign" && $parameter.operation === "cancel") || ($parameter.resource === "call" && $parameter.operation === "getRecordingUrl") || $parameter.outputLayout === "single" ? [{ "type": "main", "displayName": "Result" }] : $parameter.resource === "customer" ? [{ "type": "main", "displayName": "Created" }, { "type": "main", "displayName": "Already Exists" }] : [{ "type": "main", "displayName": "Passed" }, { "type": "main", "displayName": "Failed" }] }}';

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
			{ name: 'Placement Ledger', value: 'placementLedger' },
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
					'Place a real outbound phone call with a Veritus AI voice agent, after Veritus runs its compliance checks. Each run can dial a real person.',
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
					'Create one customer in Veritus per item from your own record (External ID, name, email, phone, ZIP, optional collections account). Returns the Veritus customer ID, which calls need. An External ID Veritus already has is not an error: it comes out with alreadyExists true.',
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
					'Change or clear fields of a Veritus customer, by its Veritus customer ID. Only the fields given are sent.',
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
					'List the clients of your organization (the sub-entities a customer can belong to), one item per client with its ID and name',
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
				description: 'Forget every call this workflow placed or attempted',
			},
			{
				name: 'Release',
				value: 'release',
				action: 'Release placement keys',
				description: 'Forget single placement keys, so the next run may place those calls',
			},
		],
		default: 'release',
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
	...placementLedger.release.description,
	...placementLedger.clear.description,
];
