/**
 * The custom part of the Specwright language server protocol by name: everything the server and the
 * extension say to each other beyond standard LSP. Plain strings and types, no import at run time,
 * so the extension knows a method without loading a library; the shapes, and their validation on
 * receipt, are in lspProtocol.ts (zod).
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
export type { RunCommandParams, RunStateParams, ServerInitOptions, SpecCommandArgs, SpecPhase } from './lspProtocol';

/** Which documents the server works on (the client's document selector): spec files, and steering files it lints. */
export const SPEC_DOCUMENT_SELECTOR = [
  { scheme: 'file', language: 'markdown', pattern: '**/.kiro/specs/**/*.md' },
  { scheme: 'file', language: 'markdown', pattern: '**/.kiro/steering/*.md' },
] as const;

/** The commands CodeLenses carry (workspace/executeCommand); `uri` is always the lens's document. */
export const SPEC_COMMANDS = {
  /** Run the agent on one task. */
  executeTask: 'specwright.executeTask',
  /** Run the agent again on a task whose last run failed. */
  retryTask: 'specwright.retryTask',
  /** Show a task's run in the Agent Activity panel. */
  viewRun: 'specwright.viewRun',
  /** Run every open task of the spec in order. */
  runAllTasks: 'specwright.runAllTasks',
  /** Run every open task of the spec, side by side as their `_Depends:_` lines allow. */
  runAllTasksParallel: 'specwright.runAllTasksParallel',
  /** Approve requirements.md / bugfix.md (→ generate design) or design.md (→ generate tasks). */
  approvePhase: 'specwright.approvePhase',
  /** Show what steering a task gets before the agent starts, and what may join later. */
  explainSteering: 'specwright.explainSteering',
} as const;
export type SpecCommandId = (typeof SPEC_COMMANDS)[keyof typeof SPEC_COMMANDS];

/**
 * A command the server carries out itself (a quick fix's): take a drifting task's files and criteria
 * as they are now as its new baseline. Arguments: `[{ uri, taskId }]`, `uri` the spec's tasks.md.
 */
export const ACCEPT_DRIFT_COMMAND = 'specwright.acceptTaskDrift';

const specCommandIds: ReadonlySet<string> = new Set(Object.values(SPEC_COMMANDS));

export function isSpecCommandId(value: string): value is SpecCommandId {
  return specCommandIds.has(value);
}

/** server → client (request): a lens command was executed; the client performs it and answers `null` (or an error). */
export const RUN_COMMAND_REQUEST = 'specwright/runCommand';

/**
 * client → server (notification): the extension tells the server about agent runs so the task
 * lenses can offer Retry / View run. `uri` is the tasks.md the task belongs to. The newest
 * notification for a task wins.
 */
export const RUN_STATE_NOTIFICATION = 'specwright/runState';
