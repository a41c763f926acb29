import * as readline from 'node:readline';
import { Writable } from 'node:stream';
import { createAgentService, type AgentService, type HostPorts, type McpAccess, type UserInput, type ConversationRequest } from '../core/agent';
import { runsDirOf } from '../core/runs';
import { checkpointLimits, ensureRunStateIgnored, openWorkspaceCheckpointStore, runStateDir } from '../core/checkpoints';
import { traceDirOf } from '../core/trace';
import { UsageLedger } from '../core/usage';
import type { CliContext } from './io';
import { cliRemedyText } from './remedyText';
import { terminalApprovalGate } from './terminalApprovals';

export interface CliAgentOptions {
  /** --yes: approve what the policy asks about (denials still hold). */
  yes?: boolean;
  /** --trust: this workspace's hooks may run, and what its settings ask for applies, for this command. */
  trust?: boolean;
  /** Interactive mode: the person types the next message on the terminal. */
  interactive?: boolean;
  /** The workspace's MCP servers for runs, approved as the terminal approves them (see cliMcpPorts). */
  mcp?: McpAccess;
}

/**
 * The terminal as the agent's host: questions on the TTY (or --yes, or a safe no), the key from
 * the environment, run state in `.kiro/.specwright/`, warnings on stderr.
 */
export function cliHostPorts(ctx: CliContext, options: CliAgentOptions = {}): HostPorts {
  // Settings are read again for each hook command and prompt: each warning is said once.
  const told = new Set<string>();
  return {
    approvals: terminalApprovalGate(ctx, { yes: options.yes === true }),
    ...(options.interactive ? { userInput: terminalUserInput(ctx) } : {}),
    // The key and endpoint come from the environment; --model is a run's own choice.
    model: { choices: async () => ({}) },
    storage: {
      runsDir: runsDirOf,
      checkpoints: (workspace, settings) => openWorkspaceCheckpointStore(workspace, checkpointLimits(settings)),
      traceDir: async (workspace) => traceDirOf(runStateDir(workspace)),
      // Beside the run logs in .kiro/.specwright/, which stays out of the user's commits.
      usageLedger: async (workspace) => {
        await ensureRunStateIgnored(workspace);
        return new UsageLedger(runStateDir(workspace));
      },
    },
    trust: { hooksAllowed: () => options.trust === true },
    // Asking about a workspace's settings happens on the terminal before the agent starts (see workspaceSettings).
    settings: { options: () => ({ trustWorkspace: options.trust === true }) },
    ...(options.mcp ? { mcp: options.mcp } : {}),
    notices: {
      warn: (message, remedy) => {
        if (told.has(message)) return;
        told.add(message);
        ctx.stderr(`specwright: ${message}${remedy ? ` ${cliRemedyText(remedy)}` : ''}\n`);
      },
    },
    ...(ctx.env.HOME ? { home: ctx.env.HOME } : {}),
    env: ctx.env,
  };
}

export function cliAgentService(ctx: CliContext, options: CliAgentOptions = {}): AgentService {
  return createAgentService(cliHostPorts(ctx, options));
}

/**
 * A line that asks something of the conversation itself: `/compact [focus]` summarises it now,
 * keeping the focus text in particular. Anything else (`/compacted`, `/help`) is a message.
 */
export function conversationRequest(line: string): ConversationRequest | null {
  const match = /^\s*\/compact(?:\s+([\s\S]*))?$/.exec(line);
  if (!match) return null;
  const focus = match[1]?.trim();
  return { kind: 'compact', ...(focus ? { focus } : {}) };
}

/**
 * The next message typed on the terminal (stdin a TTY); an empty line, a stop, or no terminal ends
 * the conversation. `/compact [focus]` comes as a request of its own.
 */
export function terminalUserInput(ctx: CliContext): UserInput {
  // The question goes where the CLI's other messages to the person go (stderr), so stdout stays the answer's.
  const output = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      ctx.stderr(chunk.toString());
      done();
    },
  });
  return {
    nextMessage: (signal) =>
      new Promise((resolve) => {
        if (!ctx.stdin?.isTTY || signal.aborted) return resolve(null);
        const rl = readline.createInterface({ input: ctx.stdin, output, terminal: true });
        let answered = false;
        rl.on('close', () => {
          if (!answered) resolve(null);
        });
        signal.addEventListener('abort', () => rl.close(), { once: true });
        rl.question('you (empty line to finish)> ', (answer) => {
          answered = true;
          rl.close();
          resolve(answer.trim() ? (conversationRequest(answer) ?? answer) : null);
        });
      }),
  };
}
