import * as create from './create.operation';

/** The operations of the Call resource, one file each. */
export { create };
