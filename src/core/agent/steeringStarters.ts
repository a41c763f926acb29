import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import type { ActivityEvent, ActivityStream, StepUsage } from '../activity';
import type { ApprovalGate } from '../approvals';
import { FileChangedOnDiskError, writeFileAtomic, type OwnWriteRecorder } from '../fs';
import { RunLog } from '../runs';
import { MAX_STARTER_CHARS, SAVE_STARTER_TOOL, STARTER_NAMES, starterDocumentText, starterFile, startersPrompt, type StarterName, type SteeringCatalog } from '../steering';
import { surveyCodebase } from '../workflow';
import { zeroUsage } from './budget';
import type { ActionPolicy, ToolBox } from './ports';
import type { PreparedAgent } from './prepare';
import { toolsFor } from './profile';
import { runPrompt } from './promptRun';
import { composeToolBoxes } from './tools';
import { describeChange } from './tools/fileDiff';

export interface SteeringStartersRequest {
  /** The documents to write; each is written only if it does not exist, or holds what `replace` says. */
  documents: readonly StarterName[];
  /**
   * Documents the person agreed to replace, with the text they had when asked: a file that changed
   * since is not overwritten. A document absent here must not exist when it is written.
   */
  replace?: Partial<Record<StarterName, string>>;
  signal?: AbortSignal;
  approvals?: ApprovalGate;
  /** Records the writes as Specwright's own (checkpoint restores need no force over them). */
  ownWrites?: OwnWriteRecorder;
  maxTurns?: number;
  onEvent?: (event: ActivityEvent) => void;
}

export interface SteeringStartersResult {
  runId: string;
  logFile: string;
  outcome: 'completed' | 'failed' | 'stopped' | 'budget_exceeded';
  /** Written, in the order asked. */
  written: Array<{ name: StarterName; file: string; change: 'created' | 'modified' }>;
  /** Asked for but not written, with why. */
  notWritten: Array<{ name: StarterName; file: string; reason: string }>;
  summary: string;
  usage: StepUsage;
}

export interface SteeringStartersServices {
  runsDir: string;
  builtinTools(prepared: PreparedAgent): Promise<ToolBox>;
  policy: ActionPolicy;
  approvals: ApprovalGate;
  steering(): Promise<SteeringCatalog>;
}

/** Looking only: the survey changes nothing, and the documents are written by the save tool alone. */
const READ_ONLY = new Set(['fs_read', 'glob', 'grep', 'knowledge']);

/**
 * Generate Steering Docs: the model surveys the workspace with read-only tools and hands each of
 * product.md, tech.md and structure.md to the save tool, which writes it with Kiro's front matter,
 * atomically, never over a file the person did not agree to replace. Releases `prepared` when it ends.
 */
export async function executeSteeringStarters(services: SteeringStartersServices, prepared: PreparedAgent, request: SteeringStartersRequest, stream: ActivityStream, signal: AbortSignal): Promise<SteeringStartersResult> {
  try {
    return await generate(services, prepared, request, stream, signal);
  } finally {
    await prepared.release();
  }
}

async function generate(services: SteeringStartersServices, prepared: PreparedAgent, request: SteeringStartersRequest, stream: ActivityStream, signal: AbortSignal): Promise<SteeringStartersResult> {
  const { workspace } = prepared;
  const names = STARTER_NAMES.filter((n) => request.documents.includes(n));
  if (!names.length) throw new Error('Name at least one steering document to generate: product, tech or structure.');
  const log = new RunLog(services.runsDir, stream.runId);
  stream.subscribe((event) => {
    log.append(event);
    request.onEvent?.(event);
  });
  const saver = new StarterSaver(workspace, names, request.replace ?? {}, request.ownWrites);
  stream.emit({ type: 'run_started', workspace, model: prepared.model.model, autonomy: prepared.policy.autonomyLevel, mode: prepared.policy.mode, tasks: [], steering: { documents: names.map((n) => `${n}.md`) }, sandbox: prepared.sandbox.status });
  const tools = toolsFor({ name: 'steering-writer', allowsTool: (name) => READ_ONLY.has(name) || name === SAVE_STARTER_TOOL }, composeToolBoxes(toolsFor(prepared.profile, await services.builtinTools(prepared)), saver.toolBox));
  let outcome: SteeringStartersResult['outcome'] = 'failed';
  let usage = zeroUsage();
  let answer = '';
  try {
    const result = await runPrompt({
      workspace,
      prompt: startersPrompt(names, await surveyCodebase(workspace)),
      model: prepared.model,
      tools,
      policy: services.policy,
      approvals: request.approvals ?? services.approvals,
      stream,
      signal,
      maxTurns: request.maxTurns ?? prepared.settings.agent.maxTurns,
      steering: await services.steering(),
      ...(prepared.profile ? { profile: prepared.profile } : {}),
    });
    outcome = result.status === 'done' ? 'completed' : result.status;
    usage = result.usage;
    answer = result.output;
  } catch (error) {
    stream.emit({ type: 'error', message: (error as Error).message });
    outcome = signal.aborted ? 'stopped' : 'failed';
  }
  const written = saver.written();
  const notWritten = names.filter((n) => !written.some((w) => w.name === n)).map((name) => ({ name, file: starterFile(name), reason: saver.refusal(name) ?? 'The model did not hand it in.' }));
  if (outcome === 'completed' && notWritten.length) outcome = 'failed';
  const summary = [
    written.length ? `Wrote ${written.map((w) => w.file).join(', ')}.` : 'Wrote no steering document.',
    ...notWritten.map((n) => `${n.file} not written: ${n.reason}`),
    answer && outcome === 'completed' ? answer.split('\n')[0]!.slice(0, 200) : '',
  ].filter(Boolean).join(' ');
  stream.emit({ type: 'run_finished', outcome, summary, completedTasks: [] });
  return { runId: stream.runId, logFile: log.file, outcome, written, notWritten, summary, usage };
}

const inputSchema = z.object({
  name: z.string().min(1),
  content: z.string().min(1),
});

const definition = {
  name: SAVE_STARTER_TOOL,
  description: 'Save one finished steering document (product, tech or structure). Call once per document, with its whole Markdown body; Specwright adds the front matter and writes .kiro/steering/<name>.md.',
  input_schema: {
    type: 'object' as const,
    properties: {
      name: { type: 'string', enum: [...STARTER_NAMES], description: 'Which document: product, tech or structure' },
      content: { type: 'string', description: 'The Markdown body, starting with a "# " title; no front matter' },
    },
    required: ['name', 'content'],
  },
};

/** The save tool: checks each document and writes it exactly, atomically, and only where it may. */
class StarterSaver {
  private readonly done = new Map<StarterName, { name: StarterName; file: string; change: 'created' | 'modified' }>();
  private readonly refused = new Map<StarterName, string>();

  constructor(
    private readonly workspace: string,
    private readonly names: readonly StarterName[],
    private readonly replace: Partial<Record<StarterName, string>>,
    private readonly ownWrites: OwnWriteRecorder | undefined,
  ) {}

  written(): Array<{ name: StarterName; file: string; change: 'created' | 'modified' }> {
    return this.names.flatMap((n) => (this.done.has(n) ? [this.done.get(n)!] : []));
  }

  refusal(name: StarterName): string | undefined {
    return this.refused.get(name);
  }

  readonly toolBox: ToolBox = {
    definitions: [definition],
    summarize: (_name, input) => {
      const name = inputSchema.safeParse(input).data?.name;
      return name ? `Saving ${name}.md` : 'Saving a steering document';
    },
    // The person asked for exactly these files (and agreed to each replacement): no further approval.
    plan: async () => [],
    execute: async (_name, input, ctx) => {
      const parsed = inputSchema.safeParse(input);
      if (!parsed.success) return { content: 'Give name (product, tech or structure) and content (the Markdown body).', isError: true };
      const name = parsed.data.name.trim().toLowerCase().replace(/\.md$/, '') as StarterName;
      if (!this.names.includes(name)) return { content: `Only ${this.names.join(', ')} are asked for; "${parsed.data.name}" is not saved.`, isError: true };
      if (parsed.data.content.length > MAX_STARTER_CHARS) return { content: `${name}.md is ${parsed.data.content.length} characters; keep it under ${MAX_STARTER_CHARS} (steering is read before every task).`, isError: true };
      const relative = starterFile(name);
      const absolute = path.join(this.workspace, relative);
      const text = starterDocumentText(parsed.data.content);
      const expected = this.done.has(name) ? await fs.readFile(absolute, 'utf8').catch(() => null) : (this.replace[name] ?? null);
      try {
        await fs.mkdir(path.dirname(absolute), { recursive: true });
        await writeFileAtomic(absolute, text, { expectedContent: expected, ...(this.ownWrites ? { ownWrites: this.ownWrites } : {}) });
      } catch (error) {
        if (!(error instanceof FileChangedOnDiskError)) throw error;
        const reason = expected === null ? `${relative} exists and was not to be replaced; it was left as it is.` : `${relative} changed on disk since it was agreed to replace it; it was left as it is.`;
        this.refused.set(name, reason);
        return { content: `${reason} Go on with the other documents.`, isError: true };
      }
      const change = describeChange(relative, expected ?? '', text);
      ctx.emit({ type: 'file_written', path: relative, change: expected === null ? 'created' : 'modified', added: change.added, removed: change.removed, diff: change.diff });
      this.refused.delete(name);
      this.done.set(name, { name, file: relative, change: this.done.get(name)?.change ?? (expected === null ? 'created' : 'modified') });
      return { content: `Saved ${relative}.`, isError: false };
    },
    handles: (name) => name === SAVE_STARTER_TOOL,
  };
}
