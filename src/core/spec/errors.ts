/** Errors meant for people: each says what happened, where, and what to do next. */

export class SpecNotFoundError extends Error {
  constructor(
    readonly spec: string,
    readonly available: string[],
  ) {
    const known = available.length ? `the specs are: ${available.join(', ')}` : 'there are no specs in .kiro/specs/ yet';
    super(`There is no spec "${spec}" in .kiro/specs/; ${known}.`);
    this.name = 'SpecNotFoundError';
  }
}

export class SpecFileMissingError extends Error {
  constructor(
    readonly spec: string,
    readonly file: string,
  ) {
    super(`Spec "${spec}" has no ${file}; create .kiro/specs/${spec}/${file} first.`);
    this.name = 'SpecFileMissingError';
  }
}

export class TaskNotFoundError extends Error {
  constructor(
    readonly taskId: string,
    readonly file: string,
    known: string[],
  ) {
    const hint = known.length ? `its task ids run ${known.slice(0, 8).join(', ')}${known.length > 8 ? ', …' : ''}` : 'it has no tasks';
    super(`There is no task "${taskId}" in ${file}; ${hint}.`);
    this.name = 'TaskNotFoundError';
  }
}

export class AmbiguousTaskIdError extends Error {
  constructor(
    readonly taskId: string,
    readonly file: string,
    lines: number[],
  ) {
    super(`Task id "${taskId}" is used by several tasks in ${file} (lines ${lines.join(', ')}); renumber them so each id is unique, then try again.`);
    this.name = 'AmbiguousTaskIdError';
  }
}

/** The file moved under us in a way that offsets no longer point at a checkbox. */
export class StaleTaskError extends Error {
  constructor(
    readonly taskId: string,
    readonly file: string,
  ) {
    super(`Task "${taskId}" is no longer where it was in ${file}; re-read the file and try again.`);
    this.name = 'StaleTaskError';
  }
}

/** Rewriting a file that is not valid UTF-8 would replace its bad bytes: we refuse instead. */
export class NotUtf8Error extends Error {
  constructor(readonly file: string) {
    super(`${file} is not valid UTF-8 text, so Specwright will not rewrite it; re-save it as UTF-8 and try again.`);
    this.name = 'NotUtf8Error';
  }
}
