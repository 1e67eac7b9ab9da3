/**
 * n8n in queue mode, for real, on one machine: a private PostgreSQL, a private Redis, one n8n main
 * process (`n8n start`) and N `n8n worker` processes, with this package installed into every
 * process's own user folder the way n8n installs community packages. Used by the queue-mode tests
 * (`npm run test:queue`) and the queue-mode benchmark.
 *
 *   const cluster = await startQueueCluster({ workers: 2, workerConcurrency: 10 });
 *   try {
 *     const credential = await cluster.createCredential({ name, type: 'veritusApi', data });
 *     const workflow = await cluster.createWebhookWorkflow({ name, path, nodes, connections });
 *     await cluster.postWebhook(workflow.webhookPath, { rows });
 *     const executions = await cluster.waitForExecutions(workflow.id, 1);
 *     const runData = (await cluster.getExecution(executions[0].id)).data.resultData.runData;
 *     cluster.workerOf(executions[0].id); // → the worker (index, pid, hostId) that ran it
 *   } finally {
 *     await cluster.stop();
 *   }
 *
 * Settings every process shares: `EXECUTIONS_MODE=queue`, one `N8N_ENCRYPTION_KEY` (random per
 * cluster), Postgres (`DB_TYPE=postgresdb`, `DB_POSTGRESDB_*`), Redis (`QUEUE_BULL_REDIS_*`), and
 * `OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS=true`. Production (webhook, trigger) executions and
 * retries always go to the workers in queue mode; manual executions (the editor's "Execute
 * workflow", `POST /rest/workflows/:id/run`) would run inside the main process unless this is set.
 * With it, every execution of the cluster runs in a worker, which is what these tests are about,
 * what n8n recommends for queue mode, and what n8n 2.8.4's deprecation notice says will become the
 * only behaviour. Each process gets free ports for everything it listens on: the main's HTTP port,
 * each process's task broker (`N8N_RUNNERS_BROKER_PORT`), and each worker's health server
 * (`QUEUE_HEALTH_CHECK_PORT`, on 127.0.0.1).
 *
 * Everything is torn down by `stop()`, also after a failed test; a process `exit` hook kills
 * whatever is still running (n8n process groups, Redis, Postgres) if `stop()` was never reached.
 */
'use strict';

const crypto = require('crypto');
const fs = require('fs');
const http = require('http');
const os = require('os');
const path = require('path');
const { spawn, spawnSync } = require('child_process');
const { ensureN8n } = require('./n8n-host');
const { freePort, n8nProcessEnv, parseLogLines } = require('./n8n-process');
const { N8nServer, waitForN8nReady } = require('./n8n-server');
const { installTarballLikeN8n } = require('./install-tarball');
const { packTarball } = require('./pack');
const { distDir } = require('./paths');
const { startPostgres } = require('./postgres');
const { startRedis } = require('./redis');

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The instance owner every cluster creates (a throw-away account on a throw-away database). */
const OWNER = {
	email: 'owner@veritus-queue.test',
	firstName: 'Queue',
	lastName: 'Owner',
	password: 'Queue-mode-test-1',
};

/** Execution statuses after which n8n will not change an execution any more. */
const FINAL_STATUSES = new Set(['success', 'error', 'crashed', 'canceled']);

/** Sends `signal` to a process group we started (negative pid), ignoring one that is gone. */
function killGroup(pid, signal) {
	try {
		process.kill(-pid, signal);
		return true;
	} catch {
		return false;
	}
}

/** Whether a process is still alive (signal 0). */
function isAlive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

/**
 * Spawns `node <n8n bin> <args>` in a process group of its own (so that its task-runner children
 * can be ended with it), appending its output to `logFile` and keeping it in memory for the log
 * readers. Returns the handle `{ child, pid, output(), exited, exitPromise }`.
 */
function spawnN8n({ node, bin, args, cwd, env, logFile }) {
	const log = fs.createWriteStream(logFile, { flags: 'a' });
	const child = spawn(node, [bin, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
	const handle = { child, pid: child.pid, chunks: [], exited: null };
	for (const stream of [child.stdout, child.stderr]) {
		stream.on('data', (chunk) => {
			handle.chunks.push(chunk);
			log.write(chunk);
		});
	}
	handle.exitPromise = new Promise((resolve) => {
		child.once('exit', (code, signal) => {
			handle.exited = { code, signal };
			log.end();
			resolve(handle.exited);
		});
	});
	handle.output = () => Buffer.concat(handle.chunks).toString();
	return handle;
}

/** Ends an n8n process: `signal` (SIGTERM: n8n's graceful shutdown), SIGKILL after `graceMs`, then its whole group. */
async function endN8n(handle, { signal = 'SIGTERM', graceMs = 30_000 } = {}) {
	if (!handle) return;
	if (!handle.exited) {
		try {
			handle.child.kill(signal);
		} catch {
			// already gone
		}
		const timer = setTimeout(() => killGroup(handle.pid, 'SIGKILL'), graceMs);
		await handle.exitPromise;
		clearTimeout(timer);
	}
	// The task runner of an n8n process lives in the same group; never leave it behind.
	killGroup(handle.pid, 'SIGKILL');
}

/**
 * The main process: an {@link N8nServer} (REST client, owner sign-in) whose `n8n start` runs in a
 * process group of its own, like the workers.
 */
class QueueMain extends N8nServer {
	/**
	 * Starts `n8n start` and resolves once `/healthz` answers 200 and `/rest/settings` answers
	 * n8n's settings JSON (before that n8n is still migrating the database).
	 * @param {{ timeoutMs?: number }} [options] default 240,000 ms
	 * @throws Error when the process exits first or does not answer in time.
	 */
	async start({ timeoutMs = 240_000 } = {}) {
		this.handle = spawnN8n({
			node: this.node,
			bin: this.bin,
			args: ['start'],
			cwd: this.userFolder,
			env: this.env(),
			logFile: this.logFile,
		});
		this.child = this.handle.child;
		this.pid = this.handle.pid;
		await waitForN8nReady({
			baseUrl: this.baseUrl,
			exited: () => this.handle.exited,
			timeoutMs,
			what: 'n8n main',
			logFile: this.logFile,
		});
	}

	/** Everything the main process printed so far. */
	get output() {
		return this.handle ? this.handle.output() : '';
	}

	set output(_value) {
		// N8nServer resets it; the handle keeps the real output.
	}

	get exited() {
		return this.handle?.exited ?? null;
	}

	set exited(_value) {
		// kept by the handle
	}

	/** Stops the main process with SIGTERM (graceful), SIGKILL after 30 s, and ends its group. */
	async stop() {
		await endN8n(this.handle);
	}
}

/** One `n8n worker` process. */
class QueueWorker {
	/**
	 * @param {object} options
	 * @param {number} options.index 0-based position in the cluster; `name` is `worker A`, `worker B`, …
	 * @param {string} options.node Node.js binary; `options.bin` n8n's CLI script
	 * @param {string} options.userFolder this worker's own N8N_USER_FOLDER
	 * @param {number} options.concurrency `--concurrency=N`: jobs (executions) it runs at once
	 * @param {Record<string,string>} options.env the whole environment of the process
	 * @param {number} options.healthPort its health server's port (QUEUE_HEALTH_CHECK_PORT)
	 * @param {string} options.logFile file receiving its stdout and stderr
	 */
	constructor({ index, node, bin, userFolder, concurrency, env, healthPort, logFile }) {
		Object.assign(this, { index, node, bin, userFolder, concurrency, env, healthPort, logFile });
		this.name = `worker ${String.fromCharCode(65 + index)}`;
		this.handle = null;
		this.pastOutput = '';
	}

	/** Process id of the running worker (undefined before `start()`). */
	get pid() {
		return this.handle?.pid;
	}

	/** `{ code, signal }` once the process has exited, else null. */
	get exited() {
		return this.handle?.exited ?? null;
	}

	/**
	 * Starts `n8n worker --concurrency=N`; resolves once the worker printed "n8n worker is now
	 * ready" and its health server answers `GET /healthz/readiness` with 200 (database connected
	 * and migrated, Redis connected).
	 * @param {{ timeoutMs?: number }} [options] default 180,000 ms
	 * @throws Error when the worker exits first or is not ready in time.
	 */
	async start({ timeoutMs = 180_000 } = {}) {
		if (this.handle) {
			// A restart: end what is left of the previous process group, keep its log lines.
			await endN8n(this.handle, { graceMs: 5_000 });
			this.pastOutput += this.handle.output();
		}
		this.handle = spawnN8n({
			node: this.node,
			bin: this.bin,
			args: ['worker', `--concurrency=${this.concurrency}`],
			cwd: this.userFolder,
			env: this.env,
			logFile: this.logFile,
		});
		const deadline = Date.now() + timeoutMs;
		while (Date.now() < deadline) {
			if (this.handle.exited)
				throw new Error(
					`${this.name} exited during start-up (${JSON.stringify(this.handle.exited)}); see ${this.logFile}`,
				);
			if (parseLogLines(this.handle.output()).some((entry) => /n8n worker is now ready/.test(entry.message ?? ''))) {
				try {
					const readiness = await fetch(`http://127.0.0.1:${this.healthPort}/healthz/readiness`);
					if (readiness.status === 200) return;
				} catch {
					// the health server starts right after the ready line
				}
			}
			await sleep(250);
		}
		throw new Error(`${this.name} was not ready within ${timeoutMs} ms; see ${this.logFile}`);
	}

	/**
	 * The worker's log lines so far (N8N_LOG_FORMAT=json), parsed, other lines as `{ message }`;
	 * after a restart the earlier processes' lines come first.
	 */
	logs() {
		return parseLogLines(this.pastOutput + (this.handle ? this.handle.output() : ''));
	}

	/**
	 * Execution IDs this worker started, from its own log line "Worker started execution <id>
	 * (job <job>)" (n8n's JobProcessor logs it with `executionId` in the metadata).
	 * @returns {string[]} in the order the worker started them
	 */
	startedExecutionIds() {
		return this.logs()
			.filter((entry) => /^Worker started execution /.test(entry.message ?? ''))
			.map((entry) => String(entry.metadata?.executionId ?? /^Worker started execution (\S+)/.exec(entry.message)[1]));
	}

	/** Execution IDs this worker finished ("Worker finished execution <id> (job <job>)"). */
	finishedExecutionIds() {
		return this.logs()
			.filter((entry) => /^Worker finished execution /.test(entry.message ?? ''))
			.map((entry) => String(entry.metadata?.executionId ?? /^Worker finished execution (\S+)/.exec(entry.message)[1]));
	}

	/**
	 * Sends a signal to the worker process, e.g. `kill('SIGKILL')` to simulate a crashed machine,
	 * and resolves once it has exited. After SIGKILL the worker's task runner (its child, in the
	 * same process group) is killed too, as it would die with the machine or container.
	 * @param {NodeJS.Signals} [signal] default SIGTERM (n8n's graceful shutdown)
	 * @returns {Promise<{ code: number|null, signal: string|null }|null>} how the process exited
	 */
	async kill(signal = 'SIGTERM') {
		if (!this.handle || this.handle.exited) return this.handle?.exited ?? null;
		this.handle.child.kill(signal);
		const exited = await this.handle.exitPromise;
		if (signal === 'SIGKILL') killGroup(this.handle.pid, 'SIGKILL');
		return exited;
	}

	/** Stops the worker (SIGTERM, SIGKILL after 30 s) and ends its process group. */
	async stop() {
		await endN8n(this.handle);
	}
}

/**
 * Starts a queue-mode cluster. See the top of this file.
 *
 * @param {object} [options]
 * @param {number} [options.workers] how many `n8n worker` processes (default 2)
 * @param {number} [options.workerConcurrency] each worker's `--concurrency` (default 10)
 * @param {Record<string,string>} [options.env] extra environment for every n8n process
 * @param {Record<string,string>} [options.mainEnv] extra environment for the main process only
 * @param {Record<string,string>} [options.workerEnv] extra environment for the workers only
 * @param {string} [options.tarball] the packed package; packed from dist/ when omitted
 * @param {string|object} [options.host] the n8n host (see rig/n8n-host.js); the default host
 * @param {(line: string) => void} [options.log] progress lines (default: none)
 * @returns {Promise<QueueCluster>}
 * @throws Error when any part fails to start (everything already started is stopped first).
 */
async function startQueueCluster({
	workers = 2,
	workerConcurrency = 10,
	env = {},
	mainEnv = {},
	workerEnv = {},
	tarball,
	host,
	log = () => {},
} = {}) {
	const started = Date.now();
	const n8n = host === undefined ? ensureN8n() : ensureN8n(host);
	const root = fs.mkdtempSync(path.join(os.tmpdir(), 'veritus-queue-'));
	const logsDir = path.join(root, 'logs');
	fs.mkdirSync(logsDir);
	const cluster = new QueueCluster({ root, logsDir, n8n });
	cluster.armExitHook();
	try {
		if (!tarball) {
			if (!fs.existsSync(path.join(distDir, 'nodes', 'Veritus', 'Veritus.node.js')))
				throw new Error('dist/ is missing: run `npm run build` first');
			fs.mkdirSync(path.join(root, 'pack'));
			tarball = packTarball({ dir: path.join(root, 'pack') }).tarball;
		}
		const [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
		cluster.postgres = postgres;
		cluster.redis = redis;
		log(`queue cluster: Postgres on ${postgres.port}, Redis on ${redis.port} (${Date.now() - started} ms)`);

		const shared = {
			EXECUTIONS_MODE: 'queue',
			OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
			N8N_ENCRYPTION_KEY: crypto.randomBytes(24).toString('hex'),
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: postgres.host,
			DB_POSTGRESDB_PORT: String(postgres.port),
			DB_POSTGRESDB_DATABASE: postgres.database,
			DB_POSTGRESDB_USER: postgres.user,
			DB_POSTGRESDB_PASSWORD: postgres.password,
			DB_POSTGRESDB_POOL_SIZE: '10',
			QUEUE_BULL_REDIS_HOST: redis.host,
			QUEUE_BULL_REDIS_PORT: String(redis.port),
			N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
			N8N_DIAGNOSTICS_ENABLED: 'false',
			...env,
		};
		cluster.sharedEnv = shared;

		const folders = ['main', ...Array.from({ length: workers }, (_, index) => `worker-${index + 1}`)].map((name) =>
			path.join(root, name),
		);
		for (const folder of folders) {
			fs.mkdirSync(folder);
			installTarballLikeN8n(folder, tarball);
		}
		log(`queue cluster: package installed into ${folders.length} user folders (${Date.now() - started} ms)`);

		// The main process first: it migrates the database the workers then use.
		const mainPort = await freePort();
		const main = new QueueMain({
			bin: n8n.bin,
			node: n8n.node,
			userFolder: folders[0],
			port: mainPort,
			logFile: path.join(logsDir, 'main.log'),
			env: { ...shared, N8N_RUNNERS_BROKER_PORT: String(await freePort()), ...mainEnv },
		});
		cluster.main = main;
		await main.start();
		await main.setupOwner(OWNER);
		log(`queue cluster: main ready on ${mainPort} (${Date.now() - started} ms)`);

		for (let index = 0; index < workers; index++) {
			const healthPort = await freePort();
			const folder = folders[index + 1];
			const worker = new QueueWorker({
				index,
				node: n8n.node,
				bin: n8n.bin,
				userFolder: folder,
				concurrency: workerConcurrency,
				healthPort,
				logFile: path.join(logsDir, `worker-${index + 1}.log`),
				env: n8nProcessEnv(folder, shared.N8N_ENCRYPTION_KEY, {
					...shared,
					QUEUE_HEALTH_CHECK_ACTIVE: 'true',
					QUEUE_HEALTH_CHECK_PORT: String(healthPort),
					N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
					N8N_RUNNERS_BROKER_PORT: String(await freePort()),
					...workerEnv,
				}),
			});
			cluster.workers.push(worker);
		}
		await Promise.all(cluster.workers.map((worker) => worker.start()));
		log(`queue cluster: ${workers} workers ready, concurrency ${workerConcurrency} each (${Date.now() - started} ms)`);
		cluster.startedInMs = Date.now() - started;
		return cluster;
	} catch (error) {
		await cluster.stop();
		throw error;
	}
}

/** A running cluster (see {@link startQueueCluster}). */
class QueueCluster {
	constructor({ root, logsDir, n8n }) {
		/** Temporary folder holding the user folders, logs and the packed tarball (deleted by stop()). */
		this.root = root;
		this.logsDir = logsDir;
		/** `ensureN8n()` of the host: `{ version, dir, bin, node }`. */
		this.n8n = n8n;
		/** @type {QueueMain} the main process, signed in as the owner */
		this.main = undefined;
		/** @type {QueueWorker[]} */
		this.workers = [];
		/** @type {import('./postgres').PostgresServer} */
		this.postgres = undefined;
		/** @type {import('./redis').RedisServer} */
		this.redis = undefined;
		this.stopped = false;
	}

	/** Kills what is left if the test process exits without calling stop() (best effort, synchronous). */
	armExitHook() {
		this.exitHook = () => {
			for (const handle of [this.main?.handle, ...this.workers.map((worker) => worker.handle)]) {
				if (handle) killGroup(handle.pid, 'SIGKILL');
			}
			if (this.redis && !this.redis.stopped) {
				try {
					process.kill(this.redis.pid, 'SIGKILL');
				} catch {
					// gone
				}
			}
			if (this.postgres && !this.postgres.stopped) {
				const binary = path.join(require('./postgres').pgBinDir(), 'pg_ctl');
				const args = ['-D', this.postgres.dataDir, '-m', 'immediate', 'stop'];
				if (process.getuid?.() === 0) spawnSync('runuser', ['-u', 'postgres', '--', binary, ...args]);
				else spawnSync(binary, args);
			}
			for (const dir of [this.root, this.redis?.dir, this.postgres?.dir]) {
				if (dir) fs.rmSync(dir, { recursive: true, force: true });
			}
		};
		process.once('exit', this.exitHook);
	}

	/**
	 * Stops the workers, the main process, Redis and Postgres, and deletes the temporary folder.
	 * Safe to call twice and after a failed start. Worker and main logs are copied to `keepLogsIn`
	 * first when given (a folder path), for a failed run's post-mortem.
	 * @param {{ keepLogsIn?: string }} [options]
	 */
	async stop({ keepLogsIn } = {}) {
		if (this.stopped) return;
		this.stopped = true;
		await Promise.all(this.workers.map((worker) => worker.stop().catch(() => {})));
		await this.main?.stop().catch(() => {});
		await Promise.all([this.redis?.stop().catch(() => {}), this.postgres?.stop().catch(() => {})]);
		if (keepLogsIn && fs.existsSync(this.logsDir)) {
			fs.mkdirSync(keepLogsIn, { recursive: true });
			fs.cpSync(this.logsDir, keepLogsIn, { recursive: true });
		}
		fs.rmSync(this.root, { recursive: true, force: true });
		process.removeListener('exit', this.exitHook);
	}

	/**
	 * Starts worker `index` again (after `kill()`), on its own user folder and health port, and
	 * waits until it is ready. Its earlier log lines are kept for {@link executionWorkers}.
	 */
	async restartWorker(index) {
		await this.workers[index].start();
	}

	/**
	 * Bull job IDs in a state (`active`, `wait`, `failed`, `completed`, `delayed`) of n8n's queue
	 * `jobs` (prefix `bull`), read from Redis.
	 * @returns {Promise<string[]>}
	 */
	async bullJobIds(state) {
		const key = `bull:jobs:${state}`;
		const type = await this.redis.command('TYPE', key);
		if (type === 'none') return [];
		const text =
			type === 'zset'
				? await this.redis.command('ZRANGE', key, '0', '-1')
				: await this.redis.command('LRANGE', key, '0', '-1');
		return text
			.split('\n')
			.map((line) => line.trim())
			.filter(Boolean);
	}

	/**
	 * The Bull job a worker took for execution `id`, from the worker's "Worker started execution
	 * <id> (job <job>)" line, or undefined.
	 */
	jobOf(id) {
		for (const worker of this.workers) {
			for (const entry of worker.logs()) {
				const match = /^Worker started execution (\S+) \(job (\S+)\)/.exec(entry.message ?? '');
				if (match && match[1] === String(id)) return String(entry.metadata?.jobId ?? match[2]);
			}
		}
		return undefined;
	}

	/** PIDs of every process the cluster started that is still alive (for "no stray processes"). */
	livePids() {
		const pids = [this.main?.pid, ...this.workers.map((worker) => worker.pid), this.redis?.pid].filter(Boolean);
		return pids.filter(isAlive);
	}

	// ── REST helpers (all through the main process, signed in as the owner) ─────────────────────

	/**
	 * Creates a credential (`POST /rest/credentials`).
	 * @param {{ name: string, type: string, data: object }} credential
	 * @returns {Promise<{ id: string, name: string }>} the reference a node's `credentials` takes
	 */
	async createCredential({ name, type, data }) {
		const created = await this.main.rest('POST', '/rest/credentials', { name, type, data });
		return { id: created.id, name: created.name };
	}

	/**
	 * Creates a workflow that starts at a Webhook node (POST, responds at once) and activates it,
	 * so that its production URL `POST /webhook/<path>` enqueues an execution for the workers.
	 *
	 * @param {object} spec
	 * @param {string} spec.name workflow name
	 * @param {string} [spec.path] the webhook path (a random one by default)
	 * @param {object[]} spec.nodes the nodes after the webhook; the first one receives its item,
	 *   whose `json.body` is the posted JSON body
	 * @param {object} [spec.connections] connections between `nodes` (the webhook's is added)
	 * @param {object} [spec.settings] workflow settings (executionOrder v1 by default)
	 * @returns {Promise<{ id: string, versionId: string, webhookPath: string, webhookNodeName: string }>}
	 * @throws Error when n8n refuses to create or activate it.
	 */
	async createWebhookWorkflow({
		name,
		path: webhookPath = `queue-${crypto.randomUUID()}`,
		nodes,
		connections = {},
		settings = {},
	}) {
		const webhook = {
			id: crypto.randomUUID(),
			name: 'Webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			position: [0, 0],
			webhookId: crypto.randomUUID(),
			parameters: { httpMethod: 'POST', path: webhookPath, responseMode: 'onReceived', options: {} },
		};
		const created = await this.main.createWorkflow({
			name,
			nodes: [webhook, ...nodes],
			connections: { Webhook: { main: [[{ node: nodes[0].name, type: 'main', index: 0 }]] }, ...connections },
			settings: { executionOrder: 'v1', ...settings },
		});
		const activated = await this.main.activateWorkflow(created);
		return {
			id: created.id,
			versionId: activated.versionId ?? created.versionId,
			webhookPath,
			webhookNodeName: webhook.name,
		};
	}

	/**
	 * POSTs `body` as JSON to a production webhook (`/webhook/<path>`) of the main process.
	 * @returns {Promise<{ status: number, body: unknown }>}
	 */
	async postWebhook(webhookPath, body) {
		const response = await fetch(`${this.main.baseUrl}/webhook/${webhookPath}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body),
		});
		const text = await response.text();
		let parsed = text;
		try {
			parsed = JSON.parse(text);
		} catch {
			// not JSON
		}
		return { status: response.status, body: parsed };
	}

	/**
	 * Delivers the same webhook body twice at the same moment, like a sender that retries too
	 * early: two separate connections are opened first, and both requests are written in the same
	 * tick once both are connected.
	 * @returns {Promise<Array<{ status: number, body: string }>>} the two answers
	 */
	async postWebhookTwice(webhookPath, body) {
		const payload = JSON.stringify(body);
		const { port } = new URL(this.main.baseUrl);
		const agent = new http.Agent({ keepAlive: false, maxSockets: 2 });
		const requests = [0, 1].map(() => {
			const request = http.request({
				host: '127.0.0.1',
				port,
				method: 'POST',
				path: `/webhook/${webhookPath}`,
				agent,
				headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
			});
			const connected = new Promise((resolve, reject) => {
				request.once('socket', (socket) => (socket.connecting ? socket.once('connect', resolve) : resolve()));
				request.once('error', reject);
			});
			const answered = new Promise((resolve, reject) => {
				request.once('response', (response) => {
					const chunks = [];
					response.on('data', (chunk) => chunks.push(chunk));
					response.on('end', () => resolve({ status: response.statusCode, body: Buffer.concat(chunks).toString() }));
				});
				request.once('error', reject);
			});
			request.flushHeaders();
			return { request, connected, answered };
		});
		await Promise.all(requests.map((entry) => entry.connected));
		for (const entry of requests) entry.request.end(payload);
		const answers = await Promise.all(requests.map((entry) => entry.answered));
		agent.destroy();
		return answers;
	}

	/**
	 * Every execution of a workflow, newest first, read from n8n's own table `execution_entity`:
	 * `{ id, workflowId, status, mode, finished, retryOf, retrySuccessId, createdAt, startedAt,
	 * stoppedAt }` (IDs as strings, times as ISO strings), soft-deleted ones left out.
	 *
	 * Not `GET /rest/executions`: n8n 2.8.4 sorts that list by start time but pages it by ID
	 * (`lastId`, at most 100 per page), so once workers finish executions out of ID order, the
	 * pages overlap or skip executions (a list of 100 executions read as 101).
	 */
	async listExecutions(workflowId) {
		const rows = await this.postgres.query(
			`SELECT id::text AS id, "workflowId", status, mode, finished, "retryOf", "retrySuccessId", "createdAt", "startedAt", "stoppedAt"
			 FROM execution_entity WHERE "workflowId" = '${String(workflowId).replace(/'/g, "''")}' AND "deletedAt" IS NULL ORDER BY id DESC`,
		);
		return rows;
	}

	/**
	 * Waits until a workflow has at least `count` executions in a final status (success, error,
	 * crashed, canceled).
	 * @param {string} workflowId
	 * @param {number} count
	 * @param {{ timeoutMs?: number, intervalMs?: number }} [options] deadline (default 300,000 ms)
	 * @returns {Promise<object[]>} the finished executions (summaries), newest first
	 * @throws Error at the deadline, naming how many had finished and their statuses.
	 */
	async waitForExecutions(workflowId, count, { timeoutMs = 300_000, intervalMs = 1000 } = {}) {
		const deadline = Date.now() + timeoutMs;
		let last = [];
		for (;;) {
			last = await this.listExecutions(workflowId);
			const finished = last.filter((execution) => FINAL_STATUSES.has(execution.status));
			if (finished.length >= count) return finished;
			if (Date.now() > deadline) {
				const statuses = {};
				for (const execution of last) statuses[execution.status] = (statuses[execution.status] ?? 0) + 1;
				throw new Error(
					`only ${finished.length} of ${count} executions of workflow ${workflowId} finished within ${timeoutMs} ms (${JSON.stringify(statuses)})`,
				);
			}
			await sleep(intervalMs);
		}
	}

	/**
	 * One execution with its data (`GET /rest/executions/:id`); n8n sends `data` in the `flatted`
	 * format, which is parsed here with n8n's own copy of flatted.
	 * @returns {Promise<object>} `{ id, status, mode, retryOf, …, data: { resultData: { runData, error, lastNodeExecuted } } }`
	 */
	async getExecution(id) {
		const execution = await this.main.rest('GET', `/rest/executions/${id}`);
		if (typeof execution.data === 'string') {
			const flatted = require(require.resolve('flatted', { paths: [this.n8n.dir] }));
			execution.data = flatted.parse(execution.data);
		}
		return execution;
	}

	/**
	 * Retries a failed execution the way the editor's Retry button does: `POST
	 * /rest/executions/:id/retry`, with `{ loadWorkflow: true }` for "Retry with currently saved
	 * workflow" and no body for "Retry with original workflow". In queue mode n8n enqueues the
	 * retry (mode `retry`) for a worker and answers when it has finished.
	 * @param {string} id the failed execution
	 * @param {{ loadWorkflow?: boolean }} [options] default false (the original workflow)
	 * @returns {Promise<object>} n8n's answer: `{ id, mode, status, finished, retryOf, … }` of the new execution
	 * @throws Error when n8n refuses (e.g. the execution succeeded, or is still queued).
	 */
	async retryExecution(id, { loadWorkflow = false } = {}) {
		return await this.main.rest(
			'POST',
			`/rest/executions/${id}/retry`,
			loadWorkflow ? { loadWorkflow: true } : undefined,
		);
	}

	/**
	 * Which worker ran each execution.
	 *
	 * n8n 2.8.4 keeps no record of the worker in its database: `execution_entity` (status, mode,
	 * retryOf, times), `execution_data` (workflow and run data) and `execution_metadata` (custom
	 * data a workflow saves) name no host, and Bull removes a job from Redis as soon as it completes
	 * (`removeOnComplete: true`). The records n8n itself keeps that do name the worker are log
	 * lines: each worker's JobProcessor logs "Worker started execution <id> (job <job>)" and
	 * "Worker finished execution <id> (job <job>)" with `executionId` in the line's metadata
	 * (N8N_LOG_FORMAT=json), and the main process logs "Execution <id> (job <job>) finished" with
	 * the worker's host ID. The worker's own "started" line is the most reliable: it is written by
	 * the process that ran the execution, to that process's own output, which we capture per
	 * worker, so no host ID has to be matched; it exists even for an execution whose worker was
	 * killed before it finished (when the main never hears "finished"). The main's line cannot
	 * tell the workers apart on one machine anyway: a worker's host ID is `worker-<random>`, but
	 * where n8n believes it runs in a container it is `worker-<hostname>`, the same for every
	 * worker of that machine (so it is on the machine these tests run on).
	 *
	 * @returns {Map<string, QueueWorker[]>} execution ID → the workers that started it (one,
	 *   unless a job was picked up twice)
	 */
	executionWorkers() {
		const byExecution = new Map();
		for (const worker of this.workers) {
			for (const id of worker.startedExecutionIds()) {
				const list = byExecution.get(id) ?? [];
				if (!list.includes(worker)) list.push(worker);
				byExecution.set(id, list);
			}
		}
		return byExecution;
	}

	/** The worker that started execution `id` (see {@link executionWorkers}), or undefined. */
	workerOf(id) {
		return this.executionWorkers().get(String(id))?.[0];
	}

	/**
	 * Host IDs the main process names for finished executions, from its own log line "Execution
	 * <id> (job <job>) finished" (`metadata.workerId`). A cross-check of {@link executionWorkers}.
	 * @returns {Map<string, string>} execution ID → worker host ID (`worker-<random>`)
	 */
	mainFinishedBy() {
		const byExecution = new Map();
		for (const entry of this.main.logs()) {
			const match = /^Execution (\S+) \(job \S+\) finished/.exec(entry.message ?? '');
			if (match) byExecution.set(String(entry.metadata?.executionId ?? match[1]), entry.metadata?.workerId);
		}
		return byExecution;
	}
}

module.exports = { startQueueCluster, QueueCluster, QueueWorker, QueueMain, OWNER, FINAL_STATUSES };
