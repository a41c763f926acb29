import * as path from 'node:path';
import type { ApprovalGate } from '../approvals';
import { runStateDir, TaskWorktree, type CheckpointStore } from '../checkpoints';
import { runCommand } from '../process';
import type { Sandbox } from '../sandbox';
import { SPECS_FOLDER } from '../spec';
import type { SubagentLanes } from '../subagents';
import type { HostPorts } from './hostPorts';
import type { TaskLane, TaskLanes } from './parallelTasks';
import type { ActionPolicy, ToolBox } from './ports';
import { policyFor, sandboxFor, type PreparedAgent } from './prepare';
import type { SessionWiring } from './subagentLauncher';
import type { VerificationOutcome } from './taskSession';
import { MCP_ASKED_BECAUSE, readOnlyMcpPolicy } from './verifyPolicy';

export interface TaskCopiesOptions {
  ports: HostPorts;
  prepared: PreparedAgent;
  spec: string;
  runId: string;
  limit: number;
  approvals: ApprovalGate;
  lanes: SubagentLanes;
  /** The run's tools beyond the built-ins (MCP), shared by every copy. */
  extraTools: readonly ToolBox[];
  tools(prepared: PreparedAgent, extra: readonly ToolBox[], session: SessionWiring): Promise<ToolBox>;
  policy(prepared: PreparedAgent): ActionPolicy;
  /** Told of every file a merge wrote, so a restore knows them for the agent's. */
  store: CheckpointStore | null;
}

/**
 * Copies of the workspace for tasks that run side by side: each a git worktree of its own under the
 * run state folder (`.kiro/.specwright/worktrees/<run>-<task>`), with a sandbox, a policy and tools
 * rooted there, so the task's files and commands stay in its copy. Merging writes into the
 * workspace only; the spec's tasks.md keeps the runner's status marks whatever the copy did to it.
 */
export function workspaceTaskCopies(options: TaskCopiesOptions): TaskLanes {
  const { prepared } = options;
  const tasksFile = path.join(SPECS_FOLDER, options.spec, 'tasks.md').split(path.sep).join('/');
  // "Always allow" holds for the whole run: in the workspace and in every task's copy alike.
  const mcpGrants = new Set<string>();
  return {
    limit: options.limit,
    async open(task): Promise<TaskLane> {
      const dir = path.join(runStateDir(prepared.workspace), 'worktrees', `${options.runId}-${task.id.replace(/[^\w.-]/g, '_')}`);
      const copy = await TaskWorktree.create(prepared.workspace, dir);
      let sandbox: Sandbox | null = null;
      try {
        sandbox = await sandboxFor(options.ports, copy.dir);
        const policy = await policyFor(prepared.settings, copy.dir, sandbox, {
          autonomy: prepared.policy.autonomyLevel,
          mode: prepared.policy.mode,
          sessionGrants: prepared.policy.sessionGrants,
        });
        const inCopy: PreparedAgent = { ...prepared, workspace: copy.dir, sandbox, policy };
        const tools = await options.tools(inCopy, options.extraTools, { runId: options.runId, approvals: options.approvals, lanes: options.lanes });
        const laneSandbox = sandbox;
        return {
          workspace: copy.dir,
          folder: path.relative(prepared.workspace, copy.dir),
          tools,
          policy: readOnlyMcpPolicy(options.policy(inCopy), MCP_ASKED_BECAUSE.taskCopy, mcpGrants),
          runVerification: (command, signal) => verify(copy.dir, laneSandbox, prepared.settings.agent.commandTimeoutSeconds * 1000, command, signal),
          stepCheckpoints: false,
          async merge() {
            const merged = await copy.mergeInto([tasksFile]);
            if (merged.kind === 'conflict') return merged;
            for (const file of merged.files) await options.store?.recordAgentWrite(file.path, file.content).catch(() => undefined);
            return { kind: 'merged', files: merged.files.map((f) => f.path) };
          },
          async close(keep) {
            await laneSandbox.dispose();
            if (!keep) await copy.remove();
          },
        };
      } catch (error) {
        await sandbox?.dispose();
        await copy.remove();
        throw error;
      }
    },
  };
}

/** The proof gate in a copy: the verify command in the copy's own sandbox. */
async function verify(workspace: string, sandbox: Sandbox, timeoutMs: number, command: string, signal: AbortSignal): Promise<VerificationOutcome> {
  const result = await runCommand({ command, cwd: workspace, timeoutMs, signal, sandbox });
  const note = result.sandboxed && result.exitCode !== 0 ? sandbox.explainFailure(result.output) : null;
  return { command, exitCode: result.exitCode, output: note ? `${result.output.trimEnd()}\n${note}` : result.output };
}
