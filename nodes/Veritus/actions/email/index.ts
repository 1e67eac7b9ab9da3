import * as generate from './generate.operation';
import * as importEmail from './import.operation';
import * as importMany from './importMany.operation';

/** The operations of the Email resource, one file each (`import` is the value of Import). */
export { generate, importEmail as import, importMany };
