'use strict';

/**
 * The main job, end to end, in a real n8n server (`n8n start`), as `npm run demo` and the
 * example-workflow test run it:
 *
 * 1. packs the package and installs the tarball into a fresh n8n user folder the way n8n installs
 *    community packages (rig/install-tarball.js);
 * 2. starts the Veritus API emulator with no customers (`preloadCustomers: false`: the campaign
 *    creates them from account numbers), a fixed clock and seed, a webhook secret of this run, and
 *    webhook delivery on, with ONE `call-ended` event (of one account's call) delivered twice;
 * 3. starts `n8n start` on loopback, with file access restricted to the user folder's `files/`
 *    (n8n 2 allows only `~/.n8n-files` by default), sets up the owner, creates the two
 *    credentials and the two example workflows over the REST API, and activates the outcomes
 *    workflow, so its Veritus Trigger answers on its production URL;
 * 4. `runCampaign()` runs the campaign workflow in the server, as "Execute workflow" in the editor
 *    does (`POST /rest/workflows/:id/run`), and waits for its execution to finish;
 * 5. `waitForOutcomes()` waits (on records, never a fixed sleep) until every `call-ended` event
 *    has been delivered, every execution of the outcomes workflow has finished, and outcomes.csv
 *    holds every placed call, and finds the log line of the redelivery the trigger dropped.
 *
 * Everything lives in a new temporary folder; `stop()` stops n8n and the emulator and removes it.
 */
const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { N8nServer, freePort } = require('./n8n-server');
const { installTarballLikeN8n } = require('./install-tarball');
const { packTarball } = require('./pack');
const {
	OUTCOME_COLUMNS,
	demoCredential,
	demoSecretCredential,
	loadCampaignWorkflow,
	loadOutcomesWorkflow,
	placeCustomersCsv,
	readCsv,
	useCredential,
} = require('./examples');
const { startEmulator, DEMO_CLOCK, fixtureUuid } = require('../emulator');

/** The emulator's seed in the demo: with the fixed clock, call IDs and outcomes repeat run after run. */
const DEMO_SEED = 20261130;
/** The account whose call's `call-ended` event the emulator delivers twice. */
const DUPLICATED_ACCOUNT = '100231';
/** The instance owner the run sets up (a throw-away instance on loopback). */
const OWNER = {
	email: 'demo@veritus-demo.test',
	firstName: 'Demo',
	lastName: 'Owner',
	password: 'Veritus-demo-Passw0rd',
};
/** The campaign workflow's trigger, the one "Execute workflow" starts from. */
const CAMPAIGN_TRIGGER = 'Run campaign';
/** The files the campaign and outcomes workflows write into the results folder. */
const RESULT_FILES = ['customers.csv', 'placed.csv', 'blocked.csv', 'outcomes.csv'];
/** What the Veritus Trigger logs when it drops a redelivered event (nodes/VeritusTrigger/receive.ts). */
const DROPPED_LOG = /was delivered again; dropped \(no execution\)/;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits until `check()` resolves a truthy value and resolves it; polls every `intervalMs`.
 *
 * @param {() => Promise<unknown> | unknown} check
 * @param {{ timeoutMs: number, intervalMs?: number, what: () => string }} options `what()` says
 *   what was awaited and what was seen, for the error
 * @throws Error `Timed out after N s waiting for <what()>`
 */
async function waitUntil(check, { timeoutMs, intervalMs = 250, what }) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await check();
		if (value) return value;
		if (Date.now() >= deadline)
			throw new Error(`Timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what()}`);
		await sleep(intervalMs);
	}
}

class CampaignServer {
	/**
	 * Prepares everything and starts the emulator and n8n; see the top of this file.
	 *
	 * @param {object} options
	 * @param {{ bin: string, node: string, dir: string, version: string }} options.host from `ensureN8n()`
	 * @param {(line: string) => void} [options.log] progress lines
	 * @param {object} [options.emulator] more emulator options (they win over the demo's)
	 * @param {string | null} [options.duplicateAccount] the account whose `call-ended` is delivered
	 *   twice; null for none
	 * @param {string} [options.tarball] an `npm pack` tarball to install (packed here by default)
	 * @returns {Promise<CampaignServer>}
	 * @throws Error when a step fails (what started is stopped again; the temporary folder is kept
	 *   and `error.logFile` names its n8n server log)
	 */
	static async start(options) {
		const run = new CampaignServer(options);
		try {
			await run.startAll(options);
		} catch (error) {
			await run.stop({ keepFolder: true });
			error.logFile = run.logFile;
			throw error;
		}
		return run;
	}

	constructor({ host, log = () => {}, duplicateAccount = DUPLICATED_ACCOUNT }) {
		this.host = host;
		this.log = log;
		this.duplicateAccount = duplicateAccount;
		this.workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'veritus-demo-'));
		this.userFolder = path.join(this.workDir, 'n8n');
		this.filesDir = path.join(this.userFolder, 'files');
		this.resultsDir = path.join(this.filesDir, 'results');
		this.logFile = path.join(this.workDir, 'n8n-server.log');
		fs.mkdirSync(this.resultsDir, { recursive: true });
		this.token = `demo-${crypto.randomBytes(12).toString('hex')}`;
		this.secretId = crypto.randomUUID();
		this.secret = `whsec-demo-${crypto.randomBytes(16).toString('hex')}`;
		this.sheetFile = placeCustomersCsv(this.filesDir);
	}

	async startAll({ emulator: emulatorOptions = {}, tarball }) {
		this.log('Installing the package into a fresh n8n user folder, as n8n installs community packages');
		const packed = tarball ?? packTarball({ dir: this.workDir }).tarball;
		installTarballLikeN8n(this.userFolder, packed);

		const duplicate = this.duplicateAccount
			? { type: 'call-ended', customerId: fixtureUuid('customer', this.duplicateAccount), times: 1 }
			: false;
		this.emulator = await startEmulator({
			token: this.token,
			clock: DEMO_CLOCK,
			seed: DEMO_SEED,
			preloadCustomers: false,
			webhookSecrets: { [this.secretId]: this.secret },
			...emulatorOptions,
			// A busy machine may take n8n more than the emulator's default 5 s to answer; a retry then is
			// a redelivery the trigger drops, which the summary need not show.
			webhooks: { deliver: true, duplicate, timeoutMs: 30_000, ...emulatorOptions.webhooks },
		});
		this.log(
			`Emulator on ${this.emulator.baseUrl}: no customers yet, clock fixed at ${DEMO_CLOCK}, seed ${DEMO_SEED}, ` +
				`webhooks on${this.duplicateAccount ? ` (account ${this.duplicateAccount}'s call-ended sent twice)` : ''}`,
		);

		this.log(`Starting n8n ${this.host.version} (n8n start)`);
		this.server = new N8nServer({
			bin: this.host.bin,
			node: this.host.node,
			userFolder: this.userFolder,
			port: await freePort(),
			logFile: this.logFile,
			env: { N8N_RESTRICT_FILE_ACCESS_TO: this.filesDir },
		});
		await this.server.start();
		await this.server.setupOwner(OWNER);
		this.log(`n8n is listening on ${this.server.baseUrl}`);

		const api = await this.server.rest(
			'POST',
			'/rest/credentials',
			without(demoCredential(this.emulator.baseUrl, this.token), 'id'),
		);
		const secret = await this.server.rest(
			'POST',
			'/rest/credentials',
			without(demoSecretCredential(this.secret), 'id'),
		);

		const outcomes = loadOutcomesWorkflow({ resultsFolder: this.resultsDir });
		useCredential(outcomes, 'veritusWebhookSecretApi', secret);
		this.outcomesWorkflow = await this.server.createWorkflow(outcomes);
		await this.server.activateWorkflow(this.outcomesWorkflow);
		const trigger = this.outcomesWorkflow.nodes.find((node) => node.type === 'n8n-nodes-veritus.veritusTrigger');
		this.productionUrl = `${this.server.baseUrl}/webhook/${trigger.webhookId}/webhook`;
		this.log(`Outcomes workflow active; its Veritus Trigger's production URL is ${this.productionUrl}`);

		const campaign = loadCampaignWorkflow({
			sheetFile: this.sheetFile,
			resultsFolder: this.resultsDir,
			webhookUrl: this.productionUrl,
			webhookSecretId: this.secretId,
		});
		useCredential(campaign, 'veritusApi', api);
		this.campaignWorkflow = await this.server.createWorkflow(campaign);
	}

	/**
	 * Runs the campaign workflow in the server, as "Execute workflow" in the editor does, and waits
	 * for its execution to end.
	 *
	 * @param {{ timeoutMs?: number }} [options] default 5 minutes
	 * @returns {Promise<{ id: string, status: string }>} the finished execution
	 * @throws Error when n8n does not start it, it fails (with n8n's message and node), or the
	 *   deadline passes
	 */
	async runCampaign({ timeoutMs = 300_000 } = {}) {
		const started = await this.server.rest('POST', `/rest/workflows/${this.campaignWorkflow.id}/run`, {
			workflowData: this.campaignWorkflow,
			triggerToStartFrom: { name: CAMPAIGN_TRIGGER },
		});
		if (!started?.executionId) throw new Error(`n8n did not start the campaign: ${JSON.stringify(started)}`);
		let execution;
		await waitUntil(
			async () => {
				const answer = await this.server.request('GET', `/rest/executions/${started.executionId}`);
				execution = answer.body?.data;
				return execution && !['new', 'running', 'waiting'].includes(execution.status) && execution.status;
			},
			{
				timeoutMs,
				what: () => `the campaign's execution ${started.executionId} to finish (status ${execution?.status})`,
			},
		);
		if (execution.status !== 'success') {
			const error = this.executionData(execution)?.resultData?.error;
			const where = error?.node?.name ? ` in node "${error.node.name}"` : '';
			throw new Error(
				`The campaign workflow ended with status ${execution.status}${where}: ${error?.message ?? 'no error message'}${
					error?.description ? ` (${error.description})` : ''
				}`,
			);
		}
		return { id: String(started.executionId), status: execution.status };
	}

	/** An execution's run data (`resultData.runData[node]…`), parsed from n8n's flatted text. */
	executionData(execution) {
		if (!execution?.data) return undefined;
		if (typeof execution.data !== 'string') return execution.data;
		const flatted = require(require.resolve('flatted', { paths: [this.host.dir] }));
		return flatted.parse(execution.data);
	}

	/** Executions of the outcomes workflow, newest first (`{ id, status, mode }`). */
	async outcomeExecutions() {
		return await this.server.executions({ workflowId: this.outcomesWorkflow.id });
	}

	/** The emulator's call to the account whose `call-ended` is delivered twice, if placed. */
	duplicatedCall() {
		if (!this.duplicateAccount) return undefined;
		const customerId = fixtureUuid('customer', this.duplicateAccount);
		return this.emulator.state.calls.find((call) => call.customerId === customerId);
	}

	/**
	 * The call ID each execution of the outcomes workflow started with (its trigger item's
	 * `callId`), by execution ID.
	 * @param {{ id: string }[]} executions
	 * @returns {Promise<Map<string, string | null>>}
	 */
	async executionCallIds(executions) {
		const byExecution = new Map();
		for (const execution of executions) {
			const detail = await this.server.rest('GET', `/rest/executions/${execution.id}`);
			const runData = this.executionData(detail)?.resultData?.runData;
			const trigger = this.outcomesWorkflow.nodes.find((node) => node.type === 'n8n-nodes-veritus.veritusTrigger');
			byExecution.set(String(execution.id), runData?.[trigger.name]?.[0]?.data?.main?.[0]?.[0]?.json?.callId ?? null);
		}
		return byExecution;
	}

	/**
	 * Waits until Veritus (the emulator) has delivered the `call-ended` event of every call in
	 * `callIds` (and the duplicate), every execution of the outcomes workflow has finished, and
	 * outcomes.csv holds a row for each call; then until n8n's log shows the redelivery it dropped.
	 *
	 * @param {string[]} callIds the placed calls (placed.csv's `call_id`)
	 * @param {{ timeoutMs?: number }} [options] for the whole wait; default 2 minutes plus 1 s a call
	 * @returns {Promise<{ deliveries: object[], executions: object[], outcomes: object[],
	 *   droppedLogLines: string[] }>} the `call-ended` deliveries, the executions, outcomes.csv's rows
	 *   and the trigger's log lines about the redeliveries it dropped (the one delivered twice on
	 *   purpose among them)
	 * @throws Error naming what was missing at the deadline, a delivery n8n did not accept, or an
	 *   execution that failed
	 */
	async waitForOutcomes(callIds, { timeoutMs = 120_000 + callIds.length * 1000 } = {}) {
		const deadline = Date.now() + timeoutMs;
		const left = () => Math.max(1, deadline - Date.now());
		const expected = callIds.length + (this.duplicatedCall() ? 1 : 0);

		let deliveries = [];
		await waitUntil(
			async () => {
				const waitMs = Math.min(60_000, left());
				const answer = await fetch(
					`${this.emulator.controlUrl}/deliveries?type=call-ended&count=${expected}&waitMs=${waitMs}`,
				).then((response) => response.json());
				deliveries = answer.deliveries;
				return !answer.timedOut;
			},
			{
				timeoutMs: left(),
				intervalMs: 0,
				what: () => `${expected} call-ended deliveries (${deliveries.length} settled)`,
			},
		);
		const refused = deliveries.filter((delivery) => delivery.status !== 'delivered');
		if (refused.length) {
			const first = refused[0];
			const attempt = first.attempts[first.attempts.length - 1];
			throw new Error(
				`n8n did not accept ${refused.length} call-ended event(s); the first, for call ${first.callId}, ended ${first.status} ` +
					`(HTTP ${attempt?.httpStatus ?? 'none'}${attempt?.error ? `, ${attempt.error}` : ''}); n8n's log says why`,
			);
		}
		const missingDelivery = callIds.filter((id) => !deliveries.some((delivery) => delivery.callId === id));
		if (missingDelivery.length)
			throw new Error(`No call-ended event was sent for call(s) ${missingDelivery.join(', ')}`);

		let executions = [];
		await waitUntil(
			async () => {
				executions = await this.outcomeExecutions();
				return (
					executions.length >= callIds.length &&
					executions.every((execution) => !['new', 'running', 'waiting'].includes(execution.status))
				);
			},
			{
				timeoutMs: left(),
				what: () =>
					`${callIds.length} finished executions of the outcomes workflow (saw ${executions.length}: ${JSON.stringify(
						executions.map((execution) => execution.status),
					)})`,
			},
		);
		const failed = executions.filter((execution) => execution.status !== 'success');
		if (failed.length) {
			const detail = await this.server.rest('GET', `/rest/executions/${failed[0].id}`);
			const error = this.executionData(detail)?.resultData?.error;
			throw new Error(
				`${failed.length} execution(s) of the outcomes workflow failed; execution ${failed[0].id}: ${
					error?.message ?? failed[0].status
				}`,
			);
		}

		const file = path.join(this.resultsDir, 'outcomes.csv');
		let outcomes = [];
		await waitUntil(
			() => {
				outcomes = readCsv(file);
				return callIds.every((id) => outcomes.some((row) => row.call_id === id));
			},
			{
				timeoutMs: left(),
				what: () =>
					`outcomes.csv to hold every placed call; missing: ${callIds
						.filter((id) => !outcomes.some((row) => row.call_id === id))
						.join(', ')}`,
			},
		);

		// The trigger logs each redelivery it drops (also a retry of Veritus after an answer it did
		// not wait for); wait for the one of the event delivered twice on purpose.
		let droppedLogLines = [];
		const duplicated = this.duplicatedCall();
		if (duplicated) {
			await waitUntil(
				() => {
					droppedLogLines = this.server
						.logs()
						.map((entry) => entry.message ?? '')
						.filter((message) => DROPPED_LOG.test(message));
					return droppedLogLines.some((message) => message.includes(`call-ended:${duplicated.id}`));
				},
				{
					timeoutMs: left(),
					what: () => `n8n's log line of the dropped redelivery of call ${duplicated.id}`,
				},
			);
		}
		return { deliveries, executions, outcomes, droppedLogLines };
	}

	/**
	 * Cross-checks the run's files against the emulator's records: customers.csv maps every sheet
	 * row to the customer Veritus has for its account number; every customer with an ID is either
	 * placed or blocked; placed.csv is exactly the calls the emulator placed; every blocked row has
	 * its reasons; outcomes.csv has exactly one row per placed call, with the ended reason the
	 * emulator decided; the duplicated event was delivered twice and started one execution.
	 *
	 * @param {object} run
	 * @param {object[]} run.sheet the sheet's rows
	 * @param {{ customers: object[], placed: object[], blocked: object[], outcomes: object[] }} run.results
	 * @param {{ deliveries: object[], executions: object[] }} run.waited what `waitForOutcomes()` resolved
	 * @returns {Promise<{ problems: string[], duplicate: { account: string, deliveries: number,
	 *   rows: number, executions: number } | null }>} `problems` empty when everything adds up
	 */
	async check({ sheet, results, waited }) {
		const problems = [];
		const { customers, placed, blocked, outcomes } = results;
		const accounts = sheet.map((row) => row.account_number);
		if (JSON.stringify(customers.map((row) => row.account_number)) !== JSON.stringify(accounts)) {
			problems.push("customers.csv does not list the sheet's account numbers in order");
		}
		const veritusByAccount = new Map(
			[...this.emulator.state.customers.values()].map(({ record }) => [record.externalId, record.id]),
		);
		for (const row of customers) {
			const known = veritusByAccount.get(row.account_number);
			if (row.veritus_customer_id && row.veritus_customer_id !== known) {
				problems.push(`customers.csv maps ${row.account_number} to ${row.veritus_customer_id}, Veritus has ${known}`);
			}
		}
		const withId = customers.filter((row) => row.veritus_customer_id);
		if (placed.length + blocked.length !== withId.length) {
			problems.push(`placed + blocked = ${placed.length + blocked.length}, but ${withId.length} customers have an ID`);
		}
		const calls = this.emulator.state.calls;
		const sortedIds = (list) => JSON.stringify(list.slice().sort());
		if (sortedIds(calls.map((call) => call.id)) !== sortedIds(placed.map((row) => row.call_id))) {
			problems.push(
				`the emulator placed ${calls.length} calls, placed.csv lists ${placed.length} other or different ones`,
			);
		}
		if (blocked.some((row) => !row.failed_checks || !row.reasons))
			problems.push('a blocked row has no checks or reasons');
		if (sortedIds(outcomes.map((row) => row.call_id)) !== sortedIds(placed.map((row) => row.call_id))) {
			problems.push(`outcomes.csv has ${outcomes.length} rows, not one per placed call (${placed.length})`);
		}
		for (const row of outcomes) {
			const call = calls.find((candidate) => candidate.id === row.call_id);
			if (call && call.outcome.endedReason !== row.ended_reason) {
				problems.push(
					`outcomes.csv says call ${row.call_id} ended ${row.ended_reason}, Veritus says ${call.outcome.endedReason}`,
				);
			}
		}
		let duplicate = null;
		const twice = this.duplicatedCall();
		if (twice) {
			const callIds = await this.executionCallIds(waited.executions);
			duplicate = {
				account: this.duplicateAccount,
				deliveries: waited.deliveries.filter((delivery) => delivery.callId === twice.id).length,
				rows: outcomes.filter((row) => row.call_id === twice.id).length,
				executions: [...callIds.values()].filter((id) => id === twice.id).length,
			};
			if (duplicate.deliveries !== 2 || duplicate.rows !== 1 || duplicate.executions !== 1) {
				problems.push(
					`account ${this.duplicateAccount}'s call-ended was delivered ${duplicate.deliveries} times and gave ` +
						`${duplicate.rows} rows and ${duplicate.executions} executions (expected 2, 1 and 1)`,
				);
			}
		}
		return { problems, duplicate };
	}

	/** The results folder's CSV files as row objects: `{ customers, placed, blocked, outcomes }`. */
	results() {
		const read = (name) => readCsv(path.join(this.resultsDir, name));
		return {
			customers: read('customers.csv'),
			placed: read('placed.csv'),
			blocked: read('blocked.csv'),
			outcomes: read('outcomes.csv'),
		};
	}

	/** The first line of outcomes.csv (its header row), or null when the file is missing. */
	outcomesHeader() {
		const file = path.join(this.resultsDir, 'outcomes.csv');
		return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n')[0] : null;
	}

	/** Copies the results folder's files into `dir` (created); returns the names copied. */
	copyResults(dir) {
		fs.mkdirSync(dir, { recursive: true });
		const copied = [];
		for (const name of RESULT_FILES) {
			const file = path.join(this.resultsDir, name);
			if (!fs.existsSync(file)) continue;
			fs.copyFileSync(file, path.join(dir, name));
			copied.push(name);
		}
		return copied;
	}

	/**
	 * Stops n8n and the emulator and removes the temporary folder (kept with `keepFolder`, for its
	 * server log).
	 */
	async stop({ keepFolder = false } = {}) {
		await this.server?.stop();
		await this.emulator?.close();
		if (!keepFolder) fs.rmSync(this.workDir, { recursive: true, force: true });
	}
}

/** A copy of `object` without `key`. */
function without(object, key) {
	const { [key]: _omitted, ...rest } = object;
	return rest;
}

/**
 * The demo's summary, one line each, from the run's records.
 *
 * @param {object} run
 * @param {object[]} run.sheet the sheet's rows
 * @param {{ customers: object[], placed: object[], blocked: object[], outcomes: object[] }} run.results
 * @param {{ account: string, deliveries: number, rows: number, executions: number } | null} run.duplicate
 *   the event delivered twice: its account, how often it was delivered, and the rows and
 *   executions its call has
 * @param {number} run.veritusCalls the calls Veritus (the emulator) recorded
 * @param {string} [run.folder] where the files are shown to be, default `demo-output`
 * @returns {string[]}
 */
function summaryLines({ sheet, results, duplicate, veritusCalls, folder = 'demo-output' }) {
	const count = (rows, key) => {
		const counts = new Map();
		for (const row of rows) for (const value of key(row)) counts.set(value, (counts.get(value) ?? 0) + 1);
		return [...counts].sort(([a], [b]) => a.localeCompare(b));
	};
	const line = (label, value, note = '') =>
		`${label.padEnd(32)}${String(value).padStart(3)}${note ? `   ${note}` : ''}`;
	const statuses = new Map(count(results.customers, (row) => [row.status]));
	const existing = (statuses.get('already_exists') ?? 0) + (statuses.get('already_exists_id_unknown') ?? 0);
	const lines = [
		line('Customers in the sheet:', sheet.length, '(account numbers, no Veritus IDs)'),
		line(
			'  created in Veritus:',
			statuses.get('created') ?? 0,
			`(${folder}/customers.csv: account number → customer ID)`,
		),
		line('  already in Veritus:', existing),
	];
	if (statuses.get('already_exists_id_unknown')) {
		lines.push(line('    without a known ID:', statuses.get('already_exists_id_unknown'), '(not called)'));
	}
	if (statuses.get('error')) lines.push(line('  not created (errors):', statuses.get('error'), '(not called)'));
	lines.push(line('Calls placed:', results.placed.length, `(${folder}/placed.csv)`));
	lines.push(line('Calls blocked:', results.blocked.length, `(${folder}/blocked.csv)`));
	const checks = count(results.blocked, (row) =>
		row.failed_checks
			.split(',')
			.map((id) => id.trim())
			.filter(Boolean),
	);
	for (const [check, n] of checks) lines.push(line(`  - ${check}:`, n));
	lines.push(line('Calls the emulator recorded:', veritusCalls));
	lines.push(line('Outcomes received:', results.outcomes.length, `(${folder}/outcomes.csv)`));
	for (const [reason, n] of count(results.outcomes, (row) => [row.ended_reason])) lines.push(line(`  - ${reason}:`, n));
	if (duplicate) {
		lines.push(
			line(
				'Redelivered events dropped:',
				duplicate.deliveries - 1,
				`(call-ended of account ${duplicate.account}: delivered ${duplicate.deliveries} times, ` +
					`${duplicate.rows} row, ${duplicate.executions} execution)`,
			),
		);
	}
	return lines;
}

module.exports = {
	CampaignServer,
	summaryLines,
	waitUntil,
	DEMO_SEED,
	DUPLICATED_ACCOUNT,
	OWNER,
	CAMPAIGN_TRIGGER,
	RESULT_FILES,
	OUTCOME_COLUMNS,
};
