import { writeVerb } from '../../timeline/stepSummary';
import type { EventOf } from '../../timeline/steps';
import { usePanelActions } from '../panelActions';
import { DiffView } from './DiffView';
import { actorOf, Disclosure, RowFrame, type RowProps } from './RowFrame';

/** "Edited src/todo.ts +12 −3" with the diff behind a disclosure; the path opens the file. */
export function FileWriteRow({ row, event }: { row: RowProps; event: EventOf<'file_written'> }) {
  const actions = usePanelActions();
  const open = row.detailsOpen ?? false;
  const verb = writeVerb(event.change);
  return (
    <RowFrame
      row={row}
      icon={event.change === 'deleted' ? '✕' : event.change === 'created' ? '✚' : '✎'}
      tone="plain"
      actor={actorOf(row.step)}
      time={event.time}
      title={
        <>
          {verb}{' '}
          <PathButton path={event.path} onOpen={actions.openFile} />
        </>
      }
      meta={
        <>
          <span className="sw-stat sw-stat--add" aria-label={`${event.added} lines added`}>
            +{event.added}
          </span>
          <span className="sw-stat sw-stat--del" aria-label={`${event.removed} lines removed`}>
            −{event.removed}
          </span>
          <Disclosure open={open} label={`diff of ${event.path}`} onToggle={() => actions.toggle(row.step.key, !open)}>
            diff
          </Disclosure>
        </>
      }
    >
      {open && <DiffView diff={event.diff} label={`Changes to ${event.path}`} />}
    </RowFrame>
  );
}

export function PathButton({ path, onOpen }: { path: string; onOpen(path: string): void }) {
  return (
    <button type="button" className="sw-path" title={`Open ${path}`} onClick={() => onOpen(path)}>
      {path}
    </button>
  );
}
