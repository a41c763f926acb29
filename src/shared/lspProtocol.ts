import { z } from 'zod';

/**
 * The custom part of the Specwright language server protocol: everything the server and the
 * extension say to each other beyond standard LSP. Both sides import these names and schemas and
 * validate on receipt; a malformed message is logged and dropped. Method names and payloads only —
 * no runtime import of an LSP library, so the extension (vscode-languageclient) and the server
 * (vscode-languageserver) can each wrap them in their own `RequestType` / `NotificationType`.
 *
 * How a CodeLens click travels:
 *   lens.command = { command: 'specwright.executeTask', arguments: [{ specName, taskId, uri }] }
 *   client ──workspace/executeCommand──▶ server (validates the arguments)
 *   server ──specwright/runCommand { command, args }──▶ client, which maps it to its own action.
 * Any LSP client can therefore show the lenses; only a client that answers `specwright/runCommand`
 * can act on them. Note that vscode-languageclient registers every id the server lists in
 * `executeCommandProvider` as a VS Code command, so the extension must not register these same
 * ids itself (it handles them through `specwright/runCommand` instead).
 */

/** Which documents the server works on (the client's document selector). */
export const SPEC_DOCUMENT_SELECTOR = [{ scheme: 'file', language: 'markdown', pattern: '**/.kiro/specs/**/*.md' }] as const;

/** Passed by the client as `initializationOptions`. */
export const serverInitOptionsSchema = z
  .object({
    /** Delay between the last edit and re-linting the spec (default 150 ms; 0 lints at once). */
    diagnosticsDebounceMs: z.number().int().min(0).max(10_000).optional(),
  })
  .passthrough();
export type ServerInitOptions = z.infer<typeof serverInitOptionsSchema>;

// ── Commands carried by CodeLenses (workspace/executeCommand) ─────────────────────────────────────

const uri = z.string().min(1);
const specName = z.string().min(1).max(200);
const taskId = z.string().min(1).max(200);
const runId = z.string().min(1).max(200);

/** The spec phase a document's top lens approves, and what approving it generates next. */
export const specPhaseSchema = z.enum(['requirements', 'bugfix', 'design']);
export type SpecPhase = z.infer<typeof specPhaseSchema>;

export const SPEC_COMMANDS = {
  /** Run the agent on one task. */
  executeTask: 'specwright.executeTask',
  /** Run the agent again on a task whose last run failed. */
  retryTask: 'specwright.retryTask',
  /** Show a task's run in the Agent Activity panel. */
  viewRun: 'specwright.viewRun',
  /** Run every open task of the spec in order. */
  runAllTasks: 'specwright.runAllTasks',
  /** Approve requirements.md / bugfix.md (→ generate design) or design.md (→ generate tasks). */
  approvePhase: 'specwright.approvePhase',
} as const;
export type SpecCommandId = (typeof SPEC_COMMANDS)[keyof typeof SPEC_COMMANDS];

/** `uri` is always the document the lens sits in (tasks.md for task commands). */
export const specCommandArgsSchemas = {
  [SPEC_COMMANDS.executeTask]: z.object({ specName, taskId, uri }),
  [SPEC_COMMANDS.retryTask]: z.object({ specName, taskId, uri, runId }),
  [SPEC_COMMANDS.viewRun]: z.object({ specName, taskId, uri, runId }),
  [SPEC_COMMANDS.runAllTasks]: z.object({ specName, uri }),
  [SPEC_COMMANDS.approvePhase]: z.object({ specName, uri, phase: specPhaseSchema }),
} as const;
export type SpecCommandArgs<C extends SpecCommandId> = z.infer<(typeof specCommandArgsSchemas)[C]>;

export function isSpecCommandId(value: string): value is SpecCommandId {
  return Object.prototype.hasOwnProperty.call(specCommandArgsSchemas, value);
}

// ── server → client: specwright/runCommand (request) ──────────────────────────────────────────────

/** Sent when a lens command is executed; the client performs it and answers `null` (or an error). */
export const RUN_COMMAND_REQUEST = 'specwright/runCommand';

export const runCommandParamsSchema = z.discriminatedUnion('command', [
  z.object({ command: z.literal(SPEC_COMMANDS.executeTask), args: specCommandArgsSchemas[SPEC_COMMANDS.executeTask] }),
  z.object({ command: z.literal(SPEC_COMMANDS.retryTask), args: specCommandArgsSchemas[SPEC_COMMANDS.retryTask] }),
  z.object({ command: z.literal(SPEC_COMMANDS.viewRun), args: specCommandArgsSchemas[SPEC_COMMANDS.viewRun] }),
  z.object({ command: z.literal(SPEC_COMMANDS.runAllTasks), args: specCommandArgsSchemas[SPEC_COMMANDS.runAllTasks] }),
  z.object({ command: z.literal(SPEC_COMMANDS.approvePhase), args: specCommandArgsSchemas[SPEC_COMMANDS.approvePhase] }),
]);
export type RunCommandParams = z.infer<typeof runCommandParamsSchema>;

// ── client → server: specwright/runState (notification) ───────────────────────────────────────────

/**
 * The extension tells the server about agent runs so the task lenses can offer Retry / View run.
 * `uri` is the tasks.md the task belongs to. The newest notification for a task wins.
 */
export const RUN_STATE_NOTIFICATION = 'specwright/runState';

export const runStateParamsSchema = z.object({
  uri,
  taskId,
  state: z.enum(['running', 'failed', 'done']),
  runId,
});
export type RunStateParams = z.infer<typeof runStateParamsSchema>;
