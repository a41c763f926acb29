import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { parseTestSummary, runCommand, stripAnsi, type CommandResult } from '../../process';
import { toInputSchema } from './schema';
import { ToolInputError, type AgentTool } from './types';
import { displayPath, resolveToolPath, statExisting } from './workspaceFiles';

const schema = z.object({
  command: z.string().min(1),
  summary: z.string().optional(),
  working_dir: z.string().optional().describe('default workspace root'),
  outside_sandbox: z.boolean().optional().describe('run outside the sandbox (network, files outside the workspace); the user is always asked; needs reason'),
  reason: z.string().optional().describe('why it must run outside the sandbox, shown to the user'),
});
export type ExecuteBashInput = z.infer<typeof schema>;

export const executeBashTool: AgentTool<ExecuteBashInput> = {
  name: 'execute_bash',
  description:
    'Run a bash command in a sandbox: writes only to the workspace and /tmp, no secrets files, no network. Non-interactive (no stdin, CI=1, no pager); background processes are stopped when it ends. Returns output (long output keeps head and tail) and exit code.',
  inputSchema: schema,
  jsonSchema: toInputSchema(schema),

  summarize: (input) => `Running: ${input.command.length > 120 ? `${input.command.slice(0, 119)}…` : input.command}`,

  async plan(input, ctx) {
    const cwd = resolveToolPath(ctx.workspace, input.working_dir ?? '.');
    if (!(await statExisting(cwd)).isDirectory()) throw new ToolInputError(`working_dir ${displayPath(cwd.relative)} is not a folder.`);
    if (input.outside_sandbox && !input.reason?.trim()) throw new ToolInputError('outside_sandbox needs a reason: say in one sentence why this command cannot run in the sandbox; the user reads it before deciding.');
    return [{ kind: 'command', command: input.command, cwd: displayPath(cwd.relative), ...(input.outside_sandbox ? { outsideSandbox: { reason: input.reason!.trim() } } : {}) }];
  },

  async run(input, ctx) {
    const cwd = resolveToolPath(ctx.workspace, input.working_dir ?? '.');
    if (!(await statExisting(cwd)).isDirectory()) throw new ToolInputError(`working_dir ${displayPath(cwd.relative)} is not a folder.`);
    const commandId = randomUUID();
    // Outside only with the approval a person just gave for this one call (the session sets it).
    const outside = input.outside_sandbox === true && ctx.outsideSandboxApproved === true;
    const sandboxed = !outside && ctx.sandbox.status.state === 'on';
    ctx.emit({ type: 'command_started', commandId, command: input.command, cwd: displayPath(cwd.relative), sandboxed });
    const result = await runCommand({
      command: input.command,
      cwd: cwd.absolute,
      ...(outside ? {} : { sandbox: ctx.sandbox }),
      timeoutMs: ctx.commandTimeoutMs,
      signal: ctx.signal,
      outputLimitChars: ctx.outputLimitChars,
      onOutput: ({ stream, text }) => ctx.emit({ type: 'command_output', commandId, stream, text }),
    });
    ctx.emit({
      type: 'command_finished',
      commandId,
      exitCode: result.exitCode,
      signal: result.signal,
      durationMs: result.durationMs,
      timedOut: result.timedOut,
    });
    ctx.signal.throwIfAborted();

    const output = stripAnsi(result.output);
    const tests = parseTestSummary(output);
    if (tests) ctx.emit({ type: 'test_result', command: input.command, passed: tests.passed, failed: tests.failed, skipped: tests.skipped });
    const note = result.sandboxed && result.exitCode !== 0 ? ctx.sandbox.explainFailure(output) : null;
    return { content: `${output.trimEnd() || '(no output)'}\n${statusLine(result, ctx.commandTimeoutMs)}${note ? `\n${note}` : ''}`, isError: result.exitCode !== 0 };
  },
};

function statusLine(result: CommandResult, timeoutMs: number): string {
  if (result.timedOut) return `[timed out after ${Math.round(timeoutMs / 1000)} s; the command and its child processes were killed]`;
  const status = result.exitCode === null ? `killed by ${result.signal}` : `exit code ${result.exitCode}`;
  return result.stoppedLeftovers ? `[${status}; background processes it started were stopped]` : `[${status}]`;
}
