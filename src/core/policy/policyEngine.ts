import { homedir } from 'node:os';
import { SETTINGS_FILE, SettingsError, type Settings } from '../settings';
import { CommandPatternError, matchPattern, parseCommandPattern, type CommandPattern } from './commandPattern';
import { CommandPolicy, quote, type ConfiguredPattern, type Finding } from './commandPolicy';
import { assessMcpTool, type McpToolAssessment } from './mcpTools';
import { AskCommands, TrustedCommands } from './kiroCommandLists';
import { PathPolicy } from './pathPolicy';
import type { Invocation } from './shell/invocations';
import { isShellParserLoaded, loadShellParser, ShellParserNotLoadedError } from './shell/wasm/shellParser';
import { unmodelledReason } from './knownPrograms';
import type { AgentMode, AutonomyLevel, PolicyDecision, PolicyRule, ProposedAction, SandboxState } from './types';

export interface PolicyEngineOptions {
  settings: Settings;
  workspaceRoot: string;
  /** Overrides `agent.autonomyLevel` (e.g. from a CLI flag). */
  autonomyLevel?: AutonomyLevel;
  /** Overrides `agent.mode`. */
  mode?: AgentMode;
  /** Where `~` points; defaults to the user's home. */
  homeDir?: string;
  /** How to name the settings file in messages. */
  settingsFile?: string;
  /**
   * Whether commands run inside the OS sandbox. Not `on` (off or unavailable), every command that
   * runs a program or option the policy does not model (knownPrograms.ts) asks at every level,
   * unless agent.allowedCommands allows it. Left out: the policy judges commands on their text alone,
   * as before the sandbox existed, and says no command is sandboxed.
   */
  sandbox?: SandboxState;
  /**
   * Where "always allow for the session" is remembered: an engine of its own by default. Engines
   * of one run share it (a task side by side in its copy of the workspace has an engine rooted
   * there): what the person allowed in one task is allowed in the others. Its keys name paths
   * relative to the workspace, so they mean the same file in every copy.
   */
  sessionGrants?: Set<string>;
}

/** A change touching more than this many lines, and more than half the file, is a large rewrite. */
export const LARGE_REWRITE_MIN_LINES = 20;

/** Programs found here are the system's; elsewhere, a path like /tmp/x/git is not the git you allowed. */
const SYSTEM_BIN = /^\/(usr\/(local\/)?)?s?bin\/[^/]+$|^\/opt\/homebrew\/bin\/[^/]+$/;

type Assessment = { findings: Finding[]; baseline: Finding[]; allowReason: string; allowRule: PolicyRule };

/**
 * Decides every action the agent proposes: allow, ask or deny, with a sentence naming the rule.
 *
 * Order: deny (forbidden commands, anything outside the workspace) beats ask, ask beats allow.
 * Always-ask rules hold at every level: secrets, protected folders, deleting non-artifacts, pushing,
 * publishing, migrations, privileged or opaque commands. On top, the autonomy level asks for:
 * cautious — every write and every command (allowedCommands can allow commands); balanced — large
 * rewrites and destructive commands (allowedCommands can allow those commands); full — nothing more.
 * The mode can only add asks: `supervised` reviews every write (as cautious), `interactive` reviews
 * every write and command. "Allow for this session" (grantForSession) lifts asks, never a deny.
 */
export class PolicyEngine {
  readonly autonomyLevel: AutonomyLevel;
  readonly mode: AgentMode;
  readonly workspaceRoot: string;
  readonly sandbox: SandboxState | undefined;
  private readonly paths: PathPolicy;
  private readonly commands: CommandPolicy;
  private readonly allowed: ConfiguredPattern[];
  private readonly trusted: TrustedCommands;
  private readonly alwaysAsk: AskCommands;
  private readonly settingsFile: string;
  private readonly grants: Set<string>;
  private writesThisTask = 0;

  /** Loads the shell parser (once per process), then builds the engine. */
  static async create(options: PolicyEngineOptions): Promise<PolicyEngine> {
    await loadShellParser();
    return new PolicyEngine(options);
  }

  /**
   * Throws ShellParserNotLoadedError unless the shell parser was loaded (use PolicyEngine.create, or
   * await loadShellParser() first); throws SettingsError for a command pattern it cannot read.
   */
  constructor(private readonly options: PolicyEngineOptions) {
    if (!isShellParserLoaded()) throw new ShellParserNotLoadedError();
    const { settings } = options;
    this.settingsFile = options.settingsFile ?? SETTINGS_FILE;
    this.autonomyLevel = options.autonomyLevel ?? settings.agent.autonomyLevel;
    this.mode = options.mode ?? settings.agent.mode;
    this.workspaceRoot = options.workspaceRoot;
    this.sandbox = options.sandbox;
    this.grants = options.sessionGrants ?? new Set();
    this.paths = new PathPolicy(options.workspaceRoot, options.homeDir ?? homedir());
    this.allowed = this.patterns(settings.agent.allowedCommands, 'agent.allowedCommands');
    this.trusted = new TrustedCommands(settings.kiroAgent.trustedCommands, 'kiroAgent.trustedCommands', this.settingsFile);
    this.alwaysAsk = new AskCommands(
      [
        { texts: settings.agent.askCommands, field: 'agent.askCommands' },
        { texts: settings.kiroAgent.commandDenylist, field: 'kiroAgent.commandDenylist' },
      ],
      this.settingsFile,
    );
    this.commands = new CommandPolicy(this.paths, this.patterns(settings.agent.forbiddenCommands, 'agent.forbiddenCommands'), this.settingsFile);
  }

  /**
   * The decision for one action. A write that is not denied counts towards this task's
   * agent.maxFileEditsPerTask; call startTask() when a new task begins.
   */
  evaluate(action: ProposedAction): PolicyDecision {
    const decision = { ...this.decide(action), sandboxed: action.kind === 'command' && this.sandbox === 'on' };
    if (action.kind === 'write' && decision.decision !== 'deny') this.writesThisTask++;
    return decision;
  }

  /**
   * "Always allow this for the session": remembers everything this action was asked about, so the
   * same asks are not raised again. Returns false, granting nothing, when the action is denied.
   */
  grantForSession(action: ProposedAction): boolean {
    const { findings, baseline } = this.assess(action);
    if (findings.some((f) => f.verdict === 'deny')) return false;
    for (const finding of [...findings, ...baseline]) this.grants.add(finding.grantKey);
    return true;
  }

  /** What this session allowed for good, to hand to another engine of the same run (see PolicyEngineOptions.sessionGrants). */
  get sessionGrants(): Set<string> {
    return this.grants;
  }

  /** Starts a new task: the count of file edits goes back to zero. Session grants stay. */
  startTask(): void {
    this.writesThisTask = 0;
  }

  get fileEditsThisTask(): number {
    return this.writesThisTask;
  }

  private decide(action: ProposedAction): PolicyDecision {
    const { findings, baseline, allowReason, allowRule } = this.assess(action);
    const deny = findings.find((f) => f.verdict === 'deny');
    if (deny) return { decision: 'deny', reason: deny.reason, rule: deny.rule };
    const open = [...findings, ...baseline].filter((f) => !this.grants.has(f.grantKey));
    const ask = open.find((f) => f.scope === 'always') ?? open[0];
    if (ask) return { decision: 'ask', reason: ask.reason, rule: ask.rule };
    if (findings.length || baseline.length) return { decision: 'allow', reason: `allowed for this session: you chose to always allow ${describe(action)}`, rule: 'session-grant' };
    return { decision: 'allow', reason: allowReason, rule: allowRule };
  }

  /** Findings hold at every level; baseline holds what this autonomy level and mode add. */
  private assess(action: ProposedAction): Assessment {
    switch (action.kind) {
      case 'read':
        return this.assessRead(action.path);
      case 'write':
        return this.assessWrite(action);
      case 'command':
        return this.assessCommand(action.command, action.cwd, action.env);
      case 'mcp':
        return mcpAssessment(assessMcpTool(action, this.autonomyLevel, this.mode));
      case 'subagent':
        return this.assessSubagent(action.agent);
    }
  }

  /**
   * Starting a sub-agent changes nothing by itself: every step it takes meets this policy as the
   * agent's own do. Where every write and command is asked anyway (cautious, or a person reviewing
   * the steps), starting one is asked too, so a person sees work being handed off.
   */
  private assessSubagent(agent: string | null): Assessment {
    const who = agent === null ? 'a sub-agent' : `sub-agent "${agent}"`;
    const level = this.mode === 'autonomous' ? this.autonomyLevel : 'cautious';
    const baseline: Finding[] = [];
    if (level === 'cautious') {
      const why = this.mode === 'autonomous' ? 'cautious autonomy asks before the agent hands work to a sub-agent' : `${this.mode} mode reviews every step`;
      baseline.push(askFinding('autonomy-level', `starting ${who} needs your approval: ${why}`, `subagent:${agent ?? ''}`));
    }
    return { findings: [], baseline, allowReason: `${this.levelName()} allows starting ${who}; its own steps are checked like the agent's`, allowRule: 'autonomy-level' };
  }

  private assessRead(requested: string): Assessment {
    const where = this.paths.locate(requested);
    if (where.inside === false) return only(deny('outside-workspace', `reading ${requested} (${where.absolute}) is outside the workspace; the agent never reads outside the workspace`, `outside:${where.absolute}`));
    if (where.inside === null) return only(askFinding('unknown-command', `cannot tell where ${requested} points: ${where.problem}`, `unknown-path:${requested}`));
    // What the agent reads goes to the model provider: a secret leaves the machine unless someone says yes.
    const findings = this.paths.isSecret(where.relative)
      ? [askFinding('secret-file', `reading ${where.relative} needs your approval: it is a secrets file, and what the agent reads is sent to the model`, `secret-read:${where.relative}`)]
      : [];
    return { findings, baseline: [], allowReason: `reading ${where.relative || '.'} inside the workspace is allowed at every level`, allowRule: 'default' };
  }

  private assessWrite(action: Extract<ProposedAction, { kind: 'write' }>): Assessment {
    const where = this.paths.locate(action.path);
    if (where.inside === false) return only(deny('outside-workspace', `writing ${action.path} (${where.absolute}) is outside the workspace; the agent never writes outside the workspace`, `outside:${where.absolute}`));
    if (where.inside === null) return only(askFinding('unknown-command', `cannot tell where ${action.path} points: ${where.problem}`, `unknown-path:${action.path}`));
    const file = where.relative || '.';
    const verb = action.operation === 'delete' ? 'deleting' : action.operation === 'create' ? 'creating' : 'changing';
    const findings: Finding[] = [];
    const area = this.paths.protectedArea(where.relative);
    if (area) findings.push(askFinding('protected-path', `${verb} ${file} needs your approval: changes to ${area.what} always do, because ${area.why}`, `protected:${where.relative}`));
    if (this.paths.isSecret(where.relative)) findings.push(askFinding('secret-file', `${verb} ${file} needs your approval: it is a secrets file`, `secret:${where.relative}`));
    const artifact = this.paths.isTestArtifact(where.relative);
    if (action.operation === 'delete' && !artifact) findings.push(askFinding('delete', `deleting ${file} needs your approval: deleting anything but test artifacts always does`, `delete:${where.relative}`));
    if (action.operation === 'create' && this.options.settings.agent.requireApprovalForNewFiles) {
      findings.push(askFinding('new-file', `creating ${file} needs your approval (agent.requireApprovalForNewFiles in ${this.settingsFile})`, `new-file:${where.relative}`));
    }
    const limit = this.options.settings.agent.maxFileEditsPerTask;
    if (this.writesThisTask >= limit) {
      findings.push(askFinding('edit-budget', `${verb} ${file} would be file edit ${this.writesThisTask + 1} in this task, over the limit of ${limit} (agent.maxFileEditsPerTask in ${this.settingsFile})`, 'edit-budget'));
    }
    const baseline: Finding[] = [];
    const level = this.mode === 'autonomous' ? this.autonomyLevel : 'cautious';
    if (level === 'cautious') {
      const why = this.mode === 'autonomous' ? 'cautious autonomy asks before every write' : `${this.mode} mode reviews every write`;
      baseline.push(askFinding('autonomy-level', `${verb} ${file} needs your approval: ${why}`, `write:${where.relative}`));
    } else if (level === 'balanced' && isLargeRewrite(action) && !artifact) {
      baseline.push(askFinding('large-rewrite', `${verb} ${file} is a large rewrite (${action.linesChanged} of ${action.linesBefore} lines); balanced autonomy asks before large rewrites`, `large-rewrite:${where.relative}`));
    }
    return { findings, baseline, allowReason: `${this.levelName()} allows ${verb} ${file}`, allowRule: 'autonomy-level' };
  }

  private assessCommand(command: string, cwd: string, env?: Readonly<Record<string, string>>): Assessment {
    const where = this.paths.locate(cwd);
    if (where.inside !== true) return only(deny('outside-workspace', `the command would run in ${cwd}, outside the workspace; the agent only runs commands inside it`, `outside:${where.absolute}`));
    const assessment = this.commands.assess(command, where.absolute, env);
    if (assessment.parseError !== undefined) {
      return only(askFinding('unparseable', `cannot parse ${quote(command)} (${assessment.parseError}); approve it only after reading it yourself`, `unparseable:${command}`));
    }
    const level = this.mode === 'interactive' ? 'cautious' : this.autonomyLevel;
    const findings = [
      ...assessment.findings.filter((f) => f.scope === 'always' && !(f.liftedByAllowed && f.invocation && this.allowedBy(f.invocation))),
      ...this.alwaysAsk.findings(assessment.invocations, this.settingsFile),
    ];
    if (this.sandbox && this.sandbox !== 'on') findings.push(...this.unmodelled(assessment.invocations));
    const baseline: Finding[] = [];
    if (level !== 'full') {
      // An allowed pattern is the user saying this command is fine: it lifts the level's asks, only those.
      baseline.push(...assessment.findings.filter((f) => f.scope === 'destructive' && !(f.invocation && this.allowedBy(f.invocation))));
    }
    if (level === 'cautious') {
      // Commands inside a script are covered by the approval of the command that runs the script.
      for (const invocation of assessment.invocations) {
        if (invocation.launcher || this.allowedBy(invocation)) continue;
        const why = this.mode === 'interactive' ? 'interactive mode asks before every command' : 'cautious autonomy asks before every command';
        baseline.push(askFinding('autonomy-level', `${quote(invocation.source)} needs your approval: ${why} not in agent.allowedCommands (${this.settingsFile})`, `command:${invocationKey(invocation)}`));
      }
    }
    const direct = assessment.invocations.filter((inv) => !inv.launcher);
    const allowedPatterns = direct.map((inv) => this.allowedBy(inv)).filter((p): p is CommandPattern => p !== null);
    if (level === 'cautious' && direct.length && allowedPatterns.length === direct.length) {
      const names = [...new Set(allowedPatterns.map((p) => quote(p.text)))].join(', ');
      return { findings, baseline, allowReason: `${quote(command)} runs only allowed commands (${names} in ${this.settingsFile} agent.allowedCommands)`, allowRule: 'allowed-command' };
    }
    return { findings, baseline, allowReason: `${this.levelName(level)} allows ${quote(command)}`, allowRule: 'autonomy-level' };
  }

  /**
   * Without the OS sandbox, what the policy cannot see into is not allowed silently: every program or
   * option outside the model of known programs asks, at every level, unless an allowed pattern covers it.
   */
  private unmodelled(invocations: Invocation[]): Finding[] {
    const findings: Finding[] = [];
    const state = this.sandbox === 'off' ? 'the sandbox is off' : 'no sandbox is available here';
    for (const invocation of invocations) {
      const why = unmodelledReason(invocation);
      if (!why || this.allowedBy(invocation)) continue;
      const where = invocation.origin ? ` (in ${invocation.origin})` : '';
      findings.push(askFinding('unmodelled-command', `${quote(invocation.source)}${where} needs your approval: ${why}, and commands run outside an OS sandbox because ${state}`, `unmodelled:${invocationKey(invocation)}`));
    }
    return findings;
  }

  /** The allowed pattern covering this invocation (or the command that runs its script), if any. */
  private allowedBy(invocation: Invocation): CommandPattern | null {
    if (invocation.launcher) return this.allowedBy(invocation.launcher);
    for (const { pattern } of this.allowed) {
      if (matchPattern(pattern, invocation) !== 'yes') continue;
      const program = invocation.program.value;
      // `git status` allows the git on PATH or in a system folder, not ./evil/git.
      if (program.includes('/') && program !== pattern.program && !SYSTEM_BIN.test(program)) continue;
      return pattern;
    }
    return this.trusted.covers(invocation);
  }

  private levelName(level: AutonomyLevel = this.autonomyLevel): string {
    return `${level} autonomy`;
  }

  private patterns(texts: readonly string[], field: string): ConfiguredPattern[] {
    return texts.map((text, i) => {
      try {
        return { pattern: parseCommandPattern(text), field: `${field}[${i}]` };
      } catch (error) {
        if (!(error instanceof CommandPatternError)) throw error;
        throw new SettingsError(this.settingsFile, `${field}[${i}] ${error.message}`, { field: `${field}[${i}]` });
      }
    });
  }
}

/**
 * A large rewrite: changing an existing file where the lines changed (added + removed) are more than
 * LARGE_REWRITE_MIN_LINES and more than half of the file's lines before the change.
 */
export function isLargeRewrite(action: Extract<ProposedAction, { kind: 'write' }>): boolean {
  if (action.operation === 'delete') return true;
  if (action.operation !== 'modify' || action.linesBefore === 0) return false;
  return action.linesChanged > LARGE_REWRITE_MIN_LINES && action.linesChanged > action.linesBefore / 2;
}

function invocationKey(invocation: Invocation): string {
  const words = [invocation.program, ...invocation.args].map((w) => (w.kind === 'static' ? w.value : w.written));
  return [...invocation.via, ...words].join(' ');
}

function describe(action: ProposedAction): string {
  if (action.kind === 'command') return quote(action.command);
  if (action.kind === 'mcp') return `@${action.server}/${action.tool}`;
  if (action.kind === 'subagent') return action.agent === null ? 'starting sub-agents' : `starting sub-agent "${action.agent}"`;
  return `${action.kind === 'read' ? 'reading' : 'writing'} ${action.path}`;
}

function mcpAssessment(assessed: McpToolAssessment): Assessment {
  const baseline = assessed.ask ? [askFinding(assessed.ask.rule, assessed.ask.reason, assessed.grantKey)] : [];
  return { findings: [], baseline, allowReason: assessed.allow.reason, allowRule: assessed.allow.rule };
}

function only(finding: Finding): Assessment {
  return { findings: [finding], baseline: [], allowReason: '', allowRule: 'default' };
}

function deny(rule: PolicyRule, reason: string, grantKey: string): Finding {
  return { verdict: 'deny', scope: 'always', rule, reason, grantKey };
}

function askFinding(rule: PolicyRule, reason: string, grantKey: string): Finding {
  return { verdict: 'ask', scope: 'always', rule, reason, grantKey };
}
