import * as generate from './generate.operation';
import * as importSms from './import.operation';
import * as importMany from './importMany.operation';

/** The operations of the SMS resource, one file each (`import` is the value of Import). */
export { generate, importSms as import, importMany };
