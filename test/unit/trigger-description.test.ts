/**
 * The Veritus Trigger's description and the Veritus Webhook Secret credential: what n8n reads to
 * register the webhook and draw the panel, the credential's fields and its node-side test, the
 * no-op webhook lifecycle, and the codex file.
 */
import fs from 'fs';
import path from 'path';

import { NodeHelpers, type IHookFunctions, type INodeProperties } from 'n8n-workflow';

import { VeritusWebhookSecretApi } from '../../credentials/VeritusWebhookSecretApi.credentials';
import { checkWebhookSecret, VeritusTrigger } from '../../nodes/VeritusTrigger/VeritusTrigger.node';

const trigger = new VeritusTrigger();
const { description } = trigger;
const repoRoot = path.resolve(__dirname, '..', '..');

function property(name: string, properties: INodeProperties[] = description.properties): INodeProperties {
	const found = properties.find((candidate) => candidate.name === name);
	if (!found) throw new Error(`no property ${name}`);
	return found;
}

describe('node description', () => {
	test('a trigger: no inputs, one output, named veritusTrigger', () => {
		expect(description).toMatchObject({
			name: 'veritusTrigger',
			displayName: 'Veritus Trigger',
			group: ['trigger'],
			version: 1,
			inputs: [],
			outputs: ['main'],
		});
	});

	test('one POST webhook that n8n answers when the execution is created (onReceived)', () => {
		expect(description.webhooks).toEqual([
			{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' },
		]);
	});

	test('the secret credential is required only when Signature Verification uses it, and tested by the node', () => {
		expect(description.credentials).toEqual([
			{
				name: 'veritusWebhookSecretApi',
				required: true,
				testedBy: 'veritusWebhookSecretTest',
				displayOptions: { show: { authentication: ['veritusWebhookSecretApi'] } },
			},
		]);
		expect(property('authentication').default).toBe('veritusWebhookSecretApi');
		expect(typeof trigger.methods.credentialTest.veritusWebhookSecretTest).toBe('function');
	});

	test('the panel says where to paste the production URL, and warns when events are unsigned', () => {
		const urlNotice = property('productionUrlNotice');
		expect(urlNotice.type).toBe('notice');
		expect(urlNotice.displayName).toMatch(/Production URL.*Webhook URL.*Create/);
		expect(urlNotice.displayOptions).toBeUndefined();
		const unsigned = property('unsignedNotice');
		expect(unsigned.type).toBe('notice');
		expect(unsigned.displayName).toMatch(/^Unsigned events are accepted/);
		expect(unsigned.displayOptions).toEqual({ show: { authentication: ['none'] } });
	});

	test('Events: the five documented types and "any other", all selected by default', () => {
		const events = property('events');
		expect(events.type).toBe('multiOptions');
		const values = (events.options as Array<{ value: string }>).map((option) => option.value);
		expect(values.sort()).toEqual(
			[
				'call-created',
				'call-ended',
				'drip-campaign.call-created',
				'drip-campaign.call-ended',
				'drip-campaign.sms',
				'other',
			].sort(),
		);
		expect([...(events.default as string[])].sort()).toEqual(values.sort());
	});

	test('defaults n8n gives a new node: Simplify on, tolerance 300 s, drop redeliveries', () => {
		const node = { id: 'n', name: 'Veritus Trigger', type: 'x', typeVersion: 1, position: [0, 0] as [number, number] };
		const parameters = NodeHelpers.getNodeParameters(description.properties, {}, true, false, node, description);
		expect(parameters).toMatchObject({ authentication: 'veritusWebhookSecretApi', simplify: true, options: {} });
		const options = property('options').options as INodeProperties[];
		expect(Object.fromEntries(options.map((option) => [option.name, option.default]))).toEqual({
			downloadRecording: false,
			recordingBinaryProperty: 'recording',
			redeliveredEvent: 'drop',
			redeliveryRecordSize: 2000,
			timestampToleranceSeconds: 300,
		});
	});

	test('webhook lifecycle: nothing to register at Veritus, and each step logs', async () => {
		const lines: string[] = [];
		const context = {
			getNode: () => ({ name: 'Veritus Trigger' }),
			logger: { debug: (line: string) => lines.push(line), info: (line: string) => lines.push(line) },
		} as unknown as IHookFunctions;
		const methods = trigger.webhookMethods.default;
		expect(await methods.checkExists.call(context)).toBe(false);
		expect(await methods.create.call(context)).toBe(true);
		expect(await methods.delete.call(context)).toBe(true);
		expect(lines).toHaveLength(3);
		expect(lines[1]).toMatch(/no subscription API.*Webhook URL/);
	});
});

describe('codex file', () => {
	test('only documented keys, and the node type n8n registers', () => {
		const codex = JSON.parse(
			fs.readFileSync(path.join(repoRoot, 'nodes', 'VeritusTrigger', 'VeritusTrigger.node.json'), 'utf8'),
		);
		expect(Object.keys(codex).sort()).toEqual(
			['alias', 'categories', 'codexVersion', 'node', 'nodeVersion', 'resources'].sort(),
		);
		expect(codex.node).toBe('n8n-nodes-veritus.veritusTrigger');
	});

	test('package.json registers the trigger and the credential', () => {
		const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
		expect(pkg.n8n.nodes).toContain('dist/nodes/VeritusTrigger/VeritusTrigger.node.js');
		expect(pkg.n8n.credentials).toContain('dist/credentials/VeritusWebhookSecretApi.credentials.js');
	});
});

describe('Veritus Webhook Secret credential', () => {
	const credential = new VeritusWebhookSecretApi();

	test('holds the secret in a password field, and says the Secret ID is something else', () => {
		expect(credential.name).toBe('veritusWebhookSecretApi');
		const secret = credential.properties.find((p) => p.name === 'secret');
		expect(secret).toMatchObject({ type: 'string', typeOptions: { password: true }, required: true });
		expect(secret?.description).toMatch(/Not the Secret ID/);
		const notice = credential.properties.find((p) => p.type === 'notice');
		expect(notice?.displayName).toMatch(/Secret ID.*non-secret/);
	});

	test.each([
		['', 'Error', /Enter the value/],
		['   ', 'Error', /Enter the value/],
		['3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5a6b', 'Error', /looks like the Secret ID/],
		[`sk-${'ab'.repeat(32)}`, 'Error', /API key/],
		['whsec-7f3a9c2e4b1d', 'OK', /first signed event/],
	])('test of %j: %s', (value, status, message) => {
		const result = checkWebhookSecret(value);
		expect(result.status).toBe(status);
		expect(result.message).toMatch(message);
	});
});
