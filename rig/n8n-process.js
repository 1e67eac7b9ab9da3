'use strict';

/**
 * What every n8n process started by the demo, the tests, the benchmark and the end-to-end test
 * shares: a clean environment, a free port, and reading n8n's JSON log lines and run data.
 */
const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');
const { spawn } = require('child_process');

/** A TCP port that is free on loopback right now (n8n's task broker and server need one each). */
function freePort() {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
}

/**
 * The environment of an n8n process: the caller's environment without any N8N_*, DB_*, JEST_*
 * or NODE_ENV (a test runner's NODE_ENV=test changes how n8n runs and logs), plus the settings
 * every run here needs: its own user folder, a fixed encryption key, no telemetry, banners or
 * other outbound extras, the Code node's task runner in-process, JSON log lines, then `extra`.
 *
 * @param {string} userFolder N8N_USER_FOLDER
 * @param {string} encryptionKey N8N_ENCRYPTION_KEY (fixed, so a folder can be reopened)
 * @param {Record<string, string>} [extra] more variables; they win over the defaults
 */
function n8nProcessEnv(userFolder, encryptionKey, extra = {}) {
	const env = { ...process.env };
	for (const key of Object.keys(env)) {
		if (key.startsWith('N8N_') || key.startsWith('DB_') || key.startsWith('JEST_') || key === 'NODE_ENV')
			delete env[key];
	}
	return {
		...env,
		N8N_USER_FOLDER: userFolder,
		N8N_ENCRYPTION_KEY: encryptionKey,
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		// The editor fetches in-app banners from n8n's own API; nothing here may depend on it.
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_RUNNERS_MODE: 'internal',
		N8N_LOG_FORMAT: 'json',
		N8N_LOG_LEVEL: 'info',
		N8N_BLOCK_ENV_ACCESS_IN_NODE: 'false',
		N8N_SECURE_COOKIE: 'false',
		...extra,
	};
}

/** Parses n8n's JSON log lines (N8N_LOG_FORMAT=json); other lines are kept as `{ message }`. */
function parseLogLines(text) {
	return text
		.split('\n')
		.filter((line) => line.trim())
		.map((line) => {
			try {
				const parsed = JSON.parse(line);
				return parsed && typeof parsed === 'object' ? parsed : { message: line };
			} catch {
				return { message: line };
			}
		});
}

/**
 * Finds the run data that `n8n execute --rawOutput` printed. n8n versions print it either as one
 * JSON log line whose `message` is the pretty-printed run (N8N_LOG_FORMAT=json), or as bare
 * pretty JSON between a line `{` and a line `}`.
 *
 * @returns the run (`run.data.resultData.runData[node][runIndex].data.main[output]`) or undefined
 */
function findRunData(...texts) {
	for (const entry of texts.flatMap(parseLogLines)) {
		if (typeof entry.message === 'string' && entry.message.startsWith('{') && entry.message.includes('"resultData"')) {
			return JSON.parse(entry.message);
		}
	}
	for (const text of texts) {
		const lines = text.split('\n');
		const start = lines.indexOf('{');
		const end = start >= 0 ? lines.indexOf('}', start) : -1;
		if (start >= 0 && end > start) return JSON.parse(lines.slice(start, end + 1).join('\n'));
	}
	return undefined;
}

/**
 * Runs a command to its end, its output captured.
 *
 * The output goes to two temporary files, not to pipes, and is read once the command has exited:
 * `n8n execute --rawOutput` prints a whole run's data (megabytes for a thousand items) just
 * before it exits, and a file keeps every byte of it whatever the process does next.
 *
 * @param {string} command
 * @param {string[]} args
 * @param {import('child_process').SpawnOptions} [options] `cwd`, `env`, …
 * @returns {Promise<{ code: number | null, stdout: string, stderr: string }>} never rejects on a
 *   non-zero exit
 * @throws Error when the command cannot be started at all
 */
function runCommand(command, args, options = {}) {
	const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'veritus-command-'));
	const outFile = path.join(folder, 'stdout');
	const errFile = path.join(folder, 'stderr');
	const out = fs.openSync(outFile, 'w');
	const err = fs.openSync(errFile, 'w');
	const cleanUp = () => fs.rmSync(folder, { recursive: true, force: true });
	return new Promise((resolve, reject) => {
		let child;
		try {
			child = spawn(command, args, { ...options, stdio: ['ignore', out, err] });
		} finally {
			fs.closeSync(out);
			fs.closeSync(err);
		}
		let failed = false;
		child.on('error', (error) => {
			failed = true;
			cleanUp();
			reject(error);
		});
		child.on('close', (code) => {
			if (failed) return; // a command that could not start also closes
			const stdout = fs.readFileSync(outFile, 'utf8');
			const stderr = fs.readFileSync(errFile, 'utf8');
			cleanUp();
			resolve({ code, stdout, stderr });
		});
	});
}

/**
 * Adds the last 2,000 characters of a server's log file to `error`'s message (for a server that
 * failed to start), as `\n<label> log:\n…`; nothing when the file does not exist yet.
 *
 * @returns the same error
 */
function withLogTail(error, logFile, label) {
	let log = '';
	try {
		log = fs.readFileSync(logFile, 'utf8').slice(-2000);
	} catch {
		// no log yet
	}
	if (log) error.message += `\n${label} log:\n${log}`;
	return error;
}

module.exports = { freePort, n8nProcessEnv, parseLogLines, findRunData, runCommand, withLogTail };
