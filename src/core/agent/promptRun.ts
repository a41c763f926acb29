import { BASE_SYSTEM_PROMPT } from './prompt';
import { TaskSession, type TaskSessionOptions } from './taskSession';

export type PromptRunOptions = Pick<TaskSessionOptions, 'workspace' | 'model' | 'tools' | 'policy' | 'approvals' | 'stream' | 'signal' | 'maxTurns'> & {
  prompt: string;
};

/**
 * A free-form agent prompt outside any task (an agent hook's action): same tools, same policy and
 * approvals, no task to mark and nothing to verify. It fires no hooks itself, so a hook's own agent
 * can never set off the hook again.
 */
export async function runPrompt(options: PromptRunOptions): Promise<{ ok: boolean; output: string }> {
  const session = new TaskSession({
    workspace: options.workspace,
    task: { spec: '', id: 'prompt', title: options.prompt.split('\n')[0]!.slice(0, 80) },
    instruction: options.prompt,
    system: [{ type: 'text', text: BASE_SYSTEM_PROMPT }, { type: 'text', text: `Workspace: ${options.workspace}` }],
    model: options.model,
    tools: options.tools,
    policy: options.policy,
    approvals: options.approvals,
    stream: options.stream,
    signal: options.signal,
    mode: 'autonomous',
    maxTurns: options.maxTurns,
    selfCorrectionAttempts: 0,
    budget: {},
    verify: false,
    runVerification: async (command) => ({ command, exitCode: null, output: '' }),
    isTestCommand: () => false,
  });
  const result = await session.run();
  return { ok: result.status === 'done', output: result.summary };
}
