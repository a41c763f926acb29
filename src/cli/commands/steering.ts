import { readFile } from 'node:fs/promises';
import { loadSettings } from '../../core/settings';
import { loadSpec } from '../../core/spec';
import { explainTaskSteering, lintSteeringFile, loadSteering, walkWorkspace, type SteeringCatalog } from '../../core/steering';
import { asUsageError, ExitCode, formatTable, painter, UsageError, type CliContext, type CommandDefinition } from '../io';
import { parseJsonFlag } from './spec';
import { generateSteering, steeringGenerateJson, steeringGenerateUsage } from './steeringGenerate';

const usage = `Usage:
  specwright steering list [--json]                 steering documents (workspace and ~/.kiro), skills, and warnings
  specwright steering explain SPEC:TASK_ID [--json] what the task gets before the agent touches anything, and what may join
  specwright steering lint [--json]                 problems in the steering files (exit 1 when there is an error)
${steeringGenerateUsage}

Modes: always (also a file without front matter), fileMatch (fileMatchPattern: a glob or a list; joins when
the work touches a matching file), manual (joins when a prompt names it as #name), auto (name and
description listed to the agent, which loads it with the steering tool). AGENTS.md at the root and in
~/.kiro/steering is always included; one in a sub-folder joins for work under it. Settings
steering.agentsMd and steering.claudeMd switch AGENTS.md and CLAUDE.md off.

JSON shapes:
  list     {"steering":[{"name","file","scope":"workspace|user","inclusion","patterns","description"}],
            "skills":[{"name","file","scope","description"}],"warnings":[{"file","message"}]}
  explain  {"task":"SPEC:ID","included":[{"name","inclusion","reason"}],"available":[{"name","inclusion"}]}
  lint     {"diagnostics":[{"file","line","column","severity","code","message"}]}
${steeringGenerateJson}

Exit codes: generate 0 every document asked for was written (or kept), 1 one was not; 2 usage or configuration error.`;

export const steeringCommand: CommandDefinition = {
  name: 'steering',
  summary: 'list steering documents and skills, explain what a task gets, lint steering files, generate the starter documents',
  usage,
  run: async (args, ctx) => {
    const [sub, ...rest] = args;
    if (sub === 'list') return listSteering(rest, ctx);
    if (sub === 'explain') return explainSteering(rest, ctx);
    if (sub === 'lint') return lintSteering(rest, ctx);
    if (sub === 'generate') return generateSteering(rest, ctx);
    throw new UsageError(sub ? `unknown subcommand "steering ${sub}"; use list, explain, lint or generate` : 'steering needs a subcommand: list, explain SPEC:TASK_ID, lint, or generate');
  },
};

/** The workspace's catalog, with AGENTS.md / CLAUDE.md as the settings say. */
export async function cliSteering(ctx: CliContext): Promise<SteeringCatalog> {
  const home = ctx.env.HOME ?? '';
  let switches = { agentsMd: true, claudeMd: true };
  try {
    switches = (await loadSettings(ctx.workspace, { home })).settings.steering;
  } catch {
    // A broken settings file is reported by the commands that act on settings; steering still lists.
  }
  return loadSteering(ctx.workspace, { home, ...switches });
}

async function listSteering(args: string[], ctx: CliContext): Promise<number> {
  const { json } = parseJsonFlag(args, 'steering list', 0);
  const catalog = await cliSteering(ctx);
  const steering = catalog.docs.map((d) => ({
    name: d.name,
    file: d.source,
    scope: d.scope,
    inclusion: d.inclusion,
    patterns: d.folder !== undefined ? [`${d.folder}/**`] : d.fileMatchPatterns,
    ...(d.description ? { description: d.description } : {}),
  }));
  const skills = catalog.skills.map((s) => ({ name: s.name, file: s.source, scope: s.scope, description: s.description }));
  const warnings = catalog.warnings.map((w) => ({ file: w.file, message: w.message }));
  if (json) {
    ctx.stdout(JSON.stringify({ steering, skills, warnings }) + '\n');
    return ExitCode.ok;
  }
  const paint = painter(ctx);
  if (!steering.length && !skills.length) ctx.stdout('No steering documents or skills (.kiro/steering/*.md, AGENTS.md, .kiro/skills/*/SKILL.md).\n');
  if (steering.length) {
    const rows = catalog.docs.map((d) => [d.name, paint('cyan', d.inclusion), d.scope === 'user' ? paint('dim', 'user') : 'workspace', paint('dim', modeDetail(d))]);
    ctx.stdout(`${formatTable(rows)}\n`);
  }
  if (skills.length) ctx.stdout(`\nSkills:\n${formatTable(catalog.skills.map((s) => [s.name, s.scope, paint('dim', s.description)]))}\n`);
  for (const w of warnings) ctx.stdout(`${paint('yellow', 'warning')} ${w.file}: ${w.message}\n`);
  return ExitCode.ok;
}

function modeDetail(d: SteeringCatalog['docs'][number]): string {
  if (d.folder !== undefined) return `work under ${d.folder}/`;
  if (d.inclusion === 'fileMatch') return d.fileMatchPatterns.join(', ') || '(no pattern)';
  if (d.inclusion === 'auto') return d.description ?? '';
  if (d.inclusion === 'manual') return `#${d.name}`;
  return d.source;
}

async function explainSteering(args: string[], ctx: CliContext): Promise<number> {
  const { json, positionals } = parseJsonFlag(args, 'steering explain', 1);
  const [target] = positionals;
  const at = target?.lastIndexOf(':') ?? -1;
  if (!target || at <= 0 || at === target.length - 1) throw new UsageError('steering explain needs SPEC:TASK_ID, e.g. "specwright steering explain shop:2.1"');
  const specName = target.slice(0, at);
  const taskId = target.slice(at + 1);
  const spec = await asUsageError(loadSpec(ctx.workspace, specName));
  const task = spec.tasks?.allTasks.find((t) => t.id === taskId);
  if (!task) throw new UsageError(`spec ${specName} has no task ${taskId}; run "specwright tasks list ${specName}" to see them`);
  const tasksText = spec.files.tasks?.text ?? '';
  const explanation = explainTaskSteering(await cliSteering(ctx), {
    ref: `${specName}:${taskId}`,
    text: tasksText.slice(task.range.start.offset, task.range.end.offset),
    ...(spec.files.design ? { design: spec.files.design.text } : {}),
  });
  if (json) {
    ctx.stdout(JSON.stringify(explanation) + '\n');
    return ExitCode.ok;
  }
  const paint = painter(ctx);
  ctx.stdout(`Task ${explanation.task} ${task.title}\n`);
  ctx.stdout(explanation.included.length ? `Included from the start:\n${formatTable(explanation.included.map((i) => [`  ${i.name}`, paint('cyan', i.inclusion), paint('dim', i.reason)]))}\n` : 'Nothing included from the start.\n');
  if (explanation.available.length) ctx.stdout(`May join later:\n${formatTable(explanation.available.map((a) => [`  ${a.name}`, paint('dim', a.inclusion)]))}\n`);
  return ExitCode.ok;
}

async function lintSteering(args: string[], ctx: CliContext): Promise<number> {
  const { json } = parseJsonFlag(args, 'steering lint', 0);
  const catalog = await cliSteering(ctx);
  const files: string[] = [];
  await walkWorkspace(ctx.workspace, (f) => files.push(f));
  const diagnostics = [];
  for (const doc of catalog.docs.filter((d) => d.scope === 'workspace' && d.origin === 'steering')) {
    const text = await readFile(doc.absolutePath, 'utf8');
    diagnostics.push(...(await lintSteeringFile(text, { source: doc.source, absolutePath: doc.absolutePath, scope: doc.scope }, { workspace: ctx.workspace, files })));
  }
  // Skills and user files are not linted in place; their load warnings still say what is wrong.
  for (const w of catalog.warnings.filter((w) => !w.file.startsWith('.kiro/steering/'))) {
    diagnostics.push({ file: w.file, line: w.line ?? 1, column: 0, severity: 'warning' as const, code: 'steering-load', message: w.message });
  }
  const failed = diagnostics.some((d) => d.severity === 'error');
  if (json) {
    ctx.stdout(JSON.stringify({ diagnostics }) + '\n');
    return failed ? ExitCode.failure : ExitCode.ok;
  }
  const paint = painter(ctx);
  if (!diagnostics.length) ctx.stdout('No problems in the steering files.\n');
  for (const d of diagnostics) ctx.stdout(`${d.file}:${d.line}:${d.column + 1} ${paint(d.severity === 'error' ? 'red' : 'yellow', d.severity)} ${d.message} ${paint('dim', `(${d.code})`)}\n`);
  return failed ? ExitCode.failure : ExitCode.ok;
}
