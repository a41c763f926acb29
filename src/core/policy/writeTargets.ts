import { plainWords, type ParsedArgs, type Positional } from './commandLine';
import { programFamily } from './programs';
import { programScriptEffects } from './shell/embeddedShell';
import type { Invocation } from './shell/invocations';
import type { WordValue } from './shell/words';

/**
 * How a command uses a path. `read`: its content (goes to the model when printed); `name`: the path
 * itself, not its content (`ls`, `test -f`, `git add`); `link`: what a new link points at (a link to
 * outside the workspace lets later writes escape); `mention`: a word of a program whose use of it is
 * not known, so possibly read.
 */
export type PathAccess = 'write' | 'truncate' | 'delete' | 'read' | 'name' | 'link' | 'mention';

/** A file or folder an invocation touches, and how. */
export interface PathUse {
  word: WordValue;
  access: PathAccess;
  /** How the command reaches it, for messages: `tee`, `cp destination`, `dd of=`. */
  how: string;
}

/** Programs whose plain words are files they delete. */
export const DELETING_PROGRAMS = new Set(['rm', 'rmdir', 'unlink', 'shred', 'rimraf', 'del', 'del-cli', 'trash', 'trash-put', 'srm']);

/** Programs whose plain words are files they create or change. */
const WRITING_PROGRAMS = new Set(['touch', 'mkdir', 'mkfifo', 'mknod', 'truncate']);

/**
 * The files an invocation writes or deletes, from what its program is known to do with its
 * arguments (tee's files, cp's destination, dd's of=, sed -i's files…), plus every argument that
 * names an existing path outside the workspace (`mention`: probably read). Redirections are
 * collected separately by the script walker.
 */
export function pathUses(invocation: Invocation, args: ParsedArgs): PathUse[] {
  const name = programFamily(invocation.name);
  const plain = args.positionals;
  const uses: PathUse[] = [];
  // Plain words a program rule below has already given a use; the rest get the program's operand role.
  const claimed = new Set<number>();
  const add = (words: Array<Positional | WordValue>, access: PathAccess, how: string) => {
    for (const w of words) {
      const positional = 'index' in w;
      if (positional) claimed.add((w as Positional).index);
      uses.push({ word: positional ? positionalWord(w as Positional) : (w as WordValue), access, how });
    }
  };
  const optionValues = (...names: string[]) => args.options.filter((o) => names.includes(o.name) && o.value !== null).map((o) => staticText(o.value!));
  const runtime = (access: PathAccess, how: string) => {
    if (invocation.runtimeArgs) uses.push({ word: { kind: 'dynamic', written: 'arguments supplied when it runs', processSubstitution: false }, access, how });
  };

  if (DELETING_PROGRAMS.has(name)) {
    add(plain, 'delete', name);
    runtime('delete', name);
  } else if (WRITING_PROGRAMS.has(name)) {
    add(plain, 'write', name);
    runtime('write', name);
  } else if (name === 'chmod' || name === 'chown' || name === 'chgrp') {
    const hasReference = [...args.options].some((o) => o.name === '--reference');
    add(hasReference ? plain : plain.slice(1), 'write', name);
    runtime('write', name);
  } else if (name === 'tee') {
    add(plain, args.flags.has('a') ? 'write' : 'truncate', 'tee');
  } else if (name === 'cp' || name === 'mv' || name === 'install' || name === 'ln') {
    const target = optionValues('t');
    const destination = target.length ? target : plain.slice(-1);
    const sources = target.length ? plain : plain.slice(0, -1);
    if (name === 'ln' && !target.length && plain.length === 1) {
      // `ln -s /a/b` creates ./b
      const only = plain[0]!;
      add([only], 'link', 'ln link target');
      if (only.kind === 'static') uses.push({ word: staticText(only.value.replace(/\/+$/, '').split('/').pop() ?? ''), access: 'write', how: 'ln' });
    } else if (plain.length + target.length >= 2 || invocation.runtimeArgs) {
      // Onto an existing file, cp and mv replace it: an overwrite, like `>`.
      add(destination, target.length ? 'write' : 'truncate', `${name} destination`);
      if (name === 'mv') add(sources, 'write', 'mv source');
      if (name === 'ln' || (name === 'cp' && (args.flags.has('s') || args.flags.has('l') || args.flags.has('--symbolic-link') || args.flags.has('--link')))) add(sources, 'link', `${name} link target`);
      if (invocation.runtimeArgs) runtime('write', name);
    }
  } else if (name === 'dd') {
    for (const p of plain) {
      if (p.kind !== 'static') continue;
      if (p.value.startsWith('of=')) uses.push({ word: staticText(p.value.slice(3)), access: 'truncate', how: 'dd of=' });
      if (p.value.startsWith('if=')) uses.push({ word: staticText(p.value.slice(3)), access: 'read', how: 'dd if=' });
    }
  }
  // sed's w/r commands and awk's `print > "file"` / `getline < "file"` open files the script names.
  const script = programScriptEffects(name, invocation.args, args);
  for (const file of script?.writes ?? []) uses.push({ word: file === null ? unknownWord(`a file the ${name} script names`) : staticText(file), access: 'truncate', how: `${name} script output` });
  for (const file of script?.reads ?? []) uses.push({ word: file === null ? unknownWord(`a file the ${name} script names`) : staticText(file), access: 'read', how: `${name} script input` });
  if (name === 'sed' && args.flags.has('i')) {
    const scriptGiven = args.options.some((o) => o.name === 'e' || o.name === 'f');
    add(scriptGiven ? plain : plain.slice(1), 'write', 'sed -i');
    runtime('write', 'sed -i');
  } else if (name === 'sort' || name === 'curl' || name === 'wget' || name === 'tar' || name === 'unzip' || name === 'psql') {
    const outputs: Record<string, string[]> = { sort: ['o'], curl: ['o', 'D', 'c'], wget: ['O', 'o', 'a', 'P'], tar: ['C'], unzip: ['d'], psql: ['o', '--output'] };
    for (const value of optionValues(...outputs[name]!)) uses.push({ word: value, access: 'write', how: `${name} output` });
    if (name === 'tar' && ['c', 'r', 'u'].some((f) => args.flags.has(f))) {
      for (const value of optionValues('f')) uses.push({ word: value, access: 'write', how: 'tar archive' });
    }
  } else if (name === 'git') {
    gitPathUses(args, uses);
  } else if (name === 'find' && args.flags.has('-delete')) {
    // find's starting points come before its first expression word.
    const starts = plain.filter((p) => p.index < firstExpression(invocation));
    // `find . -name '*.log' -delete` deletes test artifacts only: where it looks still counts.
    const access = onlyTestArtifacts(invocation) ? 'name' : 'delete';
    if (starts.length) add(starts, access, 'find -delete');
    else uses.push({ word: staticText('.'), access, how: 'find -delete' });
  }

  const role = operandRole(name, invocation, args);
  for (const [i, p] of plain.entries()) {
    const access = role(i);
    if (!access) continue;
    const word = positionalWord(p);
    if (claimed.has(p.index) || (p.kind === 'static' && uses.some((u) => u.word === p.word))) continue;
    if (access === 'read' && name === 'git' && word.kind === 'static' && /^[^/:]*:/.test(word.value)) {
      // `git show HEAD:.env` prints .env as it was in HEAD (the path is from the repository's root).
      uses.push({ word: staticText(word.value.slice(word.value.indexOf(':') + 1).replace(/^\.?\//, '') || '.'), access, how: 'git object path' });
      continue;
    }
    uses.push({ word, access, how: access === 'read' ? `${name} input` : 'argument' });
  }
  for (const option of args.options) {
    if (option.value !== null && /^[/~]/.test(option.value)) uses.push({ word: staticText(option.value), access: 'mention', how: 'option value' });
  }
  return uses;
}

/** Programs whose arguments are text, never files they open (`echo .env >> .gitignore`, `test -f .env`). */
const TEXT_ARGUMENTS = new Set(['echo', 'printf', 'test', '[', 'true', 'false', ':', 'basename', 'dirname', 'expr', 'sleep', 'seq', 'yes', 'read', 'set', 'shift', 'exit', 'return', 'local', 'let', 'unset', 'which', 'type', 'hash', 'date', 'uname', 'whoami', 'id', 'hostname', 'kill', 'wait', 'export', 'alias', 'unalias', 'trap', 'eval', 'cd', 'pushd', 'popd']);

/** Programs that print or process the content of the files they are given. */
const CONTENT_READERS = new Set(['cat', 'head', 'tail', 'less', 'more', 'wc', 'sort', 'uniq', 'cut', 'diff', 'cmp', 'comm', 'nl', 'tac', 'od', 'xxd', 'hexdump', 'strings', 'base64', 'md5sum', 'sha1sum', 'sha256sum', 'sha512sum', 'file', 'paste', 'join', 'fold', 'fmt', 'pr', 'expand', 'unexpand', 'column', 'iconv', 'bat', 'source', '.', 'tar', 'zip', 'gzip', 'bzip2', 'xz', 'zcat', 'zless', 'split', 'csplit', 'tr']);

/** Programs whose first plain word is a pattern or a program, and the rest files they read. */
const PATTERN_THEN_FILES = new Set(['grep', 'egrep', 'fgrep', 'rg', 'ag', 'sed', 'awk', 'jq', 'yq']);

/** Programs that use paths without reading what is in them. */
const NAME_USERS = new Set(['ls', 'stat', 'du', 'realpath', 'readlink', 'tree', 'find', 'mkdir', 'touch']);

/** git subcommands that print file contents (`git show HEAD:.env`, `git diff .env`). */
const GIT_CONTENT = new Set(['show', 'diff', 'log', 'blame', 'annotate', 'grep', 'cat-file', 'format-patch', 'whatchanged', 'range-diff', 'difftool', 'stash']);

/** For the i-th plain word of the command: how the program uses it, or null for text that is no path. */
function operandRole(name: string, invocation: Invocation, args: ParsedArgs): (i: number) => PathAccess | null {
  if (TEXT_ARGUMENTS.has(name)) return () => null;
  if (CONTENT_READERS.has(name)) return () => 'read';
  if (NAME_USERS.has(name)) return () => 'name';
  if (PATTERN_THEN_FILES.has(name)) {
    // With -e/-f (or awk -f) the pattern or program is an option value, and every plain word is a file.
    const given = args.options.some((o) => ['e', 'f', '--regexp', '--file', '--expression'].includes(o.name));
    return (i) => (i === 0 && !given ? null : 'read');
  }
  if (name === 'git') {
    const sub = plainWords(args)[0];
    return (i) => (i === 0 ? null : GIT_CONTENT.has(sub ?? '') ? 'read' : 'name');
  }
  return () => 'mention';
}

function gitPathUses(args: ParsedArgs, uses: PathUse[]): void {
  const plain = args.positionals.filter((p): p is Extract<Positional, { kind: 'static' }> => p.kind === 'static');
  const subcommand = plain[0]?.value;
  if (subcommand === 'rm' && !args.flags.has('--cached')) {
    for (const p of plain.slice(1)) uses.push({ word: p.word, access: 'delete', how: 'git rm' });
  } else if (subcommand === 'clean' && !args.flags.has('n')) {
    const paths = plain.slice(1);
    if (paths.length) for (const p of paths) uses.push({ word: p.word, access: 'delete', how: 'git clean' });
    else uses.push({ word: staticText('.'), access: 'delete', how: 'git clean' });
  } else if (subcommand === 'init' && plain.length >= 2) {
    uses.push({ word: plain[1]!.word, access: 'write', how: 'git init directory' });
  } else if (subcommand === 'clone' && plain.length >= 3) {
    uses.push({ word: plain[2]!.word, access: 'write', how: 'git clone destination' });
  } else if (subcommand === 'config' && (args.flags.has('--global') || args.flags.has('--system'))) {
    uses.push({ word: staticText(args.flags.has('--global') ? '~/.gitconfig' : '/etc/gitconfig'), access: 'write', how: 'git config --global' });
  } else if (subcommand === 'config' && (plain.length >= 3 || ['--add', '--unset', '--unset-all', '--replace-all', '--rename-section', '--remove-section', '--edit', 'e'].some((f) => args.flags.has(f)))) {
    // Setting a key writes the repository's .git/config (aliases and hooksPath there run programs).
    uses.push({ word: staticText('.git/config'), access: 'write', how: 'git config' });
  }
}

/** Names and paths only test artifacts have (see PathPolicy.isTestArtifact): `*.log`, `coverage/…`. */
const ARTIFACT_NAME = /^[^/]*\.log$/i;
const ARTIFACT_PATH = /(^|\/)(coverage|test-results|playwright-report|\.nyc_output|tmp|\.cache)\//;

/**
 * Whether a find expression can only select test artifacts: its tests are all joined by "and" (no
 * -o, no ","), and one of them, not negated, matches only artifact names or paths.
 */
function onlyTestArtifacts(invocation: Invocation): boolean {
  const words = invocation.args.map((w) => (w.kind === 'static' ? w.value : null));
  if (words.some((w) => w === null || w === '-o' || w === '-or' || w === ',')) return false;
  for (let i = 0; i < words.length - 1; i++) {
    const test = words[i]!;
    const value = words[i + 1]!;
    const negated = i > 0 && (words[i - 1] === '!' || words[i - 1] === '-not');
    if (negated || /[[\]{}]/.test(value)) continue;
    if ((test === '-name' || test === '-iname') && ARTIFACT_NAME.test(value)) return true;
    if ((test === '-path' || test === '-ipath' || test === '-wholename') && ARTIFACT_PATH.test(value)) return true;
  }
  return false;
}

function firstExpression(invocation: Invocation): number {
  const index = invocation.args.findIndex((w) => w.kind === 'static' && /^(-|\(|!|\))/.test(w.value));
  return index === -1 ? invocation.args.length : index;
}

function positionalWord(p: Positional): WordValue {
  return p.kind === 'static' ? p.word : { kind: 'dynamic', written: p.written, processSubstitution: false };
}

function unknownWord(written: string): WordValue {
  return { kind: 'dynamic', written, processSubstitution: false };
}

function staticText(value: string): WordValue {
  return { kind: 'static', value, written: value, glob: /[*?[]/.test(value) };
}
