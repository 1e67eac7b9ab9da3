// As an AI Agent tool, the node may be invoked several times in one execution (each invocation is
// a new run of the node). "One Call Per Customer Per Run" must hold across those invocations:
// pipeline/prepare.ts (with Call → Create's placement) and the execution-scoped customer registry of
// pipeline/executionMemo.ts.
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { placement } from '../../nodes/Veritus/actions/call/create.operation';
import { prepareItems } from '../../nodes/Veritus/pipeline/prepare';
import { readRunSettings } from '../../nodes/Veritus/pipeline/settings';
import { fakeNode } from './fakes';

let executions = 0;

/** One invocation (run `runIndex`) of the tool in execution `executionId`, with `rows`. */
function invocation(
	executionId: string,
	runIndex: number,
	rows: IDataObject[],
	options: IDataObject = {},
): IExecuteFunctions {
	const node = { ...fakeNode(), type: 'n8n-nodes-veritus.veritusTool' };
	const parameters: Record<string, unknown> = { outputLayout: 'split', simplify: true, options, webhook: {} };
	return {
		getNode: () => node,
		getInputData: () => rows.map((json) => ({ json })),
		getExecutionId: () => executionId,
		getInstanceId: () => 'instance',
		getTimezone: () => 'America/Chicago',
		getWorkflowDataProxy: () => ({ $thisRunIndex: runIndex }),
		isToolExecution: () => true,
		continueOnFail: () => false,
		getNodeParameter: (name: string, itemIndex: number, fallback?: unknown) => {
			if (name === 'customerId') return rows[itemIndex].customerId;
			if (name === 'agentId') return rows[itemIndex].agentId;
			if (name.startsWith('options.'))
				return (options as Record<string, unknown>)[name.slice('options.'.length)] ?? fallback;
			return name in parameters ? parameters[name] : fallback;
		},
	} as unknown as IExecuteFunctions;
}

const row = (customerId: string) => ({ customerId, agentId: 'agent-collections-01' });

test('a customer sent by an earlier invocation in the same execution is not sent again', () => {
	const executionId = `tool-${++executions}`;
	const first = invocation(executionId, 0, [row('100231')]);
	const firstBatch = prepareItems(first, readRunSettings(first), placement);
	expect(firstBatch.queue.map((call) => call.customerId)).toEqual(['100231']);

	const second = invocation(executionId, 1, [row('100231'), row('100232')]);
	const secondBatch = prepareItems(second, readRunSettings(second), placement);
	expect(secondBatch.queue.map((call) => call.customerId)).toEqual(['100232']);
	const skipped = secondBatch.results[0];
	expect(skipped?.kind).toBe('local');
	expect((skipped as { json: IDataObject }).json.failedCheckIds).toEqual(['local:repeated-customer-in-execution']);
	expect((skipped as { json: IDataObject }).json.failedReasons).toContain(
		'was already sent by run 0 of this node in this execution',
	);
});

test('another execution, or "One Call Per Customer Per Run" off, sends the customer again', () => {
	const first = invocation(`tool-${++executions}`, 0, [row('100231')]);
	prepareItems(first, readRunSettings(first), placement);
	const otherExecution = invocation(`tool-${++executions}`, 0, [row('100231')]);
	expect(prepareItems(otherExecution, readRunSettings(otherExecution), placement).queue).toHaveLength(1);

	const executionId = `tool-${++executions}`;
	const a = invocation(executionId, 0, [row('100233')], { onePerCustomer: false });
	prepareItems(a, readRunSettings(a), placement);
	const b = invocation(executionId, 1, [row('100233')], { onePerCustomer: false });
	expect(prepareItems(b, readRunSettings(b), placement).queue).toHaveLength(1);
});
