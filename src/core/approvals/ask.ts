import type { ActivityEventInput } from '../activity';
import type { ApprovalAnswer, ApprovalGate, ApprovalRequest } from './gate';

/**
 * Asks a person through `gate`, and records the question and the answer: `approval_requested`
 * before, `approval_resolved` after, both with the request's id so a face can answer it inline.
 * Every approval of the agent, its pauses and its hooks goes through here. A stop while waiting
 * rejects (the gate rejects with the abort reason) and records no answer.
 */
export async function askApproval(emit: (event: ActivityEventInput) => void, gate: ApprovalGate, request: ApprovalRequest, signal: AbortSignal): Promise<ApprovalAnswer> {
  const { approvalId, action, reason } = request;
  emit({ type: 'approval_requested', approvalId, action, reason, ...(request.requiresPerson ? { requiresPerson: true } : {}) });
  const answer = await gate.request(request, signal);
  emit({ type: 'approval_resolved', approvalId, outcome: answer.outcome, ...(answer.note ? { note: answer.note } : {}) });
  return answer;
}
