// Shared fakes for the unit tests: a Veritus INode and a minimal IExecuteFunctions for `prepare`.
import type { IExecuteFunctions, INode } from 'n8n-workflow';

export function fakeNode(id = 'node-veritus-1'): INode {
	return {
		id,
		name: 'Veritus',
		type: 'n8n-nodes-veritus.veritus',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
}

/** Valid values for every Create Call parameter; a case overrides one of them. */
export const VALID_PARAMETERS: Record<string, unknown> = {
	customerId: '100231',
	agentId: 'agent-collections-01',
	webhook: {},
};

export type ParameterOverride = { field: string; value: unknown } | { field: string; throws: Error };

/**
 * An IExecuteFunctions with only what `prepare` uses: getNode and getNodeParameter.
 * The overridden field returns the given value (or throws the given error, like a failing
 * expression); the others return valid values.
 */
export function fakePrepareContext(
	override?: ParameterOverride,
	node: INode = fakeNode(),
	reads: Array<{ name: string; itemIndex: number }> = [],
): IExecuteFunctions {
	const ctx = {
		getNode: () => node,
		getNodeParameter: (name: string, itemIndex: number) => {
			reads.push({ name, itemIndex });
			if (override && override.field === name) {
				if ('throws' in override) throw override.throws;
				return override.value;
			}
			if (!(name in VALID_PARAMETERS)) throw new Error(`unexpected parameter ${name}`);
			return VALID_PARAMETERS[name];
		},
	};
	return ctx as unknown as IExecuteFunctions;
}
