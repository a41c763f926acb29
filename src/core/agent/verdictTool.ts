import { z } from 'zod';
import type { ActivityEvent, CriterionVerdict } from '../activity';
import { resolveInWorkspace } from '../fs';
import { VERDICT_TOOL } from '../verify';
import type { ToolBox } from './ports';

const OUTPUT_TAIL_CHARS = 2_000;

const inputSchema = z.object({
  criterion: z.string().min(1),
  verdict: z.enum(['pass', 'fail', 'unknown']),
  summary: z.string().min(1),
  files: z.array(z.object({ path: z.string().min(1), start_line: z.number().int().positive().optional(), end_line: z.number().int().positive().optional() })).default([]),
  test_commands: z.array(z.string().min(1)).default([]),
});

const definition = {
  name: VERDICT_TOOL,
  description: 'Record your verdict on one acceptance criterion, with the files and tests it rests on. Call once per criterion.',
  input_schema: {
    type: 'object' as const,
    properties: {
      criterion: { type: 'string', description: 'The criterion id, e.g. 1.2' },
      verdict: { type: 'string', enum: ['pass', 'fail', 'unknown'] },
      summary: { type: 'string', description: 'Why, in one or two sentences.' },
      files: {
        type: 'array',
        description: 'Workspace-relative files (and lines) the verdict rests on.',
        items: { type: 'object', properties: { path: { type: 'string' }, start_line: { type: 'integer' }, end_line: { type: 'integer' } }, required: ['path'] },
      },
      test_commands: { type: 'array', items: { type: 'string' }, description: 'Test commands you ran for this criterion, exactly as run.' },
    },
    required: ['criterion', 'verdict', 'summary'],
  },
};

/** What a command really did in this session: the evidence is taken from here, not from the model's word. */
interface CommandOutcome {
  exitCode: number | null;
  output: string;
}

/**
 * `record_verdict` for a verify run: each call becomes a `criterion_verdict` event. The criterion must
 * be one asked about, files must be inside the workspace, and each test command must have run in
 * this session: its exit code and output tail come from the run, not from the model.
 */
export class VerdictRecorder {
  private readonly verdicts = new Map<string, CriterionVerdict>();
  private readonly started = new Map<string, string>();
  private readonly output = new Map<string, string>();
  private readonly commands = new Map<string, CommandOutcome>();

  constructor(private readonly workspace: string, private readonly spec: string, private readonly criteria: ReadonlyMap<string, string>) {}

  /** Feed it the run's events: it keeps what each command printed and how it ended. */
  observe(event: ActivityEvent): void {
    if (event.type === 'command_started') {
      this.started.set(event.commandId, event.command);
      this.output.set(event.commandId, '');
    } else if (event.type === 'command_output') {
      const so = (this.output.get(event.commandId) ?? '') + event.text;
      this.output.set(event.commandId, so.length > OUTPUT_TAIL_CHARS * 2 ? so.slice(-OUTPUT_TAIL_CHARS * 2) : so);
    } else if (event.type === 'command_finished') {
      const command = this.started.get(event.commandId);
      if (command !== undefined) this.commands.set(command.trim(), { exitCode: event.exitCode, output: tail(this.output.get(event.commandId) ?? '') });
    } else if (event.type === 'criterion_verdict' && event.spec === this.spec) {
      this.verdicts.set(event.criterion, event);
    }
  }

  /** The latest verdict per criterion, in the order the criteria were asked about. */
  recorded(): CriterionVerdict[] {
    return [...this.criteria.keys()].flatMap((id) => (this.verdicts.has(id) ? [this.verdicts.get(id)!] : []));
  }

  readonly toolBox: ToolBox = {
    definitions: [definition],
    summarize: (_name, input) => {
      const parsed = inputSchema.safeParse(input);
      return parsed.success ? `Criterion ${parsed.data.criterion}: ${parsed.data.verdict}` : 'Recording a verdict';
    },
    plan: async (_name, input) => {
      this.verdictOf(input);
      // Recording a verdict changes nothing: there is nothing for the policy to judge.
      return [];
    },
    execute: async (_name, input, ctx) => {
      let verdict: Omit<CriterionVerdict, 'runId' | 'seq' | 'time'>;
      try {
        verdict = this.verdictOf(input);
      } catch (error) {
        return { content: (error as Error).message, isError: true };
      }
      ctx.emit(verdict);
      const left = [...this.criteria.keys()].filter((id) => id !== verdict.criterion && !this.verdicts.has(id));
      return { content: `Recorded: ${verdict.criterion} ${verdict.verdict}.${left.length ? ` Still without a verdict: ${left.join(', ')}.` : ' Every criterion has a verdict.'}`, isError: false };
    },
  };

  private verdictOf(input: unknown): Omit<CriterionVerdict, 'runId' | 'seq' | 'time'> {
    const parsed = inputSchema.safeParse(input);
    if (!parsed.success) throw new Error(`${VERDICT_TOOL}: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ')}`);
    const { criterion, verdict, summary, files, test_commands } = parsed.data;
    const text = this.criteria.get(criterion);
    if (text === undefined) throw new Error(`${VERDICT_TOOL}: ${criterion} is not one of the criteria to verify (${[...this.criteria.keys()].join(', ')}).`);
    const evidenceFiles = files.map((f) => {
      const relative = resolveInWorkspace(this.workspace, f.path).relative;
      const start = f.start_line;
      const end = f.end_line ?? start;
      return { path: relative, ...(start !== undefined && end !== undefined && end >= start ? { lines: { start, end } } : {}) };
    });
    const tests = test_commands.map((command) => {
      const outcome = this.commands.get(command.trim());
      if (!outcome) throw new Error(`${VERDICT_TOOL}: "${command}" did not run in this verification; run it with execute_bash first, or leave it out.`);
      return { command: command.trim(), ...outcome };
    });
    return { type: 'criterion_verdict', spec: this.spec, criterion, text, verdict, summary: summary.trim(), evidence: { files: evidenceFiles, tests } };
  }
}

function tail(text: string): string {
  return text.length > OUTPUT_TAIL_CHARS ? `…${text.slice(-OUTPUT_TAIL_CHARS)}` : text;
}
