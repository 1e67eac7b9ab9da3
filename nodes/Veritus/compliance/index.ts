import type { IDataObject } from 'n8n-workflow';

/**
 * One compliance check, as in the `checksPassed` / `checksFailed` entries of `data.compliance`
 * (API document, Create Call). The node's own local checks use the same shape, with a `local:` id.
 */
export interface ComplianceCheck extends IDataObject {
	/** Stable check identifier, e.g. `is-active`, `cease-and-desist-exclusion`, `four-voice-call-per-day`. */
	id: string;
	name: string;
	description: string;
	/** Human-readable outcome, e.g. "Customer has requested cease and desist". */
	reason: string;
}

/** `data.compliance` of the create-call response (API document). */
export interface ComplianceResult extends IDataObject {
	passed: boolean;
	checksPassed: ComplianceCheck[];
	checksFailed: ComplianceCheck[];
}

/** Joins failed-check reasons into one readable cell: `"Is Active: Customer is not active; ..."`. */
export function joinReasons(checks: ComplianceCheck[]): string {
	return checks.map((check) => `${check.name || check.id}: ${check.reason}`).join('; ');
}
