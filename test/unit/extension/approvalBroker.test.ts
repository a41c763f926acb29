import { describe, expect, it, vi } from 'vitest';
import type { ApprovalOutcome, ApprovalRequest } from '../../../src/core/approvals';
import { ApprovalBroker, type ApprovalChannels } from '../../../src/extension/agent/approvalBroker';

const request = (id = 'a1'): ApprovalRequest => ({ approvalId: id, action: { kind: 'command', detail: 'npm install left-pad' }, reason: 'installs a dependency' });

function channels(options: { visible: boolean; modal?: () => Promise<ApprovalOutcome | null> }) {
  const calls = { modal: 0, resolved: [] as Array<[string, ApprovalOutcome]>, revealed: 0, requested: 0 };
  const c: ApprovalChannels = {
    panelVisible: () => options.visible,
    askModal: () => {
      calls.modal++;
      return options.modal ? options.modal() : new Promise(() => undefined);
    },
    resolved: (id, outcome) => calls.resolved.push([id, outcome]),
    revealPanel: () => void calls.revealed++,
    requested: () => void calls.requested++,
  };
  return { c, calls };
}

describe('ApprovalBroker', () => {
  it('waits for the panel when it is on screen, and confirms the answer back to it', async () => {
    const { c, calls } = channels({ visible: true });
    const broker = new ApprovalBroker(c);
    const answer = broker.request(request(), new AbortController().signal);
    expect(calls.modal).toBe(0);
    expect(broker.waiting().map((r) => r.approvalId)).toEqual(['a1']);
    expect(broker.answer('a1', 'approved', 'panel')).toBe(true);
    await expect(answer).resolves.toEqual({ outcome: 'approved' });
    expect(calls.resolved).toEqual([['a1', 'approved']]);
  });

  it('asks in a modal when the panel is hidden, and tells the panel the modal answer', async () => {
    const { c, calls } = channels({ visible: false, modal: async () => 'always' });
    const answer = await new ApprovalBroker(c).request(request(), new AbortController().signal);
    expect(answer.outcome).toBe('always');
    expect(calls.modal).toBe(1);
    expect(calls.resolved).toEqual([['a1', 'always']]);
  });

  it('lets the first answer win and ignores the later one', async () => {
    let answerModal: (o: ApprovalOutcome) => void = () => undefined;
    const { c, calls } = channels({ visible: false, modal: () => new Promise((r) => (answerModal = r)) });
    const broker = new ApprovalBroker(c);
    const answer = broker.request(request(), new AbortController().signal);
    expect(broker.answer('a1', 'rejected', 'panel')).toBe(true);
    answerModal('approved');
    await expect(answer).resolves.toEqual({ outcome: 'rejected' });
    await Promise.resolve();
    expect(broker.answer('a1', 'approved', 'modal')).toBe(false);
    expect(calls.resolved).toEqual([['a1', 'rejected']]);
  });

  it('asks in a modal once the panel goes off screen', () => {
    const { c, calls } = channels({ visible: true });
    const broker = new ApprovalBroker(c);
    void broker.request(request(), new AbortController().signal);
    broker.panelHidden();
    broker.panelHidden();
    expect(calls.modal).toBe(1);
  });

  it('brings the panel forward when the modal is dismissed, keeping the question open', async () => {
    const { c, calls } = channels({ visible: false, modal: async () => null });
    const broker = new ApprovalBroker(c);
    void broker.request(request(), new AbortController().signal);
    await vi.waitFor(() => expect(calls.revealed).toBe(1));
    expect(broker.waiting()).toHaveLength(1);
  });

  it('rejects with the abort reason when the run stops while it waits', async () => {
    const { c } = channels({ visible: true });
    const broker = new ApprovalBroker(c);
    const stop = new AbortController();
    const answer = broker.request(request(), stop.signal);
    stop.abort(new Error('Stopped by the user.'));
    await expect(answer).rejects.toThrow('Stopped by the user.');
    expect(broker.waiting()).toEqual([]);
  });
});
