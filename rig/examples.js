'use strict';

/**
 * Loads the example CSV campaign workflow and prepares it for a given n8n instance: the folder in
 * its "Settings" node is pointed at the instance's file folder, and the customer CSV is copied in.
 */
const fs = require('fs');
const path = require('path');
const { parse } = require('csv-parse/sync');
const { examplesDir } = require('./paths');

const WORKFLOW_FILE = path.join(examplesDir, 'csv-call-campaign.workflow.json');
const CUSTOMERS_CSV = path.join(examplesDir, 'customers.csv');
/** Credential id and name the example workflow refers to. */
const DEMO_CREDENTIAL = { id: 'veritusDemoCred1', name: 'Veritus API (local emulator)' };

/** @returns the workflow object with its Settings folder set to `folder`. */
function loadCampaignWorkflow(folder, { agentId } = {}) {
	const workflow = JSON.parse(fs.readFileSync(WORKFLOW_FILE, 'utf8'));
	const settings = workflow.nodes.find((node) => node.name === 'Settings');
	for (const assignment of settings.parameters.assignments.assignments) {
		if (assignment.name === 'folder') assignment.value = folder;
		if (assignment.name === 'agentId' && agentId) assignment.value = agentId;
	}
	return workflow;
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
	CUSTOMERS_CSV,
	DEMO_CREDENTIAL,
	loadCampaignWorkflow,
	placeCustomersCsv,
	readCsv,
	demoCredential,
};
