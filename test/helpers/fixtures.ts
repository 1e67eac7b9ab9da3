/**
 * The emulator fixtures' designed outcome (emulator/fixtures/README.md) at the emulator's demo
 * clock (DEMO_CLOCK) with the default respectful hours, before any call is placed.
 *
 * Customers are named by their Veritus customer ID (a UUID); `veritusId('100231')` gives the ID
 * of a fixture account number (the customer's `externalId`).
 */
import type { IDataObject } from 'n8n-workflow';

import { AGENT, OTHER_AGENT } from './emulator';

export { DEMO_CLOCK } from './emulator';

/** The Veritus customer ID of each preloaded fixture customer, by its account number (`externalId`). */
export const CUSTOMER_IDS: Readonly<Record<string, string>> = {
	'100231': 'b9d6eaf9-071d-5246-bded-af2d3a4b7cf8',
	'100232': '3a8d6bff-6306-5c57-9536-7e8d4a2d24f8',
	'100233': '47a5d19f-8b6f-501e-8746-18671b5afd93',
	cus_8f2a41c9d7e3: '5e6146d2-e2a2-5b4c-9d11-232e7834df6b',
	cus_3b7e90a1f4c2: '65ad768b-cf5f-559b-b820-606b3b45b2f8',
	'100234': '4de89d4f-7cfd-53e7-90d2-d933549ecffc',
	cus_c41d8e27b9a0: '3130964a-2399-50bb-a4f0-a100eb17ecdf',
	'100235': 'bf30cf01-eaf4-55e4-b817-a7b895c0f22d',
	'007215': '302308ad-8f40-53b2-b149-bd2a3f2fb9b3',
	cus_5e9f02b6a8d1: '993cd403-5df0-5b17-9e94-22cabf81703a',
	'100236': '98fa2a55-f1b7-5ba1-9c36-229be15ab918',
	'100237': '1601357a-19d7-515b-9c55-294c2e77d302',
	cus_a7c3e5f18b24: '138187a4-edfb-5a3f-a35e-0bfaa1abd4d9',
	'100238': '90b4a774-72e9-5345-aed6-7e6ea6f4a721',
	cus_0d6b2f9e4a17: '769ae3e4-4d08-5dda-bc5c-68b79e31a1f6',
	cus_9e1a7c3d5b08: '804cfe2b-214a-529f-bada-0827c742d302',
	'100239': '1ed83ef4-0153-51f4-96b1-ec7391b23f7d',
	cus_6f4e2a8c1d93: 'a672bfc6-93cd-5af1-997d-7a3dc3e81301',
	'100240': '8a4da5c7-716c-52b5-8316-a8c3b9c9f5cf',
	'100241': '7d3bd1ee-87c2-57e5-a0d3-0fd5c84b11c7',
	cus_2c8d4f6a0e15: '2d94b637-452f-59a4-904c-ff71de35c0fb',
	'100242': 'c2d5c442-59b8-534f-ac30-9d0c556bb806',
	cus_7b0e3d9f2c46: '80143253-3bd1-5d79-9dd7-1137565b4c18',
	'100243': 'f1f14b09-145e-5dba-b62f-3bac95cda3e4',
};

/**
 * The Veritus customer ID of a fixture account number.
 * @throws Error when the account number is not a preloaded fixture customer
 */
export function veritusId(accountNumber: string): string {
	const id = CUSTOMER_IDS[accountNumber];
	if (!id) throw new Error(`No fixture customer with account number ${accountNumber}`);
	return id;
}

/** Failed compliance check IDs of each blocked customer (by customer ID), in the order Veritus reports them. */
export const FAILING: Readonly<Record<string, readonly string[]>> = {
	[veritusId('100239')]: ['is-active'],
	[veritusId('cus_6f4e2a8c1d93')]: ['is-active'],
	[veritusId('100240')]: ['is-active'],
	[veritusId('100241')]: ['cease-and-desist-exclusion'],
	[veritusId('cus_2c8d4f6a0e15')]: ['cease-and-desist-exclusion'],
	[veritusId('100242')]: ['four-voice-call-per-day'],
	[veritusId('cus_7b0e3d9f2c46')]: ['four-voice-call-per-day'],
	[veritusId('100243')]: ['is-active', 'cease-and-desist-exclusion'],
};

/** The 16 customers that pass every check. */
export const PASSING: readonly string[] = [
	veritusId('100231'),
	veritusId('100232'),
	veritusId('100233'),
	veritusId('cus_8f2a41c9d7e3'),
	veritusId('cus_3b7e90a1f4c2'),
	veritusId('100234'),
	veritusId('cus_c41d8e27b9a0'),
	veritusId('100235'),
	veritusId('007215'),
	veritusId('cus_5e9f02b6a8d1'),
	veritusId('100236'),
	veritusId('100237'),
	veritusId('cus_a7c3e5f18b24'),
	veritusId('100238'),
	veritusId('cus_0d6b2f9e4a17'),
	veritusId('cus_9e1a7c3d5b08'),
];

/**
 * All 24 customers in an input order that interleaves passing and failing ones, so that "input
 * order is kept within each output" is a real check.
 */
export const CUSTOMER_ORDER: readonly string[] = [
	veritusId('100239'),
	veritusId('100231'),
	veritusId('cus_8f2a41c9d7e3'),
	veritusId('100241'),
	veritusId('100232'),
	veritusId('100243'),
	veritusId('cus_3b7e90a1f4c2'),
	veritusId('100233'),
	veritusId('cus_6f4e2a8c1d93'),
	veritusId('100234'),
	veritusId('cus_7b0e3d9f2c46'),
	veritusId('cus_c41d8e27b9a0'),
	veritusId('100235'),
	veritusId('100242'),
	veritusId('007215'),
	veritusId('cus_5e9f02b6a8d1'),
	veritusId('cus_2c8d4f6a0e15'),
	veritusId('100236'),
	veritusId('100237'),
	veritusId('100240'),
	veritusId('cus_a7c3e5f18b24'),
	veritusId('100238'),
	veritusId('cus_0d6b2f9e4a17'),
	veritusId('cus_9e1a7c3d5b08'),
];

/**
 * One input row per customer of {@link CUSTOMER_ORDER}, shaped as `{ customerId, agentId, row }`
 * (the Veritus customer ID); every third row uses the second agent.
 */
export function fixtureRows(): IDataObject[] {
	return CUSTOMER_ORDER.map((customerId, row) => ({
		customerId,
		agentId: row % 3 === 2 ? OTHER_AGENT : AGENT,
		row,
	}));
}

export const isPassing = (customerId: string): boolean => PASSING.includes(customerId);

/** The audit record every output item of the Veritus node carries (docs/compliance-record.md, "The audit record"). */
export const AUDIT_FIELDS: readonly string[] = [
	'sentAt',
	'respondedAt',
	'attempts',
	'httpStatus',
	'executionId',
	'workflowId',
	'nodeName',
	'idempotencyKey',
	'nextAllowedAt',
];
