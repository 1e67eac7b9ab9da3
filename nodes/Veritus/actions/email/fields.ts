import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

import {
	customerIdField,
	directionField,
	persistField,
	threadIdField,
	timestampField,
} from '../../helpers/interactionFields';

/**
 * The parameters of the Email operations, named after the API's fields (`EmailGenerateRequest`,
 * `EmailImportRequest`), so that an AI Agent's `$fromAI()` names match the API document. Import
 * and Import Many share their fields (one email per item); each operation adds its own Options.
 */

/** Show a property for resource `email` and the given operations. */
export function showFor(operations: string[]): IDisplayOptions {
	return { show: { resource: ['email'], operation: operations } };
}

/** The operations that import emails. */
const IMPORTING = ['import', 'importMany'];

/** The fields of Email → Generate, in editor order (its Options come from the operation). */
export const generateFields: INodeProperties[] = [
	customerIdField(showFor(['generate']), 'email'),
	persistField(showFor(['generate']), 'email'),
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: showFor(['generate']),
		options: [threadIdField('email')],
	},
];

/** An address list field of Additional Fields (CC, BCC). */
function addressList(displayName: string, name: string, who: string): INodeProperties {
	return {
		displayName,
		name,
		type: 'string',
		default: '',
		placeholder: 'a@example.com, b@example.com',
		description: `The ${who} addresses, separated by commas (or a list from an expression)`,
	};
}

/** The fields of Email → Import and Import Many, in editor order. */
export const importFields: INodeProperties[] = [
	customerIdField(showFor(IMPORTING), 'email'),
	directionField(showFor(IMPORTING), 'email'),
	timestampField(showFor(IMPORTING), 'email'),
	{
		displayName: 'From',
		name: 'from',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'name@example.com',
		description: "The sender's email address (the address only, without a name)",
		displayOptions: showFor(IMPORTING),
	},
	{
		displayName: 'To',
		name: 'to',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'name@example.com',
		description: 'The recipients’ email addresses, at least one, separated by commas (or a list from an expression)',
		displayOptions: showFor(IMPORTING),
	},
	{
		displayName: 'Subject',
		name: 'subject',
		type: 'string',
		default: '',
		description: 'The subject line. Empty for an email that had none.',
		displayOptions: showFor(IMPORTING),
	},
	{
		displayName: 'Plain Text Body',
		name: 'plainTextBody',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		description: 'The plain-text content. Plain Text Body, HTML Body or both must hold text.',
		displayOptions: showFor(IMPORTING),
	},
	{
		displayName: 'HTML Body',
		name: 'htmlBody',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		description: 'The HTML content. Plain Text Body, HTML Body or both must hold text.',
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
			addressList('BCC', 'bcc', 'blind-copy'),
			addressList('CC', 'cc', 'copy'),
			{
				displayName: 'Message ID',
				name: 'messageId',
				type: 'string',
				default: '',
				placeholder: 'abc123@mail.example.com',
				description: "The email's own message ID in your mail system (its Message-ID header), kept with the email",
			},
			threadIdField('email'),
		],
	},
];
