import type { Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * The `Veritus Webhook Secret API` credential (`veritusWebhookSecretApi`): the value of a Veritus
 * webhook secret, which the Veritus Trigger uses to verify the `X-Webhook-Signature` of each event
 * (HMAC SHA-256 keyed with this value; the API document's webhook-security guide).
 * docs/trigger.md, "Set it up".
 *
 * - `secret`: the secret's value (a password field). Surrounding spaces and line breaks are ignored.
 *
 * A webhook secret has two parts, both from Veritus's portal or your Veritus representative:
 * - the **Secret ID**, a UUID that Create Call, Create Many and Drip Campaign Enroll send as
 *   `webhook.secretId` so that Veritus knows which secret to sign with. It is a reference, not a
 *   secret, and it belongs in the Veritus node's Webhook fields, not here;
 * - the **secret's value**, which signs the events. Only this credential holds it; it never leaves
 *   n8n.
 *
 * No request can test a webhook secret (Veritus has no endpoint that checks one), so the credential
 * is tested by the Veritus Trigger node (`testedBy`): the test checks locally that the value is set
 * and is neither the Secret ID nor an API token pasted by mistake. The first signed event proves it:
 * a wrong value makes the trigger answer 401 and log `signature-mismatch`.
 */
export class VeritusWebhookSecretApi implements ICredentialType {
	name = 'veritusWebhookSecretApi';

	displayName = 'Veritus Webhook Secret API';

	icon: Icon = { light: 'file:veritus.svg', dark: 'file:veritus.dark.svg' };

	documentationUrl = 'https://github.com/veritus-agent/n8n-nodes-veritus/blob/main/docs/trigger.md#set-it-up';

	properties: INodeProperties[] = [
		{
			displayName: 'Secret',
			name: 'secret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				"The value of your Veritus webhook secret, which signs every event Veritus sends. Not the Secret ID: the Secret ID is a UUID that only names the secret and goes in the Veritus node's Webhook fields.",
		},
		{
			displayName:
				"The Secret ID (a UUID) that Create Call sends as webhook.secretId is a separate, non-secret reference. Put it in the Veritus node; put the secret's value here.",
			name: 'secretIdNotice',
			type: 'notice',
			default: '',
		},
	];
}
