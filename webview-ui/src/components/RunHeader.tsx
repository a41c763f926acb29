import { useEffect, useState } from 'react';
import type { TaskRef } from '../../../src/core/activity';
import type { RunHeader as RunHeaderInfo, RunState } from '../../../src/shared/panelMessages';
import { formatCost, formatElapsed, formatTokens } from '../format';
import type { SteeringInPlay } from '../state/steeringInPlay';
import type { LaneState, TasksSideBySide } from '../state/taskLanes';
import { TokenMixBar } from './TokenMixBar';

const statusText = { running: 'Running', stopped: 'Stopped', done: 'Done', failed: 'Failed' } as const;

export interface RunHeaderProps {
  run: RunHeaderInfo | null;
  state: RunState | null;
  currentTask: TaskRef | null;
  stopRequested: boolean;
  /** Steering documents and skills the agent was given so far. */
  steering?: readonly SteeringInPlay[];
  /** Tasks side by side: their lanes, shown under the facts. */
  sideBySide?: TasksSideBySide | null;
  onStop(): void;
  compactRequested: boolean;
  onCompact(): void;
}

/** What runs, how autonomously, for how long and at what cost; and Compact Conversation and Stop while it runs. */
export function RunHeader({ run, state, currentTask, stopRequested, steering = [], sideBySide = null, onStop, compactRequested, onCompact }: RunHeaderProps) {
  const running = state?.status === 'running';
  const now = useNow(running);
  // Side by side, the task started last is one of several at work: the header names the run instead.
  const lead = sideBySide?.lanes[0]?.task;
  const task = lead ? `${lead.spec} · ${sideBySide!.lanes.length} tasks side by side` : currentTask ? `${currentTask.spec} · ${currentTask.id} ${currentTask.title}` : (run?.task ?? 'Agent Activity');
  const elapsed = state ? elapsedMs(state, now) : null;
  // The Hooks transcript has no agent of its own: Stop ends the hook runs, and no autonomy applies.
  const hooks = run?.kind === 'hooks';
  const stopLabel = hooks ? 'Stop Hooks' : 'Stop Agent';
  return (
    <header className="sw-header">
      <div className="sw-header__top">
        {state && (
          <span className={`sw-status sw-status--${state.status}`} role="status">
            <span className="sw-status__dot" aria-hidden="true" />
            {statusText[state.status]}
          </span>
        )}
        <h1 className="sw-header__task" title={task}>
          {task}
        </h1>
        {running && !hooks && (
          <button
            type="button"
            className="sw-button sw-button--secondary"
            onClick={onCompact}
            disabled={compactRequested || stopRequested}
            title="Summarise the older steps of the task under way before the agent's next request, to free the context window"
          >
            {compactRequested ? 'Compacting…' : 'Compact Conversation'}
          </button>
        )}
        {running && (
          <button type="button" className="sw-button sw-button--stop" onClick={onStop} disabled={stopRequested} aria-keyshortcuts="Escape" title={`${hooks ? 'Stop the running hooks' : 'Stop the agent'} (Escape)`}>
            <span aria-hidden="true">■</span> {stopRequested ? 'Stopping…' : stopLabel}
          </button>
        )}
      </div>
      {run && (
        <dl className="sw-header__facts">
          {!hooks && <Fact label="Autonomy" value={run.autonomy} />}
          {elapsed !== null && <Fact label="Elapsed" value={formatElapsed(elapsed)} />}
          {state && (
            <div className="sw-fact sw-fact--tokens">
              <dt>Tokens</dt>
              <dd>
                {formatTokens(state.tokens)}
                {state.mix && <TokenMixBar mix={state.mix} />}
              </dd>
            </div>
          )}
          {state && <Fact label="Cost" value={formatCost(state.costUsd)} />}
          {run.agent && <Fact label="Agent" value={run.agent} />}
          {run.model && <Fact label="Model" value={run.model} />}
          {steering.length > 0 && <SteeringFact steering={steering} />}
        </dl>
      )}
      {sideBySide && <TaskLanes sideBySide={sideBySide} />}
    </header>
  );
}

const laneText: Record<LaneState, string> = {
  waiting: 'waiting',
  running: 'running',
  conflict: 'conflict: waiting to run again',
  'running again': 'running again',
  done: 'done',
  failed: 'failed',
  stopped: 'stopped',
  'not run': 'not run',
};

/** Each top-level task of a run side by side as a lane: the unit it is at and where it stands. */
function TaskLanes({ sideBySide }: { sideBySide: TasksSideBySide }) {
  const working = sideBySide.lanes.filter((lane) => lane.state === 'running' || lane.state === 'running again').length;
  return (
    <section className="sw-lanes" aria-label="Tasks side by side">
      <p className="sw-lanes__head">{`Tasks side by side: ${working} running, up to ${sideBySide.limit} at once`}</p>
      <ul className="sw-lanes__list">
        {sideBySide.lanes.map((lane) => (
          <li key={lane.id} className={`sw-lane sw-lane--${lane.state.replace(' ', '-')}`} title={`${lane.task.id} ${lane.task.title}: ${laneText[lane.state]}`}>
            <span className="sw-lane__dot" aria-hidden="true" />
            <span className="sw-task-id">{lane.task.id}</span> <span className="sw-lane__title">{lane.task.title}</span> <span className="sw-lane__state">{laneText[lane.state]}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Fact({ label, value }: { label: string; value: string }) {
  return (
    <div className="sw-fact">
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}

/** "Steering: 4 documents", opening to the list: each document, its mode and why it joined. */
function SteeringFact({ steering }: { steering: readonly SteeringInPlay[] }) {
  const count = `${steering.length} document${steering.length === 1 ? '' : 's'}`;
  return (
    <div className="sw-fact sw-fact--steering">
      <dt>Steering</dt>
      <dd>
        <details className="sw-steering">
          <summary title="What steered the agent in this run">{count}</summary>
          <ul className="sw-steering__list" aria-label="Steering documents">
            {steering.map((doc) => (
              <li key={doc.source} title={doc.source}>
                <span className="sw-steering__name">{doc.name}</span> <span className="sw-steering__reason">{doc.reason}</span>
              </li>
            ))}
          </ul>
        </details>
      </dd>
    </div>
  );
}

function elapsedMs(state: RunState, now: number): number | null {
  const start = Date.parse(state.startedAt);
  if (Number.isNaN(start)) return null;
  const end = state.finishedAt ? Date.parse(state.finishedAt) : now;
  return Math.max(0, (Number.isNaN(end) ? now : end) - start);
}

/** The current time, ticking each second while `ticking`; only the header re-renders. */
function useNow(ticking: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!ticking) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [ticking]);
  return now;
}
