import { remedyText } from '../../shared/remedyText';
import type { CriterionTrace, TraceReport, TraceStatus, TracedFile, TracedTask, TracedTest } from '../../core/trace';

/** Labels of the Traceability view and the Specs view's drift marks, shaped from core data (kept apart from the TreeItems to test them). */

const STATUS_MEANING: Record<TraceStatus, string> = {
  covered: 'covered: a task implements it and a test covers it',
  untested: 'untested: implemented (a citing task is done, or a file is linked), but no test covers it',
  unimplemented: 'unimplemented: no task citing it is done, and no file is linked to it',
};

/** "2 covered · 1 untested": the criteria of a spec by status, the statuses it has. */
export function traceSummary(report: Pick<TraceReport, 'criteria'>): string {
  if (!report.criteria.length) return 'no acceptance criteria';
  const counts = (['covered', 'untested', 'unimplemented'] as const).map((s) => [s, report.criteria.filter((c) => c.status === s).length] as const);
  return counts.filter(([, n]) => n > 0).map(([s, n]) => `${n} ${s}`).join(' · ');
}

/** "1.2 WHEN the list is empty, THE CLI SHALL…": the id and the start of the text. */
export function criterionLabel(criterion: Pick<CriterionTrace, 'id' | 'text'>, max = 90): string {
  return `${criterion.id} ${clip(criterion.text, max)}`;
}

export function criterionTooltip(criterion: Pick<CriterionTrace, 'id' | 'text' | 'status' | 'tasks' | 'files' | 'tests'>): string {
  const counts = [plural(criterion.tasks.length, 'task'), plural(criterion.files.length, 'file'), plural(criterion.tests.length, 'test')].join(', ');
  return `${criterion.id} ${criterion.text}\n\n${STATUS_MEANING[criterion.status]}.\n${counts}.`;
}

export function criterionAccessibleLabel(criterion: Pick<CriterionTrace, 'id' | 'text' | 'status'>): string {
  return `Criterion ${criterion.id}, ${criterion.status}: ${criterion.text}`;
}

const TASK_STATUS_TEXT: Record<TracedTask['status'], string> = { todo: 'to do', in_progress: 'in progress', queued: 'queued', done: 'done' };

/** "task · done". */
export function tracedTaskDescription(task: Pick<TracedTask, 'status'>): string {
  return `task · ${TASK_STATUS_TEXT[task.status]}`;
}

/** "file · task 1" or "linked · lines 10-40 · tasks 1, 2". */
export function tracedFileDescription(file: Pick<TracedFile, 'source' | 'lines' | 'tasks'>): string {
  const parts = [file.source === 'link' ? 'linked' : 'file'];
  if (file.lines) parts.push(file.lines.start === file.lines.end ? `line ${file.lines.start}` : `lines ${file.lines.start}-${file.lines.end}`);
  parts.push(`${file.tasks.length === 1 ? 'task' : 'tasks'} ${file.tasks.join(', ')}`);
  return parts.join(' · ');
}

/** "test · test/sum.test.js:5 · Property 3", or "· ran in its task's verification". */
export function tracedTestDescription(test: Pick<TracedTest, 'file' | 'line' | 'source' | 'via'>): string {
  const how = test.via ?? (test.source === 'verification' ? "ran in its task's verification" : test.source === 'comment' ? 'a comment names it' : 'its name names it');
  return `test · ${test.file}:${test.line} · ${how}`;
}

/** A spec's description part: "2 drifting". */
export function driftSummary(drifting: number): string {
  return drifting ? `${drifting} drifting` : '';
}

/** A drifting task's tooltip: why, reason by reason, and what to do about it. */
export function driftTooltip(spec: string, taskId: string, reasons: readonly string[]): string {
  return `Task ${taskId} is drifting:\n${reasons.map((r) => `• ${r}`).join('\n')}\n${remedyText({ kind: 'acceptDrift', spec, taskId })}`;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
