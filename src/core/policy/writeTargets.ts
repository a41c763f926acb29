import type { ParsedArgs, Positional } from './commandLine';
import { programFamily } from './programs';
import type { Invocation } from './shell/invocations';
import type { WordValue } from './shell/words';

/** `link`: what a new link points at (a link to outside the workspace lets later writes escape). */
export type PathAccess = 'write' | 'truncate' | 'delete' | 'read' | 'link' | 'mention';

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
  const add = (words: Array<Positional | WordValue>, access: PathAccess, how: string) => {
    for (const w of words) uses.push({ word: 'kind' in w && 'index' in w ? positionalWord(w) : (w as WordValue), access, how });
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
  } else if (name === 'sed' && args.flags.has('i')) {
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
    if (starts.length) add(starts, 'delete', 'find -delete');
    else uses.push({ word: staticText('.'), access: 'delete', how: 'find -delete' });
  }

  for (const p of plain) {
    if (p.kind === 'static' && !uses.some((u) => u.word === p.word)) uses.push({ word: p.word, access: 'mention', how: 'argument' });
  }
  for (const option of args.options) {
    if (option.value !== null && /^[/~]/.test(option.value)) uses.push({ word: staticText(option.value), access: 'mention', how: 'option value' });
  }
  return uses;
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
  } else if (subcommand === 'clone' && plain.length >= 3) {
    uses.push({ word: plain[2]!.word, access: 'write', how: 'git clone destination' });
  } else if (subcommand === 'config' && (args.flags.has('--global') || args.flags.has('--system'))) {
    uses.push({ word: staticText(args.flags.has('--global') ? '~/.gitconfig' : '/etc/gitconfig'), access: 'write', how: 'git config --global' });
  } else if (subcommand === 'config' && (plain.length >= 3 || ['--add', '--unset', '--unset-all', '--replace-all', '--rename-section', '--remove-section', '--edit', 'e'].some((f) => args.flags.has(f)))) {
    // Setting a key writes the repository's .git/config (aliases and hooksPath there run programs).
    uses.push({ word: staticText('.git/config'), access: 'write', how: 'git config' });
  }
}

function firstExpression(invocation: Invocation): number {
  const index = invocation.args.findIndex((w) => w.kind === 'static' && /^(-|\(|!|\))/.test(w.value));
  return index === -1 ? invocation.args.length : index;
}

function positionalWord(p: Positional): WordValue {
  return p.kind === 'static' ? p.word : { kind: 'dynamic', written: p.written, processSubstitution: false };
}

function staticText(value: string): WordValue {
  return { kind: 'static', value, written: value, glob: /[*?[]/.test(value) };
}
