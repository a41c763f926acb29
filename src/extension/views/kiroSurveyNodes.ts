import * as os from 'node:os';
import * as path from 'node:path';
import type { KiroSurvey } from '../../core/doctor';
import type { SpecNode } from './specNodes';

type ItemNode = Extract<SpecNode, { kind: 'kiroItem' }>;

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** "12 specs · 3 steering · 2 hooks · 1 MCP server · 2 problems": what the .kiro node says at a glance. */
export function kiroSurveySummary(survey: KiroSurvey): string {
  const errors = survey.problems.filter((p) => p.severity === 'error').length;
  const warnings = survey.problems.length - errors;
  return [
    survey.specs.length ? plural(survey.specs.length, 'spec') : '',
    survey.steering.length ? `${survey.steering.length} steering` : '',
    survey.hooks.length ? plural(survey.hooks.length, 'hook') : '',
    survey.mcpServers.length ? plural(survey.mcpServers.length, 'MCP server') : '',
    survey.agents.length ? plural(survey.agents.length, 'agent') : '',
    errors ? plural(errors, 'problem') : '',
    warnings ? plural(warnings, 'warning') : '',
  ].filter(Boolean).join(' · ');
}

/** The groups under the .kiro node; each problem opens its file at its line. */
export function kiroSurveyItems(root: string, survey: KiroSurvey): SpecNode[] {
  const group = (key: string, label: string, icon: string, names: string[]): ItemNode[] =>
    names.length ? [{ kind: 'kiroItem', id: `kiro:${root}:${key}`, label, description: String(names.length), icon, children: names.map((name) => ({ kind: 'kiroItem' as const, id: `kiro:${root}:${key}:${name}`, label: name, icon })) }] : [];
  const problems: ItemNode[] = survey.problems.map((problem, index) => ({
    kind: 'kiroItem',
    id: `kiro:${root}:problem:${index}`,
    label: `${problem.file}${problem.line ? `:${problem.line}` : ''}`,
    description: problem.message,
    icon: problem.severity === 'error' ? 'error' : 'warning',
    fsPath: resolveShown(root, problem.file),
    ...(problem.line ? { line: problem.line } : {}),
  }));
  return [
    ...(problems.length ? [{ kind: 'kiroItem' as const, id: `kiro:${root}:problems`, label: 'Could not be read', description: String(problems.length), icon: 'warning', children: problems }] : []),
    ...group('steering', 'Steering', 'book', survey.steering),
    ...group('hooks', 'Hooks', 'zap', survey.hooks),
    ...group('mcp', 'MCP servers', 'server', survey.mcpServers),
    ...group('agents', 'Agents', 'hubot', survey.agents),
  ];
}

/** Files are named as people see them (`.kiro/…`, `~/.kiro/…`); the editor needs the real path. */
function resolveShown(root: string, shown: string): string {
  return shown.startsWith('~/') ? path.join(os.homedir(), shown.slice(2)) : path.join(root, shown);
}
