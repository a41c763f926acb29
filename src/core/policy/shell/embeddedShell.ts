import { parseArgs, type ParsedArgs } from '../commandLine';
import { programFamily, specFor } from '../programs';
import { awkEffects, sedEffects, type ScriptEffects } from './programScripts';
import type { WordValue } from './words';
import { SSH_SPEC } from './wrappers';

/**
 * A command written inside another command's words: an option value that is a shell command line
 * (`ssh -o ProxyCommand=…`, `git -c core.pager=…`, `tar --checkpoint-action=exec=…`, `rsync -e …`,
 * `git rebase -x …`), or words that are a command (`git bisect run CMD ARGS`). `text` is null when
 * it is only known when it runs.
 */
export type EmbeddedCommand = { how: string; text: string | null } | { how: string; words: WordValue[] };

const value = (word: WordValue | undefined): string | null => (word?.kind === 'static' ? word.value : null);

/** ssh options that name a command ssh runs on this machine. */
const SSH_LOCAL_COMMANDS = /^(ProxyCommand|LocalCommand|KnownHostsCommand)\s*[= ]\s*([\s\S]*)$/i;

/**
 * A git configuration value that names a command git runs: the command line (`!` aliases and helpers
 * run through the shell), null when the value is only known at run time, undefined when the key does
 * not name a command.
 */
export function gitConfigCommand(key: string, setting: string | null): string | null | undefined {
  const k = key.toLowerCase();
  const command =
    /^(core\.(pager|editor|sshcommand|askpass|gitproxy)|sequence\.editor|diff\.external|gpg(\.\w+)?\.program|uploadpack\.packobjectshook)$/.test(k) ||
    /^(pager\.[^.]+|diff\.[^.]+\.(command|textconv)|merge\.[^.]+\.driver|filter\.[^.]+\.(clean|smudge|process)|remote\.[^.]+\.(uploadpack|receivepack))$/.test(k);
  if (k === 'core.fsmonitor') return setting === null ? null : /^(true|false|yes|no|on|off|0|1)?$/i.test(setting) ? undefined : setting;
  if (k.startsWith('alias.')) {
    if (setting === null) return null;
    // `!cmd` runs a shell; otherwise the alias is more git.
    return setting.startsWith('!') ? setting.slice(1) : `git ${setting}`;
  }
  if (k === 'credential.helper' || /^credential\..*\.helper$/.test(k)) {
    if (setting === null) return null;
    if (setting === '') return undefined;
    return setting.startsWith('!') ? setting.slice(1) : /^[\w-]+(\s|$)/.test(setting) ? `git-credential-${setting}` : setting;
  }
  if (!command) return undefined;
  if (setting === null) return null;
  // A pager set to a boolean (pager.log=false) turns paging on or off.
  if (k.startsWith('pager.') && /^(true|false|yes|no|on|off|0|1)$/i.test(setting)) return undefined;
  return setting;
}

/** The commands written inside an invocation's words. */
export function embeddedCommands(name: string, args: WordValue[]): EmbeddedCommand[] {
  const family = programFamily(name);
  const out: EmbeddedCommand[] = [];
  if (family === 'ssh' || family === 'scp' || family === 'sftp') {
    const parsed = parseArgs(args, family === 'ssh' ? SSH_SPEC : { shortValue: 'cFiJlPoSDX', shortFlags: '346ABCpqrRTv' });
    for (const option of parsed.options) {
      if (option.name === 'o') {
        if (option.value === null) out.push({ how: `${name} -o`, text: null });
        else {
          const match = SSH_LOCAL_COMMANDS.exec(option.value.trim());
          if (match) out.push({ how: `${name} -o ${match[1]}`, text: match[2]! });
        }
      }
      if (option.name === 'S' && family !== 'ssh') out.push({ how: `${name} -S`, text: option.value });
    }
  } else if (family === 'rsync') {
    const parsed = parseArgs(args, { shortValue: 'eBfT', longValue: ['rsh', 'rsync-path', 'filter', 'exclude', 'include', 'temp-dir', 'partial-dir', 'backup-dir', 'suffix'] });
    for (const option of parsed.options) if (option.name === 'e' || option.name === '--rsh') out.push({ how: `rsync ${option.name === 'e' ? '-e' : '--rsh'}`, text: option.value });
  } else if (family === 'git') {
    gitCommands(args, out);
  } else if (family === 'tar') {
    tarCommands(args, out);
  } else if (family === 'zip') {
    const at = args.findIndex((w) => w.kind === 'static' && (w.value === '-TT' || w.value.startsWith('--unzip-command')));
    if (at !== -1) {
      const word = args[at] as Extract<WordValue, { kind: 'static' }>;
      out.push({ how: 'zip -TT', text: word.value.includes('=') ? word.value.slice(word.value.indexOf('=') + 1) : value(args[at + 1]) });
    }
  } else if (family === 'sort') {
    for (const word of args) {
      if (word.kind === 'static' && word.value.startsWith('--compress-program=')) out.push({ how: 'sort --compress-program', text: word.value.slice('--compress-program='.length) });
    }
  } else if (family === 'man') {
    const parsed = parseArgs(args, { shortValue: 'PCMHLmpSsEeRr', longValue: ['pager', 'html', 'config-file', 'manpath'] });
    for (const option of parsed.options) if (option.name === 'P' || option.name === '--pager' || option.name === 'H' || option.name === '--html') out.push({ how: `man ${option.name}`, text: option.value });
  } else if (family === 'fd' || family === 'fdfind') {
    for (let i = 0; i < args.length; i++) {
      const word = args[i]!;
      if (word.kind !== 'static' || !/^(-x|-X|--exec|--exec-batch)$/.test(word.value)) continue;
      const end = args.findIndex((w, k) => k > i && w.kind === 'static' && w.value === ';');
      out.push({ how: `${name} ${word.value}`, words: args.slice(i + 1, end === -1 ? args.length : end) });
      if (end === -1) break;
      i = end;
    }
  }
  for (const effect of scriptCommands(family, args)) out.push(effect);
  return out;
}

function gitCommands(args: WordValue[], out: EmbeddedCommand[]): void {
  const parsed = parseArgs(args, specFor('git'));
  const end = args.findIndex((w, i) => i >= 0 && parsed.positionals[0] && i === parsed.positionals[0].index);
  for (const option of parsed.options) {
    if (option.name !== 'c' || (end !== -1 && option.index > end)) continue;
    if (option.value === null) {
      out.push({ how: 'git -c', text: null });
      continue;
    }
    const eq = option.value.indexOf('=');
    const key = eq === -1 ? option.value : option.value.slice(0, eq);
    const command = gitConfigCommand(key, eq === -1 ? 'true' : option.value.slice(eq + 1));
    if (command !== undefined) out.push({ how: `git -c ${key}`, text: command });
  }
  const sub = parsed.positionals[0];
  if (sub?.kind !== 'static') return;
  const rest = args.slice(sub.index + 1);
  if (sub.value === 'rebase') {
    for (let i = 0; i < rest.length; i++) {
      const word = rest[i]!;
      if (word.kind !== 'static') continue;
      if (word.value === '-x' || word.value === '--exec') out.push({ how: `git rebase ${word.value}`, text: value(rest[++i]) });
      else if (word.value.startsWith('--exec=')) out.push({ how: 'git rebase --exec', text: word.value.slice(7) });
      else if (/^-x./.test(word.value)) out.push({ how: 'git rebase -x', text: word.value.slice(2) });
    }
  } else if (sub.value === 'bisect' && value(rest[0]) === 'run') {
    out.push({ how: 'git bisect run', words: rest.slice(1) });
  } else if (sub.value === 'submodule' && value(rest.find((w) => !(w.kind === 'static' && w.value.startsWith('-')))) === 'foreach') {
    const at = rest.findIndex((w) => w.kind === 'static' && w.value === 'foreach');
    const words = rest.slice(at + 1).filter((w) => !(w.kind === 'static' && /^--(recursive|quiet)$/.test(w.value)));
    out.push({ how: 'git submodule foreach', text: words.some((w) => w.kind === 'dynamic') ? null : words.map((w) => value(w)).join(' ') });
  } else if (sub.value === 'filter-branch') {
    for (let i = 0; i < rest.length; i++) {
      const word = rest[i]!;
      if (word.kind === 'static' && /^--(env|tree|index|parent|msg|commit|tag-name)-filter$/.test(word.value)) out.push({ how: `git filter-branch ${word.value}`, text: value(rest[++i]) });
    }
  } else if (sub.value === 'difftool' || sub.value === 'mergetool') {
    for (let i = 0; i < rest.length; i++) {
      const word = rest[i]!;
      if (word.kind !== 'static') continue;
      if (word.value === '-x' || word.value === '--extcmd') out.push({ how: `git ${sub.value} ${word.value}`, text: value(rest[++i]) });
      else if (word.value.startsWith('--extcmd=')) out.push({ how: `git ${sub.value} --extcmd`, text: word.value.slice(9) });
    }
  }
}

function tarCommands(args: WordValue[], out: EmbeddedCommand[]): void {
  const takesCommand = /^--(checkpoint-action|to-command|use-compress-program|info-script|new-volume-script|rsh-command)$/;
  for (let i = 0; i < args.length; i++) {
    const word = args[i]!;
    if (word.kind !== 'static') continue;
    const eq = word.value.indexOf('=');
    const long = eq === -1 ? word.value : word.value.slice(0, eq);
    let setting: string | null | undefined;
    let how = `tar ${long}`;
    if (takesCommand.test(long)) setting = eq === -1 ? value(args[++i]) : word.value.slice(eq + 1);
    else if (/^-[IF]$/.test(word.value)) setting = value(args[++i]);
    else if (/^-[IF]./.test(word.value)) setting = word.value.slice(2);
    else continue;
    if (/^-[IF]/.test(word.value)) how = `tar ${word.value.slice(0, 2)}`;
    if (long === '--checkpoint-action') {
      // Actions other than exec (dot, echo, bell, ttyout…) print; `exec=CMD` runs CMD.
      if (setting === null) out.push({ how, text: null });
      else if (/^exec=/.test(setting ?? '')) out.push({ how, text: setting!.slice(5) });
      continue;
    }
    out.push({ how, text: setting ?? null });
  }
}

/** `sed 'e …'`, `sed 's/x/y/e'` and awk's system(): commands inside the script argument. */
function scriptCommands(family: string, args: WordValue[]): EmbeddedCommand[] {
  const effects = programScriptEffects(family, args);
  if (!effects) return [];
  const how = family === 'sed' ? 'a sed script' : 'an awk program';
  const out: EmbeddedCommand[] = effects.commands.map((text) => ({ how, text }));
  if (effects.unreadable) out.push({ how: `${how} with ${effects.unreadable}`, text: null });
  return out;
}

/** The sed scripts or awk program of an invocation, read for commands and files; null for other programs. */
export function programScriptEffects(family: string, args: WordValue[], parsed: ParsedArgs = parseArgs(args, specFor(family))): ScriptEffects | null {
  if (family !== 'sed' && family !== 'awk') return null;
  if (family === 'sed' && parsed.flags.has('--sandbox')) return null;
  const texts: Array<string | null> = [];
  const fromOptions = parsed.options.filter((o) => (family === 'sed' ? o.name === 'e' : false));
  for (const option of fromOptions) texts.push(option.value);
  const fromFile = parsed.options.some((o) => o.name === 'f' || o.name === '--file');
  if (!fromOptions.length && !fromFile) {
    const first = parsed.positionals[0];
    if (first) texts.push(first.kind === 'static' ? first.value : null);
  }
  const effects: ScriptEffects = { commands: [], writes: [], reads: [] };
  if (fromFile) effects.unreadable = `a ${family === 'sed' ? 'script' : 'program'} file (-f) the policy does not read`;
  for (const text of texts) {
    if (text === null) {
      effects.unreadable = `a ${family === 'sed' ? 'script' : 'program'} only known when it runs`;
      continue;
    }
    const one = family === 'sed' ? sedEffects(text) : awkEffects(text);
    effects.commands.push(...one.commands);
    effects.writes.push(...one.writes);
    effects.reads.push(...one.reads);
    if (one.unreadable) effects.unreadable = one.unreadable;
  }
  return effects;
}
