import type { OptionSpec } from './commandLine';

const targetDirectory = { '--target-directory': ['t'], '--force': ['f'], '--recursive': ['r'], R: ['r'] };

/**
 * How the programs the policy reasons about read their options, so flags are recognised in any
 * spelling and option values are not mistaken for file names. Programs not listed get the generic
 * reading (every `-x` a flag, every other word plain).
 */
const PROGRAM_SPECS: Record<string, OptionSpec> = {
  rm: { shortFlags: 'dfiIrRv', aliases: { R: ['r'], '--recursive': ['r'], '--force': ['f'], '--dir': ['d'] } },
  cp: { shortValue: 'St', longValue: ['target-directory', 'suffix'], aliases: { ...targetDirectory, '--archive': ['a'] } },
  mv: { shortValue: 'St', longValue: ['target-directory', 'suffix'], aliases: targetDirectory },
  ln: { shortValue: 'St', longValue: ['target-directory', 'suffix'], aliases: { ...targetDirectory, '--symbolic': ['s'] } },
  install: { shortValue: 'gmotS', longValue: ['group', 'mode', 'owner', 'target-directory', 'suffix'], aliases: targetDirectory },
  chmod: { aliases: { '--recursive': ['R'] } },
  chown: { aliases: { '--recursive': ['R'] } },
  chgrp: { aliases: { '--recursive': ['R'] } },
  git: {
    shortValue: 'Ccm',
    longValue: ['git-dir', 'work-tree', 'namespace', 'config-env', 'super-prefix', 'message'],
    aliases: { '--force': ['f'], '--delete': ['d'], '--set-upstream': ['u'], '--dry-run': ['n'], '--recursive': ['r'], D: ['d', 'f'], '--message': ['m'] },
  },
  sed: {
    shortValue: 'efl',
    shortOptional: 'i',
    longValue: ['expression', 'file', 'line-length'],
    longOptional: ['in-place'],
    aliases: { '--in-place': ['i'], '--expression': ['e'], '--file': ['f'], '--regexp-extended': ['E'], r: ['E'] },
  },
  tee: { aliases: { '--append': ['a'] } },
  find: { singleDashLong: true },
  curl: {
    shortValue: 'AbcdDeEFHKmoQrTuUwxXyYz',
    longValue: ['output', 'data', 'data-raw', 'data-binary', 'header', 'request', 'user', 'upload-file', 'config', 'cookie', 'cookie-jar', 'dump-header', 'trace', 'trace-ascii', 'form', 'user-agent', 'referer', 'proxy', 'max-time'],
    aliases: { '--output': ['o'], '--dump-header': ['D'], '--cookie-jar': ['c'], '--remote-name': ['O'], '--config': ['K'] },
  },
  wget: {
    shortValue: 'aADeilOoPQRtTUw',
    longValue: ['output-document', 'output-file', 'append-output', 'directory-prefix', 'input-file', 'execute', 'user-agent', 'tries', 'timeout', 'wait', 'quota', 'domains', 'level', 'accept', 'reject'],
    aliases: { '--output-document': ['O'], '--directory-prefix': ['P'], '--output-file': ['o'], '--append-output': ['a'], '--execute': ['e'] },
  },
  sort: { shortValue: 'kotST', longValue: ['output', 'key', 'field-separator', 'temporary-directory', 'buffer-size'], aliases: { '--output': ['o'] } },
  tar: {
    shortValue: 'bCfgKNTVX',
    longValue: ['file', 'directory', 'files-from', 'exclude-from'],
    aliases: { '--file': ['f'], '--directory': ['C'], '--extract': ['x'], '--get': ['x'], '--create': ['c'], '--append': ['r'], '--update': ['u'] },
  },
  unzip: { shortValue: 'dPx' },
  truncate: { shortValue: 'rs', longValue: ['reference', 'size'] },
  touch: { shortValue: 'drt', longValue: ['date', 'reference'] },
  mkdir: { shortValue: 'm', longValue: ['mode'], aliases: { '--parents': ['p'] } },
  npm: {
    shortValue: 'w',
    longValue: ['prefix', 'workspace', 'registry', 'userconfig', 'cache', 'otp', 'tag', 'access', 'loglevel', 'location'],
    aliases: { '--global': ['g'], '--force': ['f'], '--workspace': ['w'], '--save-dev': ['D'] },
  },
  pnpm: { shortValue: 'CF', longValue: ['dir', 'filter', 'reporter', 'loglevel'], aliases: { '--global': ['g'], '--dir': ['C'], '--filter': ['F'] } },
  yarn: { longValue: ['cwd'], aliases: { '--global': ['g'] } },
  bun: { longValue: ['cwd'], aliases: { '--global': ['g'], '--eval': ['e'], '--print': ['p'] } },
  pip: { aliases: { '--user': ['user'] } },
  python: { shortValue: 'cmWX', stopAtPositional: true },
  node: {
    shortValue: 'eprC',
    longValue: ['eval', 'print', 'require', 'import', 'loader', 'experimental-loader', 'env-file', 'conditions', 'input-type', 'title'],
    aliases: { '--eval': ['e'], '--print': ['p'], '--require': ['r'] },
    stopAtPositional: true,
  },
  deno: { stopAtPositional: true },
  perl: { shortValue: 'eEIMm', shortOptional: 'ilx0', stopAtPositional: true },
  ruby: { shortValue: 'eIrCEF', stopAtPositional: true },
  php: { shortValue: 'rdcfBRFE', stopAtPositional: true },
  lua: { shortValue: 'el', stopAtPositional: true },
  Rscript: { shortValue: 'e', stopAtPositional: true },
  osascript: { shortValue: 'el', stopAtPositional: true },
  awk: { shortValue: 'fvF', longValue: ['file', 'assign', 'field-separator', 'include', 'load', 'source'], stopAtPositional: true },
  psql: { shortValue: 'cdfhUpoLTFPRv', longValue: ['command', 'dbname', 'file', 'host', 'username', 'port', 'output'], aliases: { '--command': ['c'], '--file': ['f'] } },
  mysql: { shortValue: 'eDhuPpS', longValue: ['execute', 'database', 'host', 'user', 'port', 'socket'], aliases: { '--execute': ['e'] } },
  docker: { shortValue: 'cHl', longValue: ['context', 'host', 'log-level', 'config'], aliases: { '--force': ['f'] } },
  kubectl: { shortValue: 'nlfco', longValue: ['namespace', 'selector', 'filename', 'context', 'output', 'kubeconfig'] },
};

const SHELL_SPEC: OptionSpec = { shortValue: 'oO', longValue: ['rcfile', 'init-file'], stopAtPositional: true };

/** Shells whose `-c` string and standard input are shell code the policy can read. */
export const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'mksh', 'ash', 'yash', 'posh', 'rbash']);

export function specFor(program: string): OptionSpec {
  if (SHELLS.has(program)) return SHELL_SPEC;
  return PROGRAM_SPECS[programFamily(program)] ?? {};
}

/** `python3.12` → `python`, `nodejs` → `node`, `gawk` → `awk`, `mkfs.ext4` stays as is. */
export function programFamily(program: string): string {
  if (/^python[\d.]*$/.test(program) || program === 'pypy' || program === 'pypy3') return 'python';
  if (program === 'nodejs') return 'node';
  if (/^(g|m|n)?awk$/.test(program) || program === 'busybox-awk') return 'awk';
  if (/^pip[\d.]*$/.test(program)) return 'pip';
  if (/^(perl|ruby|php|lua)[\d.]*$/.test(program)) return program.replace(/[\d.]+$/, '');
  return program;
}
