import * as analyze from './analyze.operation';

/** The operations of the Interaction resource, one file each. */
export { analyze };
