import * as path from 'node:path';
import { BinOp, nodeType, RedirOp, walk, type Assign, type BinaryCmd, type CallExpr, type CmdSubst, type File, type FuncDecl, type Redirect, type ShellSource, type ShNode, type Stmt, type Word } from './syntaxTree';
import { decodeAnsiC, resolveHeredoc, resolveSingle, resolveWord, type WordContext, type WordValue } from './words';

/** Where a command will run: a known directory, or unknown (after `cd $X`, `cd -`, `popd`…). */
export type CwdState = { known: true; dir: string } | { known: false; why: string };

/** Where a command's standard input comes from, when that input may be a script. */
/** `pipe` carries the text piped in when the command before the pipe only prints known text (`echo …`, `cat <<EOF`). */
export type StdinSource = { kind: 'inherit' | 'file' } | { kind: 'pipe'; text?: string } | { kind: 'text'; text: string | null };

/** One simple command as the shell will see it: words resolved, nothing peeled off yet. */
export interface RawCommand {
  /** The simple command as written (for messages). */
  source: string;
  assigns: Map<string, WordValue>;
  words: WordValue[];
  cwd: CwdState;
  stdin: StdinSource;
}

export type RedirectAccess = 'write' | 'truncate' | 'read';

/** A file a redirection opens. */
export interface RedirectUse {
  /** The statement the redirection belongs to, as written. */
  source: string;
  access: RedirectAccess;
  operator: string;
  /** The script file or package.json script it comes from, when not the command line itself. */
  origin?: string;
  target: WordValue;
  cwd: CwdState;
}

/** Something in the script that changes what later commands mean, noted for the policy. */
export interface ScriptNote {
  kind: 'environment';
  source: string;
  name: string;
}

export interface ScriptFacts {
  commands: RawCommand[];
  redirects: RedirectUse[];
  notes: ScriptNote[];
  /** Files this script writes through redirections (absolute paths), with the text when it is known: a script written and then run. */
  files: Map<string, string | null>;
}

interface Scope {
  cwd: CwdState;
}

/** Variables that change which program a name runs or what runs alongside it. */
export const HIJACKING_VARIABLES = /^(PATH|LD_PRELOAD|LD_LIBRARY_PATH|LD_AUDIT|DYLD_\w+|BASH_ENV|ENV|IFS|PROMPT_COMMAND|CDPATH|SHELLOPTS|BASHOPTS|PS4|NODE_OPTIONS|PYTHONSTARTUP|PYTHONPATH|PERL5OPT|PERL5LIB|RUBYOPT|EDITOR|VISUAL|PAGER|GIT_\w*(SSH|EDITOR|PAGER|EXEC_PATH|ASKPASS|EXTERNAL_DIFF|PROXY|CONFIG\w*|DIR|WORK_TREE))$/;

const CHANGES_DIRECTORY = new Set(['cd', 'pushd', 'popd']);

/**
 * Walks a parsed script in execution order and collects every simple command (including those in
 * `$(…)`, `<(…)`, subshells, pipelines, loops, conditions and function bodies), every redirection,
 * and every assignment that hijacks later commands. Tracks `cd` so later relative paths resolve where
 * the shell would resolve them; subshells get their own copy, loops and functions that change
 * directory make the directory unknown.
 */
export class ScriptWalker {
  readonly facts: ScriptFacts = { commands: [], redirects: [], notes: [], files: new Map() };

  /** Known variables the script does not set itself (an assignment, read, for, export… would change them). */
  private readonly env: Readonly<Record<string, string>> | undefined;

  constructor(
    private readonly source: ShellSource,
    private readonly home: string,
    env?: Readonly<Record<string, string>>,
  ) {
    if (env) {
      const text = source.text;
      const untouched = Object.entries(env).filter(([name]) => {
        const sets = new RegExp(`(^|[^\\w$])${name}(\\+?=|\\[)|\\b(for|read|unset|local|declare|typeset|export|readonly|mapfile|readarray|getopts|printf\\s+-v)\\b[^;&|\\n]*\\b${name}\\b`);
        return !sets.test(text);
      });
      this.env = Object.fromEntries(untouched);
    }
  }

  script(file: File, cwd: CwdState, stdin: StdinSource = { kind: 'inherit' }): ScriptFacts {
    this.stmts(file.Stmts, { cwd }, stdin);
    return this.facts;
  }

  private stmts(list: Stmt[], scope: Scope, stdin: StdinSource = { kind: 'inherit' }): void {
    for (const stmt of list) this.stmt(stmt, scope, stdin);
  }

  private stmt(stmt: Stmt, scope: Scope, pipedIn: StdinSource = { kind: 'inherit' }): void {
    let stdin = pipedIn;
    for (const redirect of stmt.Redirs) stdin = this.redirect(redirect, stmt, scope) ?? stdin;
    if (stmt.Cmd) this.command(stmt.Cmd, scope, stdin);
  }

  private command(node: ShNode, scope: Scope, stdin: StdinSource): void {
    switch (nodeType(node)) {
      case 'CallExpr':
        return this.call(node as CallExpr, scope, stdin);
      case 'BinaryCmd': {
        const binary = node as BinaryCmd;
        if (binary.Op === BinOp.pipe || binary.Op === BinOp.pipeAll) {
          // Each side of a pipe runs in its own subshell.
          this.stmt(binary.X, { cwd: scope.cwd }, stdin);
          const printed = this.printedText(binary.X, scope);
          this.stmt(binary.Y, { cwd: scope.cwd }, printed === null ? { kind: 'pipe' } : { kind: 'pipe', text: printed });
        } else {
          this.stmt(binary.X, scope, stdin);
          this.stmt(binary.Y, scope);
        }
        return;
      }
      case 'Subshell':
        return this.children(node, { cwd: scope.cwd });
      case 'FuncDecl': {
        this.stmt((node as FuncDecl).Body, { cwd: scope.cwd });
        if (this.changesDirectory(node)) scope.cwd = { known: false, why: 'a function defined earlier changes directory' };
        return;
      }
      case 'DeclClause': {
        // `declare -p`, `export` alone: they print variables, which can hold secrets; judged as commands.
        const decl = node as ShNode & { Variant: { Value: string } | null; Args: Assign[] };
        const words: WordValue[] = [{ kind: 'static', value: decl.Variant?.Value ?? 'declare', written: decl.Variant?.Value ?? 'declare', glob: false }];
        for (const arg of decl.Args) if (arg.Naked && arg.Value) words.push(...resolveWord(arg.Value, this.source, this.ctx(scope)));
        const prints = decl.Args.length === 0 || words.slice(1).some((w) => w.kind === 'static' && /^-\w*p/.test(w.value));
        if (prints) this.facts.commands.push({ source: this.source.of(node), assigns: new Map(), words, cwd: scope.cwd, stdin });
        return this.children(node, scope);
      }
      case 'WhileClause':
      case 'ForClause':
        // A loop body that changes directory runs its next round somewhere else.
        if (this.changesDirectory(node)) scope.cwd = { known: false, why: 'a loop changes directory' };
        return this.children(node, scope);
      default:
        return this.children(node, scope);
    }
  }

  /** Every statement, word and assignment below `node`, in source order, with the given scope. */
  private children(node: ShNode, scope: Scope): void {
    walk(node, (child) => {
      if (child === node) return true;
      switch (nodeType(child)) {
        case 'Stmt':
          this.stmt(child as Stmt, scope);
          return false;
        case 'Word':
          this.substitutions(child, scope);
          return false;
        case 'Assign':
          this.assignment(child as Assign, scope, true);
          return false;
        default:
          return true;
      }
    });
  }

  /** Commands inside `$(…)`, backticks and `<(…)` in a word; each runs in a subshell. */
  private substitutions(word: ShNode, scope: Scope): void {
    walk(word, (child) => {
      const type = nodeType(child);
      if (type === 'CmdSubst' || type === 'ProcSubst') {
        this.stmts((child as CmdSubst).Stmts, { cwd: scope.cwd });
        return false;
      }
      return true;
    });
  }

  private assignment(assign: Assign, scope: Scope, persists: boolean): WordValue | null {
    // The value, an array's elements and an index can all hold `$(…)`.
    this.substitutions(assign, scope);
    const name = assign.Name?.Value ?? '';
    if (persists && HIJACKING_VARIABLES.test(name)) this.facts.notes.push({ kind: 'environment', source: this.source.of(assign), name });
    if (!assign.Value) return assign.Naked ? null : { kind: 'static', value: '', written: '', glob: false };
    const values = resolveWord(assign.Value, this.source, this.ctx(scope));
    return values.length === 1 ? values[0]! : { kind: 'dynamic', written: this.source.of(assign.Value), processSubstitution: false };
  }

  private call(call: CallExpr, scope: Scope, stdin: StdinSource): void {
    const hasArgs = call.Args.length > 0;
    const assigns = new Map<string, WordValue>();
    for (const assign of call.Assigns) {
      const value = this.assignment(assign, scope, !hasArgs);
      if (value && assign.Name) assigns.set(assign.Name.Value, value);
    }
    if (!hasArgs) return;
    const words: WordValue[] = [];
    for (const arg of call.Args) {
      this.substitutions(arg, scope);
      words.push(...resolveWord(arg, this.source, this.ctx(scope)));
    }
    const builtinAt = words.findIndex((w) => !(w.kind === 'static' && (w.value === 'builtin' || w.value === 'command')));
    const first = words[builtinAt];
    if (first?.kind === 'static' && CHANGES_DIRECTORY.has(first.value)) {
      scope.cwd = this.changeDirectory(first.value, words.slice(builtinAt + 1), scope.cwd);
      return;
    }
    this.facts.commands.push({ source: this.source.of(call), assigns, words, cwd: scope.cwd, stdin });
    // eval and source run in this shell, so a `cd` inside them moves every later command.
    if (first?.kind === 'static' && (first.value === 'source' || first.value === '.')) {
      scope.cwd = { known: false, why: `${first.value} runs a script that may change directory` };
    } else if (first?.kind === 'static' && first.value === 'eval' && words.slice(builtinAt + 1).some((w) => w.kind === 'dynamic' || /\b(cd|pushd|popd)\b/.test(w.value))) {
      scope.cwd = { known: false, why: 'eval may change directory' };
    }
  }

  /** True when `node` holds a `cd`, `pushd` or `popd`, however quoted. */
  private changesDirectory(node: ShNode): boolean {
    let found = false;
    walk(node, (child) => {
      if (found) return false;
      if (nodeType(child) === 'CallExpr') {
        const names = (child as CallExpr).Args.slice(0, 3).map((w) => this.source.of(w).replace(/[\\'"]/g, ''));
        if (names.some((name) => CHANGES_DIRECTORY.has(name) || name === 'eval' || name === 'source' || name === '.')) found = true;
      }
      return true;
    });
    return found;
  }

  private changeDirectory(command: string, args: WordValue[], cwd: CwdState): CwdState {
    if (command === 'popd') return { known: false, why: 'popd returns to a directory this command does not show' };
    const operands = args.filter((w) => !(w.kind === 'static' && /^(-[LPe@]+|--)$/.test(w.value)));
    if (!operands.length) return command === 'cd' ? { known: true, dir: this.home } : { known: false, why: 'pushd without a directory swaps to one this command does not show' };
    const target = operands[0]!;
    if (target.kind === 'dynamic') return { known: false, why: `${command} ${target.written} goes to a directory only known when it runs` };
    if (target.value === '-' || /^[+-]\d+$/.test(target.value)) return { known: false, why: `${command} ${target.value} goes back to a directory this command does not show` };
    if (path.isAbsolute(target.value)) return { known: true, dir: path.resolve(target.value) };
    if (!cwd.known) return cwd;
    return { known: true, dir: path.resolve(cwd.dir, target.value) };
  }

  /** Records the file a redirection opens; returns what it feeds to standard input, if anything. */
  private redirect(redirect: Redirect, stmt: Stmt, scope: Scope): StdinSource | null {
    const op = redirect.Op;
    if (op === RedirOp.heredoc || op === RedirOp.dashHeredoc) {
      if (!redirect.Hdoc) return { kind: 'text', text: '' };
      this.substitutions(redirect.Hdoc, scope);
      const quoted = redirect.Word ? redirect.Word.Parts.some((p) => nodeType(p) !== 'Lit') || /\\/.test(this.source.of(redirect.Word)) : false;
      return { kind: 'text', text: resolveHeredoc(redirect.Hdoc, quoted, this.ctx(scope)) };
    }
    if (!redirect.Word) return null;
    this.substitutions(redirect.Word, scope);
    if (op === RedirOp.hereString) {
      const value = resolveSingle(redirect.Word, this.source, this.ctx(scope));
      return { kind: 'text', text: value ? value.value : null };
    }
    const access = redirectAccess(op, redirect.Word, this.source);
    if (!access) return null;
    const values = resolveWord(redirect.Word, this.source, this.ctx(scope));
    // A redirect target that expands to several words is an error in bash ("ambiguous redirect").
    const target: WordValue = values.length === 1 ? values[0]! : { kind: 'dynamic', written: this.source.of(redirect.Word), processSubstitution: false };
    this.facts.redirects.push({ source: this.source.of(stmt), access, operator: op, target, cwd: scope.cwd });
    if (access !== 'read' && target.kind === 'static' && (path.isAbsolute(target.value) || scope.cwd.known)) {
      const file = path.resolve(scope.cwd.known ? scope.cwd.dir : '/', target.value);
      const onlyStdout = !redirect.N || redirect.N.Value === '1';
      const text = access === 'truncate' && onlyStdout && !this.facts.files.has(file) ? this.printedText(stmt, scope) : null;
      this.facts.files.set(file, text);
    }
    if (op === RedirOp.in && access === 'read') return { kind: 'file' };
    return null;
  }

  /**
   * What a statement prints, when that is known from its text alone: `echo` and `printf` of known
   * words, `cat` of a here-document or here-string. Null for anything else.
   */
  private printedText(stmt: Stmt, scope: Scope): string | null {
    const call = stmt.Cmd;
    if (!call || nodeType(call) !== 'CallExpr') return null;
    const words: string[] = [];
    for (const arg of (call as CallExpr).Args) {
      for (const word of resolveWord(arg, this.source, this.ctx(scope))) {
        if (word.kind !== 'static') return null;
        words.push(word.value);
      }
    }
    const [program, ...args] = words;
    if (program === 'echo') {
      let newline = true;
      while (args[0] && /^-[nE]+$/.test(args[0])) if (args.shift()!.includes('n')) newline = false;
      if (args[0] && /^-[neE]*e[neE]*$/.test(args[0])) return null;
      return args.join(' ') + (newline ? '\n' : '');
    }
    if (program === 'printf') {
      const format = args[0];
      if (format === undefined || args.length > 1 || /%(?!%)/.test(format)) return null;
      return decodeAnsiC(format.replace(/%%/g, '%'));
    }
    if (program === 'cat' && !args.length) {
      for (const redirect of stmt.Redirs) {
        if ((redirect.Op === RedirOp.heredoc || redirect.Op === RedirOp.dashHeredoc) && redirect.Hdoc) {
          const quoted = redirect.Word ? redirect.Word.Parts.some((p) => nodeType(p) !== 'Lit') || /\\/.test(this.source.of(redirect.Word)) : false;
          return resolveHeredoc(redirect.Hdoc, quoted, this.ctx(scope));
        }
        if (redirect.Op === RedirOp.hereString && redirect.Word) {
          const value = resolveSingle(redirect.Word, this.source, this.ctx(scope));
          return value ? `${value.value}\n` : null;
        }
      }
    }
    return null;
  }

  private ctx(scope: Scope): WordContext {
    return { home: this.home, cwd: scope.cwd.known ? scope.cwd.dir : null, ...(this.env ? { env: this.env } : {}) };
  }
}

function redirectAccess(op: string, word: Word, source: ShellSource): RedirectAccess | null {
  // `>&2`, `<&0`, `>&-` duplicate or close descriptors; `>&file` (bash) writes a file like `&>`.
  const duplicate = /^(\d+|-)$/.test(source.of(word));
  switch (op) {
    case RedirOp.out:
    case RedirOp.clobber:
    case RedirOp.outAll:
      return 'truncate';
    case RedirOp.dupOut:
      return duplicate ? null : 'truncate';
    case RedirOp.append:
    case RedirOp.appendAll:
    case RedirOp.inOut:
      return 'write';
    case RedirOp.in:
      return 'read';
    case RedirOp.dupIn:
      return duplicate ? null : 'read';
    default:
      return null;
  }
}
