import { parseArgs, plainWords, type OptionSpec, type ParsedArgs } from './commandLine';
import { programFamily } from './programs';
import type { Invocation } from './shell/invocations';

/**
 * The programs whose every effect the policy models: what they read and write is in their arguments
 * (and so passes the path rules), and they start no program the policy does not see. Without the OS
 * sandbox, a command that runs anything else, or gives one of these an option not listed here, is
 * asked at every autonomy level (see PolicyEngineOptions.sandbox).
 *
 * A model lists the options a program may be given; `--help` and `--version` are always fine.
 * Anything not listed is not modelled, on purpose: new entries must be read from the program's
 * manual, option by option, with what each one can write or run in mind.
 */
interface ProgramModel {
  /** Short flags without a value (`ls -la`). */
  flags?: string;
  /** Short options with a value (`head -n 5`). */
  values?: string;
  /** Long options without a value, and with one (`--lines=5` or `--lines 5`). */
  long?: string[];
  longValues?: string[];
  /** Options are single-dash words (`find -name x`): listed in `long`/`longValues` without the dash. */
  singleDash?: boolean;
  /** The first plain word picks a subcommand; only those listed are modelled. */
  subcommands?: Record<string, ProgramModel>;
  /** Takes no plain words (`hostname NAME` would rename the machine). */
  noOperands?: boolean;
  /** A last look at the arguments: why this use is not modelled, or null. */
  check?: (args: ParsedArgs, invocation: Invocation) => string | null;
  /** Words to leave out before reading options (find's `-exec … ;`, judged as a command of its own). */
  strip?: (args: Invocation['args']) => Invocation['args'];
}

const none: ProgramModel = {};

const GREP: ProgramModel = {
  flags: 'EFGPiyvwxcLlonhHbqsrRzZaIUT',
  values: 'efABCdDm',
  long: ['extended-regexp', 'fixed-strings', 'basic-regexp', 'perl-regexp', 'ignore-case', 'no-ignore-case', 'invert-match', 'word-regexp', 'line-regexp', 'count', 'files-with-matches', 'files-without-match', 'only-matching', 'line-number', 'no-filename', 'with-filename', 'byte-offset', 'quiet', 'silent', 'no-messages', 'recursive', 'dereference-recursive', 'null', 'null-data', 'text', 'initial-tab', 'color', 'colour'],
  longValues: ['regexp', 'file', 'after-context', 'before-context', 'context', 'max-count', 'include', 'exclude', 'exclude-dir', 'exclude-from', 'binary-files', 'devices', 'directories', 'label', 'color', 'colour'],
};

const HASHES: ProgramModel = { flags: 'bctwz', long: ['binary', 'check', 'text', 'tag', 'quiet', 'status', 'strict', 'warn', 'zero', 'ignore-missing'] };

/** git subcommands that only read, or whose writes the path and destructive rules already judge. */
const GIT_SUBCOMMANDS: Record<string, ProgramModel> = {
  status: { flags: 'sbuvz', long: ['short', 'branch', 'porcelain', 'long', 'verbose', 'untracked-files', 'ignored', 'ahead-behind', 'no-ahead-behind', 'renames', 'no-renames', 'show-stash'], longValues: ['porcelain', 'untracked-files', 'ignored', 'ignore-submodules'] },
  diff: { flags: 'pusRawzMCBDb', values: 'UOS', long: ['cached', 'staged', 'stat', 'shortstat', 'numstat', 'name-only', 'name-status', 'patch', 'no-patch', 'raw', 'word-diff', 'color', 'no-color', 'ignore-all-space', 'ignore-space-change', 'exit-code', 'quiet', 'no-index', 'check', 'summary', 'full-index', 'binary', 'minimal', 'patience', 'histogram', 'no-renames', 'find-renames', 'merge-base', 'no-ext-diff', 'no-textconv'], longValues: ['unified', 'diff-filter', 'stat', 'word-diff', 'color', 'relative', 'src-prefix', 'dst-prefix', 'diff-algorithm', 'find-renames', 'submodule'] },
  log: { flags: 'pugnz', values: 'nL', long: ['oneline', 'graph', 'decorate', 'all', 'stat', 'shortstat', 'name-only', 'name-status', 'patch', 'no-patch', 'reverse', 'merges', 'no-merges', 'first-parent', 'follow', 'abbrev-commit', 'no-color', 'color', 'date-order', 'topo-order', 'full-history', 'no-ext-diff', 'no-textconv'], longValues: ['max-count', 'since', 'until', 'after', 'before', 'author', 'committer', 'grep', 'format', 'pretty', 'date', 'decorate', 'skip', 'color', 'diff-filter'] },
  show: { flags: 'sp', long: ['stat', 'name-only', 'name-status', 'oneline', 'no-patch', 'patch', 'abbrev-commit', 'color', 'no-color', 'no-ext-diff', 'no-textconv'], longValues: ['format', 'pretty', 'color'] },
  branch: { flags: 'avrlq', long: ['all', 'verbose', 'remotes', 'list', 'show-current', 'merged', 'no-merged', 'color', 'no-color'], longValues: ['sort', 'contains', 'merged', 'no-merged', 'format', 'points-at'] },
  add: { flags: 'AuvnNf', long: ['all', 'update', 'verbose', 'dry-run', 'intent-to-add', 'force', 'ignore-removal', 'no-all'] },
  rm: { flags: 'rfnq', long: ['cached', 'recursive', 'force', 'dry-run', 'quiet', 'ignore-unmatch'] },
  mv: { flags: 'fkvn', long: ['force', 'verbose', 'dry-run'] },
  restore: { flags: 'SWqp', values: 's', long: ['staged', 'worktree', 'quiet', 'patch', 'ours', 'theirs'], longValues: ['source'] },
  stash: { flags: 'upaq', values: 'm', long: ['include-untracked', 'keep-index', 'all', 'quiet', 'staged'], longValues: ['message'] },
  'rev-parse': { flags: 'q', long: ['show-toplevel', 'abbrev-ref', 'verify', 'short', 'git-dir', 'is-inside-work-tree', 'show-prefix', 'symbolic-full-name', 'quiet'], longValues: ['short', 'abbrev-ref'] },
  'ls-files': { flags: 'cdmoiskuzt', values: 'xX', long: ['cached', 'deleted', 'modified', 'others', 'ignored', 'stage', 'unmerged', 'exclude-standard', 'full-name', 'error-unmatch'], longValues: ['exclude', 'exclude-from', 'format'] },
  'ls-tree': { flags: 'rdtlz', long: ['name-only', 'full-tree', 'long'] },
  blame: { flags: 'wsenlftcp', values: 'L', long: ['show-email', 'porcelain', 'line-porcelain'] },
  grep: { ...GREP, long: [...GREP.long!, 'cached', 'untracked', 'no-index'] },
  shortlog: { flags: 'sne', long: ['summary', 'numbered', 'email'] },
  describe: { long: ['tags', 'all', 'always', 'long', 'dirty', 'exact-match'], longValues: ['abbrev', 'match', 'dirty'] },
  'check-ignore': { flags: 'qvnz', long: ['quiet', 'verbose', 'non-matching', 'stdin', 'no-index'] },
  'cat-file': { flags: 'tsep' },
  reset: { flags: 'q', long: ['soft', 'mixed', 'hard', 'merge', 'keep', 'quiet'] },
  clean: { flags: 'ndfxXqie', long: ['dry-run', 'force', 'quiet'], values: 'e' },
  init: { flags: 'qb', long: ['quiet', 'bare'], values: 'b', longValues: ['initial-branch'] },
  remote: { flags: 'v', long: ['verbose'], check: (args) => (['', 'show', 'get-url', '-v'].includes(plainWords(args)[1] ?? '') ? null : 'git remote can change where git fetches from and pushes to') },
  config: {
    flags: 'lz',
    long: ['list', 'get', 'get-all', 'get-regexp', 'local', 'show-origin', 'show-scope', 'null', 'name-only', 'bool', 'int', 'path'],
    // Reading a key; setting one writes .git/config, which the path rules ask about anyway.
    check: (args) => (plainWords(args).length <= 2 ? null : 'git config sets a value git may run'),
  },
};

/** git global options before the subcommand; `-c` is not here: a config value can name a program. */
const GIT_SPEC: OptionSpec = { shortValue: 'C', shortFlags: 'Pp', longFlags: ['no-pager', 'paginate', 'no-optional-locks', 'literal-pathspecs', 'no-replace-objects', 'bare'], stopAtPositional: true, strict: true };

const MODELS: Record<string, ProgramModel> = {
  ls: {
    flags: 'aAbBcCdfFgGhHiklLmnNopqQrRsStuUvwxXZ1',
    long: ['all', 'almost-all', 'human-readable', 'si', 'classify', 'directory', 'recursive', 'reverse', 'size', 'inode', 'numeric-uid-gid', 'group-directories-first', 'full-time', 'dereference', 'color', 'no-group', 'author'],
    longValues: ['color', 'sort', 'time', 'time-style', 'format', 'indicator-style', 'ignore', 'hide', 'block-size', 'width', 'quoting-style'],
  },
  cat: { flags: 'AbeEnstTuv', long: ['show-all', 'number-nonblank', 'show-ends', 'number', 'squeeze-blank', 'show-tabs', 'show-nonprinting'] },
  head: { flags: 'qvz', values: 'nc', long: ['quiet', 'silent', 'verbose', 'zero-terminated'], longValues: ['lines', 'bytes'] },
  tail: { flags: 'qvzfF', values: 'ncs', long: ['quiet', 'silent', 'verbose', 'zero-terminated', 'follow', 'retry'], longValues: ['lines', 'bytes', 'follow', 'sleep-interval', 'pid'] },
  wc: { flags: 'clmwL', long: ['bytes', 'chars', 'lines', 'words', 'max-line-length'] },
  grep: GREP,
  egrep: GREP,
  fgrep: GREP,
  rg: {
    flags: 'iSsFwxvclonNHhuULaz0qp',
    values: 'gtTACBmMeEfjd',
    long: ['ignore-case', 'smart-case', 'case-sensitive', 'fixed-strings', 'word-regexp', 'line-regexp', 'invert-match', 'count', 'files-with-matches', 'files-without-match', 'only-matching', 'line-number', 'no-line-number', 'with-filename', 'no-filename', 'hidden', 'no-ignore', 'follow', 'files', 'json', 'vimgrep', 'no-heading', 'heading', 'pretty', 'color', 'stats', 'sort-files', 'null', 'text', 'quiet', 'multiline', 'no-messages', 'column', 'trim'],
    longValues: ['glob', 'iglob', 'type', 'type-not', 'after-context', 'before-context', 'context', 'max-count', 'max-columns', 'max-depth', 'regexp', 'file', 'color', 'sort', 'sortr', 'threads', 'encoding'],
  },
  echo: { flags: 'neE' },
  printf: {},
  pwd: { flags: 'LP' },
  true: none,
  false: none,
  ':': none,
  test: {},
  '[': {},
  sleep: {},
  seq: { flags: 'w', values: 'fs', longValues: ['format', 'separator'], long: ['equal-width'] },
  date: {
    flags: 'uRI',
    values: 'dr',
    long: ['utc', 'universal', 'rfc-email', 'iso-8601'],
    longValues: ['date', 'reference', 'iso-8601', 'rfc-3339'],
  },
  whoami: none,
  id: { flags: 'gGnruz' },
  uname: { flags: 'asnrvmpio' },
  hostname: { flags: 'fisAI', noOperands: true },
  basename: { flags: 'az', values: 's', long: ['multiple', 'zero'], longValues: ['suffix'] },
  dirname: { flags: 'z' },
  realpath: { flags: 'emLPqsz', long: ['canonicalize-existing', 'canonicalize-missing', 'logical', 'physical', 'quiet', 'strip', 'no-symlinks', 'zero'], longValues: ['relative-to', 'relative-base'] },
  readlink: { flags: 'femnqsvz', long: ['canonicalize', 'canonicalize-existing', 'canonicalize-missing', 'no-newline', 'quiet', 'silent', 'verbose', 'zero'] },
  stat: { flags: 'LftZ', values: 'c', long: ['dereference', 'file-system', 'terse'], longValues: ['format', 'printf'] },
  file: { flags: 'bihLzkN', long: ['brief', 'mime', 'mime-type', 'mime-encoding', 'dereference', 'no-dereference'] },
  du: { flags: 'sahcbkmLxPl0', values: 'dB', long: ['summarize', 'all', 'human-readable', 'total', 'si', 'apparent-size', 'one-file-system', 'count-links', 'null'], longValues: ['max-depth', 'block-size', 'exclude', 'threshold', 'time'] },
  df: { flags: 'ahHiklPTx', values: 'tB', long: ['all', 'human-readable', 'si', 'inodes', 'local', 'portability', 'print-type', 'total'], longValues: ['type', 'exclude-type', 'output', 'block-size'] },
  which: { flags: 'a' },
  printenv: { flags: '0', long: ['null'] },
  md5sum: HASHES,
  sha1sum: HASHES,
  sha256sum: HASHES,
  sha512sum: HASHES,
  sort: { flags: 'bdfgiMhnRrsuVcCmz', values: 'kotST', long: ['ignore-leading-blanks', 'dictionary-order', 'ignore-case', 'general-numeric-sort', 'human-numeric-sort', 'numeric-sort', 'reverse', 'stable', 'unique', 'version-sort', 'check', 'merge', 'zero-terminated', 'random-sort'], longValues: ['key', 'output', 'field-separator', 'temporary-directory', 'buffer-size', 'parallel', 'sort'] },
  uniq: { flags: 'cdDiuz', values: 'fsw', long: ['count', 'repeated', 'all-repeated', 'ignore-case', 'unique', 'zero-terminated'], longValues: ['skip-fields', 'skip-chars', 'check-chars', 'all-repeated', 'group'] },
  cut: { flags: 'nsz', values: 'bcdf', long: ['complement', 'only-delimited', 'zero-terminated'], longValues: ['bytes', 'characters', 'delimiter', 'fields', 'output-delimiter'] },
  tr: { flags: 'cCdst', long: ['complement', 'delete', 'squeeze-repeats', 'truncate-set1'] },
  diff: { flags: 'uaBbcdeEfilNnpqrsStTtwyZ', values: 'CUFIxXD', long: ['unified', 'context', 'brief', 'report-identical-files', 'recursive', 'new-file', 'text', 'ignore-case', 'ignore-all-space', 'ignore-space-change', 'ignore-blank-lines', 'side-by-side', 'color', 'minimal', 'strip-trailing-cr'], longValues: ['unified', 'context', 'exclude', 'exclude-from', 'color', 'label', 'width'] },
  cmp: { flags: 'blsz', values: 'in', long: ['print-bytes', 'verbose', 'quiet', 'silent'], longValues: ['ignore-initial', 'bytes'] },
  comm: { flags: '123iz', long: ['check-order', 'nocheck-order', 'total', 'zero-terminated'], longValues: ['output-delimiter'] },
  nl: { values: 'bdfhilnsvw' },
  tac: { flags: 'br', values: 's' },
  rev: none,
  column: { flags: 'tnxe', values: 'sco', long: ['table'], longValues: ['separator', 'output-separator'] },
  tree: { flags: 'adfilpsughDFqNQrtvxACJ', values: 'LIP', longValues: ['charset', 'filelimit', 'sort'], long: ['noreport', 'dirsfirst', 'gitignore'] },
  jq: { flags: 'rjcnsSeCaMRj', values: 'f', long: ['raw-output', 'join-output', 'compact-output', 'null-input', 'slurp', 'sort-keys', 'exit-status', 'color-output', 'monochrome-output', 'ascii-output', 'raw-input', 'tab'], longValues: ['arg', 'argjson', 'indent'] },
  find: {
    singleDash: true,
    long: ['print', 'print0', 'prune', 'not', 'o', 'a', 'and', 'or', 'empty', 'readable', 'writable', 'executable', 'L', 'H', 'P', 'delete', 'depth', 'quit', 'xdev', 'mount', 'true', 'false', 'nouser', 'nogroup', 'ls'],
    longValues: ['name', 'iname', 'path', 'ipath', 'wholename', 'iwholename', 'type', 'xtype', 'maxdepth', 'mindepth', 'mtime', 'mmin', 'atime', 'amin', 'ctime', 'cmin', 'newer', 'size', 'regex', 'iregex', 'regextype', 'perm', 'user', 'group', 'uid', 'gid', 'links', 'samefile', 'printf', 'fstype', 'inum', 'lname', 'ilname', 'used'],
    // -exec and -ok run a command, judged as a command of its own; -fprint and friends write files.
    strip: (args) => {
      const kept: Invocation['args'] = [];
      for (let i = 0; i < args.length; i++) {
        const word = args[i]!;
        if (word.kind === 'static' && /^-(exec|execdir|ok|okdir)$/.test(word.value)) {
          while (i < args.length && !(args[i]!.kind === 'static' && [';', '+'].includes((args[i] as { value: string }).value))) i++;
          continue;
        }
        kept.push(word);
      }
      return kept;
    },
    check: (args, invocation) => (invocation.args.some((w) => w.kind === 'static' && /^-(fprint0?|fprintf|fls)$/.test(w.value)) ? 'find writes a file it names (-fprint, -fls)' : null),
  },
  mkdir: { flags: 'pv', values: 'm', long: ['parents', 'verbose'], longValues: ['mode'] },
  touch: { flags: 'acmfh', values: 'drt', long: ['no-create', 'no-dereference'], longValues: ['date', 'reference', 'time'] },
  cp: { flags: 'aRrfinuvpPLHdlsTbx', values: 'tS', long: ['archive', 'recursive', 'force', 'interactive', 'no-clobber', 'update', 'verbose', 'preserve', 'no-dereference', 'dereference', 'link', 'symbolic-link', 'no-target-directory', 'parents', 'one-file-system', 'backup'], longValues: ['target-directory', 'suffix', 'preserve', 'backup', 'update', 'reflink'] },
  mv: { flags: 'finuvTb', values: 'tS', long: ['force', 'interactive', 'no-clobber', 'update', 'verbose', 'no-target-directory', 'backup'], longValues: ['target-directory', 'suffix', 'backup', 'update'] },
  rm: { flags: 'dfiIrRv', long: ['force', 'recursive', 'dir', 'verbose', 'one-file-system', 'preserve-root'], longValues: ['interactive'] },
  rmdir: { flags: 'pv', long: ['parents', 'verbose', 'ignore-fail-on-non-empty'] },
  ln: { flags: 'sfnrvTLPb', values: 'tS', long: ['symbolic', 'force', 'no-dereference', 'relative', 'verbose', 'no-target-directory', 'logical', 'physical', 'backup'], longValues: ['target-directory', 'suffix', 'backup'] },
  tee: { flags: 'aip', long: ['append', 'ignore-interrupts'], longValues: ['output-error'] },
  set: { flags: 'euxvfnhbkmBCHPTa', values: 'o' },
  shift: none,
  exit: none,
  return: none,
  wait: none,
  unset: { flags: 'fvn' },
  read: { flags: 'rsae', values: 'pdntuN' },
  git: { subcommands: GIT_SUBCOMMANDS },
};

const PACKAGE_MANAGERS = new Set(['npm', 'pnpm', 'yarn', 'bun']);
/** Options a package manager may be given with the script it runs. */
const QUIET = new Set(['-s', '--silent', '--if-present']);
/** Programs found here are the system's; elsewhere (`./ls`, `node_modules/.bin/x`) they are the workspace's. */
const SYSTEM_BIN = /^\/(usr\/(local\/)?)?s?bin\/[^/]+$/;

/** Only these programs may say `--version` or `--help` and nothing else (any program could; these are common). */
const VERSION_ONLY = /^(-v|-V|--version|-h|--help|version)$/;

/**
 * Why the policy cannot see everything `invocation` may do, or null when it can: the program and
 * each option it is given are in the model above, and no word is only known when it runs.
 */
export function unmodelledReason(invocation: Invocation): string | null {
  const name = programFamily(invocation.name);
  if (invocation.runtimeArgs) return `${name} is given arguments only known when it runs`;
  const dynamic = invocation.args.find((w) => w.kind === 'dynamic');
  if (dynamic) return `${dynamic.written} is only known when it runs, so it could be any option`;
  const words = invocation.args.map((w) => (w.kind === 'static' ? w.value : ''));
  const program = invocation.program.value;
  if (program.includes('/') && !SYSTEM_BIN.test(program)) return `${program} is a program from the workspace, which could do anything`;
  if (PACKAGE_MANAGERS.has(name)) {
    // The script's commands are judged in its place (they carry this invocation as their launcher).
    if (!invocation.scriptRead) return `${name} ${words.join(' ')} runs code the policy does not read (dependencies' install scripts, tools, or a script it could not find)`;
    const [first, ...rest] = words.filter((w) => !QUIET.has(w));
    // `npm run build`, `npm test`, `yarn build`: anything after the script's name is passed to it.
    const passed = first === 'run' || first === 'run-script' ? rest.slice(1) : rest;
    return passed.length ? `${name} passes ${passed.join(' ')} to the script, which the policy does not model` : null;
  }
  const model = MODELS[name];
  if (!model) {
    if (words.length === 1 && VERSION_ONLY.test(words[0]!)) return null;
    return `${name} is a program whose effects the policy does not model`;
  }
  if (name === 'git') {
    const global = parseArgs(invocation.args, GIT_SPEC);
    if (global.unknownOptions.length) return `git is given ${global.unknownOptions.join(', ')}, an option the policy does not model`;
    return modelled('git', invocation.args.slice(global.end), model, invocation);
  }
  return modelled(name, model.strip ? model.strip(invocation.args) : invocation.args, model, invocation);
}

function modelled(name: string, args: Invocation['args'], model: ProgramModel, invocation: Invocation): string | null {
  if (model.subcommands) {
    const head = parseArgs(args, { ...specOf(model), stopAtPositional: true, strict: true });
    if (head.unknownOptions.length) return `${name} is given ${head.unknownOptions.join(', ')}, an option the policy does not model`;
    const first = head.positionals[0];
    if (!first) return head.flags.has('--version') || head.flags.has('--help') ? null : `${name} without a subcommand is not modelled`;
    if (first.kind !== 'static') return `${name} runs a subcommand only known when it runs`;
    const sub = model.subcommands[first.value];
    if (!sub) return `${name} ${first.value} is not modelled`;
    const rest = args.slice(first.index + 1);
    const parsed = parseArgs(rest, { ...specOf(sub), strict: true });
    const unknown = parsed.unknownOptions.filter((o) => o !== '--help');
    if (unknown.length) return `${name} ${first.value} is given ${unknown.join(', ')}, an option the policy does not model`;
    const whole = parseArgs(args, { ...specOf(model), strict: false });
    return sub.check?.(parsed, invocation) ?? model.check?.(whole, invocation) ?? null;
  }
  const parsed = parseArgs(args, { ...specOf(model), strict: true });
  const unknown = parsed.unknownOptions.filter((o) => !['--help', '--version'].includes(o));
  if (unknown.length) return `${name} is given ${unknown.join(', ')}, an option the policy does not model`;
  if (model.noOperands && parsed.positionals.length) return `${name} with an operand changes the system`;
  return model.check?.(parsed, invocation) ?? null;
}

function specOf(model: ProgramModel): OptionSpec {
  return {
    ...(model.flags ? { shortFlags: model.flags } : {}),
    ...(model.values ? { shortValue: model.values } : {}),
    longFlags: [...(model.long ?? []), 'help', 'version'],
    ...(model.longValues ? { longValue: model.longValues } : {}),
    ...(model.singleDash ? { singleDashLong: true } : {}),
  };
}
