import { budgetWarningText } from '../../../../src/shared/budgetText';
import { compactionText } from '../../../../src/shared/compactionText';
import { baseName, formatDuration, plural } from '../../format';
import type { EventStep } from '../../timeline/steps';
import { usePanelActions } from '../panelActions';
import { PathButton } from './FileWriteRow';
import { actorOf, Disclosure, RowFrame, type RowProps } from './RowFrame';
import { truncate } from './CommandRows';
import { InlineText } from './InlineText';

/** Text longer than this starts folded to a few lines. */
const LONG_TEXT = 600;

/** Rows for the events that stand alone (writes and checkpoints have their own rows). */
export function EventRow({ row, step }: { row: RowProps; step: EventStep }) {
  const actions = usePanelActions();
  const e = step.event;
  const frame = { row, time: e.time };
  const agent = actorOf(step);
  const toggle = (open: boolean) => actions.toggle(step.key, !open);
  switch (e.type) {
    case 'run_started':
      return (
        <RowFrame
          {...frame}
          icon="▶"
          tone="muted"
          title={<>{e.chat ? 'Chat started' : 'Run started'}</>}
          meta={<span className="sw-step__detail">{`${e.model} · ${e.autonomy} · ${e.mode}${e.chat ? '' : ` · ${plural(e.tasks.length, 'task')}`}`}</span>}
        >
          {/* A chat's first message is in its run_started; the ones after it are user_message events. */}
          {e.chat && (
            <p className="sw-text sw-chat-prompt">
              <span className="sw-actor sw-actor--user">You</span> {e.chat.prompt}
            </p>
          )}
          {e.chat?.images?.length ? <p className="sw-step__detail">{`Attached: ${e.chat.images.map((image) => image.path).join(', ')}`}</p> : null}
          {/* Said once per run: whether commands are sandboxed, and if not why and how to enable it. */}
          {e.sandbox && e.sandbox.state !== 'on' && (
            <p className="sw-text" role="note">
              {`Commands run without the OS sandbox (${e.sandbox.state}): ${e.sandbox.reason}.${e.sandbox.remedy ? ` To enable it: ${e.sandbox.remedy}.` : ''}`}
            </p>
          )}
          {e.sandbox?.state === 'on' && <p className="sw-step__detail">{`Commands run sandboxed (${e.sandbox.mechanism ?? 'OS sandbox'}; ${e.sandbox.allowedDomains.length ? `network only to ${e.sandbox.allowedDomains.join(', ')}` : 'no network'})`}</p>}
        </RowFrame>
      );
    case 'task_started':
      return <RowFrame {...frame} variant="section" icon="◆" tone="accent" title={<><span className="sw-task-id">{e.task.id}</span> {e.task.title}</>} meta={<span className="sw-step__detail">{e.task.spec}</span>} />;
    case 'task_finished':
      return (
        <RowFrame {...frame} icon={e.status === 'done' ? '✓' : e.status === 'failed' ? '✗' : '■'} tone={e.status === 'done' ? 'success' : e.status === 'failed' ? 'error' : 'warning'} title={<>Task {e.task.id} {e.status}</>}>
          {e.summary && (
            <p className="sw-text">
              <InlineText text={e.summary} />
            </p>
          )}
          {e.conflict && <ConflictingFiles files={e.conflict.files} onOpen={actions.openFile} />}
        </RowFrame>
      );
    case 'task_rerun':
      return (
        <RowFrame {...frame} icon="↻" tone="warning" title={<>Task {e.task.id} runs again: its work conflicts with work merged meanwhile</>}>
          <p className="sw-text">
            <InlineText text={e.summary} />
          </p>
          <ConflictingFiles files={e.files} onOpen={actions.openFile} />
        </RowFrame>
      );
    case 'user_message':
      return (
        <RowFrame
          {...frame}
          variant="card"
          prose
          icon="›"
          tone="plain"
          actor="You"
          title={<LongText text={e.text} open={row.detailsOpen} onToggle={toggle} />}
          meta={e.images?.length ? <span className="sw-step__detail">{`Attached: ${e.images.map((image) => image.path).join(', ')}`}</span> : undefined}
        />
      );
    case 'assistant_text':
      return <RowFrame {...frame} prose icon="●" tone="plain" actor={agent} title={<LongText text={e.text} open={row.detailsOpen} onToggle={toggle} />} />;
    case 'thinking': {
      const open = row.detailsOpen ?? false;
      return (
        <RowFrame {...frame} icon="…" tone="muted" actor={agent} title={<span className="sw-thinking">Thinking</span>} meta={<Disclosure open={open} label="thoughts" onToggle={() => toggle(open)}>thoughts</Disclosure>}>
          {open && <p className="sw-text sw-thinking">{e.text}</p>}
        </RowFrame>
      );
    }
    case 'file_read':
      return (
        <RowFrame {...frame} icon="◇" tone="plain" actor={agent} title={<>Reading <PathButton path={e.path} onOpen={actions.openFile} />…</>} meta={e.detail ? <span className="sw-step__detail">{e.detail}</span> : undefined} />
      );
    case 'test_result': {
      const pass = e.failed === 0;
      return (
        <RowFrame
          {...frame}
          icon={pass ? '✓' : '✗'}
          tone={pass ? 'success' : 'error'}
          title={
            <>
              <span className={`sw-verdict sw-verdict--${pass ? 'pass' : 'fail'}`}>{pass ? 'PASS' : 'FAIL'}</span>
              <span className="sw-counts">
                {e.passed} passed · {e.failed} failed{e.skipped > 0 ? ` · ${e.skipped} skipped` : ''}
              </span>
            </>
          }
          meta={<code className="sw-command sw-step__detail">{e.command}</code>}
        />
      );
    }
    case 'verification': {
      const open = row.detailsOpen ?? !e.passed;
      return (
        <RowFrame
          {...frame}
          icon={e.passed ? '✓' : '✗'}
          tone={e.passed ? 'success' : 'error'}
          title={<>Verification {e.passed ? 'passed' : 'failed'}: <code className="sw-command">{e.command}</code></>}
          meta={e.output !== '' ? <Disclosure open={open} label={`output of ${e.command}`} onToggle={() => toggle(open)}>output</Disclosure> : undefined}
        >
          {open && e.output !== '' && <pre className="sw-code-block">{truncate(e.output, 20_000)}</pre>}
        </RowFrame>
      );
    }
    case 'self_correction':
      return (
        <RowFrame {...frame} icon="↻" tone="warning" actor={agent} title={<>Self-correction <span className="sw-counts">{`${e.attempt}/${e.maxAttempts}`}</span></>}>
          <p className="sw-text">
            <InlineText text={e.reason} />
          </p>
        </RowFrame>
      );
    case 'policy_denied':
      return (
        <RowFrame {...frame} icon="⊘" tone="error" title={<>Blocked {e.action.kind}: <code className="sw-command">{e.action.detail}</code></>}>
          <p className="sw-reason"><span className="sw-reason__label">Policy:</span> {e.reason}</p>
        </RowFrame>
      );
    case 'mcp_server': {
      const tone = e.status === 'ready' ? 'muted' : e.status === 'crashed' ? 'warning' : 'error';
      const verb = { ready: 'ready', unavailable: 'not started', crashed: 'crashed', failed: 'stopped for good' }[e.status];
      return <RowFrame {...frame} icon="⧉" tone={tone} title={<>MCP server <code className="sw-id">{e.server}</code> {verb}</>} meta={<span className="sw-step__detail">{e.message}</span>} />;
    }
    case 'context_compacted': {
      const open = row.detailsOpen ?? false;
      return (
        <RowFrame
          {...frame}
          icon="⇣"
          tone="muted"
          title={<>{compactionText(e)}</>}
          meta={e.summary ? <Disclosure open={open} label="summary of the earlier steps" onToggle={() => toggle(open)}>summary</Disclosure> : undefined}
        >
          {open && e.summary && <p className="sw-text">{e.summary}</p>}
          {open && e.pinnedFiles.length > 0 && <p className="sw-step__detail">{`Kept in view: ${e.pinnedFiles.join(', ')}`}</p>}
        </RowFrame>
      );
    }
    case 'budget_warning':
      return <RowFrame {...frame} icon="!" tone="warning" title={<>{budgetWarningText(e)}</>} />;
    case 'retry':
      return <RowFrame {...frame} icon="⟳" tone="warning" title={<>Retrying (attempt {e.attempt}) in {formatDuration(e.delayMs)}</>} meta={<span className="sw-step__detail">{e.reason}</span>} />;
    case 'checkpoint_restored':
      return (
        <RowFrame {...frame} icon="↶" tone="accent" title={<>Restored checkpoint <code className="sw-id">{e.checkpointId}</code></>} meta={<span className="sw-step__detail" title={e.files.join('\n')}>{e.files.length <= 3 ? e.files.map(baseName).join(', ') : plural(e.files.length, 'file')}</span>} />
      );
    case 'error':
      return (
        <RowFrame {...frame} icon="✖" tone="error" title={<>Error{e.code ? ` (${e.code})` : ''}</>}>
          <p className="sw-text sw-error-text">{e.message}</p>
        </RowFrame>
      );
    case 'run_finished': {
      const ok = e.outcome === 'completed';
      const label = { completed: 'Run completed', failed: 'Run failed', stopped: 'Run stopped', budget_exceeded: 'Run stopped: budget exceeded' }[e.outcome];
      return (
        <RowFrame {...frame} variant="summary" icon={ok ? '✔' : '■'} tone={ok ? 'success' : e.outcome === 'stopped' ? 'warning' : 'error'} title={<strong>{label}</strong>} meta={<span className="sw-step__detail">{plural(e.completedTasks.length, 'task')} completed</span>}>
          <p className="sw-text">
            <InlineText text={e.summary} />
          </p>
        </RowFrame>
      );
    }
    // Pieces whose opening event is not loaded (it is on an older page).
    case 'command_output':
      return <RowFrame {...frame} icon="❯" tone="muted" title={<span className="sw-step__detail">Output of an earlier command</span>}><pre className="sw-code-block">{truncate(e.text, 20_000)}</pre></RowFrame>;
    case 'command_finished':
      return <RowFrame {...frame} icon="❯" tone={e.exitCode === 0 ? 'muted' : 'error'} title={<>An earlier command exited {e.exitCode ?? e.signal ?? '?'}</>} />;
    case 'tool_result':
      return <RowFrame {...frame} icon="⚙" tone={e.isError ? 'error' : 'muted'} title={<>{e.tool}: {e.summary}</>} />;
    case 'approval_resolved':
      return <RowFrame {...frame} icon="✓" tone="muted" title={<>An earlier approval was {e.outcome === 'always' ? 'always allowed' : e.outcome}</>} />;
    case 'hook_finished':
      return <RowFrame {...frame} icon="⚓" tone={e.ok ? 'muted' : 'error'} title={<>Hook {e.hook} {e.ok ? 'finished' : 'failed'}</>} />;
    case 'subagent_finished':
      return <RowFrame {...frame} icon="⇶" tone={e.status === 'done' ? 'muted' : 'error'} title={<>Sub-agent {e.agent} {e.status.replace('_', ' ')}: {truncate(e.summary, 200)}</>} />;
    case 'steering_included':
      return <RowFrame {...frame} icon="≡" tone="muted" title={<>Steering {e.name}</>} meta={<span className="sw-step__detail">{e.reason}</span>} />;
    // These open steps of their own kind; listed so the switch stays exhaustive.
    case 'file_written':
    case 'checkpoint_created':
    case 'command_started':
    case 'tool_call':
    case 'approval_requested':
    case 'hook_started':
    case 'subagent_started':
      return null;
  }
}

/** The files a task's merge conflicted in, each opening the workspace's version. */
function ConflictingFiles({ files, onOpen }: { files: string[]; onOpen(path: string): void }) {
  return (
    <ul className="sw-conflict-files" aria-label="Conflicting files">
      {files.map((file) => (
        <li key={file}>
          <PathButton path={file} onOpen={onOpen} />
        </li>
      ))}
    </ul>
  );
}

/** Multi-line text, folded to a few lines when long. */
function LongText({ text, open, onToggle }: { text: string; open: boolean | undefined; onToggle(open: boolean): void }) {
  const long = text.length > LONG_TEXT || text.split('\n').length > 8;
  const expanded = open ?? !long;
  return (
    <span className="sw-longtext">
      <span className={`sw-text${expanded ? '' : ' sw-text--clamped'}`}>
        <InlineText text={text} />
      </span>
      {long && (
        <button type="button" className="sw-link-button" aria-expanded={expanded} onClick={() => onToggle(expanded)}>
          {expanded ? 'Show less' : 'Show more'}
        </button>
      )}
    </span>
  );
}
