import { describe, expect, it } from 'vitest';
import type { CommandStep, Step } from '../../../webview-ui/src/timeline/steps';
import { OUTPUT_CAP_CHARS, TimelineBuilder } from '../../../webview-ui/src/timeline/timelineBuilder';
import { visibleRows } from '../../../webview-ui/src/timeline/visibleRows';
import { recordedRun } from '../../e2e/panel/recordedRun';
import { eventsOf } from './renderPanel';

function build(events: Parameters<TimelineBuilder['addAll']>[0]): readonly Step[] {
  const builder = new TimelineBuilder();
  builder.addAll(events);
  return builder.snapshot();
}

const started = { type: 'command_started', commandId: 'c', command: 'npm test', cwd: '/w' } as const;

describe('turning events into steps', () => {
  it('gathers a command’s output chunks and its exit into one step', () => {
    const [step] = build(
      eventsOf([
        started,
        { type: 'command_output', commandId: 'c', stream: 'stdout', text: 'a' },
        { type: 'command_output', commandId: 'c', stream: 'stdout', text: 'b\n' },
        { type: 'command_output', commandId: 'c', stream: 'stderr', text: 'warn\n' },
        { type: 'command_finished', commandId: 'c', exitCode: 0, signal: null, durationMs: 5, timedOut: false },
      ]),
    ) as CommandStep[];
    expect(step!.output).toEqual([
      { stream: 'stdout', text: 'ab\n' },
      { stream: 'stderr', text: 'warn\n' },
    ]);
    expect(step!.finish?.exitCode).toBe(0);
  });

  it('keeps only the tail of a very long output and counts what it dropped', () => {
    const chunk = 'x'.repeat(1000);
    const events = eventsOf([started, ...Array.from({ length: 100 }, () => ({ type: 'command_output' as const, commandId: 'c', stream: 'stdout' as const, text: chunk }))]);
    const [step] = build(events) as CommandStep[];
    expect(step!.output.reduce((n, c) => n + c.text.length, 0)).toBe(OUTPUT_CAP_CHARS);
    expect(step!.droppedChars).toBe(100_000 - OUTPUT_CAP_CHARS);
  });

  it('shows output whose command is on an older page as a step of its own', () => {
    const steps = build(eventsOf([{ type: 'command_output', commandId: 'gone', stream: 'stdout', text: 'late output' }]));
    expect(steps).toHaveLength(1);
    expect(steps[0]!.kind).toBe('event');
  });

  it('pairs a tool result with its call', () => {
    const steps = build(eventsOf([{ type: 'tool_call', toolUseId: 't', tool: 'grep', input: {} }, { type: 'tool_result', toolUseId: 't', tool: 'grep', isError: true, summary: 'no such file' }]));
    expect(steps).toHaveLength(1);
    expect(steps[0]).toMatchObject({ kind: 'tool', result: { isError: true } });
  });

  it('records an approval’s answer on its request', () => {
    const steps = build(eventsOf([{ type: 'approval_requested', approvalId: 'a', action: { kind: 'command', detail: 'x' }, reason: 'r' }, { type: 'approval_resolved', approvalId: 'a', outcome: 'rejected' }]));
    expect(steps).toEqual([expect.objectContaining({ kind: 'approval', resolution: { outcome: 'rejected' } })]);
  });

  it('folds events with a parentId under the step that delegated to them', () => {
    const steps = build(recordedRun);
    const delegate = steps.find((s) => s.kind === 'tool' && s.call.toolUseId === 'tu-sub-1')!;
    expect(delegate.children.map((c) => c.seq)).toEqual([14, 15, 16]);
    expect(delegate.children.every((c) => c.subAgent)).toBe(true);
  });

  it('gives each sub-agent of a use_subagent call a lane with its own steps, usage and end; only the parent sets the run total', () => {
    const u = (tokens: number) => ({ inputTokens: tokens, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, costUsd: 0 });
    const builder = new TimelineBuilder();
    builder.addAll(
      eventsOf([
        { type: 'usage', step: 1, usage: u(100), total: u(100) },
        { type: 'tool_call', toolUseId: 'tu', tool: 'use_subagent', input: {} },
        { type: 'subagent_started', subagentId: 'tu#1', agent: 'reviewer', query: 'q1', model: 'm1', parentId: 'tu' },
        { type: 'subagent_started', subagentId: 'tu#2', agent: 'itself', query: 'q2', model: 'm2', parentId: 'tu' },
        { type: 'file_read', path: 'a.ts', parentId: 'tu#2' },
        { type: 'usage', step: 1, usage: u(40), total: u(40), parentId: 'tu#1' },
        { type: 'assistant_text', text: 'done', parentId: 'tu#1' },
        { type: 'subagent_finished', subagentId: 'tu#1', agent: 'reviewer', status: 'done', summary: 'done', usage: u(40), parentId: 'tu' },
      ]),
    );
    expect(builder.usageTotal?.inputTokens).toBe(100);
    const [call] = builder.snapshot();
    expect(call!.children.map((c) => c.kind)).toEqual(['subagent', 'subagent']);
    const [first, second] = call!.children as Array<Extract<Step, { kind: 'subagent' }>>;
    expect(first).toMatchObject({ finish: { status: 'done' }, usage: { inputTokens: 40 } });
    expect(first!.children.map((c) => c.kind === 'event' && c.event.type)).toEqual(['assistant_text']);
    expect(second).toMatchObject({ finish: null, usage: null });
    expect(second!.children).toHaveLength(1);
    const rows = visibleRows(builder.snapshot(), 'errors', '', () => true);
    expect(rows).toHaveLength(0);
  });

  it('folds a hook run’s command under that run, and the next run’s under the next', () => {
    const run = (n: number) => [
      { type: 'hook_started', hook: 'lint', trigger: 'PostFileSave', paths: [`src/${n}.ts`] },
      { type: 'command_started', commandId: `c${n}`, command: 'eslint', cwd: '/w', parentId: 'hook:lint' },
      { type: 'command_finished', commandId: `c${n}`, exitCode: 0, signal: null, durationMs: 5, timedOut: false, parentId: 'hook:lint' },
      { type: 'hook_finished', hook: 'lint', ok: true, output: '' },
    ] as const;
    const steps = build(eventsOf([...run(1), ...run(2)]));
    expect(steps.map((s) => [s.kind, s.children.map((c) => c.kind)])).toEqual([
      ['hook', ['command']],
      ['hook', ['command']],
    ]);
    expect(steps.map((s) => (s.children[0] as CommandStep).start.commandId)).toEqual(['c1', 'c2']);
  });

  it('keeps a sub-agent step at the top when its parent is not loaded', () => {
    const steps = build(eventsOf([{ type: 'file_read', path: 'a.ts', parentId: 'unknown' }]));
    expect(steps).toEqual([expect.objectContaining({ subAgent: true, children: [] })]);
  });

  it('skips an event whose seq it has already seen', () => {
    const events = eventsOf([{ type: 'file_read', path: 'a.ts' }]);
    expect(build([...events, ...events])).toHaveLength(1);
  });

  it('replaces only the steps an event changes, so unchanged rows keep their identity', () => {
    const builder = new TimelineBuilder();
    builder.addAll(eventsOf([{ type: 'file_read', path: 'a.ts' }, started]));
    const [read, command] = builder.snapshot();
    builder.add(eventsOf([{ type: 'command_output', commandId: 'c', stream: 'stdout', text: 'x' }], 2)[0]!);
    const [readAfter, commandAfter] = builder.snapshot();
    expect(readAfter).toBe(read);
    expect(commandAfter).not.toBe(command);
  });

  it('lists an open fold’s sub-agent steps as indented rows', () => {
    const steps = build(recordedRun);
    const rows = visibleRows(steps, 'all', '', (s) => s.kind === 'tool');
    expect(rows.filter((r) => r.depth === 1).map((r) => r.step.seq)).toEqual([14, 15, 16]);
  });
});
