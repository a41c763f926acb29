import type { CSSProperties, ReactNode } from 'react';
import { clockTime, plural } from '../../format';
import { stepSummary } from '../../timeline/stepSummary';
import type { Step } from '../../timeline/steps';
import { stepParentId } from '../../timeline/timelineBuilder';
import { foldKey, usePanelActions } from '../panelActions';

export type Tone = 'plain' | 'muted' | 'success' | 'warning' | 'error' | 'accent';

/** What every row receives from the list. */
export interface RowProps {
  step: Step;
  depth: number;
  /** The reader's choice for the row's details; undefined means the row's default. */
  detailsOpen: boolean | undefined;
  foldOpen: boolean;
  running: boolean;
}

interface RowFrameProps {
  row: RowProps;
  icon: string;
  tone: Tone;
  /** Who acted: "Agent", "Sub-agent", "You"; omitted for events of the run itself. */
  actor?: string;
  time: string;
  title: ReactNode;
  /** Figures and buttons after the title. */
  meta?: ReactNode;
  /** Details under the title line (a diff, output, an approval's buttons). */
  children?: ReactNode;
  variant?: 'line' | 'card' | 'section' | 'summary';
  /** The title is prose that should wrap beside the actor rather than drop below it. */
  prose?: boolean;
}

const actorClass: Record<string, string> = { You: 'user', 'Sub-agent': 'sub', Hook: 'sub', Agent: 'agent' };

/** The shape every row shares: glyph, actor, title line, time, details, and its sub-agent fold. */
export function RowFrame({ row, icon, tone, actor, time, title, meta, children, variant = 'line', prose = false }: RowFrameProps) {
  const { step, depth, foldOpen } = row;
  const style = { '--sw-depth': depth } as CSSProperties;
  return (
    <div className={`sw-step sw-step--${variant} sw-tone--${tone}${depth > 0 ? ' sw-step--nested' : ''}`} style={style} data-seq={step.seq}>
      <span className="sw-step__icon" aria-hidden="true">
        {icon}
      </span>
      <div className="sw-step__body">
        <div className="sw-step__line">
          {actor && <span className={`sw-actor sw-actor--${actorClass[actor] ?? 'agent'}`}>{actor}</span>}
          <span className={`sw-step__title${prose ? ' sw-step__title--prose' : ''}`}>{title}</span>
          {meta}
          <time className="sw-step__time" dateTime={time}>
            {clockTime(time)}
          </time>
        </div>
        {children}
        {step.children.length > 0 && <SubAgentFold step={step} open={foldOpen} />}
      </div>
    </div>
  );
}

function SubAgentFold({ step, open }: { step: Step; open: boolean }) {
  const actions = usePanelActions();
  const latest = step.children[step.children.length - 1]!;
  return (
    <div className="sw-fold">
      <button type="button" className="sw-disclosure" aria-expanded={open} onClick={() => actions.toggle(foldKey(step.key), !open)}>
        <span className="sw-disclosure__chevron" aria-hidden="true">
          {open ? '▾' : '▸'}
        </span>
        {plural(step.children.length, step.kind === 'hook' ? 'hook step' : 'sub-agent step')}
      </button>
      {!open && <span className="sw-fold__latest">latest: {stepSummary(latest)}</span>}
    </div>
  );
}

/** A button that opens and closes a row's details. */
export function Disclosure({ open, label, onToggle, children }: { open: boolean; label: string; onToggle(): void; children: ReactNode }) {
  return (
    <button type="button" className="sw-disclosure" aria-expanded={open} aria-label={label} onClick={onToggle}>
      <span className="sw-disclosure__chevron" aria-hidden="true">
        {open ? '▾' : '▸'}
      </span>
      {children}
    </button>
  );
}

/** Who took a step: the agent, a sub-agent it delegated to, or a hook (its command, or its agent's steps). */
export function actorOf(step: Step): string {
  if (stepParentId(step)?.startsWith('hook:')) return 'Hook';
  return step.subAgent ? 'Sub-agent' : 'Agent';
}
