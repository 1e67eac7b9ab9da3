/**
 * Loads the example CSV campaign workflow and prepares it for a given n8n instance: the folder in
 * its "Settings" node is pointed at the instance's file folder, and the customer CSV is copied in.
 */
'use strict';

const fs = require('fs');
const path = require('path');
const { parse } = require('csv-parse/sync');
const { examplesDir } = require('./paths');

const WORKFLOW_FILE = path.join(examplesDir, 'csv-call-campaign.workflow.json');
const AUDIT_WORKFLOW_FILE = path.join(examplesDir, 'compliance-audit-log.workflow.json');
const CUSTOMERS_CSV = path.join(examplesDir, 'customers.csv');
/** Credential id and name the example workflow refers to. */
const DEMO_CREDENTIAL = { id: 'veritusDemoCred1', name: 'Veritus API (local emulator)' };

/**
 * Loads an example workflow (the CSV campaign by default) with its Settings folder set to `folder`
 * (and the agent ID, when given).
 */
function loadExampleWorkflow(file, folder, { agentId } = {}) {
	const workflow = JSON.parse(fs.readFileSync(file, 'utf8'));
	const settings = workflow.nodes.find((node) => node.name === 'Settings');
	for (const assignment of settings.parameters.assignments.assignments) {
		if (assignment.name === 'folder') assignment.value = folder;
		if (assignment.name === 'agentId' && agentId) assignment.value = agentId;
	}
	return workflow;
}

/** @returns the CSV campaign workflow with its Settings folder set to `folder`. */
function loadCampaignWorkflow(folder, options) {
	return loadExampleWorkflow(WORKFLOW_FILE, folder, options);
}

/** @returns the audit-log workflow with its Settings folder set to `folder`. */
function loadAuditWorkflow(folder, options) {
	return loadExampleWorkflow(AUDIT_WORKFLOW_FILE, folder, options);
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

/** Copies the example customers CSV (or `csvText`) to `<folder>/customers.csv`. */
function placeCustomersCsv(folder, csvText) {
	const target = path.join(folder, 'customers.csv');
	if (csvText === undefined) fs.copyFileSync(CUSTOMERS_CSV, target);
	else fs.writeFileSync(target, csvText);
	return target;
}

/** Reads a CSV written by the workflow into row objects (header row → keys); [] if absent. */
function readCsv(file) {
	if (!fs.existsSync(file)) return [];
	return parse(fs.readFileSync(file, 'utf8'), { columns: true, bom: true, skip_empty_lines: true });
}

/** The credential the example workflow uses, pointing at `baseUrl` with `apiToken`. */
function demoCredential(baseUrl, apiToken) {
	return { ...DEMO_CREDENTIAL, type: 'veritusApi', data: { apiToken, baseUrl } };
}

module.exports = {
	WORKFLOW_FILE,
	AUDIT_WORKFLOW_FILE,
	CUSTOMERS_CSV,
	DEMO_CREDENTIAL,
	loadCampaignWorkflow,
	loadAuditWorkflow,
	placeCustomersCsv,
	readCsv,
	readJsonLines,
	demoCredential,
};
