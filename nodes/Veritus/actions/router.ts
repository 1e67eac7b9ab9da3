import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import * as call from './call';
import * as client from './client';
import * as customer from './customer';
import * as dripCampaign from './dripCampaign';
import * as email from './email';
import * as interaction from './interaction';
import * as placementLedger from './placementLedger';
import * as sms from './sms';

/** An operation's entry point: runs it over every input item of the node. */
type OperationExecute = (this: IExecuteFunctions) => Promise<INodeExecutionData[][]>;

/**
 * The node's table of contents: resource → operation → the file that runs it. Each operation file
 * (`actions/<resource>/<operation>.operation.ts`) exports its `description` and `execute`.
 *
 * - **Call → Create** (`call/create.operation.ts`): one call per item, through the placement
 *   pipeline (`pipeline/`: prepare → claim → send → settle → route).
 * - **Call → Create Many** (`call/createMany.operation.ts`): the same pipeline, items grouped into
 *   `POST /calls/bulk` requests of up to 100 customers.
 * - **Drip Campaign → Enroll** (`dripCampaign/enroll.operation.ts`): one enrolment per item,
 *   through the placement pipeline.
 * - **Customer → Create, Create Many, Update** (`customer/`), **Client → List** (`client/`),
 *   **Call → Get Recording URL** (`call/getRecordingUrl.operation.ts`), **Drip Campaign → Cancel**
 *   (`dripCampaign/cancel.operation.ts`), **SMS** and **Email → Generate, Import, Import Many**
 *   (`sms/`, `email/`) and **Interaction → Analyze** (`interaction/`): operations that place
 *   nothing, through the shared runner (`helpers/runner.ts`: prepare every item → send, bounded and
 *   paced → route with pairedItem).
 * - **Placement Ledger → Release / Clear** (`placementLedger/`): the ledger by hand.
 */
export const operations: Record<string, Record<string, { execute: OperationExecute }>> = {
	call: {
		create: call.create,
		createMany: call.createMany,
		getRecordingUrl: call.getRecordingUrl,
	},
	client: {
		list: client.list,
	},
	customer: {
		create: customer.create,
		createMany: customer.createMany,
		update: customer.update,
	},
	dripCampaign: {
		enroll: dripCampaign.enroll,
		cancel: dripCampaign.cancel,
	},
	email: {
		generate: email.generate,
		import: email.import,
		importMany: email.importMany,
	},
	interaction: {
		analyze: interaction.analyze,
	},
	placementLedger: {
		release: placementLedger.release,
		clear: placementLedger.clear,
	},
	sms: {
		generate: sms.generate,
		import: sms.import,
		importMany: sms.importMany,
	},
};

/**
 * Runs the operation the node is set to (README, "Operations"). Resource and operation are
 * node-wide (n8n forbids expressions in them), so they are read from item 0.
 *
 * @returns one array per output: `[passed, failed]` or `[all]`.
 * @throws NodeOperationError for an unknown resource or operation, or the operation's error.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const run = own(own(operations, resource), operation);
	if (!run) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operation}" of resource "${resource}" is not supported`,
		);
	}
	return await run.execute.call(this);
}

/** `record[key]` when `key` is the record's own key (never a prototype's, such as `constructor`). */
function own<T>(record: Record<string, T> | undefined, key: string): T | undefined {
	return record && Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}
