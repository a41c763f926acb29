import type { StepUsage } from '../activity';
import type { ModelImage } from '../images';
import type { KnownFile, SteeringCatalog } from '../steering';
import type { ContextDoc } from './context';
import type { AgentProfile } from './profile';
import { buildSystemBlocks } from './prompt';
import { SteeringSession } from './steeringSession';
import { TaskSession, type TaskSessionOptions } from './taskSession';

export type PromptRunOptions = Pick<TaskSessionOptions, 'workspace' | 'model' | 'tools' | 'policy' | 'approvals' | 'stream' | 'signal' | 'maxTurns' | 'userInput' | 'hooks' | 'spentElsewhere' | 'onSpent' | 'sharedSpent'> & {
  /** Limits for the prompt as for one task (a sub-agent: its caller's, shared); default none (a hook's prompt, a chat message). */
  budget?: TaskSessionOptions['budget'];
  prompt: string;
  /** Images sent with the prompt, before its text (checked already: imagesNamedInPrompt, imageFromBytes). */
  images?: readonly ModelImage[];
  /** The workspace's steering: the prompt starts a SteeringSession from it. None: no steering. */
  steering?: SteeringCatalog;
  /** Files the prompt is about beyond those it names (the file open in the active editor): fileMatch documents for them start with it. */
  files?: KnownFile[];
  /** Context beyond steering for the system prompt. */
  context?: readonly ContextDoc[];
  profile?: AgentProfile;
  /** Interactive: after each answer, the next message comes from `userInput` (chat). */
  mode?: 'autonomous' | 'interactive';
};

export interface PromptResult {
  ok: boolean;
  output: string;
  status: 'done' | 'failed' | 'stopped' | 'budget_exceeded';
  /** What it spent on the model (its usage events say the same, step by step). */
  usage: StepUsage;
  /** Its run log, when it was logged as a run of its own (a chat). */
  logFile?: string;
}

/**
 * A free-form agent prompt outside any task (an agent hook's action; a chat): same tools, same
 * policy and approvals, no task to mark and nothing to verify. Without `hooks` it fires no hooks
 * itself, so a hook's own agent can never set off the hook again.
 */
export async function runPrompt(options: PromptRunOptions): Promise<PromptResult> {
  const steering = options.steering ? new SteeringSession(options.steering, options.workspace) : null;
  const steered = steering ? await steering.begin({ text: options.prompt, textKind: 'prompt', ...(options.files ? { files: options.files } : {}) }, (event) => options.stream.emit(event)) : null;
  const session = new TaskSession({
    workspace: options.workspace,
    task: { spec: '', id: 'prompt', title: options.prompt.split('\n')[0]!.slice(0, 80) },
    instruction: options.prompt,
    ...(options.images?.length ? { instructionImages: options.images } : {}),
    system: buildSystemBlocks(options.workspace, steered?.text ?? '', options.context ?? [], null, options.profile),
    ...(steering ? { steering } : {}),
    model: options.model,
    tools: options.tools,
    policy: options.policy,
    approvals: options.approvals,
    stream: options.stream,
    signal: options.signal,
    mode: options.mode ?? 'autonomous',
    maxTurns: options.maxTurns,
    selfCorrectionAttempts: 0,
    budget: options.budget ?? {},
    ...(options.spentElsewhere ? { spentElsewhere: options.spentElsewhere } : {}),
    ...(options.onSpent ? { onSpent: options.onSpent } : {}),
    ...(options.sharedSpent ? { sharedSpent: options.sharedSpent } : {}),
    verify: false,
    runVerification: async (command) => ({ command, exitCode: null, output: '' }),
    isTestCommand: () => false,
    ...(options.userInput ? { userInput: options.userInput } : {}),
    ...(options.hooks ? { hooks: options.hooks } : {}),
  });
  const result = await session.run();
  return { ok: result.status === 'done', output: result.summary, status: result.status, usage: result.usage };
}
