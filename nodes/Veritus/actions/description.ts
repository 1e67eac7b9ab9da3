import type { INodeProperties } from 'n8n-workflow';

import { description as createCallDescription } from './call/create.operation';

/**
 * Output layout expression, evaluated by n8n (editor and engine) from the node's parameters, the
 * way n8n's Switch node computes its configured outputs.
 * - `outputLayout: 'split'` (default): two outputs, **Passed** (index 0) and **Failed** (index 1).
 * - `outputLayout: 'single'`: one output, **Result**, holding every item in input order.
 */
export const OUTPUTS_EXPRESSION =
	'={{ $parameter.outputLayout === "single" ? [{ "type": "main", "displayName": "Result" }] : [{ "type": "main", "displayName": "Passed" }, { "type": "main", "displayName": "Failed" }] }}';

/**
 * Every parameter of the Veritus node, in editor order: the resource, its operations, then each
 * operation's own parameters (`call/create.description.ts`). The node-level description (name,
 * icon, outputs, credentials) is in `Veritus.node.ts`.
 */
export const nodeProperties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [{ name: 'Call', value: 'call' }],
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
		],
		default: 'create',
	},
	...createCallDescription,
];
