import { useState } from 'react';
import { formatCost, formatDuration, formatTokens, plural } from '../../format';
import type { CommandStep, HookStep, SubagentStep, ToolStep } from '../../timeline/steps';
import { usePanelActions } from '../panelActions';
import { outputLines, OutputView } from './OutputView';
import { actorOf, Disclosure, RowFrame, type RowProps, type Tone } from './RowFrame';

/** A command with its streamed output gathered under it; the output starts open while it runs or if it failed. */
export function CommandRow({ row, step }: { row: RowProps; step: CommandStep }) {
  const actions = usePanelActions();
  const { start, finish } = step;
  const failed = finish !== null && (finish.exitCode !== 0 || finish.timedOut);
  const open = row.detailsOpen ?? (finish === null || failed);
  const lineCount = step.output.length === 0 ? 0 : outputLines(step.output).length;
  const tone: Tone = finish === null ? 'accent' : failed ? 'error' : 'plain';
  return (
    <RowFrame
      row={row}
      icon="❯"
      tone={tone}
      actor={actorOf(step)}
      time={start.time}
      title={
        <code className="sw-command" title={`in ${start.cwd}`}>
          {start.command}
        </code>
      }
      meta={
        <>
          <CommandStatus step={step} />
          {lineCount > 0 && (
            <Disclosure open={open} label={`output of ${start.command}`} onToggle={() => actions.toggle(step.key, !open)}>
              output ({plural(lineCount, 'line')})
            </Disclosure>
          )}
        </>
      }
    >
      {open && lineCount > 0 && <OutputView output={step.output} droppedChars={step.droppedChars} label={`Output of ${start.command}`} />}
    </RowFrame>
  );
}

function CommandStatus({ step }: { step: CommandStep }) {
  const { finish } = step;
  if (finish === null) {
    return <RunningBadge label="running" />;
  }
  const took = formatDuration(finish.durationMs);
  if (finish.timedOut) return <span className="sw-badge sw-badge--error">timed out · {took}</span>;
  if (finish.exitCode === null) return <span className="sw-badge sw-badge--error">killed by {finish.signal ?? 'a signal'} · {took}</span>;
  const ok = finish.exitCode === 0;
  return (
    <span className={`sw-badge sw-badge--${ok ? 'success' : 'error'}`}>
      {ok ? '✓' : '✗'} exit {finish.exitCode} · {took}
    </span>
  );
}

/** A tool call and its result on one row; the input is behind a disclosure. */
export function ToolRow({ row, step }: { row: RowProps; step: ToolStep }) {
  const actions = usePanelActions();
  const { call, result } = step;
  const open = row.detailsOpen ?? false;
  const input = JSON.stringify(call.input, null, 2) ?? '';
  return (
    <RowFrame
      row={row}
      icon="⚙"
      tone={result?.isError ? 'error' : 'plain'}
      actor={actorOf(step)}
      time={call.time}
      title={
        <>
          <span className="sw-tool">{call.tool}</span>
          {call.summary && <span className="sw-step__detail"> {call.summary}</span>}
        </>
      }
      meta={
        <>
          {result === null ? (
            <RunningBadge label="working" />
          ) : (
            <span className={`sw-badge sw-badge--${result.isError ? 'error' : 'success'}`} title={result.summary}>
              {result.isError ? '✗' : '✓'} {truncate(result.summary, 80)}
            </span>
          )}
          {input !== '{}' && input !== '' && (
            <Disclosure open={open} label={`input of ${call.tool}`} onToggle={() => actions.toggle(step.key, !open)}>
              input
            </Disclosure>
          )}
        </>
      }
    >
      {open && <pre className="sw-code-block">{truncate(input, 20_000)}</pre>}
    </RowFrame>
  );
}

/** A hook run: its trigger, then whether it succeeded; its output opens when it failed. */
export function HookRow({ row, step }: { row: RowProps; step: HookStep }) {
  const actions = usePanelActions();
  const { start, finish } = step;
  const open = row.detailsOpen ?? (finish !== null && !finish.ok);
  return (
    <RowFrame
      row={row}
      icon="⚓"
      tone={finish && !finish.ok ? 'error' : 'muted'}
      time={start.time}
      title={
        <>
          Hook <strong>{start.hook}</strong> <span className="sw-step__detail">on {start.trigger}</span>
        </>
      }
      meta={
        <>
          {finish === null ? (
            <RunningBadge label="running" />
          ) : (
            <span className={`sw-badge sw-badge--${finish.ok ? 'success' : 'error'}`}>{finish.ok ? '✓ done' : '✗ failed'}</span>
          )}
          {finish && finish.output !== '' && (
            <Disclosure open={open} label={`output of hook ${start.hook}`} onToggle={() => actions.toggle(step.key, !open)}>
              output
            </Disclosure>
          )}
        </>
      }
    >
      {open && finish && <pre className="sw-code-block">{truncate(finish.output, 20_000)}</pre>}
    </RowFrame>
  );
}

export function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * A sub-agent's lane: who it runs as, on which model, what it was asked, whether it is still running,
 * and what it spent. Its own steps fold under it; its answer opens below when it failed.
 */
export function SubagentRow({ row, step }: { row: RowProps; step: SubagentStep }) {
  const actions = usePanelActions();
  const { start, finish, usage } = step;
  const failed = finish !== null && finish.status !== 'done';
  const open = row.detailsOpen ?? false;
  const spent = usage ? `${formatTokens(usage.inputTokens + usage.outputTokens + usage.cacheReadTokens + usage.cacheWriteTokens)} tokens · ${formatCost(usage.costUsd)}` : null;
  return (
    <RowFrame
      row={row}
      icon="⇶"
      tone={finish === null ? 'accent' : failed ? 'error' : 'plain'}
      actor="Sub-agent"
      time={start.time}
      title={
        <>
          <strong className="sw-subagent__name">{start.agent}</strong>
          <span className="sw-step__detail"> {truncate(start.query.split('\n', 1)[0] ?? '', 140)}</span>
        </>
      }
      meta={
        <>
          {finish === null ? (
            <>
              <RunningBadge label="running" />
              <StopLaneButton agent={start.agent} onStop={() => actions.stopSubagent(start.subagentId)} />
            </>
          ) : (
            <span className={`sw-badge sw-badge--${failed ? 'error' : 'success'}`} title={finish.summary}>
              {failed ? `✗ ${finish.status.replace('_', ' ')}` : '✓ done'}
            </span>
          )}
          <span className="sw-step__detail" title="model">
            {start.model}
          </span>
          {spent && <span className="sw-step__detail">{spent}</span>}
          {finish && finish.summary !== '' && (
            <Disclosure open={open} label={`answer of sub-agent ${start.agent}`} onToggle={() => actions.toggle(step.key, !open)}>
              answer
            </Disclosure>
          )}
        </>
      }
    >
      {open && finish && <pre className="sw-code-block">{finish.summary}</pre>}
    </RowFrame>
  );
}

/** Stops this sub-agent alone; once pressed it says so until the lane ends (the core finishes it as stopped). */
function StopLaneButton({ agent, onStop }: { agent: string; onStop(): void }) {
  const [asked, setAsked] = useState(false);
  return (
    <button
      type="button"
      className="sw-button sw-button--stop sw-button--small"
      disabled={asked}
      aria-label={`Stop sub-agent ${agent}`}
      title="Stop this sub-agent; the others and the run go on"
      onClick={() => {
        setAsked(true);
        onStop();
      }}
    >
      {asked ? 'Stopping…' : 'Stop'}
    </button>
  );
}

/** A step still under way: a spinner and what it is doing. */
function RunningBadge({ label }: { label: string }) {
  return (
    <span className="sw-badge sw-badge--running">
      <span className="sw-spinner" aria-hidden="true" />
      {label}
    </span>
  );
}
