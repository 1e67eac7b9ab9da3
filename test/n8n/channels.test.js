'use strict';

/**
 * SMS → Generate, Import, Import Many; Email → Generate, Import, Import Many; Interaction →
 * Analyze, in a real n8n process (CLI) against the emulator: one workflow runs each operation
 * (Import Many's items grouped per customer, a bad row on the error output, the imported SMS
 * analyzed with the IDs Veritus returned), and an AI Agent's Tool Executor calls the Veritus tool
 * for Analyze with a `$fromAI()` Interaction ID.
 */
const {
	startStack,
	node,
	connect,
	rowsNode,
	noOp,
	workflow,
	output,
	control,
	veritusId,
	toolExecutorQuery,
} = require('./support');

const MARIA = veritusId('100231');
const JAMES = veritusId('100232');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A sheet of text messages from the team's own SMS provider. */
const SMS_ROWS = [
	{
		customer: MARIA,
		dir: 'inbound',
		at: '2026-11-30T07:00:00-05:00',
		from: '+12135550142',
		text: 'I will pay on Friday',
	},
	{ customer: JAMES, dir: 'outbound', at: '2026-11-30T12:05:00Z', from: '+12025550100', text: 'Reminder: balance due' },
	{ customer: MARIA, dir: 'outbound', at: '2026-11-30T12:10:00Z', from: '+12025550100', text: 'Thank you, Maria' },
	{ customer: JAMES, dir: 'inbound', at: 'yesterday', from: '+13125550187', text: 'ok' },
];

/** SMS import fields mapped from the sheet's columns (the other party is the team's number). */
const SMS_FIELDS = {
	resource: 'sms',
	customerId: '={{ $json.customer }}',
	direction: '={{ $json.dir }}',
	timestamp: '={{ $json.at }}',
	from: '={{ $json.from }}',
	to: '={{ $json.dir === "inbound" ? "+12025550100" : "+12135550142" }}',
	body: '={{ $json.text }}',
	additionalFields: {},
	options: {},
};

/** Email import fields mapped from a mail export's columns. */
const EMAIL_FIELDS = {
	resource: 'email',
	customerId: '={{ $json.customer }}',
	direction: 'inbound',
	timestamp: '={{ $json.date }}',
	from: '={{ $json.sender }}',
	to: 'accounts@example.com',
	subject: '={{ $json.subject }}',
	plainTextBody: '={{ $json.text }}',
	htmlBody: '',
	additionalFields: { messageId: '={{ $json.messageId }}' },
	options: {},
};

const EMAIL_ROWS = [
	{
		customer: MARIA,
		date: '2026-11-30T09:00:00Z',
		sender: 'maria@example.com',
		subject: 'Payment',
		text: 'I can pay next week.',
		messageId: 'm1@mail.example.com',
	},
	{
		customer: JAMES,
		date: '2026-11-30T09:30:00Z',
		sender: 'james@example.com',
		subject: 'Dispute',
		text: 'This is not my debt.',
		messageId: 'm2@mail.example.com',
	},
];

let stack;
beforeAll(async () => {
	stack = await startStack();
});
afterAll(async () => {
	await stack?.stop();
});

/** A Veritus node with `parameters` and the stack's credential. */
function veritus(name, parameters, settings = {}) {
	return node(name, 'n8n-nodes-veritus.veritus', 1, parameters, {
		credentials: { veritusApi: stack.credential },
		...settings,
	});
}

async function runWorkflow(wf) {
	await stack.n8n.importWorkflow(wf);
	return await stack.n8n.execute(wf.id);
}

test('every SMS, Email and Interaction operation in one real n8n workflow', async () => {
	const wf = workflow(
		'sms, email and analysis',
		[
			rowsNode('SMS sheet', SMS_ROWS),
			veritus('Import SMS', { ...SMS_FIELDS, operation: 'importMany' }, { onError: 'continueErrorOutput' }),
			veritus('Analyze', {
				resource: 'interaction',
				operation: 'analyze',
				interactionId: '={{ $json.id }}',
				applyOutcomes: true,
				options: {},
			}),
			noOp('Analyses'),
			noOp('Bad SMS'),
			rowsNode('One SMS', [SMS_ROWS[1]]),
			veritus('Import one SMS', { ...SMS_FIELDS, operation: 'import' }),
			noOp('Imported SMS'),
			rowsNode('Customers', [
				{ customer: MARIA, persist: false },
				{ customer: JAMES, persist: true },
			]),
			veritus('Generate SMS', {
				resource: 'sms',
				operation: 'generate',
				customerId: '={{ $json.customer }}',
				from: '+12025550100',
				persist: '={{ $json.persist }}',
				to: '={{ $json.persist ? "+12025550177" : "" }}',
				additionalFields: {},
				options: {},
			}),
			veritus('Generate email', {
				resource: 'email',
				operation: 'generate',
				customerId: '={{ $json.customerId }}',
				persist: false,
				additionalFields: {},
				options: {},
			}),
			noOp('Drafts'),
			rowsNode('Mail export', EMAIL_ROWS),
			veritus('Import emails', { ...EMAIL_FIELDS, operation: 'importMany' }),
			noOp('Imported emails'),
			rowsNode('One email', [EMAIL_ROWS[0]]),
			veritus('Import one email', { ...EMAIL_FIELDS, operation: 'import' }),
			noOp('Imported email'),
		],
		{
			Start: {
				main: [
					['SMS sheet', 'One SMS', 'Customers', 'Mail export', 'One email'].map((to) => ({
						node: to,
						type: 'main',
						index: 0,
					})),
				],
			},
			...connect({
				'SMS sheet': [['Import SMS']],
				'Import SMS': [['Analyze'], ['Bad SMS']],
				Analyze: [['Analyses']],
				'One SMS': [['Import one SMS']],
				'Import one SMS': [['Imported SMS']],
				Customers: [['Generate SMS']],
				'Generate SMS': [['Generate email']],
				'Generate email': [['Drafts']],
				'Mail export': [['Import emails']],
				'Import emails': [['Imported emails']],
				'One email': [['Import one email']],
				'Import one email': [['Imported email']],
			}),
		},
	);
	const result = await runWorkflow(wf);
	expect(result.ok).toBe(true);
	const { requests } = await control(stack.emulator, '/requests');
	// The node sends a run's requests concurrently, so they reach the emulator in any order: list them
	// in the order of their customers in the sheet (Maria, then James).
	const customerOrder = [MARIA, JAMES];
	const of = (operation) =>
		requests
			.filter((request) => request.operation === operation)
			.sort((a, b) => customerOrder.indexOf(a.customerId) - customerOrder.indexOf(b.customerId));

	// SMS → Import Many: grouped per customer, each item paired with its row; the bad row on the error output.
	const imported = output(result.run, 'Import SMS', 0);
	expect(
		imported.map((item) => [item.pairedItem, item.json.customerId, item.json.direction, item.json.timestamp]),
	).toEqual([
		[{ item: 0 }, MARIA, 'inbound', '2026-11-30T12:00:00.000Z'],
		[{ item: 1 }, JAMES, 'outbound', '2026-11-30T12:05:00.000Z'],
		[{ item: 2 }, MARIA, 'outbound', '2026-11-30T12:10:00.000Z'],
	]);
	for (const item of imported) expect(item.json.id).toMatch(UUID);
	const bad = output(result.run, 'Bad SMS');
	expect(bad.map((item) => item.json.error)).toEqual([
		'[item 3] Timestamp must be an ISO 8601 date and time with a time zone, such as 2024-01-15T10:30:00Z or 2024-01-15T05:30:00-05:00, got "yesterday"',
	]);
	expect(
		of('importSmsBulk').map((request) => [request.customerId, request.body.interactions.map((i) => i.body)]),
	).toEqual([
		[MARIA, ['I will pay on Friday', 'Thank you, Maria']],
		[JAMES, ['Reminder: balance due']],
	]);

	// Interaction → Analyze, with the IDs Veritus returned: the inbound promise to pay is found.
	const analyses = output(result.run, 'Analyses');
	expect(analyses.map((item) => [item.json.interactionId, item.json.channel, item.json.skipped])).toEqual(
		imported.map((item) => [item.json.id, 'sms', false]),
	);
	expect(analyses[0].json.outputVariables['promise-to-pay']).toBe(true);
	expect(analyses[1].json.outputVariables['promise-to-pay']).toBe(false);

	// SMS → Import.
	expect(output(result.run, 'Imported SMS').map((item) => [item.json.customerId, item.json.channel])).toEqual([
		[JAMES, 'sms'],
	]);

	// SMS → Generate (a draft and a stored one), then Email → Generate as a draft for the same customers.
	const smsDrafts = output(result.run, 'Generate SMS');
	expect(smsDrafts.map((item) => [item.json.customerId, item.json.persisted, typeof item.json.message])).toEqual([
		[MARIA, false, 'string'],
		[JAMES, true, 'string'],
	]);
	expect(smsDrafts[1].json.threadId).toMatch(UUID);
	expect(of('generateSms').map((request) => request.body)).toEqual([
		{ from: '+12025550100', persist: false },
		{ from: '+12025550100', to: '+12025550177', persist: true },
	]);
	const emailDrafts = output(result.run, 'Drafts');
	expect(emailDrafts.map((item) => [item.pairedItem, item.json.customerId, item.json.persisted])).toEqual([
		[{ item: 0 }, MARIA, false],
		[{ item: 1 }, JAMES, false],
	]);
	expect(emailDrafts[0].json.plainTextBody).toContain('Dear Maria');

	// Email → Import Many and Import.
	expect(
		output(result.run, 'Imported emails').map((item) => [item.json.customerId, item.json.messageId, item.json.channel]),
	).toEqual([
		[MARIA, 'm1@mail.example.com', 'email'],
		[JAMES, 'm2@mail.example.com', 'email'],
	]);
	expect(of('importEmailBulk').map((request) => request.customerId)).toEqual([MARIA, JAMES]);
	expect(output(result.run, 'Imported email').map((item) => item.json.messageId)).toEqual(['m1@mail.example.com']);
	expect(of('importEmail')).toHaveLength(1);

	// Every request kept the provider's published contract.
	expect(requests.map((request) => request.contract.request)).toEqual(requests.map(() => 'valid'));
	expect(await control(stack.emulator, '/violations')).toEqual({ violations: [] });
});

test('an AI Agent tool call: Interaction → Analyze with the Interaction ID from $fromAI', async () => {
	const prepared = workflow(
		'an SMS to analyze',
		[rowsNode('One SMS', [SMS_ROWS[0]]), veritus('Import', { ...SMS_FIELDS, operation: 'import' })],
		connect({ 'One SMS': [['Import']] }),
	);
	const first = await runWorkflow(prepared);
	expect(first.ok).toBe(true);
	const interactionId = output(first.run, 'Import')[0].json.id;

	const tool = node(
		'Veritus',
		'n8n-nodes-veritus.veritusTool',
		1,
		{
			resource: 'interaction',
			operation: 'analyze',
			interactionId: "={{ $fromAI('interactionId', 'The Veritus ID of the SMS, email or call to analyze', 'string') }}",
			applyOutcomes: false,
			options: {},
		},
		{ credentials: { veritusApi: stack.credential } },
	);
	const executor = node('Tool Executor', '@n8n/n8n-nodes-langchain.toolExecutor', 1, {
		query: toolExecutorQuery(stack.n8n.host, 'Veritus', { interactionId }),
		toolName: 'Veritus',
	});
	const wf = workflow('analyze as a tool', [executor, tool], {});
	wf.connections.Veritus = { ai_tool: [[{ node: 'Tool Executor', type: 'ai_tool', index: 0 }]] };
	const result = await runWorkflow(wf);
	expect(result.ok).toBe(true);
	const [item] = output(result.run, 'Tool Executor');
	const response = typeof item.json === 'string' ? JSON.parse(item.json) : item.json;
	expect(response).toEqual([
		{
			interactionId,
			channel: 'sms',
			outputVariables: expect.objectContaining({ 'promise-to-pay': true }),
			skipped: false,
		},
	]);
	const { requests } = await control(stack.emulator, '/requests');
	expect(
		requests.filter((request) => request.rawPath.includes(`/interactions/${interactionId}/`)).map((r) => r.body),
	).toEqual([{ applyOutcomes: false }]);
});
