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
 * need, lists the organization's clients, generates and imports SMS and emails, and analyzes
 * interactions. Parameters live in `actions/description.ts`,
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
					'Works with Veritus, an AI agent platform for regulated debt collections: customers (create, update), clients (list), SMS and email (have Veritus write one, or record one your own system sent or received), analysis of an SMS, email or call, and calls. Call → Create places a REAL outbound phone call to a person, and so do Call → Create Many and Drip Campaign → Enroll (a campaign of real calls and SMS): Veritus runs its compliance checks first (active customer, cease and desist, daily call limit) and returns whether they passed, with the reasons. Only use those when contacting this customer is intended. Customer writes change records in Veritus. Client → List, Interaction → Analyze (idempotent) and SMS or Email → Generate with Persist off change nothing that cannot be repeated safely.',
			},
		},
		inputs: [NodeConnectionTypes.Main],
		outputs: OUTPUTS_EXPRESSION,
		credentials: [
			{
				name: 'veritusApi',
				required: true,
				displayOptions: {
					show: { resource: ['call', 'client', 'customer', 'dripCampaign', 'email', 'interaction', 'sms'] },
				},
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
