import type { ActivityEvent, TaskRef } from '../activity';

export interface RunReport {
  runId: string;
  spec: string | null;
  requested: TaskRef[];
  completed: TaskRef[];
  /** Requested tasks that did not finish as done, in order: what a resume picks up. */
  remaining: TaskRef[];
  outcome: 'completed' | 'failed' | 'stopped' | 'budget_exceeded' | 'crashed';
  filesChanged: string[];
  summary: string;
}

/**
 * Answers "what did you complete?" from the run log alone, so the answer is the same after a
 * crash, in another process, or in the panel.
 */
export function reportFromEvents(events: ActivityEvent[]): RunReport {
  const started = events.find((e) => e.type === 'run_started');
  const requested = started?.type === 'run_started' ? started.tasks : [];
  const completed: TaskRef[] = [];
  const files = new Set<string>();
  let outcome: RunReport['outcome'] = 'crashed';
  let finalSummary = '';
  for (const event of events) {
    if (event.type === 'task_finished' && event.status === 'done') completed.push(event.task);
    if (event.type === 'file_written') files.add(event.path);
    if (event.type === 'run_finished') {
      outcome = event.outcome;
      finalSummary = event.summary;
    }
  }
  const doneIds = new Set(completed.map((t) => t.id));
  const remaining = requested.filter((t) => !doneIds.has(t.id));
  const lines = [
    completed.length ? `Completed: ${completed.map((t) => `${t.id} ${t.title}`).join('; ')}.` : 'No task was completed.',
    remaining.length ? `Not completed: ${remaining.map((t) => `${t.id} ${t.title}`).join('; ')}.` : '',
    files.size ? `Files changed: ${[...files].join(', ')}.` : '',
    outcome === 'crashed' ? 'The run ended without a final record (crash or kill); it can be resumed.' : finalSummary,
  ].filter(Boolean);
  return {
    runId: events[0]?.runId ?? '',
    spec: requested[0]?.spec ?? null,
    requested,
    completed,
    remaining,
    outcome,
    filesChanged: [...files],
    summary: lines.join(' '),
  };
}
