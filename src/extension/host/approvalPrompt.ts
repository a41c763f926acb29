import * as vscode from 'vscode';
import type { ApprovalOutcome, ApprovalRequest } from '../../core/approvals';

const APPROVE = 'Approve';
const ALWAYS = 'Always Allow';
const REJECT = 'Reject';
const REVIEW = 'Review Diff';

const OUTCOME: Record<string, ApprovalOutcome> = { [APPROVE]: 'approved', [ALWAYS]: 'always', [REJECT]: 'rejected' };

/** The modal's first line: what the agent wants to do. */
export function approvalQuestion(request: Pick<ApprovalRequest, 'action'>): string {
  const { kind, detail } = request.action;
  const oneLine = detail.split('\n')[0]!.slice(0, 160);
  if (kind === 'plan') return 'Specwright: approve the agent\'s plan?';
  if (kind === 'continue') return `Specwright: ${oneLine}`;
  return `Specwright: allow the agent to ${kind === 'write' ? 'write' : kind === 'command' ? 'run' : kind} ${oneLine}?`;
}

/**
 * Asks in a modal dialog (used while the Agent Activity panel is hidden), with the policy's reason.
 * For a write, "Review Diff" opens the proposed change and asks again in a non-modal notification,
 * so the diff can be read while the question waits. Null: dismissed without an answer.
 */
export async function askApprovalModal(request: ApprovalRequest, reviewDiff: (() => Promise<void>) | null): Promise<ApprovalOutcome | null> {
  const detail = `${request.action.detail.slice(0, 1500)}\n\nPolicy: ${request.reason}`;
  const buttons = reviewDiff ? [APPROVE, ALWAYS, REJECT, REVIEW] : [APPROVE, ALWAYS, REJECT];
  const choice = await vscode.window.showWarningMessage(approvalQuestion(request), { modal: true, detail }, ...buttons);
  if (choice === REVIEW && reviewDiff) {
    await reviewDiff();
    const again = await vscode.window.showWarningMessage(`${approvalQuestion(request)} (${request.reason})`, APPROVE, ALWAYS, REJECT);
    return again ? OUTCOME[again]! : null;
  }
  return choice ? OUTCOME[choice]! : null;
}

/** A hook's command the policy asks about (`request.hook` says whose); true runs it. */
export async function askHookApproval(request: ApprovalRequest): Promise<boolean> {
  const choice = await vscode.window.showWarningMessage(
    `Specwright: hook "${request.hook ?? 'a hook'}" wants to run a command.`,
    { modal: true, detail: `${request.action.detail}\n\nPolicy: ${request.reason}` },
    'Run',
  );
  return choice === 'Run';
}
