import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import type { ActivityEvent } from '../../core/activity';
import type { SteeringStartersResult } from '../../core/agent';
import { ModelError } from '../../core/model';
import { SettingsError } from '../../core/settings';
import { isStarterName, STARTER_NAMES, starterFile, type StarterName } from '../../core/steering';
import { createActivityPrinter } from '../activityPrinter';
import { cliAgentService } from '../agentHost';
import { ExitCode, painter, UsageError, type CliContext } from '../io';
import { cliRemedyText } from '../remedyText';
import { workspaceSettings } from '../workspaceSettings';
import { cliOwnWrites } from './checkpoint';

export const steeringGenerateUsage = `  specwright steering generate [--only product,tech,structure] [--overwrite] [--json] [--yes] [--trust]
                              [--model M] [--max-turns N]
                                                    the model surveys the workspace (read-only) and writes Kiro's
                                                    starter steering: product.md, tech.md, structure.md in
                                                    .kiro/steering (inclusion: always); an existing one is kept
                                                    unless --overwrite says to replace it`;

export const steeringGenerateJson = `  generate {"runId","logFile","outcome":"completed|failed|stopped|budget_exceeded",
            "written":[{"name","file","change":"created|modified"}],"kept":[{"name","file"}],
            "notWritten":[{"name","file","reason"}]}`;

export async function generateSteering(args: string[], ctx: CliContext): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: false,
      strict: true,
      options: {
        only: { type: 'string' },
        overwrite: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        yes: { type: 'boolean', short: 'y', default: false },
        trust: { type: 'boolean', default: false },
        model: { type: 'string' },
        'max-turns': { type: 'string' },
      },
    });
  } catch (error) {
    throw new UsageError(`steering generate: ${(error as Error).message.split('\n')[0]}`);
  }
  const { values } = parsed;
  const names = values.only === undefined ? [...STARTER_NAMES] : parseOnly(values.only);
  const maxTurns = values['max-turns'] === undefined ? undefined : Number(values['max-turns']);
  if (maxTurns !== undefined && !(Number.isInteger(maxTurns) && maxTurns >= 1)) throw new UsageError(`--max-turns must be a whole number of at least 1 (got "${values['max-turns']}")`);

  // An existing document is replaced only when --overwrite said so, and only if it still holds what was read here.
  const kept: Array<{ name: StarterName; file: string }> = [];
  const replace: Partial<Record<StarterName, string>> = {};
  const documents: StarterName[] = [];
  for (const name of names) {
    const existing = await readFile(path.join(ctx.workspace, starterFile(name)), 'utf8').catch(() => null);
    if (existing !== null && !values.overwrite) kept.push({ name, file: starterFile(name) });
    else {
      documents.push(name);
      if (existing !== null) replace[name] = existing;
    }
  }
  const paint = painter(ctx);
  if (!documents.length) {
    if (values.json) ctx.stdout(JSON.stringify({ runId: null, logFile: null, outcome: 'completed', written: [], kept, notWritten: [] }) + '\n');
    else ctx.stdout(`Nothing to generate: ${kept.map((k) => k.file).join(', ')} exist already (--overwrite replaces them).\n`);
    return ExitCode.ok;
  }

  const agent = cliAgentService(ctx, { yes: values.yes, trust: values.trust });
  let prepared;
  try {
    await workspaceSettings(ctx, { trust: values.trust, ask: !values.json, warnings: false });
    prepared = await agent.prepare({ workspace: ctx.workspace, ...(values.model ? { model: values.model } : {}) });
  } catch (error) {
    throw UsageError.from(error);
  }
  const onEvent = values.json ? (_event: ActivityEvent) => undefined : createActivityPrinter(ctx, {});
  let result: SteeringStartersResult;
  try {
    result = await agent.generateSteering(prepared, { documents, replace, signal: ctx.signal, onEvent, ownWrites: cliOwnWrites(ctx), ...(maxTurns ? { maxTurns } : {}) }).finished;
  } catch (error) {
    if (error instanceof SettingsError) throw UsageError.from(error);
    if (error instanceof ModelError && ['no_api_key', 'auth_failed', 'model_not_found', 'endpoint_unreachable', 'invalid_config', 'permission_denied'].includes(error.code)) {
      ctx.stderr(`specwright: ${error.message}${error.remedy ? ` ${cliRemedyText(error.remedy)}` : ''}\n`);
      return ExitCode.usage;
    }
    throw error;
  }
  if (values.json) {
    ctx.stdout(JSON.stringify({ runId: result.runId, logFile: result.logFile, outcome: result.outcome, written: result.written, kept, notWritten: result.notWritten }) + '\n');
  } else {
    const lines = [''];
    for (const w of result.written) lines.push(`${paint('green', w.change === 'created' ? 'created ' : 'replaced')} ${w.file}`);
    for (const k of kept) lines.push(`${paint('dim', 'kept    ')} ${k.file} ${paint('dim', '(it exists; --overwrite replaces it)')}`);
    for (const n of result.notWritten) lines.push(`${paint('red', 'not written')} ${n.file}: ${n.reason}`);
    ctx.stdout(`${lines.join('\n')}\n`);
  }
  return result.outcome === 'completed' && !result.notWritten.length ? ExitCode.ok : ExitCode.failure;
}

function parseOnly(value: string): StarterName[] {
  const names = value.split(',').map((n) => n.trim().toLowerCase().replace(/\.md$/, '')).filter(Boolean);
  const unknown = names.filter((n) => !isStarterName(n));
  if (!names.length || unknown.length) throw new UsageError(`--only takes product, tech and structure, separated by commas${unknown.length ? ` (not "${unknown.join('", "')}")` : ''}`);
  return STARTER_NAMES.filter((n) => names.includes(n));
}
