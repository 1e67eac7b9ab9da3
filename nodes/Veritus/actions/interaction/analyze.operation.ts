import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { optionalBoolean, optionalUuid } from '../../helpers/fields';
import { isRecord } from '../../helpers/interactions';
import { optionsCollection } from '../../helpers/requestOptions';
import { answer, runItems, type ItemOperation, type RunnerItem } from '../../helpers/runner';
import { invalidField, readParameter } from '../../helpers/validation';
import { apiMessage, type ErrorSubject } from '../../transport/errors';

/** Show a property for Interaction → Analyze. */
const SHOW = { show: { resource: ['interaction'], operation: ['analyze'] } };

/** What the node and docs say about a retry of Analyze (the API document: "Analysis is idempotent"). */
export const IDEMPOTENT_NOTE =
	'analysis is idempotent, so running the item again is safe: Veritus answers an interaction it analyzed already with the same result';

/**
 * The subject of Interaction → Analyze: "The interaction may have been analyzed; analysis is
 * idempotent, so running the item again is safe …". With Apply Outcomes the analysis tags the
 * customer (it changes something), but a repeated analysis answers the first result and changes
 * nothing more.
 */
export const ANALYZE_SUBJECT: ErrorSubject = Object.freeze({
	noun: 'interaction',
	verb: 'analyze',
	done: 'analyzed',
	unknownFlag: 'interactionMayHaveBeenAnalyzed',
	request: 'request',
	idempotent: IDEMPOTENT_NOTE,
});

/** The parameters of Interaction → Analyze, and its Options. */
export const description: INodeProperties[] = [
	{
		displayName: 'Interaction ID',
		name: 'interactionId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. {{ $json.interaction_id }}',
		description:
			'The Veritus ID (a UUID) of the SMS, email or call to analyze: the ID Veritus gave an imported SMS or email, or the ID of a call',
		displayOptions: SHOW,
	},
	{
		displayName: 'Apply Outcomes',
		name: 'applyOutcomes',
		type: 'boolean',
		default: true,
		description:
			"Whether Veritus applies your organization's configured outcome actions (tags, escalations) to the customer from the result. Off: only read the result.",
		displayOptions: SHOW,
	},
	{
		displayName:
			'Analysis is idempotent: running an item again is safe. Veritus answers an interaction it analyzed already with the same result.',
		name: 'analyzeNotice',
		type: 'notice',
		default: '',
		displayOptions: SHOW,
	},
	optionsCollection(SHOW),
];

/** One Interaction → Analyze item, read and validated. */
export interface PreparedAnalysis extends RunnerItem {
	interactionId: string;
	applyOutcomes: boolean;
}

/**
 * Reads and validates one item of Interaction → Analyze: Interaction ID (a UUID, required: the
 * API declares `format: uuid`) and Apply Outcomes (default true).
 *
 * @throws NodeOperationError `[item N] <Field> …`.
 */
export function prepareAnalysis(ctx: IExecuteFunctions, itemIndex: number): PreparedAnalysis {
	const node = ctx.getNode();
	const interactionId = optionalUuid(
		node,
		itemIndex,
		'Interaction ID',
		readParameter(ctx, 'interactionId', 'Interaction ID', itemIndex),
	);
	if (interactionId === undefined) {
		throw invalidField(
			node,
			itemIndex,
			'Interaction ID',
			'is empty',
			'Map the ID Veritus gave an imported SMS or email, or the ID of a call.',
		);
	}
	const applyOutcomes = optionalBoolean(
		node,
		itemIndex,
		'Apply Outcomes',
		readParameter(ctx, 'applyOutcomes', 'Apply Outcomes', itemIndex),
		true,
	);
	return {
		itemIndex,
		interactionId,
		applyOutcomes,
		reference: `interaction ${interactionId}`,
		errorFields: { interactionId },
	};
}

/** Whether an error text is the API document's 400 "Analysis was skipped.". */
export function saysSkipped(text: string | undefined): boolean {
	return !!text && /\banalysis was skipped\b/i.test(text);
}

/**
 * Interaction → Analyze: `POST /interactions/{interactionId}/analyze` with `{ applyOutcomes }`, one
 * request per item (docs/interaction.md, "Analyze"). Idempotent (the API document): a second
 * analysis answers the first result, so a retry is safe, and errors say so.
 * - 200: `{ interactionId, channel, outputVariables }` as Veritus returned it (`outputVariables`
 *   depend on the organization's set-up and may be null), with `skipped: false`;
 * - 400 "Analysis was skipped.": not an error but an outcome (Veritus had nothing to analyze,
 *   such as a call nobody answered): `{ interactionId, channel: null, outputVariables: null,
 *   skipped: true, message }` on the same output, so a batch goes on and an If node can branch on
 *   `skipped`;
 * - 404 "Interaction not found": an error naming the item and the Interaction ID;
 * - any other answer: an error as for every operation (`transport/errors.ts`).
 *
 * @returns `[analyses]`.
 * @throws NodeOperationError or NodeApiError: the first bad item or error, unless the node
 *   continues on fail.
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const operation: ItemOperation<PreparedAnalysis> = {
		subject: ANALYZE_SUBJECT,
		prepare: prepareAnalysis,
		send: async (_ctx, [item], requests) => {
			const response = await requests.send({
				method: 'POST',
				path: `/interactions/${encodeURIComponent(item.interactionId)}/analyze`,
				body: { applyOutcomes: item.applyOutcomes },
			});
			const said = apiMessage(response.body);
			if (response.statusCode === 400 && saysSkipped(said)) {
				return [
					answer({
						interactionId: item.interactionId,
						channel: null,
						outputVariables: null,
						skipped: true,
						message: said ?? null,
					}),
				];
			}
			if (response.statusCode === 404) {
				throw requests.error(
					`Interaction ${item.interactionId} was not found in Veritus (HTTP 404)${said ? `. Veritus said: "${said}"` : ''}`,
					'Check the Interaction ID mapped for this item (the ID Veritus gave an imported SMS or email, or the ID of a call), and that the Base URL points at the right Veritus environment.',
					'notPlaced',
					404,
				);
			}
			const data = requests.data(response);
			if (!isRecord(data)) {
				throw requests.error(
					`Veritus answered HTTP ${response.statusCode} without the analysis`,
					'The answer does not have the published shape { interactionId, channel, outputVariables }.',
					'unknown',
					response.statusCode,
				);
			}
			return [answer({ ...(data as IDataObject), skipped: false })];
		},
	};
	return await runItems(this, operation);
}
