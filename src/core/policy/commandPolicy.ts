import * as path from 'node:path';
import { argsOf, matchAnyView, matchPattern, type CommandPattern } from './commandPattern';
import { COMMAND_RULES, DATABASE_CLIENTS, DESTRUCTIVE_SQL } from './commandRules';
import type { PathPolicy } from './pathPolicy';
import { programFamily } from './programs';
import { analyzeCommand, programName, type Invocation } from './shell/invocations';
import { HIJACKING_VARIABLES, type CwdState } from './shell/scriptWalker';
import type { WordValue } from './shell/words';
import type { PolicyRule } from './types';
import { pathUses, type PathAccess } from './writeTargets';

/** One reason a command cannot simply run. */
export interface Finding {
  verdict: 'deny' | 'ask';
  /** `always`: at every autonomy level. `destructive`: only below full autonomy. */
  scope: 'always' | 'destructive';
  rule: PolicyRule;
  reason: string;
  /** What was asked about, so "allow for this session" can remember exactly that. */
  grantKey: string;
  /** The invocation it is about: an allowed command pattern lifts its destructive asks. */
  invocation?: Invocation;
  /** An always-ask that an allowed command pattern covering the invocation lifts too (a development migration). */
  liftedByAllowed?: boolean;
}

export interface CommandAssessment {
  /** Set when the command could not be parsed; nothing else is then known. */
  parseError?: string;
  invocations: Invocation[];
  findings: Finding[];
}

/** A pattern from the settings, with where it came from for messages. */
export interface ConfiguredPattern {
  pattern: CommandPattern;
  /** `agent.forbiddenCommands[2]` */
  field: string;
}

type Described = { source: string; origin?: string };

/** A command quoted for a reason, with the script it comes from. */
function shown(what: Described): string {
  return quote(what.source) + (what.origin ? ` (in ${what.origin})` : '');
}

/** Quoted command text for a reason, cut to a readable length. */
export function quote(text: string): string {
  const flat = text.replace(/\s*\n\s*/g, ' ').trim();
  return `"${flat.length > 80 ? `${flat.slice(0, 77)}...` : flat}"`;
}

/**
 * Judges a command line on its parse: every program it would run (through wrappers, nested shells,
 * substitutions), every file it would write or delete, and every part it cannot see into. Returns
 * findings; the PolicyEngine weighs them against the autonomy level.
 */
export class CommandPolicy {
  constructor(
    private readonly paths: PathPolicy,
    private readonly forbidden: ConfiguredPattern[],
    private readonly settingsFile: string,
  ) {}

  assess(command: string, cwd: string, env?: Readonly<Record<string, string>>): CommandAssessment {
    const result = analyzeCommand(command, { cwd: { known: true, dir: cwd }, home: this.paths.home, readScript: (file) => this.paths.readScript(file), ...(env ? { env } : {}) });
    if (!result.ok) return { parseError: result.parseError, invocations: [], findings: [] };
    const { invocations, redirects, notes, unresolved } = result.analysis;
    const findings: Finding[] = [];
    for (const blind of unresolved) {
      findings.push(ask('unknown-command', `cannot tell what ${shown(blind)} runs: ${blind.why}`, `unknown:${blind.source}`));
    }
    for (const note of notes) {
      findings.push(ask('hijacked-environment', `${quote(note.source)} sets ${note.name}, which changes what later commands run; it always needs your approval`, `env:${note.source}`));
    }
    for (const redirect of redirects) {
      findings.push(...this.pathFindings(redirect.target, redirect.access, redirect.operator, redirect, redirect.cwd));
    }
    for (const invocation of invocations) findings.push(...this.invocationFindings(invocation));
    findings.push(...pipedSql(invocations));
    return { invocations, findings };
  }

  private invocationFindings(invocation: Invocation): Finding[] {
    const findings: Finding[] = [];
    const command = shown(invocation);
    for (const { pattern, field } of this.forbidden) {
      const match = matchAnyView(pattern, invocation);
      const where = `(${this.settingsFile} ${field.replace(/\[\d+\]$/, '')})`;
      const embedded = match === 'no' ? embeddedMatch(pattern, invocation) : null;
      if (embedded) {
        findings.push(ask('forbidden-command', `${command} may run forbidden command ${quote(pattern.text)} through ${embedded} ${where}`, `maybe-forbidden:${invocation.source}`, invocation));
      } else if (match === 'yes') {
        findings.push({ verdict: 'deny', scope: 'always', rule: 'forbidden-command', reason: `${command} matches forbidden command ${quote(pattern.text)} ${where}`, grantKey: `forbidden:${invocation.source}`, invocation });
      } else if (match === 'maybe') {
        findings.push(ask('forbidden-command', `cannot tell whether ${command} runs forbidden command ${quote(pattern.text)} ${where}: part of it is only known when it runs`, `maybe-forbidden:${invocation.source}`, invocation));
      }
    }
    for (const name of invocation.env.keys()) {
      if (HIJACKING_VARIABLES.test(name)) findings.push(ask('hijacked-environment', `${command} sets ${name}, which changes what the command runs; it always needs your approval`, `env:${invocation.source}`, invocation));
    }
    for (const rule of COMMAND_RULES) {
      const hit = rule.check(invocation);
      if (!hit) continue;
      const does = hit.does ?? rule.does;
      const verb = hit.match === 'maybe' ? `may run ${quote(hit.label)}, so it possibly ${does}` : `${does} (${hit.label})`;
      findings.push({
        verdict: 'ask',
        scope: rule.kind === 'destructive' ? 'destructive' : 'always',
        rule: rule.id,
        reason: `${command} ${verb}; ${hit.because ?? rule.because}`,
        grantKey: `${rule.id}:${invocation.source}`,
        invocation,
        ...(hit.liftable ? { liftedByAllowed: true } : {}),
      });
    }
    if (invocation.cwd.known) {
      const where = this.paths.locate(invocation.cwd.dir);
      if (where.inside === false) findings.push(outsideDenial(`${command} runs in ${invocation.cwd.dir}, outside the workspace; the agent only runs commands inside it`, where.absolute, invocation));
      else if (where.inside === null) findings.push(ask('unknown-command', `cannot tell where ${command} runs: ${where.problem}`, `cwd:${invocation.cwd.dir}:${invocation.source}`, invocation));
    } else {
      // Every relative path it uses could be anywhere, the workspace's outside included.
      findings.push(ask('unknown-command', `cannot tell where ${command} runs: ${invocation.cwd.why}`, `cwd:?:${invocation.source}`, invocation));
    }
    findings.push(...this.recursiveSearch(invocation, command));
    const deleted: string[] = [];
    for (const use of pathUses(invocation, argsOf(invocation))) {
      findings.push(...this.pathFindings(use.word, use.access, use.how, invocation, invocation.cwd, invocation, deleted));
    }
    if (deleted.length) {
      const list = deleted.length > 3 ? `${deleted.slice(0, 3).join(', ')} and ${deleted.length - 3} more` : deleted.join(', ');
      findings.push(ask('delete', `${command} deletes ${list}; deleting anything but test artifacts always needs your approval`, `delete:${invocation.source}`, invocation));
    }
    return findings;
  }

  /** `grep -r TOKEN .` reads every file under `.`, .env included: asked when a secrets file is there. */
  private recursiveSearch(invocation: Invocation, command: string): Finding[] {
    const family = programFamily(invocation.name);
    const args = argsOf(invocation);
    const recursive =
      (['grep', 'egrep', 'fgrep'].includes(family) && ['r', 'R', '--recursive', '--dereference-recursive'].some((f) => args.flags.has(f))) ||
      // rg and ag skip hidden and ignored files unless told otherwise.
      (['rg', 'ag'].includes(family) && ['--hidden', '-.', 'u', '--no-ignore', '--unrestricted'].some((f) => args.flags.has(f.replace(/^-(?=\w$)/, ''))));
    if (!recursive || !invocation.cwd.known) return [];
    const includes = args.options.filter((o) => (o.name === '--include' || o.name === 'g' || o.name === '--glob') && o.value !== null).map((o) => o.value!);
    if (includes.length && !includes.some((glob) => this.paths.couldMatchSecret(glob))) return [];
    const given = args.options.some((o) => ['e', 'f', '--regexp', '--file'].includes(o.name));
    const operands = args.positionals.slice(given ? 0 : 1);
    const folders = operands.length ? operands : [{ kind: 'static' as const, value: '.' }];
    for (const folder of folders) {
      if (folder.kind !== 'static') continue;
      const where = this.paths.locate(folder.value, invocation.cwd.dir);
      if (where.inside !== true || !this.paths.isDirectory(where.absolute)) continue;
      const secret = this.paths.secretUnder(where.absolute);
      if (secret === null) continue;
      const which = secret === undefined ? 'more files than the policy looks through, which may hold a secrets file' : `${secret}, a secrets file`;
      return [ask('secret-file', `${command} searches every file under ${where.relative || '.'}, ${which}; what the agent reads is sent to the model, so it needs your approval`, `secret-read:search:${where.relative}`, invocation)];
    }
    return [];
  }

  /** The path rules for one file a command touches; deletions are gathered into `deleted`. */
  private pathFindings(word: WordValue, access: PathAccess, how: string, from: Described, cwd: CwdState, invocation?: Invocation, deleted: string[] = []): Finding[] {
    const source = from.source;
    const command = shown(from);
    const verb = { write: 'writes', truncate: 'overwrites', delete: 'deletes', read: 'reads', name: 'uses', link: 'links to', mention: 'uses' }[access];
    if (word.kind === 'dynamic') {
      if (word.processSubstitution) return [];
      // Not harmless for being unknown: it could be .env, or a path outside the workspace.
      return [ask('unknown-command', `cannot tell which file ${command} ${verb} through ${how}: ${word.written} is only known when it runs`, `unknown-path:${source}`, invocation)];
    }
    if (!path.isAbsolute(word.value) && !cwd.known && !/^~(\/|$)/.test(word.value)) {
      // Not knowing where the invocation runs is asked about once, for the invocation.
      if (access === 'mention' || access === 'name') return [];
      return [ask('unknown-command', `cannot tell which file ${command} ${verb}: ${word.value} is relative and ${cwd.why}`, `unknown-path:${source}`, invocation)];
    }
    const base = cwd.known ? cwd.dir : this.paths.workspaceRoot;
    let targets = [word.value];
    if (word.glob) {
      const writing = access === 'write' || access === 'truncate' || access === 'delete';
      const matches = this.paths.expandGlob(word.value, base);
      if (writing) {
        if (matches === null) return [ask('unknown-command', `cannot tell which files ${command} ${verb}: ${word.written} is a pattern over folders`, `unknown-path:${source}`, invocation)];
        targets = matches.length ? matches : [word.value];
      } else {
        // What a pattern matches is only known when it runs: judge where it looks, and whether it could name a secret.
        const findings: Finding[] = [];
        const folder = word.value.replace(/\/?[^/]*[*?[].*$/, '') || (word.value.startsWith('/') ? '/' : '.');
        findings.push(...this.targetFindings(folder, folder, access === 'read' ? 'name' : access, how, command, source, base, invocation, deleted));
        if ((access === 'read' || access === 'mention') && this.paths.couldMatchSecret(word.value)) {
          findings.push(ask('secret-file', `${command} ${verb} ${word.written}, a pattern that could match a secrets file; what the agent reads is sent to the model, so it needs your approval`, `secret-read:${word.value}`, invocation));
        }
        for (const match of matches ?? []) findings.push(...this.targetFindings(match, match, access, how, command, source, base, invocation, deleted));
        return findings;
      }
    }
    return targets.flatMap((target) => this.targetFindings(target, target === word.value ? word.written : target, access, how, command, source, base, invocation, deleted));
  }

  private targetFindings(target: string, written: string, access: PathAccess, how: string, command: string, source: string, base: string, invocation: Invocation | undefined, deleted: string[]): Finding[] {
    const where = this.paths.locate(target, base);
    if (this.paths.isHarmlessDevice(where.absolute)) return [];
    if (where.inside === null) return [ask('unknown-command', `cannot tell where ${target} in ${command} points: ${where.problem}`, `unknown-path:${source}`, invocation)];
    if (!where.inside) {
      if ((access === 'mention' || access === 'name') && !this.paths.exists(where.absolute)) return [];
      if (access === 'link') {
        return [outsideDenial(`${command} makes a link to ${written} (${where.absolute}), outside the workspace; writes through it would leave the workspace`, where.absolute, invocation, 'link')];
      }
      const verb = access === 'read' ? 'reads' : access === 'mention' || access === 'name' ? 'uses' : access === 'delete' ? 'deletes' : 'writes';
      const never = access === 'read' || access === 'mention' || access === 'name' ? 'reads or writes' : 'writes';
      return [outsideDenial(`${command} ${verb} ${written} (${where.absolute}), which is outside the workspace; the agent never ${never} outside the workspace`, where.absolute, invocation)];
    }
    const display = where.relative || '.';
    if (access === 'link') {
      // A link is another name for its target: reading or writing through it is reading or writing the target.
      const area = this.paths.protectedArea(where.relative);
      if (area) return [ask('protected-path', `${command} makes a link to ${display}; writes through it change ${area.what}, which always needs your approval because ${area.why}`, `link:${where.relative}`, invocation)];
      if (this.paths.isSecret(where.relative)) return [ask('secret-file', `${command} makes a link to ${display}, a secrets file; what is read through it is the secret, so it needs your approval`, `secret-read:${where.relative}`, invocation)];
      return [];
    }
    if (access === 'mention' || access === 'read' || access === 'name') {
      // What a command prints goes back to the model: a secret must not leave the machine unasked.
      if (access === 'name' || !this.paths.isSecret(where.relative)) return [];
      return [ask('secret-file', `${command} reads ${display}, a secrets file; what the agent reads is sent to the model, so it needs your approval`, `secret-read:${where.relative}`, invocation)];
    }
    const findings: Finding[] = [];
    const area = this.paths.protectedArea(where.relative);
    if (area) findings.push(ask('protected-path', `${command} ${access === 'delete' ? 'deletes' : 'writes'} ${display}; changes to ${area.what} always need your approval because ${area.why}`, `protected:${where.relative}`, invocation));
    else if (this.paths.isSecret(where.relative)) findings.push(ask('secret-file', `${command} ${access === 'delete' ? 'deletes' : 'writes'} ${display}, a secrets file; changing secrets always needs your approval`, `secret:${where.relative}`, invocation));
    if (access === 'delete' && !this.paths.isTestArtifact(where.relative)) deleted.push(how === 'find -delete' || how === 'git clean' ? `what ${how} finds under ${display}` : display);
    if (access === 'truncate' && this.paths.isExistingFile(where.absolute) && !this.paths.isTestArtifact(where.relative)) {
      findings.push({ verdict: 'ask', scope: 'destructive', rule: 'destructive', reason: `${command} overwrites the existing file ${display} (${how}); destructive commands need your approval below full autonomy`, grantKey: `overwrite:${where.relative}`, ...(invocation ? { invocation } : {}) });
    }
    return findings;
  }
}

/** Programs that only print or search their arguments: a forbidden command among them is text. */
const PRINTERS = new Set(['echo', 'printf', 'grep', 'egrep', 'fgrep', 'rg', 'ag', 'man', 'which', 'type', 'whatis', 'apropos', 'tldr', 'info', 'help', 'git']);

/**
 * A safety net for wrappers the policy does not know or misreads (`systemd-run rm -rf x`): the
 * forbidden program appearing among the command's words, followed by what the pattern needs, is
 * reason enough to ask.
 */
function embeddedMatch(pattern: CommandPattern, invocation: Invocation): string | null {
  if (PRINTERS.has(invocation.name)) return null;
  const words = invocation.written;
  for (let i = 1; i < words.length; i++) {
    const word = words[i]!;
    if (word.kind !== 'static' || (programName(word.value) !== pattern.name && programFamily(programName(word.value)) !== pattern.name)) continue;
    const inner: Invocation = { ...invocation, via: [...invocation.via, invocation.name], program: word, name: programName(word.value), args: words.slice(i + 1) };
    if (matchPattern(pattern, inner) !== 'no') return words[0]?.kind === 'static' ? programName(words[0].value) : invocation.name;
  }
  return null;
}

/** `echo "DROP TABLE x" | psql`: SQL written anywhere in the command and piped into a database client. */
function pipedSql(invocations: Invocation[]): Finding[] {
  const client = invocations.find((inv) => DATABASE_CLIENTS.has(inv.name) && inv.stdin.kind === 'pipe');
  if (!client) return [];
  const sql = invocations.flatMap((inv) => inv.args).find((w) => w.kind === 'static' && DESTRUCTIVE_SQL.test(w.value));
  if (!sql) return [];
  return [{ verdict: 'ask', scope: 'destructive', rule: 'destructive', reason: `${shown(client)} receives ${quote((sql as { value: string }).value)}, which is destructive; destructive commands need your approval below full autonomy`, grantKey: `destructive:${client.source}`, invocation: client }];
}

function outsideDenial(reason: string, absolute: string, invocation?: Invocation, kind = 'outside'): Finding {
  return { verdict: 'deny', scope: 'always', rule: 'outside-workspace', reason, grantKey: `${kind}:${absolute}`, ...(invocation ? { invocation } : {}) };
}

function ask(rule: PolicyRule, reason: string, grantKey: string, invocation?: Invocation): Finding {
  return { verdict: 'ask', scope: 'always', rule, reason, grantKey, ...(invocation ? { invocation } : {}) };
}
