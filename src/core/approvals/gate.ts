import type { ProposedAction } from '../policy/types';

export type ApprovalOutcome = 'approved' | 'rejected' | 'always';

export interface ApprovalRequest {
  approvalId: string;
  /** What is being asked, for people: kind (write, command, plan, continue…) and a one-line detail. */
  action: { kind: string; detail: string };
  /** Why the policy asks (the rule that fired). */
  reason: string;
  /** The structured action, when the request comes from the policy. */
  proposed?: ProposedAction;
  /**
   * Only a person may answer (running a command outside the sandbox): a host's standing "yes",
   * fixed gates and settings never approve it, and "always" counts as this once.
   */
  requiresPerson?: boolean;
  /** The hook whose command this is, when a hook asks (hosts may word it as the hook's question). */
  hook?: string;
}

export interface ApprovalAnswer {
  outcome: ApprovalOutcome;
  note?: string;
}

/**
 * The host's way of asking a person. The extension shows it inline in the Agent Activity panel
 * (or as a modal), the CLI as a TTY prompt, tests with a plain function. An abort while waiting
 * must reject with the abort reason.
 */
export interface ApprovalGate {
  request(request: ApprovalRequest, signal: AbortSignal): Promise<ApprovalAnswer>;
}

/** Approves or rejects everything without asking: non-interactive hosts and tests. What only a person may approve is rejected. */
export function fixedApprovalGate(outcome: 'approved' | 'rejected', note?: string): ApprovalGate {
  return {
    request: async (request) => {
      if (outcome === 'approved' && request.requiresPerson) return { outcome: 'rejected', note: PERSON_ONLY_NOTE };
      return { outcome, ...(note ? { note } : {}) };
    },
  };
}

/** The answer's note when a person-only question found nobody to ask. */
export const PERSON_ONLY_NOTE = 'only a person can let a command run outside the sandbox, and nobody was asked';

/**
 * A person's answer, unless the work that asked is stopped first: then the wait ends with the stop's
 * reason, as every gate's must, and a dialog the host cannot close answers nothing.
 */
export function untilStopped<T>(answer: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    answer.then(
      (value) => (signal.removeEventListener('abort', onAbort), resolve(value)),
      (error: unknown) => (signal.removeEventListener('abort', onAbort), reject(error)),
    );
  });
}
