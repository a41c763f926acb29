import { z } from 'zod';
import { SPEC_COMMANDS } from './lspMethods';

/**
 * The shapes of the custom part of the Specwright language server protocol (lspMethods.ts has the
 * method names and the story). Both sides validate on receipt with these schemas; a malformed
 * message is logged and dropped. zod only: the extension (vscode-languageclient) and the server
 * (vscode-languageserver) each wrap the names in their own `RequestType` / `NotificationType`.
 */

/** Passed by the client as `initializationOptions`. */
export const serverInitOptionsSchema = z
  .object({
    /** Delay between the last edit and re-linting the spec (default 150 ms; 0 lints at once). */
    diagnosticsDebounceMs: z.number().int().min(0).max(10_000).optional(),
    /**
     * Per workspace root, run-state folders beside `.kiro/.specwright` that hold `runs/` and `trace/`
     * (the extension's storage folder): where the lint and hovers find run logs and task records.
     */
    runStateDirs: z.record(z.string(), z.array(z.string())).optional(),
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

/** `uri` is always the document the lens sits in (tasks.md for task commands). */
export const specCommandArgsSchemas = {
  [SPEC_COMMANDS.executeTask]: z.object({ specName, taskId, uri }),
  [SPEC_COMMANDS.retryTask]: z.object({ specName, taskId, uri, runId }),
  [SPEC_COMMANDS.viewRun]: z.object({ specName, taskId, uri, runId }),
  [SPEC_COMMANDS.runAllTasks]: z.object({ specName, uri }),
  [SPEC_COMMANDS.runAllTasksParallel]: z.object({ specName, uri }),
  [SPEC_COMMANDS.approvePhase]: z.object({ specName, uri, phase: specPhaseSchema }),
  [SPEC_COMMANDS.explainSteering]: z.object({ specName, taskId, uri }),
} as const;
export type SpecCommandArgs<C extends keyof typeof specCommandArgsSchemas> = z.infer<(typeof specCommandArgsSchemas)[C]>;

// ── server → client: specwright/runCommand (request) ──────────────────────────────────────────────

export const runCommandParamsSchema = z.discriminatedUnion('command', [
  z.object({ command: z.literal(SPEC_COMMANDS.executeTask), args: specCommandArgsSchemas[SPEC_COMMANDS.executeTask] }),
  z.object({ command: z.literal(SPEC_COMMANDS.retryTask), args: specCommandArgsSchemas[SPEC_COMMANDS.retryTask] }),
  z.object({ command: z.literal(SPEC_COMMANDS.viewRun), args: specCommandArgsSchemas[SPEC_COMMANDS.viewRun] }),
  z.object({ command: z.literal(SPEC_COMMANDS.runAllTasks), args: specCommandArgsSchemas[SPEC_COMMANDS.runAllTasks] }),
  z.object({ command: z.literal(SPEC_COMMANDS.runAllTasksParallel), args: specCommandArgsSchemas[SPEC_COMMANDS.runAllTasksParallel] }),
  z.object({ command: z.literal(SPEC_COMMANDS.approvePhase), args: specCommandArgsSchemas[SPEC_COMMANDS.approvePhase] }),
  z.object({ command: z.literal(SPEC_COMMANDS.explainSteering), args: specCommandArgsSchemas[SPEC_COMMANDS.explainSteering] }),
]);
export type RunCommandParams = z.infer<typeof runCommandParamsSchema>;

// ── client → server: specwright/runState (notification) ───────────────────────────────────────────

export const runStateParamsSchema = z.object({
  uri,
  taskId,
  state: z.enum(['running', 'failed', 'done']),
  runId,
});
export type RunStateParams = z.infer<typeof runStateParamsSchema>;
