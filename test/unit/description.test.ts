// Covers the node description (Veritus.node.ts, actions/description.ts) and the credential
// (VeritusApi.credentials.ts): names, tool-use warning, resource/operation, the outputs expression
// evaluated by n8n-workflow, and the credential's fields, auth header and test request.
import * as fs from 'node:fs';
import * as path from 'node:path';

import {
	NodeHelpers,
	Workflow,
	type ICredentialDataDecryptedObject,
	type IHttpRequestOptions,
	type INode,
	type INodeOutputConfiguration,
	type INodeProperties,
	type INodeType,
	type INodeTypes,
} from 'n8n-workflow';

import { VeritusApi } from '../../credentials/VeritusApi.credentials';
import { Veritus } from '../../nodes/Veritus/Veritus.node';

const nodeType = new Veritus();
const { description } = nodeType;

function property(name: string, properties: INodeProperties[] = description.properties): INodeProperties {
	const found = properties.find((p) => p.name === name);
	if (!found) throw new Error(`no property ${name}`);
	return found;
}

/** Evaluates the node's outputs the way n8n does, for a node with the given parameters. */
function outputsFor(parameters: INode['parameters']): Array<{ type: string; displayName?: string }> {
	const node: INode = {
		id: 'n1',
		name: 'Veritus',
		type: 'n8n-nodes-veritus.veritus',
		typeVersion: 1,
		position: [0, 0],
		parameters,
	};
	const nodeTypes: INodeTypes = {
		getByName: () => nodeType as INodeType,
		getByNameAndVersion: () => nodeType as INodeType,
		getKnownTypes: () => ({}),
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	const outputs = NodeHelpers.getNodeOutputs(workflow, workflow.getNode('Veritus') as INode, description);
	return outputs.map((output) =>
		typeof output === 'string'
			? { type: output }
			: { type: (output as INodeOutputConfiguration).type, displayName: output.displayName },
	);
}

describe('node description', () => {
	test('is named veritus, version 1, with the Veritus credential required', () => {
		expect(description.name).toBe('veritus');
		expect(description.displayName).toBe('Veritus');
		expect(description.version).toBe(1);
		expect(description.credentials).toEqual([
			{
				name: 'veritusApi',
				required: true,
				displayOptions: {
					show: { resource: ['call', 'client', 'customer', 'dripCampaign', 'email', 'interaction', 'sms'] },
				},
			},
		]);
		expect(description.inputs).toEqual(['main']);
	});

	test('the credential shows for every resource that calls the Veritus API (all but the Placement Ledger)', () => {
		const resources = (property('resource').options as Array<{ value: string }>).map((option) => option.value);
		const shown = description.credentials?.[0].displayOptions?.show?.resource;
		expect([...(shown ?? [])].sort()).toEqual(resources.filter((value) => value !== 'placementLedger').sort());
	});

	test('is usable as a tool, with a description of the whole node warning that calls and enrolments are real', () => {
		const tool = description.usableAsTool;
		expect(tool).toBeTruthy();
		const toolDescription = typeof tool === 'object' ? tool.replacements?.description : undefined;
		expect(typeof toolDescription).toBe('string');
		expect(toolDescription).toMatch(/Call → Create places a REAL outbound phone call to a person/);
		expect(toolDescription).toMatch(/Call → Create Many and Drip Campaign → Enroll/);
		expect(toolDescription).toMatch(/Only use those when contacting this customer is intended/);
		// Every resource of the node is named.
		for (const name of ['customers', 'clients', 'SMS and email', 'analysis', 'calls']) {
			expect(toolDescription).toContain(name);
		}
		expect(toolDescription).toMatch(/Persist off/);
	});

	test('resource Call: operations Create ("Create a call"), Create Many and Get Recording URL', () => {
		const resource = property('resource');
		expect(resource.options).toEqual([
			{ name: 'Call', value: 'call' },
			{ name: 'Client', value: 'client' },
			{ name: 'Customer', value: 'customer' },
			{ name: 'Drip Campaign', value: 'dripCampaign' },
			{ name: 'Email', value: 'email' },
			{ name: 'Interaction', value: 'interaction' },
			{ name: 'Placement Ledger', value: 'placementLedger' },
			{ name: 'SMS', value: 'sms' },
		]);
		expect(resource.default).toBe('call');
		const operation = property('operation');
		expect(operation.default).toBe('create');
		expect(operation.displayOptions).toEqual({ show: { resource: ['call'] } });
		expect(operation.options).toHaveLength(3);
		expect(operation.options?.[0]).toMatchObject({ name: 'Create', value: 'create', action: 'Create a call' });
		expect(operation.options?.[1]).toMatchObject({
			name: 'Create Many',
			value: 'createMany',
			action: 'Create many calls',
		});
		expect(operation.options?.[2]).toMatchObject({
			name: 'Get Recording URL',
			value: 'getRecordingUrl',
			action: 'Get a call recording URL',
		});
		// Descriptions an AI agent can act on: Create Many says it dials real people; Get Recording URL that it places nothing.
		expect((operation.options?.[1] as { description: string }).description).toMatch(/real outbound phone calls/);
		expect((operation.options?.[2] as { description: string }).description).toMatch(/Places no call/);
	});

	test("Webhook URL (Call → Create and Create Many, Drip Campaign → Enroll) says it takes a Veritus Trigger node's Production URL", () => {
		const webhooks = description.properties.filter((p) => p.name === 'webhook');
		expect(webhooks.map((p) => p.displayOptions?.show?.operation)).toEqual([['create'], ['createMany'], ['enroll']]);
		for (const webhook of webhooks) {
			expect(webhook.description).toContain("Veritus Trigger node's Production URL");
			const url = property('url', webhook.options as INodeProperties[]);
			expect(url.description).toContain('Production URL of a Veritus Trigger node');
			expect(url.description).toContain('/webhook-test/');
		}
	});

	test('Create Many: the parameters of Create under the same names, shown for createMany; Options without One Call Per Customer Per Run, with Customers Per Request 1 to 100', () => {
		const forMany = description.properties.filter(
			(p) =>
				p.displayOptions?.show?.resource?.includes('call') && p.displayOptions?.show?.operation?.includes('createMany'),
		);
		expect(forMany.map((p) => p.name)).toEqual([
			'customerId',
			'agentId',
			'webhook',
			'outputLayout',
			'simplify',
			'options',
		]);
		for (const p of forMany)
			expect(p.displayOptions).toEqual({ show: { resource: ['call'], operation: ['createMany'] } });
		expect(property('customerId', forMany).description).toMatch(/UUID/);
		const options = property('options', forMany).options as INodeProperties[];
		const names = options.map((o) => o.name);
		expect(names).not.toContain('onePerCustomer');
		expect(property('customersPerRequest', options)).toMatchObject({
			type: 'number',
			default: 100,
			typeOptions: { minValue: 1, maxValue: 100 },
		});
		// n8n lists a collection's options alphabetically.
		const displayNames = options.map((o) => o.displayName);
		expect(displayNames).toEqual([...displayNames].sort((a, b) => a.localeCompare(b)));
		// Create's own Options are unchanged.
		const createOptions = property('options').options as INodeProperties[];
		expect(createOptions.map((o) => o.name)).toContain('onePerCustomer');
		expect(createOptions.map((o) => o.name)).not.toContain('customersPerRequest');
	});

	test('Get Recording URL: a required Call ID, Download Recording off, and the binary field shown only when downloading', () => {
		const forRecording = description.properties.filter((p) =>
			p.displayOptions?.show?.operation?.includes('getRecordingUrl'),
		);
		expect(forRecording.map((p) => p.name)).toEqual([
			'callId',
			'downloadRecording',
			'recordingBinaryProperty',
			'options',
		]);
		// The request options every operation that places nothing shares.
		expect((property('options', forRecording).options as INodeProperties[]).map((o) => o.name)).toEqual([
			'maxAttempts',
			'maxConcurrent',
			'requestsPerSecond',
			'maxRetryWait',
			'timeout',
		]);
		expect(property('callId', forRecording)).toMatchObject({ type: 'string', required: true, default: '' });
		expect(property('downloadRecording', forRecording)).toMatchObject({ type: 'boolean', default: false });
		expect(property('recordingBinaryProperty', forRecording)).toMatchObject({
			default: 'recording',
			displayOptions: { show: { resource: ['call'], operation: ['getRecordingUrl'], downloadRecording: [true] } },
		});
	});

	test('Customer ID and Agent ID are required text shown for Call → Create', () => {
		for (const name of ['customerId', 'agentId']) {
			const field = property(name);
			expect(field).toMatchObject({ type: 'string', required: true, default: '' });
			expect(field.displayOptions).toEqual({ show: { resource: ['call'], operation: ['create'] } });
		}
		expect(property('customerId').displayName).toBe('Customer ID');
		expect(property('agentId').displayName).toBe('Agent ID');
	});

	test('the webhook collection has a URL and a password-masked Secret ID', () => {
		const webhook = property('webhook');
		expect(webhook.type).toBe('collection');
		expect(webhook.default).toEqual({});
		const options = webhook.options as INodeProperties[];
		expect(options.map((o) => o.name)).toEqual(['url', 'secretId']);
		expect(property('secretId', options).typeOptions).toEqual({ password: true });
	});

	test('defaults: split layout and Simplify on', () => {
		expect(property('outputLayout').default).toBe('split');
		expect(property('simplify').default).toBe(true);
	});

	test('outputs: Passed and Failed by default', () => {
		expect(outputsFor({})).toEqual([
			{ type: 'main', displayName: 'Passed' },
			{ type: 'main', displayName: 'Failed' },
		]);
		expect(outputsFor({ outputLayout: 'split' })).toEqual([
			{ type: 'main', displayName: 'Passed' },
			{ type: 'main', displayName: 'Failed' },
		]);
	});

	test('outputs: one output when outputLayout is single', () => {
		expect(outputsFor({ outputLayout: 'single' })).toEqual([{ type: 'main', displayName: 'Result' }]);
	});

	test('outputs: Create Many splits like Create; Get Recording URL has one output', () => {
		expect(outputsFor({ resource: 'call', operation: 'createMany' })).toEqual([
			{ type: 'main', displayName: 'Passed' },
			{ type: 'main', displayName: 'Failed' },
		]);
		expect(outputsFor({ resource: 'call', operation: 'createMany', outputLayout: 'single' })).toEqual([
			{ type: 'main', displayName: 'Result' },
		]);
		expect(outputsFor({ resource: 'call', operation: 'getRecordingUrl' })).toEqual([
			{ type: 'main', displayName: 'Result' },
		]);
		// An exported workflow may omit the resource at its default (call).
		expect(outputsFor({ operation: 'getRecordingUrl' })).toEqual([{ type: 'main', displayName: 'Result' }]);
	});

	test('outputs: Customer → Create and Create Many show Created and Already Exists, or one output', () => {
		const split = [
			{ type: 'main', displayName: 'Created' },
			{ type: 'main', displayName: 'Already Exists' },
		];
		// An exported workflow may omit a parameter at its default (operation Create, layout split).
		expect(outputsFor({ resource: 'customer' })).toEqual(split);
		expect(outputsFor({ resource: 'customer', operation: 'create' })).toEqual(split);
		expect(outputsFor({ resource: 'customer', operation: 'createMany', outputLayout: 'split' })).toEqual(split);
		expect(outputsFor({ resource: 'customer', operation: 'createMany', outputLayout: 'single' })).toEqual([
			{ type: 'main', displayName: 'Result' },
		]);
	});

	test('outputs: Customer → Update and Client → List have one output, Result', () => {
		expect(outputsFor({ resource: 'customer', operation: 'update' })).toEqual([
			{ type: 'main', displayName: 'Result' },
		]);
		expect(outputsFor({ resource: 'client', operation: 'list' })).toEqual([{ type: 'main', displayName: 'Result' }]);
		expect(outputsFor({ resource: 'client' })).toEqual([{ type: 'main', displayName: 'Result' }]);
	});

	test('outputs: every SMS, Email and Interaction operation has one output, Result', () => {
		for (const [resource, operations] of [
			['sms', ['generate', 'import', 'importMany']],
			['email', ['generate', 'import', 'importMany']],
			['interaction', ['analyze']],
		] as const) {
			for (const operation of operations) {
				expect({ resource, operation, outputs: outputsFor({ resource, operation }) }).toEqual({
					resource,
					operation,
					outputs: [{ type: 'main', displayName: 'Result' }],
				});
			}
			// An exported workflow may omit the operation (its default).
			expect(outputsFor({ resource })).toEqual([{ type: 'main', displayName: 'Result' }]);
		}
	});
});

/** The Operation options of each resource. */
function operationsOf(resource: string) {
	const field = description.properties.find(
		(p) => p.name === 'operation' && p.displayOptions?.show?.resource?.includes(resource),
	);
	if (!field) throw new Error(`no operations for ${resource}`);
	return field.options as Array<{ name: string; value: string; action?: string; description?: string }>;
}

describe('operations as an AI Agent sees them', () => {
	const resources = (property('resource').options as Array<{ value: string }>).map((option) => option.value);

	test('the SMS, Email and Interaction operations, with their actions', () => {
		expect(operationsOf('sms').map((o) => [o.value, o.action])).toEqual([
			['generate', 'Generate an SMS'],
			['import', 'Import an SMS'],
			['importMany', 'Import many SMS'],
		]);
		expect(operationsOf('email').map((o) => [o.value, o.action])).toEqual([
			['generate', 'Generate an email'],
			['import', 'Import an email'],
			['importMany', 'Import many emails'],
		]);
		expect(operationsOf('interaction').map((o) => [o.value, o.action])).toEqual([
			['analyze', 'Analyze an interaction'],
		]);
	});

	// n8n's AI Agent tool, in "Set Automatically" mode, describes the tool as `<action> in Veritus`;
	// the operation's description is what a person reads when choosing it, and a manual tool
	// description starts from it.
	test('every operation of every resource has an action and a description of at least one sentence', () => {
		for (const resource of resources) {
			for (const option of operationsOf(resource)) {
				expect({ resource, value: option.value, action: option.action }).toEqual({
					resource,
					value: option.value,
					action: expect.stringMatching(/^[A-Z][a-z]+ [a-z]/),
				});
				expect({ resource, value: option.value, long: (option.description ?? '').length > 40 }).toEqual({
					resource,
					value: option.value,
					long: true,
				});
			}
		}
	});

	test('operations that contact a person say it is real; operations that store nothing say so', () => {
		const text = (resource: string, value: string) =>
			operationsOf(resource).find((option) => option.value === value)?.description ?? '';
		expect(text('call', 'create')).toMatch(/real outbound phone call/);
		expect(text('call', 'create')).toMatch(/human approval/);
		for (const resource of ['sms', 'email']) {
			expect(text(resource, 'generate')).toMatch(/Veritus does not send it/);
			expect(text(resource, 'generate')).toMatch(/Persist off it is only a draft and nothing changes/);
			expect(text(resource, 'import')).toMatch(/Sends nothing/);
			expect(text(resource, 'importMany')).toMatch(/Sends nothing/);
		}
		expect(text('interaction', 'analyze')).toMatch(/Idempotent/);
		expect(text('placementLedger', 'clear')).toMatch(/not for an AI agent/);
		expect(text('placementLedger', 'release')).toMatch(/not for an AI agent/);
	});

	test('the parameters of the new operations carry the API field names ($fromAI-friendly) and descriptions', () => {
		const shown = (resource: string, operation: string) =>
			description.properties
				.filter(
					(p) =>
						p.displayOptions?.show?.resource?.includes(resource) &&
						p.displayOptions?.show?.operation?.includes(operation) &&
						p.type !== 'notice',
				)
				.map((p) => p.name);
		expect(shown('sms', 'generate')).toEqual(['customerId', 'from', 'persist', 'to', 'additionalFields', 'options']);
		expect(shown('sms', 'import')).toEqual([
			'customerId',
			'direction',
			'timestamp',
			'from',
			'to',
			'body',
			'additionalFields',
			'options',
		]);
		expect(shown('sms', 'importMany')).toEqual(shown('sms', 'import'));
		expect(shown('email', 'generate')).toEqual(['customerId', 'persist', 'additionalFields', 'options']);
		expect(shown('email', 'import')).toEqual([
			'customerId',
			'direction',
			'timestamp',
			'from',
			'to',
			'subject',
			'plainTextBody',
			'htmlBody',
			'additionalFields',
			'options',
		]);
		expect(shown('interaction', 'analyze')).toEqual(['interactionId', 'applyOutcomes', 'options']);
		for (const [resource, operation] of [
			['sms', 'generate'],
			['sms', 'import'],
			['email', 'import'],
			['interaction', 'analyze'],
		]) {
			for (const p of description.properties.filter(
				(q) =>
					q.displayOptions?.show?.resource?.includes(resource) &&
					q.displayOptions?.show?.operation?.includes(operation) &&
					!['options', 'additionalFields'].includes(q.name) &&
					q.type !== 'notice',
			)) {
				expect({ name: p.name, camelCase: /^[a-z][a-zA-Z]*$/.test(p.name), described: !!p.description }).toEqual({
					name: p.name,
					camelCase: true,
					described: true,
				});
			}
		}
	});

	test('Analyze tells the user in the panel that a retry is safe', () => {
		const notice = description.properties.find(
			(p) => p.type === 'notice' && p.displayOptions?.show?.resource?.includes('interaction'),
		);
		expect(notice?.displayName).toMatch(/^Analysis is idempotent: running an item again is safe\./);
	});
});

describe('Drip Campaign', () => {
	/** The properties shown for resource dripCampaign and `operation`. */
	const shownFor = (operation: string) =>
		description.properties.filter((p) => {
			const show = p.displayOptions?.show;
			return show?.resource?.includes('dripCampaign') && show.operation?.includes(operation);
		});

	test('operations Cancel and Enroll, with action texts that say what an agent does with them', () => {
		const operation = description.properties.find(
			(p) => p.name === 'operation' && p.displayOptions?.show?.resource?.includes('dripCampaign'),
		);
		expect(operation?.default).toBe('enroll');
		expect(operation?.options).toEqual([
			expect.objectContaining({ name: 'Cancel', value: 'cancel', action: 'Cancel a drip campaign' }),
			expect.objectContaining({ name: 'Enroll', value: 'enroll', action: 'Enroll a customer in a drip campaign' }),
		]);
		const enroll = (operation?.options as Array<{ value: string; description: string }>).find(
			(option) => option.value === 'enroll',
		);
		expect(enroll?.description).toMatch(/real SMS and phone calls/);
	});

	test('Enroll: Customer ID and Campaign Name required, a webhook whose Secret ID is a password, layout, Simplify, Options', () => {
		const fields = shownFor('enroll');
		expect(fields.map((p) => p.name)).toEqual([
			'customerId',
			'campaignName',
			'webhook',
			'outputLayout',
			'simplify',
			'options',
		]);
		for (const name of ['customerId', 'campaignName']) {
			expect(property(name, fields)).toMatchObject({ type: 'string', required: true, default: '' });
		}
		const webhook = property('webhook', fields).options as INodeProperties[];
		expect(webhook.map((o) => o.name)).toEqual(['url', 'secretId']);
		expect(property('secretId', webhook).typeOptions).toEqual({ password: true });
		const options = (property('options', fields).options as INodeProperties[]).map((o) => o.name);
		expect(options).toEqual([
			'dryRun',
			'includeInputFields',
			'ledgerSettleTime',
			'ledgerSize',
			'maxAttempts',
			'maxConcurrent',
			'requestsPerSecond',
			'maxRetryWait',
			'onePerCustomer',
			'placementKey',
			'skipPlaced',
			'timeout',
		]);
		expect(options).not.toContain('callingHours');
	});

	test('Cancel: Customer ID and Drip Campaign ID required, Reason one of the two documented values or none', () => {
		const fields = shownFor('cancel');
		expect(fields.map((p) => p.name)).toEqual(['customerId', 'dripCampaignId', 'reason', 'simplify', 'options']);
		// The runner's request options, as for the Customer and Client operations.
		expect((property('options', fields).options as INodeProperties[]).map((o) => o.name)).toEqual([
			'maxAttempts',
			'maxConcurrent',
			'requestsPerSecond',
			'maxRetryWait',
			'timeout',
		]);
		const reason = property('reason', fields);
		expect(reason.default).toBe('');
		expect((reason.options as Array<{ value: string }>).map((o) => o.value)).toEqual([
			'',
			'customer-converted',
			'customer-engaged',
		]);
	});

	test('outputs: Enroll has Passed and Failed (or one), Cancel one output, Result', () => {
		expect(outputsFor({ resource: 'dripCampaign', operation: 'enroll' })).toEqual([
			{ type: 'main', displayName: 'Passed' },
			{ type: 'main', displayName: 'Failed' },
		]);
		expect(outputsFor({ resource: 'dripCampaign', operation: 'enroll', outputLayout: 'single' })).toEqual([
			{ type: 'main', displayName: 'Result' },
		]);
		expect(outputsFor({ resource: 'dripCampaign', operation: 'cancel' })).toEqual([
			{ type: 'main', displayName: 'Result' },
		]);
	});
});

describe('codex and review risks', () => {
	const nodeDir = path.join(__dirname, '..', '..', 'nodes', 'Veritus');

	test("the codex (Veritus.node.json) has only the keys n8n's codex documentation names", () => {
		const codex = JSON.parse(fs.readFileSync(path.join(nodeDir, 'Veritus.node.json'), 'utf8')) as Record<
			string,
			unknown
		>;
		expect(Object.keys(codex).sort()).toEqual(
			['alias', 'categories', 'codexVersion', 'node', 'nodeVersion', 'resources'].sort(),
		);
		expect(codex.node).toBe('n8n-nodes-veritus.veritus');
		expect(codex.categories).toEqual(['Communication', 'Sales']);
	});

	// The Veritus node sends through httpRequestWithAuthentication only. The Veritus Trigger must read
	// its webhook secret (n8n gives a webhook no other way to it), so it is not searched here.
	test('the Veritus node never reads the credential itself: no getCredentials() anywhere in nodes/Veritus', () => {
		const sources = (dir: string): string[] =>
			fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
				const full = path.join(dir, entry.name);
				if (entry.isDirectory()) return sources(full);
				return entry.name.endsWith('.ts') ? [full] : [];
			});
		const files = sources(nodeDir);
		expect(files.length).toBeGreaterThan(10);
		expect(files.filter((file) => /\bgetCredentials\s*[(<]/.test(fs.readFileSync(file, 'utf8')))).toEqual([]);
	});
});

describe('credential', () => {
	const credential = new VeritusApi();

	test('is named veritusApi', () => {
		expect(credential.name).toBe('veritusApi');
		expect(credential.displayName).toBe('Veritus API');
	});

	test('the API token is a required password field', () => {
		const token = property('apiToken', credential.properties);
		expect(token).toMatchObject({ type: 'string', required: true, default: '', typeOptions: { password: true } });
	});

	test('the base URL defaults to the sandbox', () => {
		expect(property('baseUrl', credential.properties).default).toBe('https://sandbox.veritusagent.ai/api/v1');
	});

	test('authenticates with a Bearer header and the Base URL as baseURL, one trailing slash', async () => {
		const authenticate = credential.authenticate as (
			credentials: ICredentialDataDecryptedObject,
			options: IHttpRequestOptions,
		) => Promise<IHttpRequestOptions>;
		expect(typeof authenticate).toBe('function');
		for (const baseUrl of [
			'https://veritus.invalid/api/v1',
			'https://veritus.invalid/api/v1/',
			' https://veritus.invalid/api/v1// ',
		]) {
			const request: IHttpRequestOptions = {
				url: 'customers/1/calls',
				method: 'POST',
				headers: { Accept: 'application/json' },
			};
			const options = await authenticate({ apiToken: 'tok-1', baseUrl }, request);
			expect(options).toEqual({
				url: 'customers/1/calls',
				method: 'POST',
				baseURL: 'https://veritus.invalid/api/v1/',
				headers: { Accept: 'application/json', Authorization: 'Bearer tok-1' },
			});
			// The request it was given is not changed.
			expect(request.headers).toEqual({ Accept: 'application/json' });
			expect(request).not.toHaveProperty('baseURL');
		}
	});

	test("the credential test's own baseURL is kept", async () => {
		const authenticate = credential.authenticate as (
			credentials: ICredentialDataDecryptedObject,
			options: IHttpRequestOptions,
		) => Promise<IHttpRequestOptions>;
		const options = await authenticate(
			{ apiToken: 'tok-1', baseUrl: 'https://a.invalid/api/v1' },
			{ url: '/clients', baseURL: 'https://a.invalid/api/v1' },
		);
		expect(options.baseURL).toBe('https://a.invalid/api/v1');
		expect(options.headers).toEqual({ Authorization: 'Bearer tok-1' });
	});

	test('the test request reads the client list (GET /clients), which changes nothing in Veritus', () => {
		const request = credential.test.request;
		expect(request.method).toBe('GET');
		expect(request.url).toBe('/clients');
		expect(request.body).toBeUndefined();
		expect(request.ignoreHttpStatusErrors).toBe(true);
		expect(request.baseURL).toBe('={{$credentials.baseUrl.replace(/\\/+$/, "")}}');
	});

	test('the test rules name a rejected token (the published 401 body), a wrong base URL, and any other refusal', () => {
		const rules = credential.test.rules ?? [];
		expect(
			rules.map((r) => (r.type === 'responseSuccessBody' ? [r.properties.key, r.properties.value] : r.type)),
		).toEqual([
			['publicFacingMessage', 'Unauthorized. Make sure to pass the correct authorization token.'],
			['error.code', 'unauthorized'],
			['error.code', 'forbidden'],
			['success', undefined],
			['success', false],
		]);
	});
});
