import type { INodeProperties } from 'n8n-workflow';

import * as call from './call';
import * as placementLedger from './placementLedger';

/**
 * Output layout expression, evaluated by n8n (editor and engine) from the node's parameters, the
 * way n8n's Switch node computes its configured outputs.
 * - `outputLayout: 'split'` (default): two outputs, **Passed** (index 0) and **Failed** (index 1).
 * - `outputLayout: 'single'`, the Placement Ledger operations and Call → Get Recording URL: one
 *   output, **Result**, holding every item in input order.
 */
export const OUTPUTS_EXPRESSION =
	'={{ $parameter.resource === "placementLedger" || $parameter.operation === "getRecordingUrl" || $parameter.outputLayout === "single" ? [{ "type": "main", "displayName": "Result" }] : [{ "type": "main", "displayName": "Passed" }, { "type": "main", "displayName": "Failed" }] }}';

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
	...placementLedger.release.description,
	...placementLedger.clear.description,
];
