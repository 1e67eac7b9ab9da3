import * as create from './create.operation';
import * as createMany from './createMany.operation';
import * as update from './update.operation';

/** The operations of the Customer resource, one file each. */
export { create, createMany, update };
