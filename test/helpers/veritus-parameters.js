'use strict';

/**
 * The Veritus node's parameters as the tests, the benchmark and the end-to-end test put them in a
 * workflow: Call → Create with the Customer ID and Agent ID read from each row's `customer_id` and
 * `agent_id`, two outputs, simplified items. `overrides` replace top-level parameters.
 */
function veritusParameters(overrides = {}) {
	return {
		resource: 'call',
		operation: 'create',
		customerId: '={{ $json.customer_id }}',
		agentId: '={{ $json.agent_id }}',
		outputLayout: 'split',
		simplify: true,
		options: {},
		...overrides,
	};
}

module.exports = { veritusParameters };
