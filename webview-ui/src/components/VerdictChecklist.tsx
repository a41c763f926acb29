import { memo } from 'react';
import type { CriterionVerdict } from '../../../src/core/activity';
import { ADDING_TASK } from '../state/panelStore';
import { PathButton } from './rows/FileWriteRow';

export interface VerdictChecklistProps {
  verdicts: readonly CriterionVerdict[];
  /** criterion → the task added for it, or ADDING_TASK while the host adds it. */
  tasks: Readonly<Record<string, string>>;
  onAddTask(verdict: CriterionVerdict): void;
  onOpenFile(path: string): void;
}

const MARK = { pass: '✔', fail: '✘', unknown: '?' } as const;
const WORD = { pass: 'passes', fail: 'fails', unknown: 'unknown' } as const;

/** A `spec verify` run's verdicts as a checklist: each criterion, its verdict and evidence; a failed one can become a task. */
export const VerdictChecklist = memo(function VerdictChecklist({ verdicts, tasks, onAddTask, onOpenFile }: VerdictChecklistProps) {
  if (!verdicts.length) return null;
  const count = (v: CriterionVerdict['verdict']) => verdicts.filter((x) => x.verdict === v).length;
  return (
    <section className="sw-verdicts" aria-label="Criteria verified">
      <h2 className="sw-verdicts__title">
        Criteria of {verdicts[0]!.spec}: {count('pass')} pass, {count('fail')} fail, {count('unknown')} unknown
      </h2>
      <ul className="sw-verdicts__list">
        {verdicts.map((v) => {
          const task = tasks[v.criterion];
          return (
            <li key={v.criterion} className={`sw-criterion sw-criterion--${v.verdict}`} aria-label={`Criterion ${v.criterion} ${WORD[v.verdict]}`}>
              <span className="sw-criterion__mark" aria-hidden="true">
                {MARK[v.verdict]}
              </span>
              <div className="sw-criterion__body">
                <div className="sw-criterion__head">
                  <strong>{v.criterion}</strong> <span className="sw-criterion__text">{v.text}</span>
                </div>
                <p className="sw-criterion__summary">{v.summary}</p>
                {(v.evidence.files.length > 0 || v.evidence.tests.length > 0) && (
                  <div className="sw-criterion__evidence">
                    {v.evidence.files.map((f) => (
                      <span key={`${f.path}:${f.lines?.start ?? ''}`} className="sw-criterion__file">
                        <PathButton path={f.path} onOpen={onOpenFile} />
                        {f.lines ? `:${f.lines.start}-${f.lines.end}` : ''}
                      </span>
                    ))}
                    {v.evidence.tests.map((t) => (
                      <code key={t.command} className="sw-criterion__test" title={t.output}>
                        {t.command} (exit {t.exitCode ?? '?'})
                      </code>
                    ))}
                  </div>
                )}
              </div>
              {v.verdict === 'fail' &&
                (task === undefined ? (
                  <button type="button" className="sw-button sw-button--small sw-button--secondary" onClick={() => onAddTask(v)}>
                    Add as task
                  </button>
                ) : task === ADDING_TASK ? (
                  <button type="button" className="sw-button sw-button--small sw-button--secondary" disabled>
                    Adding…
                  </button>
                ) : (
                  <span className="sw-criterion__added">Added as task {task}</span>
                ))}
            </li>
          );
        })}
      </ul>
    </section>
  );
});
