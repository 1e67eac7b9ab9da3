import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { getClients } from './actions/client';
import { nodeProperties, OUTPUTS_EXPRESSION } from './actions/description';
import { router } from './actions/router';

/**
 * The Veritus node: places AI voice calls through the Veritus Agent API and splits the items into
 * Passed and Failed by Veritus's compliance checks; creates and updates the customers those calls
 * need, and lists the organization's clients. Parameters live in `actions/description.ts`,
 * the item loop in `actions/router.ts`.
 */
export class Veritus implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Veritus',
		name: 'veritus',
		icon: { light: 'file:veritus.svg', dark: 'file:veritus.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: 'Place compliant AI voice calls with the Veritus Agent API',
		defaults: { name: 'Veritus' },
		usableAsTool: {
			replacements: {
				description:
					'Places a REAL outbound phone call to a customer with a Veritus AI voice agent, after Veritus runs its compliance checks (active customer, cease and desist, daily call limit). Returns whether compliance passed, with the reasons. Only use it when a call to this customer is intended.',
			},
		},
		inputs: [NodeConnectionTypes.Main],
		outputs: OUTPUTS_EXPRESSION,
		credentials: [
			{
				name: 'veritusApi',
				required: true,
				displayOptions: { show: { resource: ['call', 'client', 'customer'] } },
			},
		],
		properties: nodeProperties,
	};

	/** The Client drop-down of Customer → Create (`GET /clients`, `actions/client/list.operation.ts`). */
	methods = { loadOptions: { getClients } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
