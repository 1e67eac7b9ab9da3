import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

import {
	customerIdField,
	directionField,
	persistField,
	threadIdField,
	timestampField,
} from '../../helpers/interactionFields';

/**
 * The parameters of the SMS operations, named after the API's fields (`SmsGenerateRequest`,
 * `SmsImportRequest`), so that an AI Agent's `$fromAI()` names match the API document. Import and
 * Import Many share their fields (one SMS per item); each operation adds its own Options.
 */

/** Show a property for resource `sms` and the given operations. */
export function showFor(operations: string[]): IDisplayOptions {
	return { show: { resource: ['sms'], operation: operations } };
}

/** The operations that import SMS. */
const IMPORTING = ['import', 'importMany'];

/** The fields of SMS → Generate, in editor order (its Options come from the operation). */
export const generateFields: INodeProperties[] = [
	customerIdField(showFor(['generate']), 'SMS'),
	{
		displayName: 'From',
		name: 'from',
		type: 'string',
		required: true,
		default: '',
		placeholder: '+12025550100',
		description:
			"Your organization's phone number that the SMS comes from, in E.164 form: + and the country code, no spaces. Veritus writes the text with it in mind.",
		displayOptions: showFor(['generate']),
	},
	persistField(showFor(['generate']), 'SMS'),
	{
		displayName: 'To',
		name: 'to',
		type: 'string',
		default: '',
		placeholder: '+12025551234',
		description: "The customer's phone number, in E.164 form. Required when Persist is on.",
		displayOptions: showFor(['generate']),
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: showFor(['generate']),
		options: [threadIdField('SMS')],
	},
];

/** The fields of SMS → Import and Import Many, in editor order. */
export const importFields: INodeProperties[] = [
	customerIdField(showFor(IMPORTING), 'SMS'),
	directionField(showFor(IMPORTING), 'SMS'),
	timestampField(showFor(IMPORTING), 'SMS'),
	{
		displayName: 'From',
		name: 'from',
		type: 'string',
		required: true,
		default: '',
		placeholder: '+12025551234',
		description: "The sender's phone number, in E.164 form: + and the country code, no spaces",
		displayOptions: showFor(IMPORTING),
	},
	{
		displayName: 'To',
		name: 'to',
		type: 'string',
		required: true,
		default: '',
		placeholder: '+12025550100',
		description: "The recipient's phone number, in E.164 form",
		displayOptions: showFor(IMPORTING),
	},
	{
		displayName: 'Body',
		name: 'body',
		type: 'string',
		required: true,
		typeOptions: { rows: 3 },
		default: '',
		description: 'The text of the SMS, as it was sent. Sent exactly as written; white space alone is not a message.',
		displayOptions: showFor(IMPORTING),
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: showFor(IMPORTING),
		options: [
			{
				displayName: 'Segments',
				name: 'segments',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 1,
				description: 'How many SMS segments the message took, 1 or more. Left out, Veritus counts them from the body.',
			},
			threadIdField('SMS'),
		],
	},
];
