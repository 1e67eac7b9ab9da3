/**
 * Shared set-up for the queue-mode tests (`npm run test:queue`): the queue stack of
 * rig/queue-stack.js (emulator, cluster, credential, workflow builders), plus the Veritus node as
 * the tests put it in a workflow and readers of what it put out in an execution.
 */
'use strict';

const fs = require('fs');
const stack = require('../../rig/queue-stack');
const { veritusParameters } = require('../helpers/veritus-parameters');

/** The Veritus node (Call → Create, split outputs, simplified) with `parameters` and node `settings` on top. */
function veritusNode(credential, parameters = {}, settings = {}) {
	return stack.node('Veritus', 'n8n-nodes-veritus.veritus', 1, veritusParameters(parameters), {
		credentials: { veritusApi: credential },
		...settings,
	});
}

/**
 * The webhook body that started an execution (from its run data once the Webhook node has run,
 * else from the node execution stack n8n stores for a queued execution).
 */
function triggerBody(execution) {
	const fromRun = execution.data?.resultData?.runData?.Webhook?.[0]?.data?.main?.[0]?.[0]?.json?.body;
	if (fromRun) return fromRun;
	for (const entry of execution.data?.executionData?.nodeExecutionStack ?? []) {
		const body = entry.data?.main?.[0]?.[0]?.json?.body;
		if (body) return body;
	}
	return undefined;
}

/**
 * What the Veritus node put out in an execution (its last run): items of the Passed and Failed
 * outputs, each with the customer ID of its input row. Error items (On Error "Continue") are on
 * Failed with `json.error`.
 * @returns {{ ran: boolean, passed: object[], failed: object[], errors: object[] }}
 */
function veritusOutcomes(execution) {
	const runs = execution.data?.resultData?.runData?.Veritus;
	if (!runs?.length) return { ran: false, passed: [], failed: [], errors: [] };
	const [passed = [], failed = []] = runs[runs.length - 1].data?.main ?? [];
	return {
		ran: true,
		passed,
		failed: failed.filter((item) => !item.json.error),
		errors: failed.filter((item) => item.json.error),
	};
}

/**
 * Which rows of each execution came out of the Veritus node: every input row must appear once on
 * Passed or Failed (an error item counts: it names its row). Rows are matched by index
 * (`pairedItem`) to the execution's own webhook body.
 * @param {object[]} executions executions with data (`cluster.getExecution`)
 * @param {Map<string, object>} [bodies] webhook bodies by execution ID, for executions whose data
 *   n8n replaced (a failed job keeps only its error)
 * @returns {{ rows: number, accounted: number, lost: Array<{ executionId, customerId }>, mismatched: object[],
 *   doubled: number, passed: number, failed: number, errors: number }} `mismatched`: Passed or
 *   Failed items whose customer is not their row's; `doubled`: rows that came out more than once
 */
function accountRows(executions, bodies = new Map()) {
	const result = { rows: 0, accounted: 0, lost: [], mismatched: [], doubled: 0, passed: 0, failed: 0, errors: 0 };
	for (const execution of executions) {
		const body = triggerBody(execution) ?? bodies.get(String(execution.id));
		const rows = body?.rows ?? [];
		result.rows += rows.length;
		const { passed, failed, errors } = veritusOutcomes(execution);
		result.passed += passed.length;
		result.failed += failed.length;
		result.errors += errors.length;
		const seen = new Map();
		for (const item of [...passed, ...failed, ...errors]) {
			const index = item.pairedItem?.item;
			seen.set(index, (seen.get(index) ?? 0) + 1);
			const id = rows[index]?.customer_id;
			// A Passed or Failed item names its own customer; it must be its row's.
			if (!item.json.error && item.json.customerId !== id)
				result.mismatched.push({ executionId: execution.id, row: id, item: item.json.customerId });
		}
		rows.forEach((row, index) => {
			const count = seen.get(index) ?? 0;
			if (count === 0) result.lost.push({ executionId: execution.id, customerId: row.customer_id });
			else result.accounted++;
			if (count > 1) result.doubled += count - 1;
		});
	}
	return result;
}

/**
 * Prints one figures line of a test and appends it to the file named by QUEUE_REPORT_FILE (the
 * runner prints them all again at the end).
 */
function report(line) {
	console.log(line);
	if (process.env.QUEUE_REPORT_FILE) fs.appendFileSync(process.env.QUEUE_REPORT_FILE, `${line}\n`);
}

module.exports = {
	...stack,
	veritusNode,
	triggerBody,
	veritusOutcomes,
	accountRows,
	report,
};
