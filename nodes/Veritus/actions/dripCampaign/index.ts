import * as cancel from './cancel.operation';
import * as enroll from './enroll.operation';

/** The operations of the Drip Campaign resource, one file each. */
export { cancel, enroll };
