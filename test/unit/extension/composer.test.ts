import { describe, expect, it } from 'vitest';
import { ComposerInbox } from '../../../src/extension/agent/composerInbox';
import { parseComposerIntent } from '../../../src/extension/agent/composerIntent';

describe('composer intents', () => {
  it.each([
    ['Execute task 2.1', { kind: 'executeTask', taskId: '2.1' }],
    ['run task 3.', { kind: 'executeTask', taskId: '3' }],
    ['please do 4.2 of todo-cli', { kind: 'executeTask', taskId: '4.2', spec: 'todo-cli' }],
    ['Run all tasks', { kind: 'runAll' }],
    ['run the remaining tasks in spec notes', { kind: 'runAll', spec: 'notes' }],
    ['What did you complete?', { kind: 'report' }],
    ['status', { kind: 'report' }],
    ['stop', { kind: 'stop' }],
    ['/done', { kind: 'finishConversation' }],
    ['make it faster', { kind: 'chat' }],
    ['help', { kind: 'help' }],
    ['/help', { kind: 'help' }],
  ])('reads "%s"', (text, intent) => {
    expect(parseComposerIntent(text)).toEqual(intent);
  });
});

describe('ComposerInbox', () => {
  it('hands a message to a runner that is waiting for one', async () => {
    const waiting: boolean[] = [];
    const inbox = new ComposerInbox((w) => waiting.push(w));
    const next = inbox.nextMessage(new AbortController().signal);
    expect(inbox.waiting).toBe(true);
    expect(inbox.post('use sqlite')).toBe('delivered');
    await expect(next).resolves.toBe('use sqlite');
    expect(waiting).toEqual([true, false]);
  });

  it('keeps a message sent early for the runner\'s next question', async () => {
    const inbox = new ComposerInbox();
    expect(inbox.post('also add tests')).toBe('queued');
    await expect(inbox.nextMessage(new AbortController().signal)).resolves.toBe('also add tests');
  });

  it('ends the conversation on finish, and when the run stops', async () => {
    const inbox = new ComposerInbox();
    const first = inbox.nextMessage(new AbortController().signal);
    inbox.finish();
    await expect(first).resolves.toBeNull();
    const stop = new AbortController();
    const second = inbox.nextMessage(stop.signal);
    stop.abort();
    await expect(second).resolves.toBeNull();
  });

  it('hands Compact Conversation to a chat as a request, now if it waits, else before its next message', async () => {
    const inbox = new ComposerInbox();
    const waiting = inbox.nextMessage(new AbortController().signal);
    inbox.compact('the API');
    await expect(waiting).resolves.toEqual({ kind: 'compact', focus: 'the API' });
    inbox.compact();
    inbox.post('go on');
    await expect(inbox.nextMessage(new AbortController().signal)).resolves.toEqual({ kind: 'compact' });
    await expect(inbox.nextMessage(new AbortController().signal)).resolves.toBe('go on');
  });
});
