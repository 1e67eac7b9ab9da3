'use strict';

/**
 * Output layouts, error routing and AI tool mode in a real n8n process (CLI), against the
 * emulator: the configured-outputs expression (two outputs or one), "Continue (using error
 * output)" with pairedItem expressions downstream, and n8n's own tool execution (Tool Executor).
 */
const {
	veritusId,
	AGENT,
	UNKNOWN_CUSTOMER,
	startStack,
	node,
	connect,
	rowsNode,
	veritusNode,
	noOp,
	setNode,
	workflow,
	output,
	control,
	toolExecutorQuery,
} = require('./support');

const ROWS = [
	{ customer_id: veritusId('100232'), agent_id: AGENT }, // passes
	{ customer_id: veritusId('100241'), agent_id: AGENT }, // cease and desist
	{ customer_id: UNKNOWN_CUSTOMER, agent_id: AGENT }, // 404
	{ customer_id: veritusId('100233'), agent_id: '' }, // empty agent ID: validation error
	{ customer_id: veritusId('100236'), agent_id: AGENT }, // 503 fault below
	{ customer_id: veritusId('100237').toUpperCase(), agent_id: AGENT }, // upper case, as some CRMs export it: passes
];

let stack;
beforeAll(async () => {
	stack = await startStack({
		emulator: { faults: [{ type: 'status', status: 503, customerId: veritusId('100236') }] },
	});
});
afterAll(async () => {
	await stack?.stop();
});

async function runWorkflow(wf) {
	await stack.n8n.importWorkflow(wf);
	return await stack.n8n.execute(wf.id);
}

test('two outputs: Passed and Failed reach their own downstream nodes, with pairedItem', async () => {
	const rows = [ROWS[0], ROWS[1], ROWS[5]];
	const wf = workflow(
		'split outputs',
		[rowsNode('Rows', rows), veritusNode(stack.credential), noOp('On passed'), noOp('On failed')],
		connect({ Rows: [['Veritus']], Veritus: [['On passed'], ['On failed']] }),
	);
	const result = await runWorkflow(wf);
	expect(result.ok).toBe(true);
	expect(output(result.run, 'On passed').map((item) => item.json.customerId)).toEqual([
		veritusId('100232'),
		veritusId('100237').toUpperCase(),
	]);
	expect(output(result.run, 'On failed').map((item) => item.json.customerId)).toEqual([veritusId('100241')]);
	expect(output(result.run, 'Veritus', 0).map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 2 }]);
	expect(output(result.run, 'Veritus', 1).map((item) => item.pairedItem)).toEqual([{ item: 1 }]);
	const failed = output(result.run, 'On failed')[0].json;
	expect(failed.failedCheckIds).toEqual(['cease-and-desist-exclusion']);
	expect(failed.failedReasons).toBe('Cease and Desist Exclusion: Customer has requested cease and desist');
});

test('single output layout: n8n evaluates the configured-outputs expression to one output', async () => {
	const rows = [ROWS[0], ROWS[1]];
	const wf = workflow(
		'single output',
		[rowsNode('Rows', rows), veritusNode(stack.credential, { outputLayout: 'single' }), noOp('Everything')],
		connect({ Rows: [['Veritus']], Veritus: [['Everything']] }),
	);
	const result = await runWorkflow(wf);
	expect(result.ok).toBe(true);
	expect(result.run.data.resultData.runData.Veritus[0].data.main).toHaveLength(1);
	const items = output(result.run, 'Everything');
	expect(items.map((item) => [item.json.customerId, item.json.compliancePassed])).toEqual([
		[veritusId('100232'), true],
		[veritusId('100241'), false],
	]);
});

test('"Continue (using error output)": errors go to the error output only, pairedItem resolves downstream', async () => {
	const wf = workflow(
		'error output',
		[
			rowsNode('Rows', ROWS),
			veritusNode(stack.credential, {}, { onError: 'continueErrorOutput' }),
			setNode('On passed', {
				row: "={{ $('Rows').item.json.customer_id }}",
				veritus: "={{ $('Veritus').item.json.customerId }}",
			}),
			setNode('On failed', {
				row: "={{ $('Rows').item.json.customer_id }}",
				veritus: "={{ $('Veritus').item.json.customerId }}",
			}),
			setNode('On error', { row: "={{ $('Rows').item.json.customer_id }}", error: '={{ $json.error }}' }),
		],
		connect({ Rows: [['Veritus']], Veritus: [['On passed'], ['On failed'], ['On error']] }),
	);
	const result = await runWorkflow(wf);
	expect(result.ok).toBe(true);

	const veritusOutputs = result.run.data.resultData.runData.Veritus[0].data.main;
	expect(veritusOutputs).toHaveLength(3);
	for (const index of [0, 1]) {
		for (const item of veritusOutputs[index]) expect(item.json.error).toBeUndefined();
	}

	expect(output(result.run, 'On passed').map((item) => item.json)).toEqual([
		{ row: veritusId('100232'), veritus: veritusId('100232') },
		{ row: veritusId('100237').toUpperCase(), veritus: veritusId('100237').toUpperCase() },
	]);
	expect(output(result.run, 'On failed').map((item) => item.json)).toEqual([
		{ row: veritusId('100241'), veritus: veritusId('100241') },
	]);

	const errors = output(result.run, 'On error').map((item) => item.json);
	expect(errors.map((json) => json.row)).toEqual([UNKNOWN_CUSTOMER, veritusId('100233'), veritusId('100236')]);
	expect(errors[0].error).toBe(
		`[item 2] Customer ${UNKNOWN_CUSTOMER} was not found in Veritus (HTTP 404). Veritus said: "Customer not found"`,
	);
	expect(errors[1].error).toBe('[item 3] Agent ID is empty');
	expect(errors[2].error).toBe(
		`[item 4] The Veritus API failed (HTTP 503). Veritus said: "Service Unavailable". The call may have been placed: check customer ${veritusId('100236')} in Veritus before trying again`,
	);
	expect(veritusOutputs[2].map((item) => item.pairedItem)).toEqual([{ item: 2 }, { item: 3 }, { item: 4 }]);
});

test('"Continue (using regular output)": errors land on Failed with what an operator needs', async () => {
	const wf = workflow(
		'regular output',
		[
			rowsNode('Rows', ROWS),
			veritusNode(stack.credential, {}, { onError: 'continueRegularOutput' }),
			noOp('On passed'),
			noOp('On failed'),
		],
		connect({ Rows: [['Veritus']], Veritus: [['On passed'], ['On failed']] }),
	);
	const result = await runWorkflow(wf);
	expect(result.ok).toBe(true);
	expect(output(result.run, 'On passed').map((item) => item.json.customerId)).toEqual([
		veritusId('100232'),
		veritusId('100237').toUpperCase(),
	]);
	const failed = output(result.run, 'On failed').map((item) => item.json);
	expect(failed.map((json) => json.customerId)).toEqual([
		veritusId('100241'),
		UNKNOWN_CUSTOMER,
		veritusId('100233'),
		veritusId('100236'),
	]);
	expect(failed.map((json) => json.callMayHaveBeenPlaced)).toEqual([undefined, false, false, true]);
	expect(failed[1]).toMatchObject({ httpCode: 404, itemIndex: 2 });
	expect(failed[3].error).toMatch(
		/^\[item 4\] The Veritus API failed \(HTTP 503\)\. Veritus said: "Service Unavailable"\. The call may have been placed/,
	);
});

test('without continueOnFail a bad row stops the run before any call is placed', async () => {
	await fetch(`${stack.emulator.controlUrl}/reset`, { method: 'POST' });
	const wf = workflow(
		'validation first',
		[rowsNode('Rows', ROWS), veritusNode(stack.credential)],
		connect({ Rows: [['Veritus']] }),
	);
	const result = await runWorkflow(wf);
	expect(result.ok).toBe(false);
	expect(result.error.message).toBe('[item 3] Agent ID is empty');
	const { requests } = await control(stack.emulator, '/requests');
	expect(requests).toHaveLength(0);
});

describe('as an AI tool (n8n Tool Executor runs the Veritus tool variant)', () => {
	function toolWorkflow(customerId) {
		const tool = node(
			'Veritus',
			'n8n-nodes-veritus.veritusTool',
			1,
			{
				resource: 'call',
				operation: 'create',
				customerId: "={{ $fromAI('customerId', 'The Veritus customer ID', 'string') }}",
				agentId: AGENT,
				options: {},
			},
			{ credentials: { veritusApi: stack.credential } },
		);
		const executor = node('Tool Executor', '@n8n/n8n-nodes-langchain.toolExecutor', 1, {
			query: toolExecutorQuery(stack.n8n.host, 'Veritus', { customerId }),
			toolName: 'Veritus',
		});
		const wf = workflow(`tool ${customerId}`, [executor, tool], {});
		wf.connections.Veritus = { ai_tool: [[{ node: 'Tool Executor', type: 'ai_tool', index: 0 }]] };
		return wf;
	}

	async function toolResponse(customerId) {
		const result = await runWorkflow(toolWorkflow(customerId));
		expect(result.ok).toBe(true);
		const [item] = output(result.run, 'Tool Executor');
		return typeof item.json === 'string' ? JSON.parse(item.json) : item.json;
	}

	test('a blocked call reaches the agent with its failed checks and reasons', async () => {
		const response = await toolResponse(veritusId('100241'));
		expect(response).toHaveLength(1);
		expect(response[0]).toMatchObject({
			customerId: veritusId('100241'),
			compliancePassed: false,
			callId: null,
			failedCheckIds: ['cease-and-desist-exclusion'],
			failedReasons: 'Cease and Desist Exclusion: Customer has requested cease and desist',
		});
		expect(response[0].checksFailed[0].reason).toBe('Customer has requested cease and desist');
	});

	test('a placed call reaches the agent with its call ID', async () => {
		const response = await toolResponse(veritusId('100238'));
		expect(response).toHaveLength(1);
		expect(response[0].compliancePassed).toBe(true);
		expect(response[0].callId).toMatch(/^[0-9a-f-]{36}$/);
		expect(response[0].failedCheckIds).toEqual([]);
	});
});
