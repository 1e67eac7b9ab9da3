/**
 * Runs the Veritus Trigger the way n8n's server does, inside this process, with n8n-core's real
 * classes:
 *
 * - **A webhook request** ({@link TriggerHarness.receive}): like n8n's live-webhook handler, each
 *   request builds a new `Workflow` from the stored static data (n8n loads the workflow from its
 *   database per request), gives the node a real `WebhookContext` with the request and a response
 *   recorder, calls `webhook()`, and saves the static data when n8n's `ObservableObject` marked it
 *   changed (`__dataChanged`), as n8n's `saveStaticData` does after webhook() returns.
 * - **The execution** ({@link TriggerHarness.execute}): the trigger's items are put on the node
 *   execution stack, as n8n's webhook handler does, and `WorkflowExecute.processRunExecutionData`
 *   runs Veritus Trigger → Out (a pass-through), so the trigger's `execute()` runs with n8n-core's
 *   real `ExecuteContext` (HTTP requests, binary data).
 *
 * The request is what n8n's body reader leaves for a type-version-1 webhook node: `rawBody` (the
 * bytes as received), `body` (parsed JSON), lower-case `headers`.
 */
import { ExecutionLifecycleHooks, WebhookContext, WorkflowExecute } from 'n8n-core';
import {
	createRunExecutionData,
	ICredentialsHelper,
	NodeConnectionTypes,
	Workflow,
	type ICredentialDataDecryptedObject,
	type ICredentials,
	type IDataObject,
	type IExecuteFunctions,
	type INode,
	type INodeExecutionData,
	type INodeParameters,
	type INodeProperties,
	type INodeType,
	type INodeTypeDescription,
	type INodeTypes,
	type IRun,
	type IVersionedNodeType,
	type IWebhookData,
	type IWebhookResponseData,
	type IWorkflowBase,
	type IWorkflowExecuteAdditionalData,
	type WorkflowExecuteMode,
} from 'n8n-workflow';

import { VeritusWebhookSecretApi } from '../../credentials/VeritusWebhookSecretApi.credentials';
import { VeritusTrigger } from '../../nodes/VeritusTrigger/VeritusTrigger.node';
import { initN8nCore } from './workflow-harness';

export const TRIGGER_TYPE = 'n8n-nodes-veritus.veritusTrigger';
export const TRIGGER_NODE = 'Veritus Trigger';
export const OUT_NODE = 'Out';
const NOOP_TYPE = 'test.noOp';

/** A request as n8n's webhook handler hands it to the node. */
export interface HarnessRequest {
	/** The bytes as received; leave out to model a host that kept none. */
	rawBody?: Buffer;
	/** n8n's parsed body (JSON.parse of the bytes by default). */
	body?: unknown;
	headers?: Record<string, string | string[]>;
	/** Set to model a host that reads the bytes only on request: resolves with the bytes. */
	readRawBody?: () => Promise<Buffer>;
}

/** What the node wrote to the response itself (401, 400, 500), if anything. */
export interface RecordedResponse {
	status?: number;
	body?: unknown;
}

/** The outcome of one webhook request. */
export interface Received {
	result: IWebhookResponseData;
	response: RecordedResponse;
	/** Whether n8n would save the static data after this request (`__dataChanged`). */
	staticDataSaved: boolean;
}

class PassThrough implements INodeType {
	description: INodeTypeDescription = {
		displayName: NOOP_TYPE,
		name: NOOP_TYPE,
		group: ['transform'],
		version: 1,
		description: 'Pass-through',
		defaults: { name: NOOP_TYPE },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData()];
	}
}

class NodeTypes implements INodeTypes {
	readonly types: Record<string, INodeType> = { [TRIGGER_TYPE]: new VeritusTrigger(), [NOOP_TYPE]: new PassThrough() };

	getByName(type: string): INodeType | IVersionedNodeType {
		return this.getByNameAndVersion(type);
	}

	getByNameAndVersion(type: string): INodeType {
		const found = this.types[type];
		if (!found) throw new Error(`Unknown node type ${type}`);
		return found;
	}

	getKnownTypes() {
		return Object.fromEntries(Object.keys(this.types).map((name) => [name, { className: name, sourcePath: name }]));
	}
}

/** Hands out the `veritusWebhookSecretApi` credential; nothing authenticates requests. */
class SecretCredentialsHelper extends ICredentialsHelper {
	constructor(private readonly secret: string | undefined) {
		super();
	}

	getParentTypes(): string[] {
		return [];
	}

	async authenticate(_credentials: ICredentialDataDecryptedObject, _type: string, options: unknown) {
		return options as never;
	}

	async preAuthentication(): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	async getCredentials(): Promise<ICredentials> {
		throw new Error('Not used by the Veritus Trigger');
	}

	async getDecrypted(_additionalData: unknown, _nodeCredentials: unknown, type: string) {
		if (type !== 'veritusWebhookSecretApi') throw new Error(`Unknown credential type ${type}`);
		if (this.secret === undefined) throw new Error('Credentials not found');
		return { secret: this.secret };
	}

	async updateCredentials(): Promise<void> {}

	async updateCredentialsOauthTokenData(): Promise<void> {}

	getCredentialsProperties(): INodeProperties[] {
		return new VeritusWebhookSecretApi().properties;
	}
}

/** The harness's options: the node's parameters and credential, and the workflow's identity. */
export interface TriggerHarnessOptions {
	parameters?: INodeParameters;
	/** The credential's secret; `undefined` selects no credential on the node. */
	secret?: string;
	workflowId?: string;
	nodeName?: string;
}

let harnessCounter = 0;

/** One saved workflow with a Veritus Trigger, its stored static data, and the n8n-core pieces. */
export class TriggerHarness {
	readonly nodeTypes = new NodeTypes();
	readonly workflowId: string;
	readonly nodeName: string;
	/** The workflow's static data as "stored in the database" (JSON text, as n8n keeps it). */
	storedStaticData = '{}';
	/** How many times n8n would have saved the static data. */
	staticDataSaves = 0;

	constructor(private readonly options: TriggerHarnessOptions = {}) {
		initN8nCore();
		this.workflowId = options.workflowId ?? `trigger-harness-${process.pid}-${++harnessCounter}`;
		this.nodeName = options.nodeName ?? TRIGGER_NODE;
	}

	/** The workflow as n8n builds it for one request, from the stored static data. */
	workflow(): Workflow {
		const trigger: INode = {
			id: 'trigger',
			name: this.nodeName,
			type: TRIGGER_TYPE,
			typeVersion: 1,
			position: [0, 0],
			webhookId: '5f6a7b8c-1d2e-4f30-8a41-52b6c7d8e9f0',
			parameters: this.options.parameters ?? {},
			...(this.options.secret !== undefined
				? { credentials: { veritusWebhookSecretApi: { id: 'secret-1', name: 'Veritus webhook secret' } } }
				: {}),
		};
		const out: INode = {
			id: 'out',
			name: OUT_NODE,
			type: NOOP_TYPE,
			typeVersion: 1,
			position: [200, 0],
			parameters: {},
		};
		return new Workflow({
			id: this.workflowId,
			name: 'Veritus Trigger harness',
			nodes: [trigger, out],
			connections: { [this.nodeName]: { main: [[{ node: OUT_NODE, type: NodeConnectionTypes.Main, index: 0 }]] } },
			active: true,
			nodeTypes: this.nodeTypes,
			staticData: JSON.parse(this.storedStaticData) as IDataObject,
			settings: { executionOrder: 'v1' },
		});
	}

	/**
	 * Delivers one request to `webhook()`. With `save: false` the static data is not written back
	 * yet: call the returned `save()` later, to model requests that overlap.
	 */
	async receive(
		request: HarnessRequest,
		{ mode = 'webhook', save = true }: { mode?: WorkflowExecuteMode; save?: boolean } = {},
	): Promise<Received & { save: () => boolean }> {
		const workflow = this.workflow();
		const node = workflow.getNode(this.nodeName) as INode;
		const response: RecordedResponse = {};
		const res = {
			status(code: number) {
				response.status = code;
				return res;
			},
			json(body: unknown) {
				response.body = body;
				return res;
			},
			send(body: unknown) {
				response.body = body;
				return res;
			},
			end() {
				return res;
			},
		};
		const httpRequest: Record<string, unknown> = {
			headers: request.headers ?? {},
			rawBody: request.rawBody,
			body: request.body !== undefined ? request.body : request.rawBody ? tryParse(request.rawBody) : {},
			params: {},
			query: {},
		};
		if (request.readRawBody) {
			const read = request.readRawBody;
			httpRequest.readRawBody = async () => {
				httpRequest.rawBody = await read();
			};
		}
		const additionalData = this.additionalData('webhook-request', mode);
		additionalData.httpRequest = httpRequest as unknown as IWorkflowExecuteAdditionalData['httpRequest'];
		additionalData.httpResponse = res as unknown as IWorkflowExecuteAdditionalData['httpResponse'];
		const trigger = this.nodeTypes.types[TRIGGER_TYPE] as VeritusTrigger;
		const webhookData: IWebhookData = {
			httpMethod: 'POST',
			node: this.nodeName,
			path: `${node.webhookId}/webhook`,
			webhookDescription: trigger.description.webhooks![0],
			workflowId: this.workflowId,
			workflowExecuteAdditionalData: additionalData,
			webhookId: node.webhookId,
		};
		const context = new WebhookContext(workflow, node, additionalData, mode, webhookData, [], null);
		const result = await trigger.webhook.call(context);
		const saveStaticData = () => {
			// n8n's saveStaticData: only when the ObservableObject saw a change.
			const changed = (workflow.staticData as IDataObject & { __dataChanged?: boolean }).__dataChanged === true;
			if (changed) {
				this.storedStaticData = JSON.stringify(workflow.staticData);
				this.staticDataSaves += 1;
			}
			return changed;
		};
		const staticDataSaved = save ? saveStaticData() : false;
		return { result, response, staticDataSaved, save: saveStaticData };
	}

	/**
	 * Runs the execution a webhook request started: the trigger (its `execute()`) with `items`, then
	 * Out. Resolves with the trigger's and Out's items.
	 */
	async execute(
		items: INodeExecutionData[],
	): Promise<{ run: IRun; trigger: INodeExecutionData[]; out: INodeExecutionData[] | undefined }> {
		const workflow = this.workflow();
		const node = workflow.getNode(this.nodeName) as INode;
		const executionId = `trigger-execution-${++harnessCounter}`;
		const runExecutionData = createRunExecutionData({
			executionData: { nodeExecutionStack: [{ node, data: { main: [items] }, source: null }] },
		});
		const run = await new WorkflowExecute(
			this.additionalData(executionId, 'webhook'),
			'webhook',
			runExecutionData,
		).processRunExecutionData(workflow);
		const runData = run.data.resultData.runData;
		if (run.data.resultData.error) throw run.data.resultData.error;
		return {
			run,
			trigger: runData[this.nodeName]?.[0]?.data?.main?.[0] ?? [],
			out: runData[OUT_NODE]?.[0]?.data?.main?.[0] ?? undefined,
		};
	}

	private additionalData(executionId: string, mode: WorkflowExecuteMode): IWorkflowExecuteAdditionalData {
		const workflowData: IWorkflowBase = {
			id: this.workflowId,
			name: 'Veritus Trigger harness',
			active: true,
			isArchived: false,
			createdAt: new Date(0),
			updatedAt: new Date(0),
			nodes: [],
			connections: {},
			activeVersionId: null,
		};
		const base = 'http://127.0.0.1:5678';
		return {
			credentialsHelper: new SecretCredentialsHelper(this.options.secret),
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
			logAiEvent: () => {},
			startRunnerTask: async () => {
				throw new Error('Task runners are not supported in this harness');
			},
			hooks: new ExecutionLifecycleHooks(mode, executionId, workflowData),
		} as unknown as IWorkflowExecuteAdditionalData;
	}
}

function tryParse(bytes: Buffer): unknown {
	try {
		return JSON.parse(bytes.toString('utf8'));
	} catch {
		return {};
	}
}
