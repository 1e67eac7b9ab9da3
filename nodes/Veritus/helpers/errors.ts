import { NodeApiError, NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

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
