import * as list from './list.operation';

/** The operations of the Client resource, one file each. */
export { list };

/** The Client drop-down's options (`loadOptionsMethod: 'getClients'`), for the node's `methods`. */
export const { getClients } = list;
