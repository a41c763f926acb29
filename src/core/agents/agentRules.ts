import { globToRegExp } from '../fs';
import { CommandRegexList } from './commandRules';
import { PathList } from './pathRules';
import { selectorMatches, toolsFilter, type ToolSubject } from './toolSelection';
import type { AgentDefinition, AgentHookSpec } from './types';

/**
 * What an agent may do at run time, from its file. Its restrictions (which tools it is offered,
 * deniedPaths, deniedCommands, denyByDefault, availableAgents) always hold. What would make Specwright
 * ask less (allowedTools, allowedPaths, allowedCommands, trustedAgents) and its hooks apply only when
 * `looseningApplied`: always for your own agents, and for a workspace's once you confirmed them.
 */
export interface AgentRules {
  agent: string;
  file: string;
  looseningApplied: boolean;
  /** The tools it is offered. */
  offers(subject: ToolSubject): boolean;
  /** Tools in its allowedTools (empty unless applied). */
  runsWithoutAsking(subject: ToolSubject): string | null;
  read: { allowed: PathList; denied: PathList };
  write: { allowed: PathList; denied: PathList };
  /**
   * `allowed` lifts asks (empty unless applied); `named` is every allowedCommands entry, which with
   * `denyByDefault` is the only thing that runs (a filter only narrows, so it needs no confirmation).
   */
  shell: { allowed: CommandRegexList; named: CommandRegexList; denied: CommandRegexList; denyByDefault: boolean };
  /** Whether it may hand work to this agent (availableAgents; empty: any). */
  mayDelegateTo(name: string): boolean;
  /** Whether that sub-agent starts without asking (trustedAgents; empty unless applied). */
  trusts(name: string): boolean;
  /** The hooks that run (none unless applied). */
  hooks: AgentHookSpec[];
}

export interface AgentRulesOptions {
  workspace: string;
  home: string;
  looseningApplied: boolean;
}

export function agentRules(agent: AgentDefinition, options: AgentRulesOptions): AgentRules {
  const applied = options.looseningApplied;
  const paths = (list: readonly string[]) => new PathList(list, options.workspace, options.home);
  const settings = agent.toolsSettings;
  const allowedTools = applied ? agent.allowedTools : [];
  const trusted = applied ? settings.subagent.trustedAgents : [];
  return {
    agent: agent.name,
    file: agent.file,
    looseningApplied: applied,
    offers: toolsFilter(agent.tools),
    runsWithoutAsking: (subject) => allowedTools.find((selector) => selector !== '*' && selectorMatches(selector, subject)) ?? null,
    read: { allowed: paths(applied ? settings.read.allowedPaths : []), denied: paths(settings.read.deniedPaths) },
    write: { allowed: paths(applied ? settings.write.allowedPaths : []), denied: paths(settings.write.deniedPaths) },
    shell: {
      allowed: new CommandRegexList(applied ? settings.shell.allowedCommands : []),
      named: new CommandRegexList(settings.shell.allowedCommands),
      denied: new CommandRegexList(settings.shell.deniedCommands),
      denyByDefault: settings.shell.denyByDefault,
    },
    mayDelegateTo: (name) => settings.subagent.availableAgents.length === 0 || settings.subagent.availableAgents.some((glob) => agentNameMatches(glob, name)),
    trusts: (name) => trusted.some((glob) => agentNameMatches(glob, name)),
    hooks: applied ? agent.hooks : [],
  };
}

/** Agent-name globs (`docs-*`, `team/*`), case-sensitive like the names. */
export function agentNameMatches(glob: string, name: string): boolean {
  if (!/[*?[{]/.test(glob)) return glob === name;
  return globToRegExp(glob).test(name);
}
