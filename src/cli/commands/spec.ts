import { parseArgs } from 'node:util';
import * as path from 'node:path';
import { lintWorkspaceSpecs, listSpecs, loadSpec, SPECS_FOLDER, type Diagnostic, type LoadedSpec, type Severity } from '../../core/spec';
import { evidenceSource, workspaceTraceSources } from '../../core/trace';
import { asUsageError, ExitCode, formatTable, painter, UsageError, type CliContext, type Colour, type CommandDefinition } from '../io';
import { lintJunit, lintSarif, type LintedSpec } from '../lintReports';
import { cliDiagnosticText } from '../remedyText';
import { VERSION } from '../version';
import { runSpecWorkflowCommand, specWorkflowUsage } from './specWorkflow';
import { driftCommand, linkCommand, specTraceUsage, traceCommand } from './specTrace';
import { specVerifyUsage, verifyCommand } from './specVerify';

const usage = `Usage:
  specwright spec list [--json]         list the specs in .kiro/specs/
  specwright spec lint [NAME] [--json]  check one spec (or all): EARS, numbering, traceability
  specwright spec lint [NAME] --format text|json|sarif|junit
                                        sarif: SARIF 2.1.0 for code-scanning views; junit: JUnit XML

JSON shapes:
  list  {"specs":[{"name","type":"feature|bugfix","files":["requirements.md",…],"tasks":{"total","done"}}]}
  lint  {"specs":[{"name","requirements":{"count","criteria","earsConforming"},
          "tasks":{"total","done","inProgress","queued","optional"},
          "diagnostics":[{"file","line","column","severity","code","message"}]}]}

Exit codes: 0 ok, 1 lint found errors, 2 usage or I/O error.

${specTraceUsage}

${specVerifyUsage}

${specWorkflowUsage}`;

export const specCommand: CommandDefinition = {
  name: 'spec',
  summary: 'create specs (requirements → design → tasks), list, lint, trace and verify them',
  usage,
  run: async (args, ctx) => {
    const [sub, ...rest] = args;
    if (sub === 'list') return listCommand(rest, ctx);
    if (sub === 'lint') return lintCommand(rest, ctx);
    if (sub === 'new' || sub === 'next' || sub === 'status') return runSpecWorkflowCommand(sub, rest, ctx);
    if (sub === 'trace') return traceCommand(rest, ctx);
    if (sub === 'drift') return driftCommand(rest, ctx);
    if (sub === 'link') return linkCommand(rest, ctx);
    if (sub === 'verify') return verifyCommand(rest, ctx);
    const known = '"spec list", "spec lint", "spec trace", "spec drift", "spec link", "spec verify", "spec new", "spec next" or "spec status"';
    throw new UsageError(sub ? `unknown subcommand "spec ${sub}"; use ${known}` : `spec needs a subcommand: ${known}`);
  },
};

/** node:util parseArgs with `--json`, turning its errors into one-line usage errors. */
export function parseJsonFlag(args: string[], command: string, maxPositionals: number): { json: boolean; positionals: string[] } {
  let parsed;
  try {
    parsed = parseArgs({ args, options: { json: { type: 'boolean', default: false } }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${command}: ${(error as Error).message.split('\n')[0]}`);
  }
  if (parsed.positionals.length > maxPositionals) {
    throw new UsageError(`${command}: unexpected argument "${parsed.positionals[maxPositionals]}"; run "specwright ${command.split(' ')[0]} --help"`);
  }
  return { json: parsed.values.json === true, positionals: parsed.positionals };
}

async function listCommand(args: string[], ctx: CliContext): Promise<number> {
  const { json } = parseJsonFlag(args, 'spec list', 0);
  const specs = await asUsageError(listSpecs(ctx.workspace));
  const rows = [];
  for (const s of specs) {
    const tasks = s.files.includes('tasks.md') ? (await asUsageError(loadSpec(ctx.workspace, s.name))).tasks : null;
    const all = tasks?.allTasks ?? [];
    rows.push({ name: s.name, type: s.type, files: s.files, tasks: { total: all.length, done: all.filter((t) => t.status === 'done').length } });
  }
  if (json) {
    ctx.stdout(JSON.stringify({ specs: rows }) + '\n');
    return ExitCode.ok;
  }
  if (!rows.length) {
    ctx.stdout('No specs in .kiro/specs/ yet.\n');
    return ExitCode.ok;
  }
  const paint = painter(ctx);
  const table = rows.map((r) => [paint('bold', r.name), r.type, r.files.map((f) => f.replace(/\.md$/, '')).join(', '), r.tasks.total ? `${r.tasks.done}/${r.tasks.total} tasks done` : paint('dim', 'no tasks')]);
  ctx.stdout(formatTable(table) + '\n');
  return ExitCode.ok;
}

export interface SpecLintSummary {
  name: string;
  requirements: { count: number; criteria: number; earsConforming: number };
  tasks: { total: number; done: number; inProgress: number; queued: number; optional: number };
  diagnostics: Array<Pick<Diagnostic, 'file' | 'line' | 'column' | 'severity' | 'code' | 'message'>>;
}

export function summariseSpec(spec: LoadedSpec, diagnostics: Diagnostic[]): SpecLintSummary {
  const requirements = spec.requirements?.requirements ?? [];
  const criteria = requirements.flatMap((r) => r.criteria);
  const tasks = spec.tasks?.allTasks ?? [];
  const count = (status: string) => tasks.filter((t) => t.status === status).length;
  return {
    name: spec.name,
    requirements: { count: requirements.length, criteria: criteria.length, earsConforming: criteria.filter((c) => c.ears.conforming).length },
    tasks: { total: tasks.length, done: count('done'), inProgress: count('in_progress'), queued: count('queued'), optional: tasks.filter((t) => t.optional).length },
    // Only the documented fields: scripts rely on this shape.
    diagnostics: diagnostics.map(({ file, line, column, severity, code, message, remedy }) => ({ file, line, column, severity, code, message, ...(remedy ? { remedy } : {}) })),
  };
}

const LINT_FORMATS = ['text', 'json', 'sarif', 'junit'] as const;
type LintFormat = (typeof LINT_FORMATS)[number];

function parseLintArgs(args: string[]): { format: LintFormat; name: string | undefined } {
  let parsed;
  try {
    parsed = parseArgs({ args, options: { json: { type: 'boolean', default: false }, format: { type: 'string' } }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`spec lint: ${(error as Error).message.split('\n')[0]}`);
  }
  if (parsed.positionals.length > 1) throw new UsageError(`spec lint: unexpected argument "${parsed.positionals[1]}"; run "specwright spec --help"`);
  const format = parsed.values.format ?? (parsed.values.json ? 'json' : 'text');
  if (!(LINT_FORMATS as readonly string[]).includes(format)) throw new UsageError(`spec lint: --format must be one of ${LINT_FORMATS.join(', ')} (got "${format}")`);
  if (parsed.values.json && format !== 'json') throw new UsageError('spec lint: --json and --format ' + format + ' ask for two formats; use one');
  return { format: format as LintFormat, name: parsed.positionals[0] };
}

async function lintCommand(args: string[], ctx: CliContext): Promise<number> {
  const { format, name } = parseLintArgs(args);
  const linted = await asUsageError(lintWorkspaceSpecs(ctx.workspace, name, { evidence: evidenceSource(workspaceTraceSources(ctx.workspace)) }));
  const summaries = linted.map((r) => summariseSpec(r.spec, r.diagnostics));
  const failed = summaries.some((s) => s.diagnostics.some((d) => d.severity === 'error'));
  if (format === 'json') ctx.stdout(JSON.stringify({ specs: summaries }) + '\n');
  else if (format === 'text') ctx.stdout(renderLint(summaries, ctx) + '\n');
  else {
    const specs: LintedSpec[] = linted.map((r) => ({ name: r.spec.name, folder: path.join(SPECS_FOLDER, r.spec.name).split(path.sep).join('/'), diagnostics: r.diagnostics }));
    if (format === 'sarif') ctx.stdout(JSON.stringify(lintSarif(specs, { name: 'Specwright', version: VERSION, informationUri: 'https://github.com/specwright/specwright' }), null, 2) + '\n');
    else ctx.stdout(lintJunit(specs, (s) => Object.values(linted.find((r) => r.spec.name === s.name)!.spec.files).map((f) => path.basename(f!.path))));
  }
  return failed ? ExitCode.failure : ExitCode.ok;
}

const severityColour: Record<Severity, Colour> = { error: 'red', warning: 'yellow', info: 'blue' };

/** "1 criterion", "3 criteria". */
function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function renderLint(summaries: SpecLintSummary[], ctx: CliContext): string {
  if (!summaries.length) return 'No specs in .kiro/specs/ yet.';
  const paint = painter(ctx);
  const blocks = summaries.map((s) => {
    const by = (sev: Severity) => s.diagnostics.filter((d) => d.severity === sev).length;
    const counts = `${count(by('error'), 'error', 'errors')}, ${count(by('warning'), 'warning', 'warnings')}, ${by('info')} info`;
    const head = `${paint('bold', s.name)}  ${count(s.requirements.count, 'requirement', 'requirements')}, ${s.requirements.earsConforming}/${count(s.requirements.criteria, 'criterion', 'criteria')} in EARS form, ${s.tasks.done}/${count(s.tasks.total, 'task', 'tasks')} done  ${paint(by('error') ? 'red' : 'green', counts)}`;
    if (!s.diagnostics.length) return head;
    const rows = s.diagnostics.map((d) => [`  ${d.file}:${d.line}:${d.column}`, paint(severityColour[d.severity], d.severity), paint('dim', d.code), cliDiagnosticText(d)]);
    return `${head}\n${formatTable(rows)}`;
  });
  return blocks.join('\n\n');
}
