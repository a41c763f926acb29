import { useCallback, useMemo } from 'react';
import type { ScrollAnchor } from '../state/uiState';
import type { OutputChunk, Step } from '../timeline/steps';
import { foldOpenByDefault, visibleRows, type KindFilter, type Row } from '../timeline/visibleRows';
import { foldKey, usePanelActions } from './panelActions';
import { StepRow } from './rows/StepRow';
import { VirtualList } from './VirtualList';

const NOTHING_YET = 'No agent run yet. Run a task with ▶ Execute with Agent in tasks.md, or write to the agent below; hook runs show here too.';

type LogItem = { type: 'older' } | { type: 'row'; row: Row };

const olderItem: LogItem = { type: 'older' };

export interface ActivityLogProps {
  steps: readonly Step[];
  filter: KindFilter;
  search: string;
  toggles: Readonly<Record<string, boolean>>;
  running: boolean;
  hasOlder: boolean;
  loadingOlder: boolean;
  connected: boolean;
  /** The host has nothing to show yet (no run, no hook run). */
  idle?: boolean;
  initialAnchor: ScrollAnchor | null;
  onAnchorChange(anchor: ScrollAnchor | null): void;
}

/** The run's steps, filtered and windowed; older history loads when the reader reaches the top. */
export function ActivityLog(props: ActivityLogProps) {
  const { steps, filter, search, toggles, running, hasOlder, loadingOlder } = props;
  const actions = usePanelActions();
  const rows = useMemo(() => visibleRows(steps, filter, search, (step) => toggles[foldKey(step.key)] ?? foldOpenByDefault(step)), [steps, filter, search, toggles]);
  const items = useMemo<LogItem[]>(() => {
    const list = rows.map((row): LogItem => ({ type: 'row', row }));
    return hasOlder ? [olderItem, ...list] : list;
  }, [rows, hasOlder]);

  const itemKey = useCallback((item: LogItem) => (item.type === 'older' ? 'older' : item.row.step.key), []);
  const estimateHeight = useCallback((item: LogItem) => (item.type === 'older' ? 40 : estimateStepHeight(item.row.step, toggles[item.row.step.key])), [toggles]);
  const onNearTop = useCallback(() => {
    if (hasOlder) actions.requestOlder();
  }, [hasOlder, actions]);

  const renderItem = useCallback(
    (item: LogItem) => {
      if (item.type === 'older') {
        return (
          <div className="sw-older">
            <button type="button" className="sw-link-button" disabled={loadingOlder} onClick={actions.requestOlder}>
              {loadingOlder ? 'Loading earlier activity…' : 'Load earlier activity'}
            </button>
          </div>
        );
      }
      const { step, depth } = item.row;
      return <StepRow step={step} depth={depth} detailsOpen={toggles[step.key]} foldOpen={toggles[foldKey(step.key)] ?? foldOpenByDefault(step)} running={running} />;
    },
    [toggles, running, loadingOlder, actions],
  );

  if (rows.length === 0 && !hasOlder) {
    const filtering = filter !== 'all' || search.trim() !== '';
    return (
      <div className="sw-log-frame">
        <div className="sw-empty" role="status">
          {!props.connected ? (props.idle ? NOTHING_YET : 'Connecting to the run…') : filtering ? 'No steps match this filter.' : 'Waiting for the agent…'}
        </div>
      </div>
    );
  }

  return (
    <VirtualList
      items={items}
      itemKey={itemKey}
      estimateHeight={estimateHeight}
      renderItem={renderItem}
      initialAnchor={props.initialAnchor}
      onAnchorChange={props.onAnchorChange}
      onNearTop={onNearTop}
      label="Agent activity"
      busy={loadingOlder}
    />
  );
}

const LINE = 18;
/** panel.css: the output box shows at most this many lines, then scrolls. */
const OUTPUT_BOX_LINES = 16;
/** The box's padding (6 + 6), border (1 + 1) and the margins around it (4 + 4). */
const OUTPUT_BOX_CHROME = 22;

/** A first guess at a row's height, refined once it is rendered and measured. */
function estimateStepHeight(step: Step, toggle: boolean | undefined): number {
  const base = 24; // one line: 18px + 6px padding (panel.css keeps every one-line step at exactly this)
  switch (step.kind) {
    case 'command': {
      // Open as CommandRow opens it: while it runs or once it failed, unless the reader chose.
      const failed = step.finish !== null && (step.finish.exitCode !== 0 || step.finish.timedOut);
      return base + ((toggle ?? (step.finish === null || failed)) ? outputBoxHeight(step.output) : 0);
    }
    case 'approval':
      return step.resolution ? base + 2 * LINE : 120;
    case 'tool':
    case 'hook':
    case 'subagent':
      return base;
    case 'event': {
      const e = step.event;
      if (e.type === 'file_written') return base + (toggle ? 24 * LINE : 0);
      // By length, not by splitting: this runs for every step whenever the list changes.
      if (e.type === 'assistant_text' || e.type === 'user_message') return base + Math.min(6, Math.floor(e.text.length / 100)) * LINE;
      if (e.type === 'self_correction' || e.type === 'error' || e.type === 'policy_denied' || e.type === 'task_finished') return base + 2 * LINE;
      if (e.type === 'run_finished') return base + 2 * LINE;
      if (e.type === 'task_started') return base + 14;
      return base;
    }
  }
}

/**
 * The height of a command's output box: its lines up to the box's limit, and its frame; none without
 * output. Counted from the newest chunk back, so a long output costs no more than a short one.
 */
function outputBoxHeight(output: readonly OutputChunk[]): number {
  let lines = 0;
  for (let c = output.length - 1; c >= 0 && lines < OUTPUT_BOX_LINES; c--) {
    const text = output[c]!.text;
    // A chunk that does not end its line is a line of its own where it is the last one.
    if (c === output.length - 1 && text !== '' && !text.endsWith('\n')) lines++;
    for (let at = text.indexOf('\n'); at >= 0 && lines < OUTPUT_BOX_LINES; at = text.indexOf('\n', at + 1)) lines++;
  }
  return lines === 0 ? 0 : Math.min(lines, OUTPUT_BOX_LINES) * LINE + OUTPUT_BOX_CHROME;
}
