/**
 * What a person can do about a failure, as data. The core never words it: the CLI says it as a flag
 * or a command to type, VS Code as a button or a command in the palette, each in its own words.
 * A core message says what happened and where; the face appends its wording of the remedy.
 */
export { remedyOf, type Remedy, type RemedyKind } from './remedy';
export { remedySchema } from './schema';
