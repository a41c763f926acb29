import type { CommandDefinition } from '../io';

/** Every top-level `specwright` command, in the order `specwright --help` lists them. */
export const commands: CommandDefinition[] = [
];
