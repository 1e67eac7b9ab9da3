'use strict';

/**
 * Preloaded into the n8n process by the benchmark (NODE_OPTIONS=--require): on exit it writes
 * the process's peak resident set size (`process.resourceUsage().maxRSS`, the kernel's VmHWM)
 * to `$BENCH_RSS_DIR/<pid>.json`. It does nothing without BENCH_RSS_DIR.
 */
const fs = require('fs');
const path = require('path');

const dir = process.env.BENCH_RSS_DIR;
if (dir) {
	process.on('exit', () => {
		try {
			const usage = process.resourceUsage();
			fs.writeFileSync(
				path.join(dir, `${process.pid}.json`),
				JSON.stringify({
					pid: process.pid,
					maxRssKb: usage.maxRSS,
					userCpuUs: usage.userCPUTime,
					systemCpuUs: usage.systemCPUTime,
				}),
			);
		} catch {
			// best effort: the sampled peak is used instead
		}
	});
}
