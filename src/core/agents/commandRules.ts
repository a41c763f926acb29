import { analyzeCommand } from '../policy';

/**
 * Kiro's `allowedCommands` / `deniedCommands`: regexes anchored at both ends (Kiro wraps each in
 * `\A…\z`). They are matched against each simple command the shell would run, found by the policy's
 * parser, so `npm .*` allows `npm test` but not `npm test && curl x | sh`, and `rm .*` denies
 * `echo hi; rm -rf build` as well as `bash -c 'rm -rf build'`.
 */
export class CommandRegexList {
  private readonly compiled: Array<{ source: string; re: RegExp }>;

  constructor(readonly patterns: readonly string[]) {
    this.compiled = patterns.map((source) => ({ source, re: new RegExp(`^(?:${source})$`) }));
  }

  get empty(): boolean {
    return this.compiled.length === 0;
  }

  /** The first pattern matching the whole command, or any simple command in it. */
  matchesAny(command: string, cwd: string, home: string): string | null {
    if (this.empty) return null;
    for (const text of [command.trim(), ...simpleCommands(command, cwd, home).commands]) {
      const hit = this.compiled.find((c) => c.re.test(text));
      if (hit) return hit.source;
    }
    return null;
  }

  /** True when every simple command of the command line matches a pattern (and the line could be read). */
  coversAll(command: string, cwd: string, home: string): boolean {
    if (this.empty) return false;
    const { commands, complete } = simpleCommands(command, cwd, home);
    return complete && commands.length > 0 && commands.every((text) => this.compiled.some((c) => c.re.test(text)));
  }
}

/** The simple commands of a command line, innermost, as written; `complete` when nothing in it is only known when it runs. */
function simpleCommands(command: string, cwd: string, home: string): { commands: string[]; complete: boolean } {
  const result = analyzeCommand(command, { cwd: { known: true, dir: cwd }, home });
  if (!result.ok) return { commands: [], complete: false };
  return { commands: result.analysis.invocations.filter((i) => !i.launcher).map((i) => i.source.trim()), complete: result.analysis.unresolved.length === 0 };
}
