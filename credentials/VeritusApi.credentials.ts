import type {
	ICredentialDataDecryptedObject,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

/**
 * Customer ID used by the credential test. It is deliberately not a real customer, and the test
 * request carries an empty `agentId`, so the API can never place a call for it: there is no
 * agent to place it with (the API document requires `agentId`, "assigned to you").
 */
export const CREDENTIAL_TEST_CUSTOMER_ID = 'n8n-credential-test';

/**
 * The `publicFacingMessage` of every 401 answer in the provider's OpenAPI document, verbatim.
 */
export const UNAUTHORIZED_MESSAGE = 'Unauthorized. Make sure to pass the correct authorization token.';

/**
 * The `Veritus API` credential (`veritusApi`).
 *
 * - `apiToken`: the bearer token Veritus issues; sent as `Authorization: Bearer <token>`, as the
 *   API document's "Authorizations" section requires.
 * - `baseUrl`: the API root, with or without a trailing slash. Defaults to the sandbox host named
 *   in the API document; production users paste the URL Veritus gives them.
 *
 * {@link VeritusApi.authenticate} adds both to every request the node sends through n8n's
 * `httpRequestWithAuthentication`, so the node never reads the credential itself.
 *
 * The credential test sends `POST {baseUrl}/customers/n8n-credential-test/calls` with the body
 * `{"agentId": ""}`. It never places a call (no agent). n8n's declarative credential tests only see the
 * response body, so the verdict is read from it (see the README, "Credential"):
 * - no JSON envelope with `success` → the Base URL does not point at a Veritus API;
 * - `publicFacingMessage` {@link UNAUTHORIZED_MESSAGE} (the published 401 body), or `error.code`
 *   `unauthorized` / `forbidden` (the seed-era emulator's) → the token was rejected (401 / 403);
 * - anything else that carries Veritus's envelope → the token was accepted;
 * - a host that cannot be reached → n8n reports the network error code (for example
 *   `ECONNREFUSED` or `ENOTFOUND`).
 */
export class VeritusApi implements ICredentialType {
	name = 'veritusApi';

	displayName = 'Veritus API';

	icon: Icon = { light: 'file:veritus.svg', dark: 'file:veritus.dark.svg' };

	documentationUrl = 'https://github.com/veritus-agent/n8n-nodes-veritus#credential';

	properties: INodeProperties[] = [
		{
			displayName: 'API Token',
			name: 'apiToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The bearer token Veritus issued to you',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://sandbox.veritusagent.ai/api/v1',
			required: true,
			placeholder: 'https://sandbox.veritusagent.ai/api/v1',
			description:
				'The API root, ending in /api/v1 (a trailing slash is fine). The default is the Veritus sandbox; for production use the URL Veritus gives you.',
		},
	];

	/**
	 * Adds the credential to a request, the way n8n calls a credential's `authenticate` function
	 * before it sends (n8n's `httpRequestWithAuthentication`, and the credential test):
	 * - `Authorization: Bearer <API Token>` (the API document's "Authorizations");
	 * - `baseURL`: the Base URL with exactly one trailing slash, unless the request has a `baseURL`
	 *   of its own (the credential test does). The node sends paths relative to it
	 *   (`customers/{customerId}/calls`), so a Base URL with or without a trailing slash, or with
	 *   several, gives the same URL. n8n's request helper (axios) joins the two; an absolute `url`
	 *   ignores `baseURL`.
	 * The function form is needed for `baseURL`: n8n's generic form can only add headers, body,
	 * query string and auth.
	 *
	 * @returns a copy of `requestOptions` with the header and the base URL; the input is not changed.
	 */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const baseUrl = typeof credentials.baseUrl === 'string' ? credentials.baseUrl.trim().replace(/\/+$/, '') : '';
		return {
			...requestOptions,
			...(requestOptions.baseURL === undefined && baseUrl ? { baseURL: `${baseUrl}/` } : {}),
			headers: { ...requestOptions.headers, Authorization: `Bearer ${String(credentials.apiToken ?? '')}` },
		};
	}

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: `/customers/${CREDENTIAL_TEST_CUSTOMER_ID}/calls`,
			method: 'POST',
			// n8n drops an empty body (and its Content-Type); an empty agentId keeps a JSON body
			// that the API must refuse, so the probe still cannot place a call.
			body: { agentId: '' },
			json: true,
			ignoreHttpStatusErrors: true,
		},
		rules: [
			{
				// The provider's OpenAPI document: every 401 is { requestId, success: false,
				// publicFacingMessage } with this exact text (n8n compares the value exactly).
				type: 'responseSuccessBody',
				properties: {
					key: 'publicFacingMessage',
					value: UNAUTHORIZED_MESSAGE,
					message: 'The API token was rejected (HTTP 401). Check the token Veritus issued to you.',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'error.code',
					value: 'unauthorized',
					message: 'The API token was rejected (HTTP 401). Check the token Veritus issued to you.',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'error.code',
					value: 'forbidden',
					message:
						'The API token was rejected (HTTP 403): it is not allowed to use this API. Ask Veritus to check its permissions.',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'success',
					value: undefined,
					message:
						'The Base URL did not answer like the Veritus API (no JSON body with "success"). Check the Base URL; it usually ends in /api/v1.',
				},
			},
		],
	};
}
