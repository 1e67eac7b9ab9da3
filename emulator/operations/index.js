'use strict';

/**
 * The handler of every operation of openapi.yaml, by operationId. A handler gets a context
 * (operations/common.js) whose body has passed openapi.yaml and whose path parameters are
 * UUIDs, and returns the plan of its answer.
 */

const customers = require('./customers');
const calls = require('./calls');
const drip = require('./drip');
const interactions = require('./interactions');

/** @type {Readonly<Record<string, (ctx: import('./common').Context) => import('./common').Plan>>} */
const HANDLERS = Object.freeze({
	createCustomer: customers.createCustomer,
	createCustomersBulk: customers.createCustomersBulk,
	updateCustomer: customers.updateCustomer,
	createCall: calls.createCall,
	createCallsBulk: calls.createCallsBulk,
	getCallRecordingUrl: calls.getCallRecordingUrl,
	enrollDripCampaign: drip.enrollDripCampaign,
	cancelDripCampaign: drip.cancelDripCampaign,
	importSms: interactions.importSms,
	importSmsBulk: interactions.importSmsBulk,
	generateSms: interactions.generateSms,
	generateEmail: interactions.generateEmail,
	importEmail: interactions.importEmail,
	importEmailBulk: interactions.importEmailBulk,
	analyzeInteraction: interactions.analyzeInteraction,
	listClients: interactions.listClients,
});

module.exports = { HANDLERS };
