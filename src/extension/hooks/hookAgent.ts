import type { ActivityEmitter } from '../../core/activity';
import type { ApprovalGate } from '../../core/agent/approvals';
import type { RunAgentPrompt } from '../../core/hooks';
import type { SpecwrightContext } from '../context';
import { askApprovalModal } from '../host/approvalPrompt';
import { agentRuntime } from '../runtime/load';
import type { HookActivity } from './hookActivity';

/** Outside an agent run nobody watches the panel for a hook's agent: it asks in a modal. */
const modalGate: ApprovalGate = {
  request: async (request) => ({ outcome: (await askApprovalModal(request, null)) ?? 'rejected' }),
};

/**
 * Runs an agent hook's prompt (`action.type: agent`) the way an agent run works: the same model,
 * settings, policy, tools and approvals (a running agent's broker when there is one, else a modal).
 * Its steps fold under `hook:<name>` in the agent run the hook belongs to, or in the Hooks transcript.
 */
export function hookAgentRunner(ctx: SpecwrightContext, activity: HookActivity, root: () => string | undefined): RunAgentPrompt {
  return async (prompt, event, signal) => {
    const workspace = root();
    if (!workspace) return { ok: false, output: 'Not run: no workspace folder is open.' };
    const { prepareRun, createToolset, runPrompt, meteredModel, UsageLedger } = await agentRuntime();
    const apiKey = await ctx.apiKeys.stored();
    const { config } = ctx;
    const prepared = await prepareRun({
      workspace,
      env: ctx.model.runEnv(),
      ...(apiKey ? { apiKey } : {}),
      ...(config.model ? { model: config.model } : {}),
      ...(config.streamIdleTimeoutMs !== undefined ? { streamIdleTimeoutMs: config.streamIdleTimeoutMs } : {}),
      ...(config.autonomyLevel ? { autonomy: config.autonomyLevel } : {}),
      ...(config.mode ? { mode: config.mode } : {}),
      settingsOptions: config.settingsOptions(),
    });
    ctx.workspaceSettings.offer(prepared.workspaceRequest);
    const agent = prepared.settings.agent;
    // Inside a run, the hook's usage events land in the run's log; outside one, nothing logs them.
    const model = activity.inRun ? prepared.model : meteredModel(prepared.model, new UsageLedger(ctx.storage.dirOf(workspace)), { source: 'hook', hook: event.hook });
    try {
      return await runPrompt({
        workspace,
        prompt,
        model,
        tools: createToolset({ commandTimeoutMs: agent.commandTimeoutSeconds * 1000, sandbox: prepared.sandbox }),
        policy: prepared.policy,
        approvals: ctx.agent.current?.approvals ?? modalGate,
        stream: foldedUnder(activity.emitter(), `hook:${event.hook}`),
        signal,
        maxTurns: agent.maxTurns,
      });
    } finally {
      await prepared.release();
    }
  };
}

/** An emitter whose events fold under `parentId` (as ActivityStream.child does). */
function foldedUnder(emitter: ActivityEmitter, parentId: string): ActivityEmitter {
  return { runId: emitter.runId, emit: (input) => emitter.emit({ ...input, parentId }) };
}
