import { parseArgs, type ParsedArgs, type Positional } from './commandLine';
import { programFamily, specFor } from './programs';
import { analyzeCommand, analyzeWords, programName, type AnalysisResult, type Invocation } from './shell/invocations';
import type { StaticWord } from './shell/words';

/**
 * A command prefix in words (`git push`, `rm -rf`, `npm publish`), read with the same parser as the
 * commands it is matched against. See src/core/settings/schema.ts for what a pattern means.
 */
export interface CommandPattern {
  /** As written in the settings. */
  text: string;
  /** Wrappers the command must run through (`sudo rm` → ['sudo']). */
  via: string[];
  /** The program as written (`git`, `./scripts/test.sh`). */
  program: string;
  name: string;
  /** Plain words that must start the command's plain words; a trailing `*` matches a prefix. */
  words: string[];
  /** Flags (canonical names) that must all be present. */
  flags: Set<string>;
}

export class CommandPatternError extends Error {
  constructor(
    readonly pattern: string,
    detail: string,
  ) {
    super(`"${pattern}" is not a usable command pattern: ${detail}`);
    this.name = 'CommandPatternError';
  }
}

/** yes, no, or maybe: a word only known at run time could make it match. */
export type Match = 'yes' | 'no' | 'maybe';

/** Words the shell takes literally (no quoting, expansion, globbing but `*`, or operators). */
const PLAIN_WORD = /^[\w@%+:,./*=-]+$/;

export function parseCommandPattern(text: string): CommandPattern {
  const options = { cwd: { known: true, dir: '/' }, home: '/' } as const;
  const words = text.trim().split(/ +/);
  // `git push --force` needs no parser (and so no wait for it); `FOO=1 x` starts with an assignment.
  const plain = words.every((w) => PLAIN_WORD.test(w)) && !words[0]!.includes('=');
  const result: AnalysisResult = plain ? { ok: true, analysis: analyzeWords(text.trim(), words, options) } : analyzeCommand(text, options);
  if (!result.ok) throw new CommandPatternError(text, result.parseError);
  const { invocations, redirects, unresolved } = result.analysis;
  if (unresolved.length) throw new CommandPatternError(text, `it has parts only known when it runs (${unresolved[0]!.why})`);
  if (redirects.length) throw new CommandPatternError(text, 'it has a redirection; write just the command words');
  if (invocations.length !== 1) throw new CommandPatternError(text, 'it must be one simple command, without ; && || or |');
  const invocation = invocations[0]!;
  const parsed = parseArgs(invocation.args, specFor(invocation.name));
  return {
    text,
    via: invocation.via,
    program: invocation.program.value,
    name: invocation.name,
    words: parsed.positionals.map((p) => (p.kind === 'static' ? p.value : '')),
    flags: parsed.flags,
  };
}

/** The arguments of an invocation as its program reads them. */
export function argsOf(invocation: Invocation): ParsedArgs {
  return parseArgs(invocation.args, specFor(invocation.name));
}

/**
 * Matches one pattern against one invocation. The program must be the same (by name, so `/bin/rm`
 * is `rm`; `python` also covers `python3`), the wrappers of the pattern must be among the command's,
 * the pattern's words must be the first plain words of the command, and all its flags present.
 * Words that could be an option's value (`git -C dir push`) are skipped when they do not match.
 */
export function matchPattern(pattern: CommandPattern, invocation: Invocation, args: ParsedArgs = argsOf(invocation)): Match {
  if (!pattern.via.every((wrapper) => invocation.via.includes(wrapper))) return 'no';
  const bare = !pattern.words.length && !pattern.flags.size;
  // A pattern naming a wrapper or shell (`sudo`, `bash`) covers everything run through it.
  if (bare && invocation.via.includes(pattern.name)) return 'yes';
  if (invocation.name !== pattern.name && programFamily(invocation.name) !== pattern.name) return 'no';
  const words = matchWords(pattern.words, args.positionals);
  if (words === 'no') return args.dynamic || invocation.runtimeArgs ? 'maybe' : 'no';
  const flagsPresent = [...pattern.flags].every((flag) => args.flags.has(flag));
  if (!flagsPresent) return args.dynamic || invocation.runtimeArgs ? 'maybe' : 'no';
  return words;
}

function matchWords(expected: string[], positionals: Positional[]): Match {
  let next = 0;
  for (const positional of positionals) {
    if (next === expected.length) break;
    if (positional.kind === 'dynamic') return 'maybe';
    if (wordMatches(expected[next]!, positional.value)) next++;
    else if (!positional.mayBeValue) return 'no';
  }
  return next === expected.length ? 'yes' : 'no';
}

function wordMatches(expected: string, actual: string): boolean {
  return expected.endsWith('*') ? actual.startsWith(expected.slice(0, -1)) : actual === expected;
}

/** Package runners whose first plain word (after the listed subcommand, if any) is another program. */
const RUNNERS: Record<string, string[] | null> = {
  npm: ['exec', 'x'],
  pnpm: null,
  yarn: null,
  bun: null,
  poetry: ['run'],
  uv: ['run', 'tool'],
  uvx: null,
  pipx: ['run'],
  pipenv: ['run'],
  pdm: ['run'],
  hatch: ['run'],
  rye: ['run'],
  bundle: ['exec'],
  dotnet: ['tool'],
};

/**
 * The invocation, plus the program a package runner would start (`pnpm exec prisma migrate deploy`
 * also as `prisma migrate deploy`, `python -m alembic upgrade` as `alembic upgrade`). Rules that look
 * for risk check every view; the allowlist only ever looks at the invocation itself.
 */
export function invocationViews(invocation: Invocation, depth = 0): Invocation[] {
  const views = [invocation];
  const npm = npmCommandView(invocation);
  if (npm) views.push(npm);
  const inner = depth < 3 ? innerProgram(invocation) : null;
  if (inner) {
    const view: Invocation = { ...invocation, via: [...invocation.via, invocation.name], program: inner.word, name: programName(inner.word.value), args: invocation.args.slice(inner.argsFrom) };
    views.push(...invocationViews(view, depth + 1));
  }
  return views;
}

function innerProgram(invocation: Invocation): { word: StaticWord; argsFrom: number } | null {
  const args = argsOf(invocation);
  if (programFamily(invocation.name) === 'python') {
    const module = args.options.find((o) => o.name === 'm');
    return module?.value ? { word: { kind: 'static', value: module.value, written: module.value, glob: false }, argsFrom: args.end } : null;
  }
  if (!(invocation.name in RUNNERS)) return null;
  const plain = args.positionals.filter((p): p is Extract<Positional, { kind: 'static' }> => p.kind === 'static');
  const subcommands = RUNNERS[invocation.name];
  let at = 0;
  if (subcommands) {
    if (!plain[0] || !subcommands.includes(plain[0].value)) return null;
    at = 1;
  } else if (plain[0] && ['exec', 'dlx', 'x', 'run'].includes(plain[0].value)) {
    at = 1;
  }
  const program = plain[at];
  return program ? { word: program.word, argsFrom: program.index + 1 } : null;
}

const NPM_COMMANDS = [
  'access', 'adduser', 'audit', 'bugs', 'cache', 'ci', 'completion', 'config', 'dedupe', 'deprecate', 'diff', 'dist-tag', 'docs', 'doctor',
  'edit', 'exec', 'explain', 'explore', 'find-dupes', 'fund', 'get', 'help', 'help-search', 'init', 'install', 'install-ci-test',
  'install-test', 'link', 'login', 'logout', 'ls', 'org', 'outdated', 'owner', 'pack', 'ping', 'pkg', 'prefix', 'profile', 'prune',
  'publish', 'query', 'rebuild', 'repo', 'restart', 'root', 'run-script', 'sbom', 'search', 'set', 'shrinkwrap', 'star', 'stars', 'start',
  'stop', 'team', 'test', 'token', 'uninstall', 'unpublish', 'unstar', 'update', 'version', 'view', 'whoami',
];
const NPM_ALIASES: Record<string, string> = {
  i: 'install', in: 'install', ins: 'install', inst: 'install', insta: 'install', instal: 'install', isnt: 'install', isnta: 'install',
  isntal: 'install', isntall: 'install', add: 'install', un: 'uninstall', unlink: 'uninstall', remove: 'uninstall', rm: 'uninstall',
  r: 'uninstall', up: 'update', upgrade: 'update', udpate: 'update', x: 'exec', run: 'run-script', rum: 'run-script', urn: 'run-script',
  t: 'test', tst: 'test', c: 'config', ln: 'link', ll: 'ls', la: 'ls', list: 'ls',
};

/** npm accepts aliases and any unambiguous prefix of a command (`npm publ` is `npm publish`). */
function npmCommandView(invocation: Invocation): Invocation | null {
  if (invocation.name !== 'npm') return null;
  const first = argsOf(invocation).positionals[0];
  if (first?.kind !== 'static' || NPM_COMMANDS.includes(first.value)) return null;
  const prefixed = NPM_COMMANDS.filter((c) => c.startsWith(first.value));
  const full = NPM_ALIASES[first.value] ?? (prefixed.length === 1 ? prefixed[0] : undefined);
  if (!full) return null;
  const args = [...invocation.args];
  args[first.index] = { ...first.word, value: full };
  return { ...invocation, args };
}

/** The best match of a pattern over every view of an invocation. */
export function matchAnyView(pattern: CommandPattern, invocation: Invocation): Match {
  let best: Match = 'no';
  for (const view of invocationViews(invocation)) {
    const match = matchPattern(pattern, view);
    if (match === 'yes') return 'yes';
    if (match === 'maybe') best = 'maybe';
  }
  return best;
}
