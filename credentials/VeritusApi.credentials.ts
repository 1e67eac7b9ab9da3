import type {
	ICredentialDataDecryptedObject,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

/**
 * Path of the credential test, under the Base URL: List Clients (`GET /clients` in the provider's
 * OpenAPI document). It only reads, so it is safe on production, and it answers 200 with
 * `{ success: true, data: [...] }` for an accepted token and 401 for a rejected one.
 */
export const CREDENTIAL_TEST_PATH = '/clients';

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
 * The credential test sends `GET {baseUrl}/clients` (List Clients: it reads, never writes). n8n's
 * declarative credential tests only see the response body, so the verdict is read from it (see
 * docs/credentials.md, "Veritus API"):
 * - `publicFacingMessage` {@link UNAUTHORIZED_MESSAGE} (the published 401 body), or `error.code`
 *   `unauthorized` / `forbidden` → the token was rejected (401 / 403);
 * - no JSON envelope with `success` → the Base URL does not point at a Veritus API;
 * - `success: false` for any other reason → Veritus refused the request;
 * - `success: true` → the token was accepted;
 * - a host that cannot be reached → n8n reports the network error code (for example
 *   `ECONNREFUSED` or `ENOTFOUND`).
 */
export class VeritusApi implements ICredentialType {
	name = 'veritusApi';

	displayName = 'Veritus API';

	icon: Icon = { light: 'file:veritus.svg', dark: 'file:veritus.dark.svg' };

	documentationUrl = 'https://github.com/veritus-agent/n8n-nodes-veritus/blob/main/docs/credentials.md#veritus-api';

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
			url: CREDENTIAL_TEST_PATH,
			method: 'GET',
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
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'success',
					value: false,
					message:
						'Veritus refused the test request (List Clients). Check that the token belongs to this Base URL, and ask Veritus whether it may read clients.',
				},
			},
		],
	};
}
