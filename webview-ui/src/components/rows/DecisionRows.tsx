import { plural } from '../../format';
import type { ApprovalStep, EventOf } from '../../timeline/steps';
import { usePanelActions } from '../panelActions';
import { RowFrame, type RowProps } from './RowFrame';

const outcomeText = { approved: 'Approved', rejected: 'Rejected', always: 'Always allowed for this session' } as const;
const sendingText = { approve: 'Approving…', reject: 'Rejecting…', alwaysAllow: 'Allowing for this session…' } as const;

/** An approval the policy asked for, with its reason; answered inline, then showing the outcome. */
export function ApprovalRow({ row, step }: { row: RowProps; step: ApprovalStep }) {
  const actions = usePanelActions();
  const { request, resolution, sent } = step;
  const { approvalId } = request;
  const tone = resolution === null ? 'warning' : resolution.outcome === 'rejected' ? 'error' : 'success';
  return (
    <RowFrame
      row={row}
      variant={resolution === null ? 'card' : 'line'}
      icon={resolution === null ? '⚠' : resolution.outcome === 'rejected' ? '✗' : '✓'}
      tone={tone}
      time={request.time}
      title={
        <>
          {resolution === null ? 'Approval needed' : 'Approval'}: <span className="sw-step__kind">{request.action.kind}</span>{' '}
          <code className="sw-command">{request.action.detail}</code>
        </>
      }
      meta={resolution && <span className={`sw-badge sw-badge--${tone}`}>{outcomeText[resolution.outcome]}</span>}
    >
      <p className="sw-reason">
        <span className="sw-reason__label">Policy:</span> {request.reason}
      </p>
      {resolution?.note && <p className="sw-reason">{resolution.note}</p>}
      {resolution === null && (
        <div className="sw-actions" role="group" aria-label={`Answer approval for ${request.action.detail}`}>
          <button type="button" className="sw-button" disabled={sent !== null} onClick={() => actions.answerApproval(approvalId, 'approve')}>
            Approve
          </button>
          <button type="button" className="sw-button sw-button--secondary" disabled={sent !== null} onClick={() => actions.answerApproval(approvalId, 'reject')}>
            Reject
          </button>
          <button type="button" className="sw-button sw-button--secondary" disabled={sent !== null} onClick={() => actions.answerApproval(approvalId, 'alwaysAllow')}>
            Always allow for this session
          </button>
          {sent && (
            <span className="sw-note" role="status">
              {sendingText[sent]}
            </span>
          )}
        </div>
      )}
    </RowFrame>
  );
}

/** A checkpoint, restorable once the agent is not running (restoring under a running agent would race its edits). */
export function CheckpointRow({ row, event }: { row: RowProps; event: EventOf<'checkpoint_created'> }) {
  const actions = usePanelActions();
  return (
    <RowFrame
      row={row}
      icon="⚑"
      tone="muted"
      time={event.time}
      title={
        <>
          Checkpoint <code className="sw-id">{shortId(event.checkpointId)}</code>
          <span className="sw-step__detail">
            {event.task ? ` · task ${event.task}` : ''} · {plural(event.files, 'file')}
          </span>
        </>
      }
      meta={
        <button
          type="button"
          className="sw-button sw-button--small sw-button--secondary"
          disabled={row.running}
          title={row.running ? 'Stop the agent to restore a checkpoint' : `Restore the ${plural(event.files, 'file')} saved in this checkpoint`}
          aria-label={`Restore checkpoint ${shortId(event.checkpointId)}`}
          onClick={() => actions.restoreCheckpoint(event.checkpointId)}
        >
          ↶ Restore
        </button>
      }
    />
  );
}

function shortId(id: string): string {
  return id.length > 12 ? id.slice(0, 10) : id;
}
