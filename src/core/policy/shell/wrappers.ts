import type { OptionSpec } from '../commandLine';

export interface WrapperSpec extends OptionSpec {
  /** Plain words the wrapper takes before the command (`timeout 5`, `chroot DIR`). */
  leading?: number;
  /** `NAME=value` words before the command set its environment (`env`, `sudo`, `cross-env`). */
  assignments?: boolean;
  /** The wrapper adds arguments at run time (`xargs`). */
  runtimeArgs?: boolean;
  /** Option (short letter or `--long`) whose value is a working directory for the command. */
  chdir?: string[];
  /** Option whose value is a whole command line to parse (`env -S`, `npx -c`). */
  commandString?: string[];
}

/** Programs that run another program given as their arguments; stripped to judge what really runs. */
export const WRAPPERS: Record<string, WrapperSpec> = {
  sudo: {
    shortValue: 'CDghprRtTuU',
    shortFlags: 'AbBeEHiKklLnPsSvV',
    longValue: ['chdir', 'chroot', 'close-from', 'command-timeout', 'group', 'host', 'other-user', 'prompt', 'role', 'type', 'user'],
    longFlags: ['askpass', 'background', 'bell', 'edit', 'help', 'login', 'list', 'non-interactive', 'preserve-groups', 'remove-timestamp', 'reset-timestamp', 'set-home', 'shell', 'stdin', 'validate', 'version', 'preserve-env'],
    longOptional: ['preserve-env'],
    assignments: true,
    chdir: ['D', '--chdir'],
  },
  doas: { shortValue: 'uC', shortFlags: 'Lns' },
  env: {
    shortValue: 'uCS',
    shortFlags: 'i0v',
    longValue: ['unset', 'chdir', 'split-string'],
    longFlags: ['ignore-environment', 'null', 'debug', 'list-signal-handling'],
    longOptional: ['default-signal', 'ignore-signal', 'block-signal'],
    assignments: true,
    chdir: ['C', '--chdir'],
    commandString: ['S', '--split-string'],
  },
  'cross-env': { assignments: true },
  'cross-env-shell': { assignments: true },
  nohup: {},
  nice: { shortValue: 'n', longValue: ['adjustment'], shortFlags: '0123456789' },
  ionice: { shortValue: 'cnpPu', shortFlags: 't', longValue: ['class', 'classdata', 'pid', 'pgid', 'uid'], longFlags: ['ignore'] },
  timeout: { shortValue: 'sk', shortFlags: 'v', longValue: ['signal', 'kill-after'], longFlags: ['preserve-status', 'foreground', 'verbose'], leading: 1 },
  command: { shortFlags: 'pvV' },
  builtin: {},
  exec: { shortValue: 'a', shortFlags: 'cl' },
  stdbuf: { shortValue: 'ioe', longValue: ['input', 'output', 'error'] },
  xargs: {
    shortValue: 'aEdILnPs',
    shortOptional: 'eil',
    shortFlags: '0oprtx',
    longValue: ['arg-file', 'delimiter', 'eof', 'replace', 'max-lines', 'max-args', 'max-procs', 'max-chars', 'process-slot-var'],
    longFlags: ['null', 'no-run-if-empty', 'open-tty', 'interactive', 'verbose', 'exit', 'show-limits'],
    runtimeArgs: true,
  },
  time: { shortValue: 'fo', shortFlags: 'apqv', longValue: ['format', 'output'], longFlags: ['append', 'portability', 'verbose', 'quiet'] },
  setsid: { shortFlags: 'cfw', longFlags: ['ctty', 'fork', 'wait'] },
  unbuffer: { shortFlags: 'p' },
  caffeinate: { shortValue: 'tw', shortFlags: 'dimsu' },
  chronic: { shortFlags: 'ev' },
  busybox: {},
  chroot: { leading: 1, longValue: ['userspec', 'groups'], longFlags: ['skip-chdir'] },
  npx: {
    shortValue: 'pc',
    shortFlags: 'yq',
    longValue: ['package', 'call', 'cache', 'registry', 'userconfig'],
    longFlags: ['yes', 'no', 'quiet', 'ignore-existing'],
    commandString: ['c', '--call'],
  },
  pnpx: { shortValue: 'p', shortFlags: 'yq', longValue: ['package'], longFlags: ['yes', 'no'] },
  flock: {
    shortValue: 'wEc',
    shortFlags: 'sxeunoF',
    longValue: ['timeout', 'conflict-exit-code', 'command'],
    longFlags: ['shared', 'exclusive', 'unlock', 'nonblock', 'close', 'no-fork', 'verbose'],
    leading: 1,
    commandString: ['c', '--command'],
  },
  // `taskset -c 0 cmd`: -c only says how to read the mask, which is still the first plain word.
  taskset: { shortFlags: 'acp', longFlags: ['all-tasks', 'cpu-list', 'pid'], leading: 1 },
  chrt: { shortFlags: 'abdefiomprRv', longFlags: ['all-tasks', 'batch', 'deadline', 'fifo', 'idle', 'other', 'rr', 'reset-on-fork', 'verbose'], leading: 1 },
  strace: { shortValue: 'abeEoOpPsSuUX', shortFlags: 'cCdDfFhiqrtTvVwxyYzZ', longValue: ['output', 'signal', 'trace', 'user', 'env'] },
  ltrace: { shortValue: 'aeEnoApsuxX', shortFlags: 'bcCdfhiLrStTvV', longValue: ['output', 'library'] },
  unshare: { shortValue: 'S', shortFlags: 'imnpuUCrfT', longFlags: ['ipc', 'mount', 'net', 'pid', 'uts', 'user', 'cgroup', 'fork', 'map-root-user', 'map-current-user'] },
  script: { shortValue: 'cEItTBOm', shortFlags: 'aefqk', longValue: ['command', 'echo', 'log-in', 'log-out', 'log-timing', 'logging-format'], longFlags: ['append', 'return', 'flush', 'force', 'quiet'], commandString: ['c', '--command'] },
  firejail: {},
  bunx: { longFlags: ['bun', 'silent'], longValue: ['package'] },
};

/** Wrappers that make the command run as another user. */
export const PRIVILEGE_WRAPPERS = new Set(['sudo', 'doas', 'su', 'runuser', 'pkexec', 'chroot']);


/** ssh: the words after the destination are a command line run by the remote shell. */
export const SSH_SPEC: OptionSpec = {
  shortValue: 'BbcDEeFIiJLlmOoPpQRSWw',
  shortFlags: '46AaCfGgKkMNnqsTtVvXxYy',
  stopAtPositional: true,
};
