'use strict';

/**
 * Runs one workflow with `n8n execute --id --rawOutput` in its own n8n process (same user folder,
 * same database every time) and measures it from outside:
 *
 * - wall time, from spawning the process to its exit (n8n's start-up included);
 * - peak RSS of the n8n process: the kernel's high-water mark (VmHWM), written by a preloaded probe
 *   on exit, and also sampled from /proc/<pid>/status every 20 ms as a fallback;
 * - each node's `executionTime` (ms) and output item counts, from n8n's run data.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { freePort, findRunData } = require('../rig/n8n-process');
const { spawn } = require('child_process');

const PROBE = path.join(__dirname, 'rss-probe.js');

/** VmHWM and VmRSS of `pid` in KiB, or undefined once the process is gone. */
function readMemory(pid) {
	try {
		const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
		const hwm = /VmHWM:\s+(\d+)/.exec(status);
		const rss = /VmRSS:\s+(\d+)/.exec(status);
		return { hwmKb: hwm ? Number(hwm[1]) : 0, rssKb: rss ? Number(rss[1]) : 0 };
	} catch {
		return undefined;
	}
}

/**
 * @param {import('../rig/n8n-instance').N8nInstance} n8n
 * @param {string} workflowId
 * @param {{ cpuProfileDir?: string }} [options] write a V8 CPU profile of the n8n process there
 * @returns {Promise<{ ok, wallMs, peakRssKb, sampledPeakRssKb, runData, error, stderrTail, listenerWarnings }>}
 *   `listenerWarnings`: how many MaxListenersExceededWarning lines n8n printed
 */
async function executeMeasured(n8n, workflowId, { cpuProfileDir } = {}) {
	const rssDir = fs.mkdtempSync(path.join(os.tmpdir(), 'veritus-bench-rss-'));
	const nodeOptions = [`--require ${JSON.stringify(PROBE)}`];
	const env = n8n.env({
		BENCH_RSS_DIR: rssDir,
		NODE_OPTIONS: nodeOptions.join(' '),
		// n8n prints the run data as an info message.
		N8N_LOG_LEVEL: 'info',
		// Other n8n processes may hold the default task-broker port 5679.
		N8N_RUNNERS_BROKER_PORT: String(await freePort()),
	});
	// n8n's output goes to files: a pipe loses the end of a large run when n8n exits.
	const outFile = path.join(rssDir, 'stdout');
	const errFile = path.join(rssDir, 'stderr');
	const outFd = fs.openSync(outFile, 'w');
	const errFd = fs.openSync(errFile, 'w');
	const started = process.hrtime.bigint();
	const nodeArgs = cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfileDir}`] : [];
	const child = spawn(process.execPath, [...nodeArgs, n8n.host.bin, 'execute', `--id=${workflowId}`, '--rawOutput'], {
		cwd: n8n.userFolder,
		env,
		stdio: ['ignore', outFd, errFd],
	});
	let sampledPeakKb = 0;
	const sampler = setInterval(() => {
		const memory = readMemory(child.pid);
		if (memory) sampledPeakKb = Math.max(sampledPeakKb, memory.hwmKb, memory.rssKb);
	}, 20);
	const code = await new Promise((resolve, reject) => {
		child.on('error', reject);
		child.on('close', resolve);
	});
	const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
	clearInterval(sampler);
	fs.closeSync(outFd);
	fs.closeSync(errFd);
	const stdout = fs.readFileSync(outFile, 'utf8');
	const stderr = fs.readFileSync(errFile, 'utf8');

	let probe;
	try {
		probe = JSON.parse(fs.readFileSync(path.join(rssDir, `${child.pid}.json`), 'utf8'));
	} catch {
		probe = undefined;
	}
	fs.rmSync(rssDir, { recursive: true, force: true });

	let run;
	let parseError;
	try {
		run = findRunData(stdout);
	} catch (error) {
		parseError = error;
	}
	if (!run && process.env.BENCH_DEBUG_DIR)
		fs.writeFileSync(path.join(process.env.BENCH_DEBUG_DIR, `${workflowId}.stdout`), stdout);
	const error = run?.data?.resultData?.error;
	return {
		ok: code === 0 && !!run && !error,
		code,
		wallMs,
		peakRssKb: probe?.maxRssKb ?? sampledPeakKb,
		cpuMs: probe ? (probe.userCpuUs + probe.systemCpuUs) / 1000 : undefined,
		sampledPeakRssKb: sampledPeakKb,
		runData: run?.data?.resultData?.runData,
		error:
			error?.message ??
			(run ? undefined : `no run data in n8n's output${parseError ? ` (${parseError.message})` : ''}`),
		stderrTail: (stderr + stdout.slice(0, 2000)).split('\n').slice(-20).join('\n'),
		// Node.js prints this when one AbortSignal gets more than 10 listeners; the run log says when n8n printed it.
		listenerWarnings: (`${stderr}\n${stdout}`.match(/MaxListenersExceededWarning/g) ?? []).length,
	};
}

/** `executionTime` (ms) of `nodeName`'s first run, or undefined. */
function nodeTime(runData, nodeName) {
	return runData?.[nodeName]?.[0]?.executionTime;
}

/** Items of output `index` of `nodeName`'s first run. */
function nodeOutput(runData, nodeName, index = 0) {
	return runData?.[nodeName]?.[0]?.data?.main?.[index] ?? [];
}

module.exports = { executeMeasured, nodeTime, nodeOutput };
