/**
 * The emulator fixtures' designed outcome (emulator/fixtures/README.md) at the emulator's demo
 * clock (DEMO_CLOCK) with the default respectful hours, before any call is placed.
 */
import type { IDataObject } from 'n8n-workflow';

import { AGENT, OTHER_AGENT } from './emulator';

export { DEMO_CLOCK } from './emulator';

/** Failed compliance check IDs of each blocked customer, in the order Veritus reports them. */
export const FAILING: Readonly<Record<string, readonly string[]>> = {
	'100239': ['is-active'],
	cus_6f4e2a8c1d93: ['is-active'],
	'100240': ['is-active'],
	'100241': ['cease-and-desist-exclusion'],
	cus_2c8d4f6a0e15: ['cease-and-desist-exclusion'],
	'100242': ['four-voice-call-per-day'],
	cus_7b0e3d9f2c46: ['four-voice-call-per-day'],
	'100243': ['is-active', 'cease-and-desist-exclusion'],
};

/** The 16 customers that pass every check. */
export const PASSING: readonly string[] = [
	'100231',
	'100232',
	'100233',
	'cus_8f2a41c9d7e3',
	'cus_3b7e90a1f4c2',
	'100234',
	'cus_c41d8e27b9a0',
	'100235',
	'007215',
	'cus_5e9f02b6a8d1',
	'100236',
	'100237',
	'cus_a7c3e5f18b24',
	'100238',
	'cus_0d6b2f9e4a17',
	'cus_9e1a7c3d5b08',
];

/**
 * All 24 customers in an input order that interleaves passing and failing ones, so that "input
 * order is kept within each output" is a real check.
 */
export const CUSTOMER_ORDER: readonly string[] = [
	'100239',
	'100231',
	'cus_8f2a41c9d7e3',
	'100241',
	'100232',
	'100243',
	'cus_3b7e90a1f4c2',
	'100233',
	'cus_6f4e2a8c1d93',
	'100234',
	'cus_7b0e3d9f2c46',
	'cus_c41d8e27b9a0',
	'100235',
	'100242',
	'007215',
	'cus_5e9f02b6a8d1',
	'cus_2c8d4f6a0e15',
	'100236',
	'100237',
	'100240',
	'cus_a7c3e5f18b24',
	'100238',
	'cus_0d6b2f9e4a17',
	'cus_9e1a7c3d5b08',
];

/**
 * One input row per customer of {@link CUSTOMER_ORDER}, shaped as `{ customerId, agentId, row }`;
 * every third row uses the second agent.
 */
export function fixtureRows(): IDataObject[] {
	return CUSTOMER_ORDER.map((customerId, row) => ({
		customerId,
		agentId: row % 3 === 2 ? OTHER_AGENT : AGENT,
		row,
	}));
}

export const isPassing = (customerId: string): boolean => PASSING.includes(customerId);

/** The audit record every output item of the Veritus node carries (README, "Compliance record"). */
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
