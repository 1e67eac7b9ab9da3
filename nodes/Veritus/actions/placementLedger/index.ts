import * as clear from './clear.operation';
import * as release from './release.operation';

/** The operations of the Placement Ledger resource, one file each. */
export { clear, release };
