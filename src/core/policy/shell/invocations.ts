import * as path from 'node:path';
import { parseArgs } from '../commandLine';
import { SHELLS, specFor } from '../programs';
import { ScriptWalker, type CwdState, type RawCommand, type RedirectUse, type ScriptFacts, type ScriptNote, type StdinSource } from './scriptWalker';
import { pathUses } from '../writeTargets';
import { isStdinPath, packageScripts, SHELL_SHEBANG, shellScript, type ReadScript, type ScriptSource } from './scriptSources';
import { embeddedCommands } from './embeddedShell';
import { parseShell } from './syntaxTree';
import type { StaticWord, WordValue } from './words';
import { SSH_SPEC, WRAPPERS } from './wrappers';

export { PRIVILEGE_WRAPPERS } from './wrappers';

/** One program the command will run, seen through every wrapper and nested shell. */
export interface Invocation {
  /** The simple command as written, innermost (`rm -rf x` inside `bash -c '…'`). */
  source: string;
  /** The script file or package.json script it comes from, when not the command line itself. */
  origin?: string;
  /** For a command inside such a script: the invocation that runs the script (`npm test`). */
  launcher?: Invocation;
  /** Wrappers and shells it runs through, outermost first: `['sudo', 'bash']`. */
  via: string[];
  /** `VAR=value` prefixes and `env VAR=value` assignments. */
  env: Map<string, WordValue>;
  program: StaticWord;
  /** The program's name without its directory: `/bin/rm` → `rm`. */
  name: string;
  args: WordValue[];
  /** Every word of the simple command as the shell passes them, wrappers included. */
  written: WordValue[];
  cwd: CwdState;
  stdin: StdinSource;
  /** xargs or find -exec adds arguments only known when it runs. */
  runtimeArgs: boolean;
  /** It runs a script (shell file, package.json script) the policy found and read: its commands follow with this as their launcher. */
  scriptRead?: boolean;
}

/** A part of the command whose effect cannot be known from its text. */
export interface Unresolved {
  source: string;
  origin?: string;
  /** Completes "cannot tell what this runs: …". */
  why: string;
}

export interface CommandAnalysis {
  invocations: Invocation[];
  redirects: RedirectUse[];
  notes: ScriptNote[];
  unresolved: Unresolved[];
}

export type AnalysisResult = { ok: true; analysis: CommandAnalysis } | { ok: false; parseError: string };

/** Nested `bash -c "eval '…'"` deeper than this is refused rather than followed. */
const MAX_DEPTH = 6;

export interface AnalyzeOptions {
  cwd: CwdState;
  home: string;
  /** Lets the analysis read shell scripts and package.json scripts the command runs. */
  readScript?: ReadScript;
  /** Variables the command runs with whose values are known (a hook's KIRO_HOOK_PATHS). */
  env?: Readonly<Record<string, string>>;
}

/** Parses a command line and lists every program it runs, every redirection and every blind spot. */
export function analyzeCommand(text: string, options: AnalyzeOptions): AnalysisResult {
  const parsed = parseShell(text);
  if (!parsed.ok) return { ok: false, parseError: parsed.message };
  const analysis: CommandAnalysis = { invocations: [], redirects: [], notes: [], unresolved: [] };
  const facts = new ScriptWalker(parsed.source, options.home, options.env).script(parsed.file, options.cwd);
  new InvocationCollector(analysis, options.home, options.readScript ?? (() => null), options.env).collect(facts, [], 0, undefined);
  return { ok: true, analysis };
}

/**
 * Plain words, as a command line of nothing but plain words would parse: no quotes, expansions,
 * operators or redirections can be in them. Command patterns are mostly this, and need no parser.
 */
export function analyzeWords(source: string, words: string[], options: AnalyzeOptions): CommandAnalysis {
  const analysis: CommandAnalysis = { invocations: [], redirects: [], notes: [], unresolved: [] };
  const values: WordValue[] = words.map((value) => ({ kind: 'static', value, written: value, glob: /[*?[]/.test(value) }));
  const raw: RawCommand = { source, assigns: new Map(), words: values, cwd: options.cwd, stdin: { kind: 'inherit' } };
  new InvocationCollector(analysis, options.home, options.readScript ?? (() => null)).collect({ commands: [raw], redirects: [], notes: [], files: new Map() }, [], 0, undefined);
  return analysis;
}

type Context = {
  raw: RawCommand;
  via: string[];
  env: Map<string, WordValue>;
  cwd: CwdState;
  runtimeArgs: boolean;
  depth: number;
  origin: string | undefined;
  launcher: Invocation | undefined;
};

class InvocationCollector {
  /** Files the command writes through redirections (absolute paths), with their text when known. */
  private readonly written = new Map<string, string | null>();

  constructor(
    private readonly out: CommandAnalysis,
    private readonly home: string,
    private readonly read: ReadScript,
    private readonly env?: Readonly<Record<string, string>>,
  ) {}

  collect(facts: ScriptFacts, via: string[], depth: number, origin: string | undefined, launcher?: Invocation): void {
    this.out.redirects.push(...facts.redirects.map((r) => (origin ? { ...r, origin } : r)));
    for (const [file, text] of facts.files) this.written.set(file, this.written.has(file) ? null : text);
    this.out.notes.push(...facts.notes);
    for (const raw of facts.commands) this.peel({ raw, via, env: new Map(raw.assigns), cwd: raw.cwd, runtimeArgs: false, depth, origin, launcher }, [...raw.words]);
  }

  private unresolved(ctx: Context, why: string): void {
    this.out.unresolved.push({ source: ctx.raw.source, why, ...(ctx.origin ? { origin: ctx.origin } : {}) });
  }

  /** Strips wrappers off `words` until the real program is first, then records it. */
  private peel(ctx: Context, words: WordValue[]): void {
    const first = words[0];
    if (!first) return;
    if (first.kind === 'dynamic') return this.unresolved(ctx, `the program name ${first.written} is only known when it runs`);
    if (first.glob) return this.unresolved(ctx, `the program name ${first.written} is a pattern that could match any program`);
    const name = programName(first.value);
    const args = words.slice(1);
    const spec = WRAPPERS[name];
    if (spec && (args.length > 0 || name === 'xargs')) {
      const parsed = parseArgs(args, { ...spec, stopAtPositional: true, strict: true });
      if (parsed.unknownOptions.length) return this.unresolved(ctx, `${name} is given ${parsed.unknownOptions.join(', ')}, an option the policy does not know`);
      const inner: Context = { ...ctx, via: [...ctx.via, name], env: new Map(ctx.env), runtimeArgs: ctx.runtimeArgs || Boolean(spec.runtimeArgs) };
      for (const option of parsed.options) {
        if (spec.chdir?.includes(option.name)) inner.cwd = changeDirectory(inner.cwd, option.value);
        if (option.name === 'u' || option.name === '--unset') inner.env.delete(option.value ?? '');
      }
      let rest = args.slice(parsed.end);
      // `xargs -I F cmd … F …`: every word holding F gets a value only known when it runs.
      const replace = name === 'xargs' ? parsed.options.find((o) => o.name === 'I' || o.name === 'i' || o.name === '--replace') : undefined;
      if (replace) {
        const token = replace.value ?? '{}';
        rest = rest.map((w) => (w.kind === 'static' && w.value.includes(token) ? { kind: 'dynamic', written: w.written, processSubstitution: false } : w));
      }
      const commandString = parsed.options.find((o) => spec.commandString?.includes(o.name));
      if (commandString) {
        if (commandString.value === null) return this.unresolved(ctx, `${name} runs a command line only known when it runs`);
        return this.nested(inner, commandString.value, ctx.raw.stdin, rest);
      }
      while (spec.assignments && rest[0]?.kind === 'static' && /^[A-Za-z_]\w*=/.test(rest[0].value)) {
        const [key, ...value] = rest[0].value.split('=');
        inner.env.set(key!, { kind: 'static', value: value.join('='), written: rest[0].written, glob: false });
        rest = rest.slice(1);
      }
      // An unquoted $X among the wrapper's own words can become any number of words, shifting which one is the command.
      const own = args.slice(0, args.length - rest.length + (spec.leading ?? 0));
      const shifting = own.find((w) => w.kind === 'dynamic' && w.splits);
      if (shifting) return this.unresolved(ctx, `${name} is given ${shifting.written}, so which command it runs is only known when it runs`);
      rest = rest.slice(spec.leading ?? 0);
      // `flock FILE -c CMD`: the command string comes after the wrapper's plain words.
      const head = rest[0];
      if (head?.kind === 'static' && spec.commandString?.map((o) => (o.startsWith('--') ? o : `-${o}`)).includes(head.value)) {
        const line = rest[1];
        if (!line || line.kind === 'dynamic') return this.unresolved(ctx, `${name} runs a command line only known when it runs`);
        return this.nested(inner, line.value, ctx.raw.stdin);
      }
      // A wrapper with nothing to run (`sudo -v`, `env`, `xargs` alone runs echo): judge the wrapper itself.
      if (!rest.length) return this.record(ctx, first, name, args);
      return this.peel(inner, rest);
    }
    if (SHELLS.has(name)) return this.shell(ctx, first, name, args);
    if (name === 'su' || name === 'runuser') {
      const parsed = parseArgs(args, { shortValue: 'cgGsw', longValue: ['command', 'group', 'supp-group', 'shell', 'whitelist-environment'], aliases: { '--command': ['c'] } });
      const command = parsed.options.find((o) => o.name === 'c');
      if (!command) return this.unresolved(ctx, `${name} opens a shell as another user`);
      if (command.value === null) return this.unresolved(ctx, `${name} -c runs a command line only known when it runs`);
      return this.nested({ ...ctx, via: [...ctx.via, name] }, command.value, ctx.raw.stdin);
    }
    if (name === 'eval' || name === 'watch') {
      const rest = name === 'watch' ? args.slice(parseArgs(args, { shortValue: 'nq', shortOptional: 'd', longValue: ['interval'], longOptional: ['differences'], stopAtPositional: true }).end) : args;
      if (rest.some((a) => a.kind === 'dynamic')) return this.unresolved(ctx, `${name} runs ${rest.map((a) => a.written).join(' ')}, which is only known when it runs`);
      return this.nested({ ...ctx, via: [...ctx.via, name] }, rest.map((a) => (a as StaticWord).value).join(' '), ctx.raw.stdin);
    }
    if (name === 'alias' || name === 'trap') {
      // Their strings are commands that run later (an alias when used, a trap on a signal).
      const strings = name === 'alias' ? args : args.slice(0, 1).filter((a) => !(a.kind === 'static' && /^(-[lp]*|-|\d+)$/.test(a.value)));
      for (const arg of strings) {
        if (arg.kind === 'dynamic') return this.unresolved(ctx, `${name} defines ${arg.written}, which is only known when it runs`);
        const body = name === 'alias' ? arg.value.slice(arg.value.indexOf('=') + 1) : arg.value;
        if (name === 'trap' || arg.value.includes('=')) this.nested({ ...ctx, via: [...ctx.via, name] }, body, { kind: 'inherit' });
      }
      return this.record(ctx, first, name, args);
    }
    if (name === 'source' || name === '.') {
      const script = args[0];
      if (script?.kind === 'dynamic') return this.unresolved(ctx, `${name} runs the script ${script.written}, which is only known when it runs`);
      if (script && isStdinPath(script)) return this.stdinScript(ctx, first, name, args);
      this.record(ctx, first, name, args);
      if (script) this.scriptFile(ctx, name, script.value, false);
      return;
    }
    if (name === 'ssh') return this.ssh(ctx, first, args);
    if (name === 'find') this.findExec(ctx, args);
    this.record(ctx, first, name, args);
    if (first.value.includes('/')) this.scriptFile(ctx, name, first.value, true);
    for (const source of packageScripts(name, args, ctx.cwd, this.read)) this.script(ctx, name, source);
  }

  /** `bash -c '…'` and `bash <<EOF … EOF` are shell code we can read; `curl … | bash` is not. */
  private shell(ctx: Context, first: StaticWord, name: string, args: WordValue[]): void {
    const parsed = parseArgs(args, specFor(name));
    const script = args[parsed.end];
    if (parsed.flags.has('c')) {
      if (!script) return this.unresolved(ctx, `${name} -c is missing its command`);
      if (script.kind === 'dynamic') return this.unresolved(ctx, `${name} -c runs ${script.written}, which is only known when it runs`);
      return this.nested({ ...ctx, via: [...ctx.via, name] }, script.value, ctx.raw.stdin);
    }
    if (script && !parsed.flags.has('s')) {
      if (script.kind === 'dynamic') return this.unresolved(ctx, `${name} runs the script ${script.written}, which is only known when it runs`);
      if (isStdinPath(script)) return this.stdinScript(ctx, first, name, args);
      this.record(ctx, first, name, args);
      return this.scriptFile(ctx, name, script.value, false);
    }
    this.stdinScript(ctx, first, name, args);
  }

  /** A shell reading its script from standard input: readable when that is a here-document. */
  private stdinScript(ctx: Context, first: StaticWord, name: string, args: WordValue[]): void {
    const stdin = ctx.raw.stdin;
    if (stdin.kind === 'text' && stdin.text !== null) return this.nested({ ...ctx, via: [...ctx.via, name] }, stdin.text, { kind: 'inherit' });
    // `echo 'cmd' | sh`, `cat <<EOF | bash`: the text piped in is known.
    if (stdin.kind === 'pipe' && stdin.text !== undefined) return this.nested({ ...ctx, via: [...ctx.via, name] }, stdin.text, { kind: 'inherit' });
    if (stdin.kind === 'file') return this.record(ctx, first, name, args);
    this.unresolved(ctx, `${name} runs commands read from its standard input, which this command does not show`);
  }

  /** ssh runs its trailing words as a command line on the remote machine. */
  private ssh(ctx: Context, first: StaticWord, args: WordValue[]): void {
    this.record(ctx, first, 'ssh', args);
    const remote = args.slice(parseArgs(args, SSH_SPEC).end + 1);
    if (!remote.length) return;
    if (remote.some((a) => a.kind === 'dynamic')) return this.unresolved(ctx, `ssh runs ${remote.map((a) => a.written).join(' ')} remotely, which is only known when it runs`);
    const where: CwdState = { known: false, why: 'it runs on another machine' };
    this.nested({ ...ctx, via: [...ctx.via, 'ssh'], cwd: where }, remote.map((a) => (a as StaticWord).value).join(' '), { kind: 'inherit' });
  }

  /** `find … -exec CMD {} ;` runs CMD once per file found. */
  private findExec(ctx: Context, args: WordValue[]): void {
    for (let i = 0; i < args.length; i++) {
      const word = args[i]!;
      if (word.kind !== 'static' || !/^-(exec|execdir|ok|okdir)$/.test(word.value)) continue;
      const end = args.findIndex((w, k) => k > i && w.kind === 'static' && (w.value === ';' || w.value === '+'));
      const inner = args.slice(i + 1, end === -1 ? args.length : end).map((w): WordValue => (w.kind === 'static' && w.value.includes('{}') ? { kind: 'dynamic', written: w.written, processSubstitution: false } : w));
      this.peel({ ...ctx, via: [...ctx.via, 'find'], runtimeArgs: true }, inner);
      if (end === -1) break;
      i = end;
    }
  }

  /**
   * A script file the last recorded invocation runs. One this same command writes first is judged by
   * what is written into it (`echo 'rm -rf ~' > x.sh && sh x.sh`), or is unknown when that is.
   */
  private scriptFile(ctx: Context, name: string, file: string, requireShebang: boolean): void {
    const absolute = path.isAbsolute(file) || ctx.cwd.known ? path.resolve(ctx.cwd.known ? ctx.cwd.dir : '/', file) : null;
    if (absolute && this.written.has(absolute)) {
      const text = this.written.get(absolute);
      if (text === null || text === undefined) return this.unresolved(ctx, `${name} runs ${file}, which this same command writes with content only known when it runs`);
      if (text.startsWith('#!') && !SHELL_SHEBANG.test(text)) return this.unresolved(ctx, `${name} runs ${file}, which this same command writes, in a language the policy does not read`);
      this.script(ctx, name, { origin: `${file}, as this command writes it`, text });
    } else if (absolute && this.writtenByProgram(absolute)) {
      return this.unresolved(ctx, `${name} runs ${file}, which an earlier part of this command writes`);
    }
    this.script(ctx, name, shellScript(file, ctx.cwd, this.read, requireShebang));
  }

  /** Whether a recorded invocation (tee, cp, mv, sed -i…) writes `absolute`. */
  private writtenByProgram(absolute: string): boolean {
    return this.out.invocations.some((invocation) =>
      pathUses(invocation, parseArgs(invocation.args, specFor(invocation.name))).some(
        (use) => (use.access === 'write' || use.access === 'truncate') && use.word.kind === 'static' && invocation.cwd.known && path.resolve(invocation.cwd.dir, use.word.value) === absolute,
      ),
    );
  }

  /** Reads into a script the last recorded invocation runs; its commands remember that launcher. */
  private script(ctx: Context, name: string, source: ScriptSource | null): void {
    const launcher = this.out.invocations[this.out.invocations.length - 1];
    if (source && launcher) launcher.scriptRead = true;
    if (source) this.nested({ ...ctx, via: [...ctx.via, name], origin: source.origin, launcher }, source.text, { kind: 'inherit' });
  }

  private nested(ctx: Context, text: string, stdin: StdinSource, extraArgs: WordValue[] = []): void {
    if (ctx.depth >= MAX_DEPTH) return this.unresolved(ctx, `it nests shells and scripts more than ${MAX_DEPTH} deep`);
    const parsed = parseShell(text);
    if (!parsed.ok) return this.unresolved(ctx, `the inner command ${JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}...` : text)} cannot be parsed (${parsed.message})`);
    // Inner scripts run in the same environment; one that comes from a file sees it too.
    const facts = new ScriptWalker(parsed.source, this.home, this.env).script(parsed.file, ctx.cwd, stdin);
    const last = facts.commands[facts.commands.length - 1];
    // `env -S 'a b' c d`: the split string is followed by the remaining arguments.
    if (extraArgs.length && last) last.words.push(...extraArgs);
    for (const command of facts.commands) {
      for (const [key, value] of ctx.env) if (!command.assigns.has(key)) command.assigns.set(key, value);
    }
    this.collect(facts, ctx.via, ctx.depth + 1, ctx.origin, ctx.launcher);
  }

  private record(ctx: Context, program: StaticWord, name: string, args: WordValue[]): void {
    const { raw, via, env, cwd, runtimeArgs, origin, launcher } = ctx;
    this.out.invocations.push({ source: raw.source, ...(origin ? { origin } : {}), ...(launcher ? { launcher } : {}), via, env, program, name, args, written: raw.words, cwd, stdin: raw.stdin, runtimeArgs });
    // Commands written inside its words (ssh -o ProxyCommand=…, sed 'e …', tar --checkpoint-action=exec=…) are judged like any other.
    for (const embedded of embeddedCommands(name, args)) {
      const inner: Context = { ...ctx, via: [...via, name], origin: embedded.how, launcher: undefined };
      if ('words' in embedded) this.peel({ ...inner, runtimeArgs: true }, embedded.words);
      else if (embedded.text === null) this.unresolved(ctx, `${embedded.how} runs a command only known when it runs`);
      else this.nested(inner, embedded.text, { kind: 'inherit' });
    }
  }
}

/** `/usr/bin/rm` → `rm`; `@vscode/vsce` → `vsce`. */
export function programName(word: string): string {
  const trimmed = word.replace(/\/+$/, '');
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

function changeDirectory(cwd: CwdState, target: string | null): CwdState {
  if (target === null) return { known: false, why: 'it changes to a directory only known when it runs' };
  if (path.isAbsolute(target)) return { known: true, dir: path.resolve(target) };
  return cwd.known ? { known: true, dir: path.resolve(cwd.dir, target) } : cwd;
}
