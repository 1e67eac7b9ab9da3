import { NodeApiError, NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

import { hideSecret } from '../transport/errors';

/**
 * Returns `error` as the node error n8n shows for item `itemIndex`: a `NodeApiError` or
 * `NodeOperationError` is kept as it is; anything else is wrapped in a `NodeOperationError`.
 */
export function asNodeError(
	ctx: IExecuteFunctions,
	error: unknown,
	itemIndex: number,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
}

/**
 * Returns the validation error of item `itemIndex` with `customerId` in its `context`, so that an
 * error item under "Continue (using regular output)" names the customer even when another field
 * was bad. Anything that is not a node error is wrapped in a `NodeOperationError` first.
 */
export function withCustomerId(
	ctx: IExecuteFunctions,
	error: unknown,
	itemIndex: number,
	customerId: string,
): NodeApiError | NodeOperationError {
	const nodeError = asNodeError(ctx, error, itemIndex);
	nodeError.context.customerId = customerId;
	return nodeError;
}

/**
 * Runs `send` (one request and the reading of its answer) and removes `secret` (a password field's
 * value, such as the webhook Secret ID) from whatever it throws: an API may quote the request body
 * in its error message, and a password field must never reach a message or a log.
 *
 * @throws NodeApiError or NodeOperationError: `send`'s error (anything else wrapped), `secret` hidden.
 */
export async function withSecretHidden<T>(
	ctx: IExecuteFunctions,
	itemIndex: number,
	secret: string | undefined,
	send: () => Promise<T>,
): Promise<T> {
	try {
		return await send();
	} catch (error) {
		throw hideSecret(asNodeError(ctx, error, itemIndex), secret);
	}
}
