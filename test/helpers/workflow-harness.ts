/**
 * Runs the Veritus node inside n8n-core's real `WorkflowExecute`, the engine n8n itself uses.
 *
 * The workflow built for each run is
 *
 *     Start ──▶ Items ──▶ Veritus ──▶ Out 0, Out 1, … (optional, one NoOp per Veritus output)
 *
 * - `Start` (type `test.start`) stands in for the Manual Trigger: it passes on the single empty
 *   item the engine seeds a manual run with.
 * - `Items` (type `test.items`) emits the rows given in its `items` parameter (a JSON string),
 *   like a spreadsheet node would.
 * - `Veritus` is the real node class from `nodes/Veritus/Veritus.node.ts`.
 * - `Out N` (type `test.noOp`) are pass-through nodes wired to Veritus output N, so a test can see
 *   what n8n delivered downstream on each output, including the error output.
 *
 * Everything n8n-core needs from its host is supplied here and kept small:
 * - `initN8nCore()`: a silent logger for `LoggerProxy` and the DI container (its records are
 *   kept in `logRecords`, for leak checks), a fixed `InstanceSettings` (no file is read or
 *   written), an `ErrorReporter` that drops reports and an `SSHClientsManager` without its
 *   cleanup timer (so Jest can exit);
 * - `CredentialsHelper`: hands out the run's `veritusApi` credential and authenticates requests
 *   with the credential class's own generic `authenticate` block, resolved with n8n's expression
 *   engine the way n8n's server does it;
 * - `additionalData`: URLs, an execution ID (the node's Retry-On-Fail memo keys on it) and
 *   `ExecutionLifecycleHooks`.
 */
import { Container } from '@n8n/di';
import { Logger } from '@n8n/backend-common';
import { ErrorReporter, ExecutionLifecycleHooks, InstanceSettings, WorkflowExecute } from 'n8n-core';
// Not re-exported by n8n-core's index; its real constructor starts a one-minute interval that
// would keep the test process alive.
import { SSHClientsManager } from 'n8n-core/dist/execution-engine/ssh-clients-manager';
import { DataDeduplicationService } from 'n8n-core/dist/data-deduplication-service';
import {
	ICredentialsHelper,
	LoggerProxy,
	NodeConnectionTypes,
	Workflow,
	type ExecutionError,
	type ICredentialDataDecryptedObject,
	type ICredentialType,
	type ICredentials,
	type IConnections,
	type IDataObject,
	type IExecuteFunctions,
	type IHttpRequestOptions,
	type INode,
	type INodeExecutionData,
	type INodeParameters,
	type INodeProperties,
	type INodeType,
	type INodeTypeDescription,
	type INodeTypes,
	type IRequestOptionsSimplified,
	type IRun,
	type ITaskData,
	type IVersionedNodeType,
	type IWorkflowBase,
	type IWorkflowExecuteAdditionalData,
	type WorkflowExecuteMode,
	type Logger as WorkflowLogger,
} from 'n8n-workflow';

import { VeritusApi } from '../../credentials/VeritusApi.credentials';
import { Veritus } from '../../nodes/Veritus/Veritus.node';
import { InMemoryDeduplicator } from './deduplicator';

/** The node type name the Veritus node has in an n8n instance that installed this package. */
export const VERITUS_TYPE = 'n8n-nodes-veritus.veritus';
export const START_TYPE = 'test.start';
export const ITEMS_TYPE = 'test.items';
export const NOOP_TYPE = 'test.noOp';

/** Node names in the workflow the harness builds. */
export const VERITUS_NODE = 'Veritus';
export const ITEMS_NODE = 'Items';
export const START_NODE = 'Start';
/** Name of the NoOp node wired to Veritus output `index`. */
export const outNodeName = (index: number): string => `Out ${index}`;

// ---------------------------------------------------------------------------------------------
// n8n-core services
// ---------------------------------------------------------------------------------------------

const noop = () => {};

/** One line n8n-core logged during the process's runs (kept in memory, never printed). */
export interface LogRecord {
	level: 'error' | 'warn' | 'info' | 'debug' | 'verbose';
	message: string;
	metadata?: unknown;
}

/** Everything n8n-core logged through `LoggerProxy` or the DI `Logger`, in order. */
export const logRecords: LogRecord[] = [];

const record =
	(level: LogRecord['level']) =>
	(message: string, metadata?: unknown): void => {
		logRecords.push({ level, message, metadata });
	};

/** A logger that prints nothing and keeps every record in {@link logRecords}. */
const silentLogger = {
	error: record('error'),
	warn: record('warn'),
	info: record('info'),
	debug: record('debug'),
	verbose: record('verbose'),
	scoped() {
		return silentLogger;
	},
};

let initialised = false;

/**
 * The processed-data store every run of this process uses (n8n's server gives n8n-core one backed
 * by its database); the Veritus node keeps its placement ledger in it.
 */
export const processedData = new InMemoryDeduplicator();

/**
 * Prepares the process-wide pieces n8n-core resolves with `Container.get(...)` or `LoggerProxy`.
 * Idempotent. Called by {@link runVeritusWorkflow}.
 */
export function initN8nCore(): void {
	if (initialised) return;
	initialised = true;
	LoggerProxy.init(silentLogger as unknown as WorkflowLogger);
	Container.set(Logger, silentLogger as unknown as Logger);
	Container.set(ErrorReporter, { error: noop, warn: noop, info: noop } as unknown as ErrorReporter);
	Container.set(SSHClientsManager, {
		getClient: async () => {
			throw new Error('SSH tunnels are not supported in this harness');
		},
		updateLastUsed: noop,
	} as unknown as SSHClientsManager);
	Container.set(InstanceSettings, {
		instanceId: 'veritus-integration-test-instance',
		encryptionKey: 'veritus-integration-test-encryption-key',
		hmacSignatureSecret: 'veritus-integration-test-hmac-secret',
		n8nFolder: '/nonexistent-n8n-folder',
		staticCacheDir: '/nonexistent-n8n-folder/cache',
		instanceType: 'main',
		isLeader: true,
	} as unknown as InstanceSettings);
	void DataDeduplicationService.init(processedData);
}

// ---------------------------------------------------------------------------------------------
// Node types
// ---------------------------------------------------------------------------------------------

function testNodeDescription(name: string, properties: INodeProperties[] = []): INodeTypeDescription {
	return {
		displayName: name,
		name,
		group: ['transform'],
		version: 1,
		description: `Test node ${name}`,
		defaults: { name },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties,
	};
}

/** Passes its input on: the start of a manual run, and the downstream observers. */
class PassThroughNode implements INodeType {
	constructor(public description: INodeTypeDescription) {}

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData()];
	}
}

/** Emits the rows of its `items` parameter (a JSON array of objects), one item per row. */
class ItemsNode implements INodeType {
	description = testNodeDescription(ITEMS_TYPE, [{ displayName: 'Items', name: 'items', type: 'json', default: '[]' }]);

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const rows = JSON.parse(this.getNodeParameter('items', 0) as string) as IDataObject[];
		return [rows.map((json) => ({ json, pairedItem: { item: 0 } }))];
	}
}

/** The node types of one run. `executeCalls` counts calls of the Veritus node's `execute()`. */
class TestNodeTypes implements INodeTypes {
	readonly types: Record<string, INodeType>;

	executeCalls = 0;

	constructor() {
		const veritus = new Veritus();
		const execute = veritus.execute;
		const countCall = () => this.executeCalls++;
		veritus.execute = async function (this: IExecuteFunctions) {
			countCall();
			return await execute.call(this);
		};
		this.types = {
			[START_TYPE]: new PassThroughNode(testNodeDescription(START_TYPE)),
			[ITEMS_TYPE]: new ItemsNode(),
			[NOOP_TYPE]: new PassThroughNode(testNodeDescription(NOOP_TYPE)),
			[VERITUS_TYPE]: veritus,
		};
	}

	getByName(nodeType: string): INodeType | IVersionedNodeType {
		return this.getByNameAndVersion(nodeType);
	}

	getByNameAndVersion(nodeType: string): INodeType {
		const type = this.types[nodeType];
		if (!type) throw new Error(`Unknown node type ${nodeType}`);
		return type;
	}

	getKnownTypes() {
		return Object.fromEntries(Object.keys(this.types).map((name) => [name, { className: name, sourcePath: name }]));
	}
}

// ---------------------------------------------------------------------------------------------
// Credentials
// ---------------------------------------------------------------------------------------------

/** The decrypted `veritusApi` credential of a run. */
export interface VeritusCredentialData {
	apiToken: string;
	baseUrl: string;
}

/**
 * Serves one `veritusApi` credential and applies the credential class's generic `authenticate`
 * block (the `Authorization: Bearer {{$credentials.apiToken}}` header) as n8n's server does:
 * each key and value starting with `=` is resolved with the workflow's expression engine and
 * `$credentials` as an additional key.
 */
class CredentialsHelper extends ICredentialsHelper {
	private readonly credentialTypes: Record<string, ICredentialType> = { veritusApi: new VeritusApi() };

	constructor(private readonly data: VeritusCredentialData) {
		super();
	}

	getParentTypes(): string[] {
		return [];
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow: Workflow,
		node: INode,
	): Promise<IHttpRequestOptions> {
		const type = this.credentialType(typeName);
		const options = requestOptions as IHttpRequestOptions & Record<string, unknown>;
		const { authenticate } = type;
		if (typeof authenticate === 'function') return await authenticate(credentials, options);
		if (authenticate?.type !== 'generic') return options;
		const resolve = (value: unknown) =>
			typeof value === 'string' && value.startsWith('=')
				? String(
						workflow.expression.getSimpleParameterValue(
							node,
							value,
							'internal',
							{ $credentials: credentials },
							undefined,
							'',
						),
					)
				: value;
		for (const [outerKey, entries] of Object.entries(authenticate.properties)) {
			const target = ((options[outerKey] as Record<string, unknown> | undefined) ?? {}) as Record<string, unknown>;
			for (const [key, value] of Object.entries(entries as Record<string, unknown>)) {
				target[String(resolve(key))] = resolve(value);
			}
			options[outerKey] = target;
		}
		return options;
	}

	async preAuthentication(): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	async getCredentials(): Promise<ICredentials> {
		throw new Error('Not used by the Veritus node');
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		_nodeCredentials: unknown,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		this.credentialType(type);
		return { ...this.data };
	}

	async updateCredentials(): Promise<void> {}

	async updateCredentialsOauthTokenData(): Promise<void> {}

	getCredentialsProperties(type: string): INodeProperties[] {
		return this.credentialType(type).properties;
	}

	private credentialType(name: string): ICredentialType {
		const type = this.credentialTypes[name];
		if (!type) throw new Error(`Unknown credential type ${name}`);
		return type;
	}
}

// ---------------------------------------------------------------------------------------------
// Running a workflow
// ---------------------------------------------------------------------------------------------

/** Node settings of the Veritus node (the "Settings" tab in the editor). */
export interface VeritusNodeSettings {
	/** Node parameters, merged over {@link DEFAULT_VERITUS_PARAMETERS}. */
	parameters?: INodeParameters;
	continueOnFail?: boolean;
	onError?: INode['onError'];
	retryOnFail?: boolean;
	maxTries?: number;
	waitBetweenTries?: number;
}

/** Customer ID and Agent ID mapped from the row's `customerId` / `agentId` fields. */
export const DEFAULT_VERITUS_PARAMETERS: INodeParameters = {
	resource: 'call',
	operation: 'create',
	customerId: '={{ $json.customerId }}',
	agentId: '={{ $json.agentId }}',
};

export interface RunVeritusOptions {
	/** The rows the Items node emits, in order. */
	items: IDataObject[];
	credentials: VeritusCredentialData;
	veritus?: VeritusNodeSettings;
	/** Wire a NoOp node to each Veritus output (default true). */
	downstream?: boolean;
	/** Default: a new unique ID per run. */
	executionId?: string;
	/**
	 * Default: a new unique ID per run, so that runs do not share a placement ledger. Give two runs
	 * one ID to run them as two executions of one workflow; `null` runs an unsaved workflow.
	 */
	workflowId?: string | null;
	/** Execution mode (default `manual`, a run from the editor). */
	mode?: WorkflowExecuteMode;
	/**
	 * Called with the running execution once it has started; `stop()` stops it the way n8n's Stop
	 * button does (the engine's cancel, which aborts the nodes' cancel signal).
	 */
	onStart?: (execution: { stop: () => void }) => void;
}

export interface VeritusWorkflowRun {
	/** What `WorkflowExecute.run()` resolved with. */
	run: IRun;
	/** `run.data.resultData.error`: set when the run failed. */
	error: ExecutionError | undefined;
	/** The Veritus node's last task data. */
	task: ITaskData;
	/** The Veritus node's outputs (`task.data.main`, empty arrays for empty outputs). */
	outputs: INodeExecutionData[][];
	/** Items each downstream `Out N` node received, by output index (undefined: it did not run). */
	downstream: Array<INodeExecutionData[] | undefined>;
	/** How many times n8n called the Veritus node's `execute()` (more than 1 with Retry On Fail). */
	executeCalls: number;
	executionId: string;
}

let executionCounter = 0;
let workflowCounter = 0;

/** Number of Veritus outputs n8n gives the node with these parameters and settings. */
export function veritusOutputCount(settings: VeritusNodeSettings = {}): number {
	const parameters = settings.parameters ?? {};
	const single =
		parameters.outputLayout === 'single' ||
		parameters.resource === 'client' ||
		['sms', 'email', 'interaction'].includes(parameters.resource as string) ||
		(parameters.resource === 'customer' && parameters.operation === 'update');
	return (single ? 1 : 2) + (settings.onError === 'continueErrorOutput' ? 1 : 0);
}

/** Builds the workflow and the node types for one run. */
export function buildWorkflow(options: RunVeritusOptions): { workflow: Workflow; nodeTypes: TestNodeTypes } {
	const settings = options.veritus ?? {};
	const nodeTypes = new TestNodeTypes();
	const nodes: INode[] = [
		{ id: 'start', name: START_NODE, type: START_TYPE, typeVersion: 1, position: [0, 0], parameters: {} },
		{
			id: 'items',
			name: ITEMS_NODE,
			type: ITEMS_TYPE,
			typeVersion: 1,
			position: [200, 0],
			parameters: { items: JSON.stringify(options.items) },
		},
		{
			id: 'veritus',
			name: VERITUS_NODE,
			type: VERITUS_TYPE,
			typeVersion: 1,
			position: [400, 0],
			parameters: { ...DEFAULT_VERITUS_PARAMETERS, ...settings.parameters },
			credentials: { veritusApi: { id: 'veritus-credential', name: 'Veritus account' } },
			...(settings.continueOnFail !== undefined ? { continueOnFail: settings.continueOnFail } : {}),
			...(settings.onError !== undefined ? { onError: settings.onError } : {}),
			...(settings.retryOnFail !== undefined ? { retryOnFail: settings.retryOnFail } : {}),
			...(settings.maxTries !== undefined ? { maxTries: settings.maxTries } : {}),
			...(settings.waitBetweenTries !== undefined ? { waitBetweenTries: settings.waitBetweenTries } : {}),
		},
	];
	const connections: IConnections = {
		[START_NODE]: { main: [[{ node: ITEMS_NODE, type: NodeConnectionTypes.Main, index: 0 }]] },
		[ITEMS_NODE]: { main: [[{ node: VERITUS_NODE, type: NodeConnectionTypes.Main, index: 0 }]] },
	};
	if (options.downstream !== false) {
		const count = veritusOutputCount(settings);
		const outputs = [];
		for (let index = 0; index < count; index++) {
			nodes.push({
				id: `out-${index}`,
				name: outNodeName(index),
				type: NOOP_TYPE,
				typeVersion: 1,
				position: [600, index * 200],
				parameters: {},
			});
			outputs.push([{ node: outNodeName(index), type: NodeConnectionTypes.Main, index: 0 }]);
		}
		connections[VERITUS_NODE] = { main: outputs };
	}
	const workflow = new Workflow({
		id: options.workflowId === null ? '' : (options.workflowId ?? `veritus-integration-workflow-${++workflowCounter}`),
		name: 'Veritus integration test',
		nodes,
		connections,
		active: false,
		nodeTypes,
		settings: { executionOrder: 'v1' },
	});
	return { workflow, nodeTypes };
}

/** Additional data for one execution: credentials, URLs, hooks and the execution ID. */
export function buildAdditionalData(
	workflow: Workflow,
	credentials: VeritusCredentialData,
	executionId: string,
): IWorkflowExecuteAdditionalData {
	const workflowData: IWorkflowBase = {
		id: workflow.id,
		name: workflow.name ?? '',
		active: false,
		isArchived: false,
		createdAt: new Date(0),
		updatedAt: new Date(0),
		nodes: Object.values(workflow.nodes),
		connections: workflow.connectionsBySourceNode,
		activeVersionId: null,
	};
	const base = 'http://127.0.0.1:5678';
	const additionalData: Partial<IWorkflowExecuteAdditionalData> = {
		credentialsHelper: new CredentialsHelper(credentials),
		executeWorkflow: async () => {
			throw new Error('Sub-workflows are not supported in this harness');
		},
		getRunExecutionData: async () => undefined,
		executionId,
		currentNodeExecutionIndex: 0,
		restApiUrl: `${base}/rest`,
		instanceBaseUrl: base,
		formWaitingBaseUrl: `${base}/form-waiting`,
		webhookBaseUrl: `${base}/webhook`,
		webhookWaitingBaseUrl: `${base}/webhook-waiting`,
		webhookTestBaseUrl: `${base}/webhook-test`,
		variables: {},
		logAiEvent: noop,
		startRunnerTask: async () => {
			throw new Error('Task runners are not supported in this harness');
		},
		hooks: new ExecutionLifecycleHooks('manual', executionId, workflowData),
	};
	return additionalData as IWorkflowExecuteAdditionalData;
}

/**
 * Runs Start → Items → Veritus (→ Out N) through `WorkflowExecute.run()` in `manual` mode and
 * returns the run with the Veritus node's outputs. A node error does not reject: it is in
 * `error` (and `run.data.resultData.error`), as in n8n's execution log.
 */
export async function runVeritusWorkflow(options: RunVeritusOptions): Promise<VeritusWorkflowRun> {
	initN8nCore();
	const executionId = options.executionId ?? `it-${process.pid}-${Date.now()}-${++executionCounter}`;
	const { workflow, nodeTypes } = buildWorkflow(options);
	const additionalData = buildAdditionalData(workflow, options.credentials, executionId);
	const startNode = workflow.getNode(START_NODE) ?? undefined;
	const execution = new WorkflowExecute(additionalData, options.mode ?? 'manual').run({ workflow, startNode });
	options.onStart?.({ stop: () => execution.cancel() });
	const run = await execution;

	const tasks = run.data.resultData.runData[VERITUS_NODE] ?? [];
	const task = tasks[tasks.length - 1];
	if (!task) throw new Error(`The Veritus node did not run: ${run.data.resultData.error?.message ?? 'no error'}`);
	const outputs = (task.data?.main ?? []).map((items) => items ?? []);
	const downstream: Array<INodeExecutionData[] | undefined> = [];
	for (let index = 0; index < veritusOutputCount(options.veritus); index++) {
		const outTask = run.data.resultData.runData[outNodeName(index)]?.[0];
		downstream.push(outTask ? (outTask.data?.main?.[0] ?? []) : undefined);
	}
	return {
		run,
		error: run.data.resultData.error,
		task,
		outputs,
		downstream,
		executeCalls: nodeTypes.executeCalls,
		executionId,
	};
}
