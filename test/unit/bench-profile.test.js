'use strict';

/**
 * bench/profile-summary.js `categorise`: a hand-made V8 CPU profile whose samples sit under known
 * stacks gives the CPU time of each part, each sample counted once, for the first part found from
 * the leaf up; idle time is not part of the total.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { categorise } = require('../../bench/profile-summary');

const DIST = '/x/node_modules/n8n-nodes-veritus/dist/nodes/Veritus';
const frame = (id, functionName, url, children = []) => ({ id, callFrame: { functionName, url }, children });

test('samples are counted by the first part on their stack, idle apart', () => {
	const profile = {
		nodes: [
			frame(1, '(root)', '', [2, 6, 8, 9, 10]),
			frame(2, 'prepareItems', `file://${DIST}/pipeline/prepare.js`, [3]),
			frame(3, 'getNodeParameter', 'file:///x/node_modules/n8n-core/dist/execute-context.js', [4]),
			frame(4, 'evaluate', 'file:///x/node_modules/n8n-workflow/dist/expression.js'),
			frame(6, 'claim', `file://${DIST}/ledger/index.js`, [7]),
			frame(7, 'checkProcessedAndRecord', 'file:///x/node_modules/n8n/dist/deduplication/deduplication-helper.js'),
			frame(8, '(garbage collector)', ''),
			frame(9, '(idle)', ''),
			frame(10, 'runWorkflow', 'file:///x/node_modules/n8n-core/dist/workflow-execute.js'),
		],
		// One sample each, the time of a sample being the next delta (µs).
		samples: [4, 4, 7, 8, 9, 10, 3],
		timeDeltas: [0, 1000, 2000, 3000, 4000, 5000, 6000, 7000],
	};
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'veritus-profile-'));
	const file = path.join(dir, 'run.cpuprofile');
	fs.writeFileSync(file, JSON.stringify(profile));
	try {
		expect(categorise(file)).toEqual({
			total: 23,
			'preparing the items': 1 + 2 + 7,
			ledger: 3,
			'garbage collection': 4,
			idle: 5,
			'n8n and Node.js': 6,
		});
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
});
