/**
 * The example workflows and the example sheet, prepared for a given n8n instance: each workflow's
 * "Settings" node gets the instance's folders (and the webhook URL and secret ID the run uses),
 * its credentials the IDs the instance holds.
 *
 * - `examples/csv-call-campaign.workflow.json` (the campaign): the sheet of account numbers →
 *   Customer → Create Many → Call → Create; writes customers.csv, placed.csv, blocked.csv and the
 *   header of outcomes.csv into its results folder.
 * - `examples/call-outcomes.workflow.json` (the outcomes): Veritus Trigger → one row per ended call
 *   appended to outcomes.csv.
 * - `examples/compliance-audit-log.workflow.json` (the audit log): calls the customers of a
 *   customers.csv (account number → Veritus customer ID) and appends every outcome to
 *   audit-log.jsonl.
 */
'use strict';

const fs = require('fs');
const path = require('path');
const { parse } = require('csv-parse/sync');
const { examplesDir } = require('./paths');

const WORKFLOW_FILE = path.join(examplesDir, 'csv-call-campaign.workflow.json');
const OUTCOMES_WORKFLOW_FILE = path.join(examplesDir, 'call-outcomes.workflow.json');
const AUDIT_WORKFLOW_FILE = path.join(examplesDir, 'compliance-audit-log.workflow.json');
/** The example sheet: the team's account numbers and contact fields, no Veritus IDs. */
const CUSTOMERS_CSV = path.join(examplesDir, 'customers.csv');
/** Credential the example workflows' Veritus nodes name (id and name as in the files). */
const DEMO_CREDENTIAL = { id: 'veritusDemoCred1', name: 'Veritus API (local emulator)' };
/** Credential the example Veritus Trigger names. */
const DEMO_SECRET_CREDENTIAL = { id: 'veritusDemoSecret1', name: 'Veritus webhook secret (local emulator)' };
/** The columns of outcomes.csv, in order (the campaign writes them as its header row). */
const OUTCOME_COLUMNS = [
	'call_id',
	'customer_id',
	'ended_reason',
	'duration_seconds',
	'ended_at',
	'to_phone',
	'output_variables',
	'received_at',
];

/**
 * Loads an example workflow and sets the values of its "Settings" node.
 *
 * @param {string} file the workflow's JSON file
 * @param {Record<string, string>} settings Settings field → value, e.g. `{ resultsFolder: '/tmp/x' }`
 * @returns {object} the workflow object
 * @throws Error naming a settings field the workflow's Settings node does not have
 */
function loadExampleWorkflow(file, settings = {}) {
	const workflow = JSON.parse(fs.readFileSync(file, 'utf8'));
	const node = workflow.nodes.find((candidate) => candidate.name === 'Settings');
	const assignments = node.parameters.assignments.assignments;
	for (const [name, value] of Object.entries(settings)) {
		const assignment = assignments.find((candidate) => candidate.name === name);
		if (!assignment) throw new Error(`${path.basename(file)}: its Settings node has no field "${name}"`);
		assignment.value = value;
	}
	return workflow;
}

/**
 * The campaign workflow.
 * @param {{ sheetFile?: string, resultsFolder?: string, agentId?: string, webhookUrl?: string,
 *   webhookSecretId?: string }} settings
 */
function loadCampaignWorkflow(settings) {
	return loadExampleWorkflow(WORKFLOW_FILE, settings);
}

/** The outcomes workflow (Veritus Trigger → outcomes.csv). @param {{ resultsFolder?: string }} settings */
function loadOutcomesWorkflow(settings) {
	return loadExampleWorkflow(OUTCOMES_WORKFLOW_FILE, settings);
}

/** The audit-log workflow. @param {{ resultsFolder?: string, agentId?: string }} settings */
function loadAuditWorkflow(settings) {
	return loadExampleWorkflow(AUDIT_WORKFLOW_FILE, settings);
}

/**
 * Points every node's credential of `type` at `credential` (`{ id, name }`), e.g. the credential
 * an n8n instance created for the example's `veritusApi`.
 * @returns the same workflow
 */
function useCredential(workflow, type, credential) {
	for (const node of workflow.nodes) {
		if (node.credentials?.[type]) node.credentials[type] = { id: credential.id, name: credential.name };
	}
	return workflow;
}

/** Reads a JSON Lines file (one JSON object per line) written by the audit workflow; [] if absent. */
function readJsonLines(file) {
	if (!fs.existsSync(file)) return [];
	return fs
		.readFileSync(file, 'utf8')
		.split('\n')
		.filter((line) => line.trim())
		.map((line) => JSON.parse(line));
}

/** Copies the example sheet (or `csvText`) to `<folder>/customers.csv`; returns that path. */
function placeCustomersCsv(folder, csvText) {
	const target = path.join(folder, 'customers.csv');
	if (csvText === undefined) fs.copyFileSync(CUSTOMERS_CSV, target);
	else fs.writeFileSync(target, csvText);
	return target;
}

/** Reads a CSV (header row → keys) into row objects, every value a string; [] if absent or empty. */
function readCsv(file) {
	if (!fs.existsSync(file)) return [];
	return parse(fs.readFileSync(file, 'utf8'), { columns: true, bom: true, skip_empty_lines: true });
}

/** The `veritusApi` credential of the examples, pointing at `baseUrl` with `apiToken`. */
function demoCredential(baseUrl, apiToken) {
	return { ...DEMO_CREDENTIAL, type: 'veritusApi', data: { apiToken, baseUrl } };
}

/** The `veritusWebhookSecretApi` credential of the examples, holding the secret's value. */
function demoSecretCredential(secret) {
	return { ...DEMO_SECRET_CREDENTIAL, type: 'veritusWebhookSecretApi', data: { secret } };
}

module.exports = {
	WORKFLOW_FILE,
	OUTCOMES_WORKFLOW_FILE,
	AUDIT_WORKFLOW_FILE,
	CUSTOMERS_CSV,
	DEMO_CREDENTIAL,
	DEMO_SECRET_CREDENTIAL,
	OUTCOME_COLUMNS,
	loadExampleWorkflow,
	loadCampaignWorkflow,
	loadOutcomesWorkflow,
	loadAuditWorkflow,
	useCredential,
	placeCustomersCsv,
	readCsv,
	readJsonLines,
	demoCredential,
	demoSecretCredential,
};
