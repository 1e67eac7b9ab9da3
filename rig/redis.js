/**
 * A private Redis server for the queue-mode tests: Debian's `redis-server` on a free port,
 * 127.0.0.1 only, without persistence (no RDB snapshots, no append-only file), in a new temporary
 * folder. Commands go through `redis-cli` (Debian's redis-tools, a dependency of redis-server).
 */
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn, spawnSync } = require('child_process');
const { freePort, runCommand, withLogTail } = require('./n8n-process');

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Whether a program is on PATH. */
function hasProgram(name) {
	return spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).status === 0;
}

/** Whether `redis-server` and `redis-cli` are on PATH. */
function isRedisInstalled() {
	return hasProgram('redis-server') && hasProgram('redis-cli');
}

/**
 * Installs Debian's redis-server (and with it redis-cli) with apt-get when it is missing; runs
 * `apt-get update` and tries again when the first install fails. The package's own service is not
 * used: {@link startRedis} starts a private server.
 *
 * @param {{ log?: (line: string) => void }} [options]
 * @throws Error when apt-get cannot install it (not root, no package lists, …).
 */
function ensureRedisInstalled({ log = console.error } = {}) {
	if (isRedisInstalled()) return;
	const install = () =>
		spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'redis-server'], {
			stdio: ['ignore', 'inherit', 'inherit'],
			env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
		}).status === 0;
	log('redis-server is missing: installing it with apt-get...');
	if (install() && isRedisInstalled()) return;
	log('apt-get install failed: running apt-get update and trying again...');
	spawnSync('apt-get', ['update'], { stdio: ['ignore', 'inherit', 'inherit'] });
	if (!install() || !isRedisInstalled()) throw new Error('could not install redis-server with apt-get');
}

/** Runs `redis-cli -h 127.0.0.1 -p <port> <args…>`; resolves `{ code, stdout, stderr }`. */
function redisCli(port, args) {
	return runCommand('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args]);
}

/**
 * Starts a private redis-server and waits until it answers PING with PONG.
 *
 * @param {{ readyTimeoutMs?: number }} [options] how long to wait for PONG (default 30,000 ms)
 * @returns {Promise<RedisServer>} `{ host, port, pid, dir, logFile, command(...args), ping(),
 *   stop() }`. `command` runs one Redis command through redis-cli and resolves to its raw text
 *   output (trimmed); `stop()` ends the server (SIGTERM, SIGKILL after 10 s) and deletes its
 *   folder, and may be called twice.
 * @throws Error when redis-server is missing, exits, or does not answer in time.
 */
async function startRedis({ readyTimeoutMs = 30_000 } = {}) {
	if (!isRedisInstalled()) throw new Error('redis-server is not installed (apt-get install redis-server)');
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'veritus-redis-'));
	const logFile = path.join(dir, 'redis.log');
	const port = await freePort();
	const child = spawn(
		'redis-server',
		[
			'--port',
			String(port),
			'--bind',
			'127.0.0.1',
			'--save',
			'',
			'--appendonly',
			'no',
			'--dir',
			dir,
			'--logfile',
			logFile,
			'--daemonize',
			'no',
			'--protected-mode',
			'yes',
		],
		{ stdio: 'ignore' },
	);
	let exited = null;
	const exitPromise = new Promise((resolve) =>
		child.once('exit', (code, signal) => resolve((exited = { code, signal }))),
	);
	const server = {
		host: '127.0.0.1',
		port,
		pid: child.pid,
		dir,
		logFile,
		stopped: false,
		async command(...args) {
			const result = await redisCli(port, args);
			if (result.code !== 0)
				throw new Error(`redis-cli ${args.join(' ')} failed (exit ${result.code}): ${result.stderr}`);
			return result.stdout.trim();
		},
		async ping() {
			const result = await redisCli(port, ['PING']);
			return result.code === 0 && result.stdout.trim() === 'PONG';
		},
		async stop() {
			if (server.stopped) return;
			server.stopped = true;
			if (!exited) {
				child.kill('SIGTERM');
				const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
				await exitPromise;
				clearTimeout(timer);
			}
			fs.rmSync(dir, { recursive: true, force: true });
		},
	};
	const deadline = Date.now() + readyTimeoutMs;
	try {
		for (;;) {
			if (exited) throw new Error(`redis-server exited during start-up (${JSON.stringify(exited)})`);
			if (await server.ping()) return server;
			if (Date.now() > deadline)
				throw new Error(`redis-server on port ${port} did not answer PING within ${readyTimeoutMs} ms`);
			await sleep(100);
		}
	} catch (error) {
		await server.stop();
		throw withLogTail(error, logFile, 'redis');
	}
}

/**
 * @typedef {object} RedisServer
 * @property {string} host always 127.0.0.1
 * @property {number} port TCP port
 * @property {number} pid the redis-server process
 * @property {(...args: string[]) => Promise<string>} command
 * @property {() => Promise<boolean>} ping
 * @property {() => Promise<void>} stop
 */

module.exports = { startRedis, ensureRedisInstalled, isRedisInstalled };
