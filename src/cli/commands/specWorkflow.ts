import { parseArgs } from 'node:util';
import type { OwnWriteRecorder } from '../../core/fs';
import { ModelError, type ModelProvider } from '../../core/model';
import type { Diagnostic, Severity } from '../../core/spec';
import {
  advance,
  createSpec,
  phaseFileName,
  PhaseCutOffError,
  status,
  summariseDiagnostics,
  validateExistingSpecName,
  validateNewSpecName,
  validateSpecFlow,
  validateSpecType,
  type PhaseName,
  type SpecStatus,
  type SpecWorkflowProgress,
  type SpecWorkflowResult,
} from '../../core/workflow';
import { cliAgentService } from '../agentHost';
import { ExitCode, formatTable, painter, UsageError, type CliContext, type Colour } from '../io';
import { cliErrorText, cliRemedyText } from '../remedyText';
import { cliOwnWrites } from './checkpoint';
import { MODEL_FIELDS, workspaceSettings } from '../workspaceSettings';

export const specWorkflowUsage = `Usage:
  specwright spec new NAME --idea "…" [--type feature|bugfix] [--flow requirements-first|design-first|quick]
                       [--through requirements|design|tasks] [--model MODEL]
      start a spec from an idea: the model writes the first phase (or every phase up to --through)
  specwright spec next NAME [--feedback "…"] [--regenerate PHASE] [--force] [--model MODEL]
      approve the current phase and write the next one; with --feedback, revise the current phase
      (or PHASE) instead; with --regenerate alone, write PHASE again (--force replaces hand edits)
  specwright spec status NAME [--json]
      each phase's state (missing, draft, approved), what comes next, and phases that may be stale

The model comes from --model, SPECWRIGHT_MODEL or .kiro/settings.json; the key from ANTHROPIC_API_KEY
(ANTHROPIC_BASE_URL for a proxy). Approval state is kept in .kiro/.specwright/specs/NAME.json.
Exit codes: 0 ok, 1 the model failed or the written document still has lint errors, 2 usage error.`;

export type SpecWorkflowSubcommand = 'new' | 'next' | 'status';

/** `specwright spec new|next|status …`: routed here by the `spec` command. Prints its own errors. */
export async function runSpecWorkflowCommand(sub: SpecWorkflowSubcommand, args: string[], ctx: CliContext): Promise<number> {
  try {
    if (sub === 'new') return await newCommand(args, ctx);
    if (sub === 'next') return await nextCommand(args, ctx);
    return await statusCommand(args, ctx);
  } catch (error) {
    ctx.stderr(`specwright: ${cliErrorText(error)}\n`);
    return exitCodeFor(error);
  }
}

/** A model that could not answer is a failure (1); anything the user can fix in how they called us is 2. */
function exitCodeFor(error: unknown): number {
  if (error instanceof PhaseCutOffError) return ExitCode.failure;
  if (error instanceof ModelError) return error.code === 'no_api_key' || error.code === 'invalid_config' ? ExitCode.usage : ExitCode.failure;
  return ExitCode.usage;
}

async function newCommand(args: string[], ctx: CliContext): Promise<number> {
  const { values, name } = parse(args, 'spec new', {
    idea: { type: 'string' },
    type: { type: 'string' },
    flow: { type: 'string' },
    through: { type: 'string' },
    model: { type: 'string' },
  });
  if (values.idea === undefined) throw new UsageError('spec new needs --idea "…": describe the feature (or the bug) to write the spec for');
  // Mistakes in the command line are reported before a missing key, which takes longer to fix.
  validateNewSpecName(name);
  const type = validateSpecType(values.type ?? 'feature');
  const flow = validateSpecFlow(values.flow ?? 'requirements-first');
  const provider = await modelProvider(ctx, values.model, name);
  const result = await createSpec({
    workspace: ctx.workspace,
    name,
    idea: values.idea,
    type,
    flow,
    ...(values.through !== undefined ? { through: values.through as PhaseName } : {}),
    provider,
    signal: ctx.signal,
    onProgress: progressPrinter(ctx),
    ...workflowHost(ctx),
  });
  return finish(result, ctx);
}

async function nextCommand(args: string[], ctx: CliContext): Promise<number> {
  const { values, name } = parse(args, 'spec next', {
    feedback: { type: 'string' },
    regenerate: { type: 'string' },
    force: { type: 'boolean' },
    model: { type: 'string' },
  });
  validateExistingSpecName(name);
  const provider = await modelProvider(ctx, values.model, name);
  const result = await advance({
    workspace: ctx.workspace,
    name,
    ...(values.feedback !== undefined ? { feedback: values.feedback } : {}),
    ...(values.regenerate !== undefined ? { regenerate: values.regenerate as PhaseName } : {}),
    force: values.force === true,
    provider,
    signal: ctx.signal,
    onProgress: progressPrinter(ctx),
    ...workflowHost(ctx),
  });
  if (!result.outcomes.length && !result.approved.length) ctx.stdout('Nothing to do: every phase is already written and approved.\n');
  return finish(result, ctx);
}

async function statusCommand(args: string[], ctx: CliContext): Promise<number> {
  const { values, name } = parse(args, 'spec status', { json: { type: 'boolean' } });
  const spec = await status(ctx.workspace, name);
  if (values.json) {
    ctx.stdout(JSON.stringify(spec) + '\n');
    return ExitCode.ok;
  }
  const paint = painter(ctx);
  const look: Record<string, Colour> = { approved: 'green', draft: 'yellow', missing: 'dim' };
  const rows = spec.phases.map((p) => [
    `  ${p.file}`,
    paint(look[p.status]!, p.status),
    [p.edited && p.exists ? 'edited' : '', p.staleBecause.length ? 'may be stale' : ''].filter(Boolean).join(', '),
  ]);
  ctx.stdout(`${paint('bold', spec.name)}  ${spec.type} spec, ${spec.flow}${spec.tracked ? '' : ' (not tracked by Specwright yet)'}\n${formatTable(rows)}\n`);
  printNotices(spec, ctx);
  ctx.stdout(nextStep(spec) + '\n');
  return ExitCode.ok;
}

type OptionSpec = Record<string, { type: 'string' | 'boolean' }>;

function parse<T extends OptionSpec>(args: string[], command: string, options: T): { values: { [K in keyof T]?: T[K]['type'] extends 'boolean' ? boolean : string }; name: string } {
  let parsed;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${command}: ${(error as Error).message.split('\n')[0]}`);
  }
  const [name, extra] = parsed.positionals;
  if (!name) throw new UsageError(`${command} needs a spec name, e.g. "specwright ${command} user-login"`);
  if (extra !== undefined) throw new UsageError(`${command}: unexpected argument "${extra}"; quote the text of --idea and --feedback`);
  return { values: parsed.values as { [K in keyof T]?: T[K]['type'] extends 'boolean' ? boolean : string }, name };
}

/**
 * The model for writing a spec's phases, as the agent reaches it (the key from ANTHROPIC_API_KEY);
 * every call it makes is recorded in the usage ledger, under the spec.
 */
async function modelProvider(ctx: CliContext, model: string | undefined, spec: string): Promise<ModelProvider> {
  await workspaceSettings(ctx, { trust: false, ask: true, uses: MODEL_FIELDS, warnings: false });
  return cliAgentService(ctx).textModel(ctx.workspace, { use: { source: 'spec', spec }, ...(model ? { model } : {}) });
}

/**
 * User-level steering is read from the home of the environment the CLI was given; the files the
 * workflow writes are recorded as Specwright's own for checkpoint restores.
 */
function workflowHost(ctx: CliContext): { steeringHome?: string; ownWrites: OwnWriteRecorder } {
  return { ...(ctx.env.HOME ? { steeringHome: ctx.env.HOME } : {}), ownWrites: cliOwnWrites(ctx) };
}

const severityColour: Record<Severity, Colour> = { error: 'red', warning: 'yellow', info: 'blue' };

function progressPrinter(ctx: CliContext): (progress: SpecWorkflowProgress) => void {
  const paint = painter(ctx);
  const name = (file: string) => file.slice(file.lastIndexOf('/') + 1);
  return (progress) => {
    switch (progress.type) {
      case 'phase_started': {
        const verb = progress.action === 'refine' ? 'Revising' : progress.action === 'regenerate' ? 'Rewriting' : 'Writing';
        ctx.stdout(`${verb} ${name(progress.file)}…\n`);
        return;
      }
      case 'phase_repairing':
        ctx.stdout(`Lint: ${summariseDiagnostics(progress.diagnostics)} in ${name(progress.file)}; asking the model for a corrected document…\n`);
        return;
      case 'phase_continuing':
        ctx.stdout(`${name(progress.file)} stopped at the output limit; asking the model for the rest (${progress.round} of ${progress.of})…\n`);
        return;
      case 'phase_written': {
        const summary = summariseDiagnostics(progress.diagnostics);
        ctx.stdout(`Lint: ${summary}${progress.repaired ? ' after repair' : ''}\n`);
        if (progress.diagnostics.length) ctx.stdout(formatDiagnostics(progress.diagnostics, ctx) + '\n');
        ctx.stdout(`${paint('green', 'Wrote')} ${progress.file}\n`);
        return;
      }
      case 'phase_approved':
        ctx.stdout(`Approved ${name(progress.file)}\n`);
        return;
    }
  };
}

function formatDiagnostics(diagnostics: Diagnostic[], ctx: CliContext): string {
  const paint = painter(ctx);
  return formatTable(diagnostics.map((d) => [`  ${d.file}:${d.line}:${d.column}`, paint(severityColour[d.severity], d.severity), paint('dim', d.code), d.message]));
}

function finish(result: SpecWorkflowResult, ctx: CliContext): number {
  printNotices(result.status, ctx);
  ctx.stdout(nextStep(result.status) + '\n');
  const errorsLeft = result.outcomes.some((o) => o.diagnostics.some((d) => d.severity === 'error'));
  return errorsLeft ? ExitCode.failure : ExitCode.ok;
}

function printNotices(spec: SpecStatus, ctx: CliContext): void {
  const paint = painter(ctx);
  for (const notice of spec.notices) ctx.stdout(`${paint('yellow', 'Note:')} ${notice.message}${notice.remedy ? ` ${cliRemedyText(notice.remedy)}` : ''}\n`);
}

/** What the user does next, as a command they can copy. */
function nextStep(spec: SpecStatus): string {
  const command = `specwright spec next ${spec.name}`;
  if (spec.complete) return `Spec ${spec.name} is complete: every phase is approved. List its tasks with \`specwright tasks list ${spec.name}\`.`;
  const current = spec.current ? phaseFileName(spec.current) : null;
  if (!current) return `Run \`${command}\` to write ${phaseFileName(spec.next!)}.`;
  const then = spec.next ? ` and write ${phaseFileName(spec.next)}` : '';
  return `Review ${current}, then run \`${command}\` to approve it${then}, or \`${command} --feedback "…"\` to revise it.`;
}
