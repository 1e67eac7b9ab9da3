'use strict';

/**
 * `n8n start` on loopback for the end-to-end test: a real n8n server process on a free port,
 * with its own user folder, plus a small REST client that logs in with a cookie.
 */
const fs = require('fs');
const path = require('path');
const { spawn } = require('child_process');
const { freePort, n8nProcessEnv, parseLogLines } = require('./n8n-process');

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The environment of every n8n process of a test: loopback, no telemetry, no outbound extras. */
function n8nEnv(userFolder, port, extra = {}) {
	return n8nProcessEnv(userFolder, 'veritus-e2e-encryption-key', {
		N8N_PORT: String(port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		N8N_EDITOR_BASE_URL: `http://127.0.0.1:${port}`,
		N8N_AI_ENABLED: 'false',
		...extra,
	});
}

/**
 * Waits until an n8n server answers like a started instance: `/healthz` is 200 and
 * `/rest/settings` is JSON with `userManagement` (both answer early with "n8n is starting up",
 * then 404 while the database migrates).
 *
 * @param {object} options
 * @param {string} options.baseUrl e.g. `http://127.0.0.1:5678`
 * @param {() => unknown} options.exited the process's exit, once it has exited (else falsy)
 * @param {number} options.timeoutMs
 * @param {string} options.what name for the messages, e.g. `n8n main`
 * @param {string} options.logFile the process's log, named in the messages
 * @throws Error when the process exits first, or at the deadline.
 */
async function waitForN8nReady({ baseUrl, exited, timeoutMs, what, logFile }) {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (exited()) throw new Error(`${what} exited during start-up (${JSON.stringify(exited())}); see ${logFile}`);
		try {
			const health = await fetch(`${baseUrl}/healthz`);
			if (health.ok) {
				const settings = await fetch(`${baseUrl}/rest/settings`);
				const body =
					settings.ok && /json/.test(settings.headers.get('content-type') || '') ? await settings.json() : null;
				if (body?.data?.userManagement) return;
			}
		} catch {
			// not listening yet
		}
		await sleep(500);
	}
	throw new Error(`${what} did not become ready within ${timeoutMs} ms; see ${logFile}`);
}

/**
 * The production webhook paths (after `/webhook/`) of a workflow's Veritus Trigger nodes
 * (`<webhookId>/webhook`) and n8n Webhook nodes (their Path parameter).
 * @param {{ nodes?: Array<{ type: string, webhookId?: string, parameters?: { path?: string } }> }} workflow
 * @returns {string[]}
 */
function productionWebhookPaths(workflow) {
	const paths = [];
	for (const node of workflow.nodes ?? []) {
		if (node.type === 'n8n-nodes-veritus.veritusTrigger' && node.webhookId) paths.push(`${node.webhookId}/webhook`);
		if (node.type === 'n8n-nodes-base.webhook' && node.parameters?.path) paths.push(node.parameters.path);
	}
	return paths;
}

class N8nServer {
	/**
	 * @param {object} options
	 * @param {string} options.bin n8n's CLI script (from `ensureN8n()`).
	 * @param {string} [options.node] the Node.js binary that runs it (`ensureN8n().node`).
	 * @param {string} options.userFolder N8N_USER_FOLDER.
	 * @param {number} options.port
	 * @param {string} options.logFile file that receives the server's stdout and stderr.
	 */
	constructor({ bin, node = process.execPath, userFolder, port, logFile, env = {} }) {
		Object.assign(this, { bin, node, userFolder, port, logFile, extraEnv: env });
		this.baseUrl = `http://127.0.0.1:${port}`;
		this.cookie = '';
		this.output = '';
	}

	env() {
		return n8nEnv(this.userFolder, this.port, this.extraEnv);
	}

	/**
	 * Starts `n8n start` and resolves once `/healthz` answers 200 and the REST API answers JSON.
	 * Unless the caller's `env` sets it, the task broker gets a free port of its own on every start
	 * (n8n's default, 5679, is taken whenever another n8n runs on the machine).
	 */
	async start({ timeoutMs = 240_000 } = {}) {
		this.output = '';
		this.exited = null;
		const env = this.env();
		if (!env.N8N_RUNNERS_BROKER_PORT) env.N8N_RUNNERS_BROKER_PORT = String(await freePort());
		const log = fs.createWriteStream(this.logFile, { flags: 'a' });
		this.child = spawn(this.node, [this.bin, 'start'], {
			cwd: this.userFolder,
			env,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		for (const stream of [this.child.stdout, this.child.stderr]) {
			stream.on('data', (chunk) => {
				this.output += chunk.toString();
				log.write(chunk);
			});
		}
		this.child.on('exit', (code, signal) => {
			this.exited = { code, signal };
			log.end();
		});
		await waitForN8nReady({
			baseUrl: this.baseUrl,
			exited: () => this.exited,
			timeoutMs,
			what: 'n8n',
			logFile: this.logFile,
		});
	}

	/** Stops the server with SIGTERM (n8n's graceful shutdown) and waits for the process to end. */
	async stop() {
		if (!this.child || this.exited) return;
		const exited = new Promise((resolve) => this.child.once('exit', resolve));
		this.child.kill('SIGTERM');
		const timer = setTimeout(() => this.child.kill('SIGKILL'), 45_000);
		await exited;
		clearTimeout(timer);
	}

	/** JSON log lines of the server so far (N8N_LOG_FORMAT=json); other lines as `{ message }`. */
	logs() {
		return parseLogLines(this.output);
	}

	/** A REST call with the session cookie; resolves `{ status, body, headers }` (body parsed when JSON). */
	async request(method, urlPath, body) {
		const response = await fetch(`${this.baseUrl}${urlPath}`, {
			method,
			headers: {
				...(body === undefined ? {} : { 'content-type': 'application/json' }),
				...(this.cookie ? { cookie: this.cookie } : {}),
				'browser-id': 'veritus-e2e',
			},
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		let parsed = text;
		try {
			parsed = JSON.parse(text);
		} catch {
			// not JSON
		}
		const setCookie = response.headers.getSetCookie?.() ?? [];
		const auth = setCookie.find((cookie) => cookie.startsWith('n8n-auth='));
		if (auth) this.cookie = auth.split(';')[0];
		return { status: response.status, body: parsed, headers: response.headers };
	}

	/** The `data` of a REST answer; throws when the status is not 2xx or the body is not JSON. */
	async rest(method, urlPath, body) {
		const answer = await this.request(method, urlPath, body);
		if (answer.status < 200 || answer.status > 299) {
			throw new Error(`${method} ${urlPath} → HTTP ${answer.status}: ${JSON.stringify(answer.body).slice(0, 500)}`);
		}
		if (!answer.body || typeof answer.body !== 'object') {
			throw new Error(
				`${method} ${urlPath} → HTTP ${answer.status} without JSON: ${String(answer.body).slice(0, 200)}`,
			);
		}
		return 'data' in answer.body ? answer.body.data : answer.body;
	}

	/**
	 * The n8n version the server runs (`versionCli` of `GET /rest/settings`), read once.
	 * @returns {Promise<string>} such as `2.8.4`
	 */
	async version() {
		if (!this.versionCli) this.versionCli = String((await this.rest('GET', '/rest/settings')).versionCli);
		return this.versionCli;
	}

	/**
	 * Creates a workflow over the REST API (`POST /rest/workflows`) on any n8n of the matrix: the
	 * body's `id` and `active` are left out, and n8n 1 gets `active: false`, which its database
	 * requires (n8n 2 sets it itself).
	 * @param {object} workflow name, nodes, connections, settings…
	 * @returns {Promise<object>} the created workflow (`id`, `versionId`, …)
	 * @throws Error when n8n answers an error
	 */
	async createWorkflow(workflow) {
		const { id, active, ...body } = workflow;
		const major = Number((await this.version()).split('.')[0]);
		return await this.rest('POST', '/rest/workflows', major < 2 ? { ...body, active: false } : body);
	}

	/**
	 * Activates (publishes) a workflow: `POST /rest/workflows/:id/activate` (n8n 2), else
	 * `PATCH /rest/workflows/:id` with `active: true` (n8n 1, which has no such route).
	 * Then waits until n8n has registered each of `webhookPaths` ({@link N8nServer#waitForWebhook}).
	 * @param {{ id: string, versionId: string, name?: string }} workflow as created
	 * @param {string[]} [webhookPaths] production webhook paths (after `/webhook/`) the workflow
	 *   serves; by default those of its Veritus Trigger and Webhook nodes ({@link productionWebhookPaths})
	 * @returns {Promise<object>} the activated workflow
	 * @throws Error when n8n answers an error, does not report it active, or registers no webhook
	 */
	async activateWorkflow(workflow, webhookPaths = productionWebhookPaths(workflow)) {
		const answer = await this.request('POST', `/rest/workflows/${workflow.id}/activate`, {
			versionId: workflow.versionId,
		});
		let activated = answer.body?.data;
		if (answer.status === 404) {
			activated = await this.rest('PATCH', `/rest/workflows/${workflow.id}`, {
				active: true,
				versionId: workflow.versionId,
			});
		} else if (answer.status < 200 || answer.status > 299) {
			throw new Error(
				`Activating "${workflow.name ?? workflow.id}" failed: HTTP ${answer.status} ${JSON.stringify(answer.body).slice(0, 500)}`,
			);
		}
		if (!activated?.active && !activated?.activeVersionId) {
			throw new Error(`"${workflow.name ?? workflow.id}" did not activate: ${JSON.stringify(activated).slice(0, 300)}`);
		}
		for (const webhookPath of webhookPaths) await this.waitForWebhook(webhookPath);
		return activated;
	}

	/**
	 * Waits until n8n has registered a production webhook (`<baseUrl>/webhook/<urlPath>`): n8n 2.41
	 * registers an activated workflow's webhooks after `activate` has answered. It asks with GET,
	 * which starts no execution: a registered POST webhook answers "not registered for GET
	 * requests", an unregistered one "The requested webhook … is not registered".
	 * @param {string} urlPath the part after `/webhook/`, such as `<webhookId>/webhook`
	 * @param {number} [timeoutMs] default 60 s
	 * @throws Error when it is still not registered at the deadline
	 */
	async waitForWebhook(urlPath, timeoutMs = 60_000) {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const response = await fetch(`${this.baseUrl}/webhook/${urlPath}`);
			const text = await response.text();
			if (!(response.status === 404 && /requested webhook .* is not registered/.test(text))) return;
			if (Date.now() >= deadline) throw new Error(`n8n did not register the webhook ${urlPath}: ${text.slice(0, 200)}`);
			await sleep(100);
		}
	}

	/**
	 * Every execution that matches `filter` (`GET /rest/executions`), newest first, read in pages
	 * of 100 (the most n8n 2.41 allows per page) with `lastId`.
	 * @param {object} filter such as `{ workflowId }`
	 * @returns {Promise<object[]>} execution summaries (`id`, `status`, `mode`, …)
	 * @throws Error when n8n answers an error
	 */
	async executions(filter) {
		const all = [];
		let lastId;
		for (;;) {
			const query = `filter=${encodeURIComponent(JSON.stringify(filter))}&limit=100${lastId ? `&lastId=${lastId}` : ''}`;
			const page = (await this.rest('GET', `/rest/executions?${query}`)).results;
			all.push(...page);
			if (page.length < 100) return all;
			lastId = page[page.length - 1].id;
		}
	}

	/** Creates the instance owner on a fresh instance (POST /rest/owner/setup) and keeps its session. */
	async setupOwner(owner) {
		return await this.rest('POST', '/rest/owner/setup', owner);
	}

	/** Logs in (POST /rest/login) and keeps the session cookie. */
	async login({ email, password }) {
		return await this.rest('POST', '/rest/login', { emailOrLdapLoginId: email, password });
	}
}

module.exports = { N8nServer, waitForN8nReady, freePort, n8nEnv, sleep, path };
