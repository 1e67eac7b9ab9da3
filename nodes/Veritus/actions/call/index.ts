import * as create from './create.operation';
import * as createMany from './createMany.operation';
import * as getRecordingUrl from './getRecordingUrl.operation';

/** The operations of the Call resource, one file each. */
export { create, createMany, getRecordingUrl };
