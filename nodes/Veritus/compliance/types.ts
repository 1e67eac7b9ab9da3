import type { IDataObject } from 'n8n-workflow';

/**
 * One compliance check, as in the `checksPassed` / `checksFailed` entries of `data.compliance`
 * (API document, Create Call). The rules a "not eligible" sentence names, and the node's own local
 * checks (with a `local:` id), use the same shape.
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
