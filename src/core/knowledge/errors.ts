/**
 * What a person can do about a knowledge-base error: the CLI words it as a command, VS Code as a
 * button. `add`: create the base (named `name`); `update`: re-index it; `rename`: choose another
 * name; `remove`: drop a base whose source is gone; `allow-outside`: confirm, outside the
 * repository, a source outside the workspace.
 */
export type KnowledgeRemedy =
  | { action: 'add'; name?: string }
  | { action: 'update'; name: string }
  | { action: 'rename' }
  | { action: 'remove'; name: string }
  | { action: 'allow-outside'; source: string };

export type KnowledgeErrorCode = 'not_found' | 'ambiguous' | 'exists' | 'bad_source' | 'outside_workspace' | 'bad_resource' | 'damaged';

/** A knowledge-base operation that cannot be done; the message says what, where and what next. */
export class KnowledgeError extends Error {
  constructor(
    readonly code: KnowledgeErrorCode,
    message: string,
    readonly remedy?: KnowledgeRemedy,
  ) {
    super(message);
    this.name = 'KnowledgeError';
  }
}
