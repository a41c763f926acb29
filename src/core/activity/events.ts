import { z } from 'zod';
import { remedySchema } from '../remedy';

/**
 * Every step of a run is one ActivityEvent. The webview renders them, the CLI prints them, and the
 * run log appends them as JSON Lines: nothing is reported any other way. Never put a secret in one.
 */
const base = {
  runId: z.string(),
  /** Position in the run's log, from 0; lets consumers detect gaps and page history. */
  seq: z.number().int().nonnegative(),
  time: z.string(),
  /** Set on events of a sub-agent: the id of the parent step that delegated to it. */
  parentId: z.string().optional(),
};

const taskRef = z.object({ spec: z.string(), id: z.string(), title: z.string() });
export type TaskRef = z.infer<typeof taskRef>;

const usage = z.object({
  inputTokens: z.number(),
  outputTokens: z.number(),
  cacheReadTokens: z.number(),
  cacheWriteTokens: z.number(),
  costUsd: z.number(),
});
export type StepUsage = z.infer<typeof usage>;

/** An image a person's message carried to the model: what it was, never its bytes. */
const attachedImage = z.object({ path: z.string(), mediaType: z.string(), bytes: z.number().int().nonnegative(), width: z.number().int().positive(), height: z.number().int().positive() });
export type AttachedImage = z.infer<typeof attachedImage>;

/** Whether the run's commands are sandboxed, said once in the run header (src/core/sandbox). */
const sandboxSummary = z.object({
  state: z.enum(['on', 'off', 'unavailable']),
  mechanism: z.string().optional(),
  reason: z.string(),
  /** How to turn it on, when it is off or unavailable. */
  remedy: z.string().optional(),
  allowedDomains: z.array(z.string()),
  networkProblem: z.string().optional(),
  /** What it hides and keeps read-only in this workspace, and why (on only). */
  notes: z.array(z.string()).optional(),
});
export type SandboxSummary = z.infer<typeof sandboxSummary>;

export const activityEventSchema = z.discriminatedUnion('type', [
  z.object({
    ...base,
    type: z.literal('run_started'),
    workspace: z.string(),
    model: z.string(),
    /** The custom agent doing the work (`--agent`); absent: Specwright's own. */
    agent: z.string().optional(),
    autonomy: z.string(),
    mode: z.string(),
    tasks: z.array(taskRef),
    /** Set on a `spec verify` run (its `tasks` are empty): the spec it checks, and the task whose criteria, if only one's. */
    verify: z.object({ spec: z.string(), task: z.string().optional() }).optional(),
    /** Set on a Generate Steering Documents run (its `tasks` are empty): the documents it was asked to write. */
    steering: z.object({ documents: z.array(z.string()) }).optional(),
    sandbox: sandboxSummary.optional(),
    /** Set when top-level tasks run side by side (`--parallel`): how many at once. */
    sideBySide: z.object({ limit: z.number().int().positive() }).optional(),
    /** A conversation outside any spec (`specwright chat`), logged as a run; `prompt`: its first message. Absent: a spec's tasks. */
    chat: z.object({ prompt: z.string(), images: z.array(attachedImage).optional() }).optional(),
  }),
  z.object({ ...base, type: z.literal('task_started'), task: taskRef }),
  z.object({
    ...base,
    type: z.literal('task_finished'),
    task: taskRef,
    status: z.enum(['done', 'failed', 'stopped']),
    summary: z.string(),
    /** What the person can do about a task that did not finish (each face words it). */
    remedy: remedySchema.optional(),
    /**
     * Set when tasks run side by side and the task's work conflicted with work merged meanwhile, again
     * after its re-run: the conflicting files, and the copy (relative to the workspace) its work is kept in.
     */
    conflict: z.object({ files: z.array(z.string()), kept: z.string() }).optional(),
  }),
  /**
   * Tasks side by side: the task's finished work conflicted with work merged into the workspace
   * meanwhile (`files`), so nothing of it was merged; it runs again in a fresh copy of the merged
   * workspace once the tasks under way beside it are done (a `task_started` of its own).
   */
  z.object({ ...base, type: z.literal('task_rerun'), task: taskRef, files: z.array(z.string()), summary: z.string() }),
  z.object({ ...base, type: z.literal('user_message'), text: z.string(), images: z.array(attachedImage).optional() }),
  z.object({ ...base, type: z.literal('assistant_text'), text: z.string() }),
  z.object({ ...base, type: z.literal('thinking'), text: z.string() }),
  z.object({ ...base, type: z.literal('tool_call'), toolUseId: z.string(), tool: z.string(), input: z.unknown(), summary: z.string().optional() }),
  z.object({ ...base, type: z.literal('tool_result'), toolUseId: z.string(), tool: z.string(), isError: z.boolean(), summary: z.string() }),
  z.object({ ...base, type: z.literal('file_read'), path: z.string(), detail: z.string().optional() }),
  z.object({
    ...base,
    type: z.literal('file_written'),
    path: z.string(),
    change: z.enum(['created', 'modified', 'deleted']),
    added: z.number().int(),
    removed: z.number().int(),
    /** Unified diff of the change (capped for huge files). */
    diff: z.string(),
  }),
  z.object({
    ...base,
    type: z.literal('command_started'),
    commandId: z.string(),
    command: z.string(),
    cwd: z.string(),
    /** False when it runs outside the OS sandbox (a person allowed it, or there is none). */
    sandboxed: z.boolean().optional(),
  }),
  z.object({ ...base, type: z.literal('command_output'), commandId: z.string(), stream: z.enum(['stdout', 'stderr']), text: z.string() }),
  z.object({
    ...base,
    type: z.literal('command_finished'),
    commandId: z.string(),
    exitCode: z.number().int().nullable(),
    signal: z.string().nullable(),
    durationMs: z.number(),
    timedOut: z.boolean(),
  }),
  z.object({ ...base, type: z.literal('test_result'), command: z.string(), passed: z.number().int(), failed: z.number().int(), skipped: z.number().int() }),
  z.object({
    ...base,
    type: z.literal('approval_requested'),
    approvalId: z.string(),
    action: z.object({ kind: z.string(), detail: z.string() }),
    reason: z.string(),
    /** Only a person may answer: no "always", no --yes (running outside the sandbox). */
    requiresPerson: z.boolean().optional(),
  }),
  z.object({
    ...base,
    type: z.literal('approval_resolved'),
    approvalId: z.string(),
    outcome: z.enum(['approved', 'rejected', 'always']),
    note: z.string().optional(),
  }),
  z.object({ ...base, type: z.literal('policy_denied'), action: z.object({ kind: z.string(), detail: z.string() }), reason: z.string() }),
  z.object({ ...base, type: z.literal('verification'), command: z.string(), passed: z.boolean(), exitCode: z.number().int().nullable(), output: z.string() }),
  z.object({ ...base, type: z.literal('self_correction'), attempt: z.number().int(), maxAttempts: z.number().int(), reason: z.string() }),
  z.object({ ...base, type: z.literal('usage'), step: z.number().int(), usage, total: usage }),
  /**
   * The conversation was shrunk to fit the model's context window: older steps summarised (the
   * summary is here) and/or tool outputs dropped. Token counts are estimates of the whole request.
   */
  z.object({
    ...base,
    type: z.literal('context_compacted'),
    reason: z.enum(['threshold', 'prompt_too_long', 'manual']),
    tokensBefore: z.number().int(),
    tokensAfter: z.number().int(),
    contextWindow: z.number().int(),
    summarizedMessages: z.number().int(),
    droppedToolOutputs: z.number().int(),
    pinnedFiles: z.array(z.string()),
    summary: z.string().optional(),
    focus: z.string().optional(),
  }),
  /** The run's spending passed 80% of the run's or the day's budget (said once per limit and run). */
  z.object({
    ...base,
    type: z.literal('budget_warning'),
    limit: z.enum(['run', 'day']),
    spentUsd: z.number(),
    limitUsd: z.number(),
    setting: z.enum(['agent.budget.maxCostUsdPerRun', 'agent.budget.maxCostUsdPerDay']),
  }),
  z.object({ ...base, type: z.literal('retry'), attempt: z.number().int(), delayMs: z.number(), reason: z.string() }),
  z.object({ ...base, type: z.literal('checkpoint_created'), checkpointId: z.string(), task: z.string().nullable(), files: z.number().int() }),
  z.object({ ...base, type: z.literal('checkpoint_restored'), checkpointId: z.string(), files: z.array(z.string()) }),
  z.object({ ...base, type: z.literal('hook_started'), hook: z.string(), trigger: z.string(), paths: z.array(z.string()) }),
  z.object({ ...base, type: z.literal('hook_finished'), hook: z.string(), ok: z.boolean(), output: z.string() }),
  /**
   * A steering document (or Agent Skill) joined the agent's context: `inclusion` is its mode (or
   * `skill`), `reason` why (`always`, `fileMatch: src/a.ts ~ src/**\/*.ts`, `manual: #api-style`, `auto: requested`).
   */
  z.object({ ...base, type: z.literal('steering_included'), name: z.string(), source: z.string(), inclusion: z.string(), reason: z.string() }),
  /**
   * An MCP server's life during a run: ready (started or restarted), unavailable (not started: not
   * approved, misconfigured, failed to start), crashed (restarting after a backoff), failed (gave up).
   */
  z.object({
    ...base,
    type: z.literal('mcp_server'),
    server: z.string(),
    status: z.enum(['ready', 'unavailable', 'crashed', 'failed']),
    message: z.string(),
    attempt: z.number().int().optional(),
  }),
  /**
   * A sub-agent's lane under the `use_subagent` call that started it (parentId: the call's toolUseId).
   * Its own steps carry `parentId: subagentId`; its usage events are its own, summed into the run's
   * totals by the parent's next usage event.
   */
  z.object({ ...base, type: z.literal('subagent_started'), subagentId: z.string(), agent: z.string(), query: z.string(), model: z.string() }),
  z.object({
    ...base,
    type: z.literal('subagent_finished'),
    subagentId: z.string(),
    agent: z.string(),
    status: z.enum(['done', 'failed', 'stopped', 'budget_exceeded']),
    summary: z.string(),
    usage,
  }),
  /**
   * `spec verify`: the model's verdict on one criterion against the code as it is now, with what it
   * rests on (files and lines it read, test commands it ran with their real exit code and output).
   * A criterion the model gave no verdict on is logged as `unknown` by the run itself.
   */
  z.object({
    ...base,
    type: z.literal('criterion_verdict'),
    spec: z.string(),
    criterion: z.string(),
    text: z.string(),
    verdict: z.enum(['pass', 'fail', 'unknown']),
    summary: z.string(),
    evidence: z.object({
      files: z.array(z.object({ path: z.string(), lines: z.object({ start: z.number().int(), end: z.number().int() }).optional() })),
      tests: z.array(z.object({ command: z.string(), exitCode: z.number().int().nullable(), output: z.string() })),
    }),
  }),
  z.object({ ...base, type: z.literal('error'), message: z.string(), code: z.string().optional(), remedy: remedySchema.optional() }),
  z.object({
    ...base,
    type: z.literal('run_finished'),
    outcome: z.enum(['completed', 'failed', 'stopped', 'budget_exceeded']),
    summary: z.string(),
    completedTasks: z.array(z.string()),
  }),
]);

export type ActivityEvent = z.infer<typeof activityEventSchema>;
export type ActivityEventType = ActivityEvent['type'];
/** What an emitter supplies; the stream stamps runId, seq and time. */
export type ActivityEventInput = ActivityEvent extends infer E
  ? E extends ActivityEvent
    ? Omit<E, 'runId' | 'seq' | 'time'> & { parentId?: string }
    : never
  : never;

/** One criterion's verdict as `spec verify` logs it. */
export type CriterionVerdict = Extract<ActivityEvent, { type: 'criterion_verdict' }>;
export type Verdict = CriterionVerdict['verdict'];
