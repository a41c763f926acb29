import { untilStopped, type ApprovalGate } from '../../core/approvals';
import { askApprovalModal, askHookApproval } from '../host/approvalPrompt';

/**
 * Who answers outside a run's own panel: a hook's command in the hook's dialog; an agent hook's
 * question in the running agent's panel when a run is on (its broker), else in a modal, since
 * nobody watches the panel for it then.
 */
export function hostApprovalGate(runningAgent: () => ApprovalGate | null): ApprovalGate {
  return {
    request: async (request, signal) => {
      if (request.hook) return { outcome: (await untilStopped(askHookApproval(request), signal)) ? 'approved' : 'rejected' };
      const run = runningAgent();
      if (run) return run.request(request, signal);
      return { outcome: (await untilStopped(askApprovalModal(request, null), signal)) ?? 'rejected' };
    },
  };
}

