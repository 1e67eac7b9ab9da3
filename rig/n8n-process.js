'use strict';

/**
 * What every n8n process started by the demo, the tests, the benchmark and the end-to-end test
 * shares: a clean environment, a free port, and reading n8n's JSON log lines and run data.
 */
const net = require('net');

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

module.exports = { freePort, n8nProcessEnv, parseLogLines, findRunData };
