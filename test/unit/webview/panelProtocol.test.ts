import { describe, expect, it } from 'vitest';
import { activityEventSchema } from '../../../src/core/activity';
import { describeDroppedMessage } from '../../../src/shared/panelMessages';
import { parseHostMessage, parsePanelMessage } from '../../../src/shared/panelProtocol';
import { recordedRun } from '../../e2e/panel/recordedRun';

const state = { status: 'running', tokens: 10, costUsd: 0.01, startedAt: '2025-11-21T10:00:00.000Z' };
const run = { runId: 'run-7f3a', task: 'todo-cli · 2.1', autonomy: 'balanced' };

describe('host → panel messages', () => {
  it('accepts an init with the run header, state, a page of events and hasOlder', () => {
    const message = { type: 'init', run, state, events: recordedRun, hasOlder: true };
    expect(parseHostMessage(message)).toEqual(message);
  });

  it('accepts an append of events', () => {
    expect(parseHostMessage({ type: 'append', events: recordedRun.slice(-2) })?.type).toBe('append');
  });

  it('accepts a runState carrying only the figures that changed', () => {
    expect(parseHostMessage({ type: 'runState', tokens: 2000 })).toEqual({ type: 'runState', tokens: 2000 });
  });

  it('accepts the # completion choices, and drops a choice with an unknown mode', () => {
    const choices = [{ name: 'api-style', inclusion: 'manual', description: 'API style', source: '.kiro/steering/api-style.md' }];
    expect(parseHostMessage({ type: 'mentionChoices', choices })).toEqual({ type: 'mentionChoices', choices });
    expect(parseHostMessage({ type: 'mentionChoices', choices: [{ ...choices[0], inclusion: 'always' }] })).toBeNull();
  });

  it('accepts the agent picker’s choices, and the / prompts with their arguments, fills and failures', () => {
    const agents = { type: 'agentChoices', agents: [{ name: 'reviewer', description: '', scope: 'user' }], selected: 'reviewer', notes: [] };
    expect(parseHostMessage(agents)).toEqual(agents);
    expect(parseHostMessage({ ...agents, agents: [{ name: 'reviewer', description: '', scope: 'repo' }] })).toBeNull();
    const prompts = { type: 'promptChoices', prompts: [{ server: 's', name: 'p', description: 'd', arguments: [{ name: 'a', description: '', required: true }] }], problems: [{ server: 't', message: 'needs approval' }] };
    expect(parseHostMessage(prompts)).toEqual(prompts);
    expect(parseHostMessage({ type: 'promptFilled', server: 's', name: 'p', text: 'Hi' })?.type).toBe('promptFilled');
    expect(parseHostMessage({ type: 'promptFailed', server: 's', name: 'p', message: '/s:p: gone' })?.type).toBe('promptFailed');
  });

  it('accepts idle, the answer to ready when there is nothing to show', () => {
    expect(parseHostMessage({ type: 'idle' })).toEqual({ type: 'idle' });
  });

  it('accepts an approvalResolved with its outcome', () => {
    expect(parseHostMessage({ type: 'approvalResolved', approvalId: 'a', outcome: 'always' })?.type).toBe('approvalResolved');
  });

  it.each([
    ['null', null],
    ['a message of an unknown type', { type: 'state', everything: {} }],
    ['an init without its run header', { type: 'init', state, events: [], hasOlder: false }],
    ['an append with an event of an unknown kind', { type: 'append', events: [{ ...recordedRun[0], type: 'teleported' }] }],
    ['an olderPage without hasOlder', { type: 'olderPage', events: [] }],
    ['a runState with negative tokens', { type: 'runState', tokens: -1 }],
    ['an approvalResolved with an unknown outcome', { type: 'approvalResolved', approvalId: 'a', outcome: 'maybe' }],
  ])('returns null for %s', (_name, raw) => {
    expect(parseHostMessage(raw)).toBeNull();
  });
});

describe('panel → host messages', () => {
  it.each([
    [{ type: 'ready' }],
    [{ type: 'stop' }],
    [{ type: 'approve', approvalId: 'a' }],
    [{ type: 'reject', approvalId: 'a' }],
    [{ type: 'alwaysAllow', approvalId: 'a' }],
    [{ type: 'restoreCheckpoint', checkpointId: 'cp-1' }],
    [{ type: 'sendMessage', text: 'Sort by id.' }],
    [{ type: 'requestOlder', beforeSeq: 500 }],
    [{ type: 'openFile', path: 'src/a.ts' }],
    [{ type: 'pickAgent', agent: 'team/reviewer' }],
    [{ type: 'pickAgent', agent: null }],
    [{ type: 'listPrompts' }],
    [{ type: 'fillPrompt', server: 'everything', name: 'args-prompt', args: { city: 'Lisbon' } }],
  ])('accepts %o', (message) => {
    expect(parsePanelMessage(message)).toEqual(message);
  });

  it.each([
    ['an approval without its id', { type: 'approve' }],
    ['an empty chat message', { type: 'sendMessage', text: '   ' }],
    ['a fractional beforeSeq', { type: 'requestOlder', beforeSeq: 1.5 }],
    ['an openFile with an empty path', { type: 'openFile', path: '' }],
    ['a command the protocol does not have', { type: 'runShell', command: 'rm -rf /' }],
    ['a pick of an agent with an empty name', { type: 'pickAgent', agent: '' }],
    ['a prompt argument that is not text', { type: 'fillPrompt', server: 'everything', name: 'args-prompt', args: { city: 3 } }],
  ])('returns null for %s', (_name, raw) => {
    expect(parsePanelMessage(raw)).toBeNull();
  });

  it('describes a dropped message by its type only, never its content', () => {
    expect(describeDroppedMessage({ type: 'runShell', command: 'secret' })).toBe('dropped a malformed panel message (type: runShell)');
  });
});

describe('the recorded run fixture', () => {
  it('is made of valid ActivityEvents in seq order', () => {
    expect(recordedRun.every((e) => activityEventSchema.safeParse(e).success)).toBe(true);
    expect(recordedRun.map((e) => e.seq)).toEqual(recordedRun.map((_, i) => i));
  });
});
