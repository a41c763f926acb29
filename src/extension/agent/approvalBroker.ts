import type { ApprovalAnswer, ApprovalGate, ApprovalOutcome, ApprovalRequest } from '../../core/agent';

/** Where a question can be answered; the broker does not care how each one looks. */
export interface ApprovalChannels {
  /** True when the Agent Activity panel is on screen and shows the request inline. */
  panelVisible(): boolean;
  /** Asks in a modal; null when the person dismissed it without answering. */
  askModal(request: ApprovalRequest, signal: AbortSignal): Promise<ApprovalOutcome | null>;
  /** Tells the panel how an approval ended (answered elsewhere, or confirming its own answer). */
  resolved(approvalId: string, outcome: ApprovalOutcome): void;
  /** A dismissed modal brings the panel forward, so the question stays in sight. */
  revealPanel(): void;
  /** Called for every new request (e.g. to open the proposed diff of a write). */
  requested?(request: ApprovalRequest): void;
}

interface Pending {
  request: ApprovalRequest;
  resolve: (answer: ApprovalAnswer) => void;
  modalOpen: boolean;
  /** Aborts an open modal's wait once the approval is settled some other way. */
  settled: AbortController;
}

export type AnswerSource = 'panel' | 'modal';

/**
 * The extension's ApprovalGate: each request shows inline in the panel, and as a modal when the
 * panel is not on screen. Whichever answers first wins; the other is told through `resolved`.
 */
export class ApprovalBroker implements ApprovalGate {
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly channels: ApprovalChannels) {}

  request(request: ApprovalRequest, signal: AbortSignal): Promise<ApprovalAnswer> {
    if (signal.aborted) return Promise.reject(signal.reason);
    return new Promise<ApprovalAnswer>((resolve, reject) => {
      const entry: Pending = { request, resolve, modalOpen: false, settled: new AbortController() };
      const onAbort = () => {
        if (!this.pending.delete(request.approvalId)) return;
        entry.settled.abort();
        reject(signal.reason);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      entry.resolve = (answer) => {
        signal.removeEventListener('abort', onAbort);
        resolve(answer);
      };
      this.pending.set(request.approvalId, entry);
      this.channels.requested?.(request);
      if (!this.channels.panelVisible()) this.askModally(entry);
    });
  }

  /** Records an answer; false when the approval was already answered (or never existed). */
  answer(approvalId: string, outcome: ApprovalOutcome, source: AnswerSource): boolean {
    const entry = this.pending.get(approvalId);
    if (!entry) return false;
    this.pending.delete(approvalId);
    entry.settled.abort();
    entry.resolve({ outcome, ...(source === 'modal' ? { note: 'Answered in a VS Code dialog.' } : {}) });
    this.channels.resolved(approvalId, outcome);
    return true;
  }

  /** The panel went off screen: whatever is still waiting is asked in a modal. */
  panelHidden(): void {
    for (const entry of this.pending.values()) if (!entry.modalOpen) this.askModally(entry);
  }

  /** Questions still waiting, oldest first. */
  waiting(): ApprovalRequest[] {
    return [...this.pending.values()].map((p) => p.request);
  }

  get(approvalId: string): ApprovalRequest | undefined {
    return this.pending.get(approvalId)?.request;
  }

  private askModally(entry: Pending): void {
    entry.modalOpen = true;
    const { approvalId } = entry.request;
    this.channels.askModal(entry.request, entry.settled.signal).then(
      (outcome) => {
        entry.modalOpen = false;
        if (!this.pending.has(approvalId)) return;
        if (outcome) this.answer(approvalId, outcome, 'modal');
        else this.channels.revealPanel();
      },
      () => {
        entry.modalOpen = false;
      },
    );
  }
}
