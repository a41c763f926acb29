import type { ActivityEvent, TaskRef } from '../activity';

export interface RunReport {
  runId: string;
  /** A spec's tasks, or a conversation outside any spec (`specwright chat`). */
  kind: 'tasks' | 'chat';
  spec: string | null;
  requested: TaskRef[];
  completed: TaskRef[];
  /** Requested tasks that did not finish as done, in order: what a resume picks up. */
  remaining: TaskRef[];
  outcome: 'completed' | 'failed' | 'stopped' | 'budget_exceeded' | 'crashed';
  filesChanged: string[];
  summary: string;
  /** A `spec verify` run (no tasks: it checks criteria): what it checked and its verdicts; null for a task run. */
  verification: RunVerification | null;
  /** A Generate Steering Documents run (no tasks: it writes steering): the documents it was asked for; null otherwise. */
  steeringDocuments: string[] | null;
  /** A chat's first message (from run_started's `chat`); null for any other run. */
  chatPrompt: string | null;
}

export interface RunVerification {
  spec: string;
  /** Only this task's criteria; absent: every criterion of the spec. */
  task?: string;
  pass: number;
  fail: number;
  unknown: number;
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
  const verification = verificationOf(events);
  const steeringDocuments = started?.type === 'run_started' && started.steering ? started.steering.documents : null;
  const doneIds = new Set(completed.map((t) => t.id));
  const remaining = requested.filter((t) => !doneIds.has(t.id));
  const chat = started?.type === 'run_started' ? started.chat : undefined;
  const lines = chat
    ? [`Chat: ${chat.prompt.split('\n')[0]!.slice(0, 120)}`, chat.images?.length ? `Attached: ${chat.images.map((image) => image.path).join(', ')}.` : '', files.size ? `Files changed: ${[...files].join(', ')}.` : '', outcome === 'crashed' ? 'The chat ended without a final record (crash or kill).' : finalSummary]
    : [
        verification
          ? verificationText(verification)
          : steeringDocuments
            ? `Generated steering documents (asked for ${steeringDocuments.join(', ')}).`
            : completed.length
              ? `Completed: ${completed.map((t) => `${t.id} ${t.title}`).join('; ')}.`
              : 'No task was completed.',
        remaining.length ? `Not completed: ${remaining.map((t) => `${t.id} ${t.title}`).join('; ')}.` : '',
        files.size ? `Files changed: ${[...files].join(', ')}.` : '',
        outcome === 'crashed'
          ? `The run ended without a final record (crash or kill)${verification || steeringDocuments ? '' : '; it can be resumed'}.`
          : verification
            ? VERIFY_ENDING[outcome]
            : finalSummary,
      ];
  return {
    runId: events[0]?.runId ?? '',
    kind: chat ? 'chat' : 'tasks',
    spec: requested[0]?.spec ?? verification?.spec ?? null,
    requested,
    completed,
    remaining,
    outcome,
    filesChanged: [...files],
    summary: lines.filter(Boolean).join(' '),
    verification,
    steeringDocuments,
    chatPrompt: chat?.prompt ?? null,
  };
}

const VERIFY_ENDING: Record<Exclude<RunReport['outcome'], 'crashed'>, string> = { completed: '', failed: 'The check failed.', stopped: 'The check was stopped.', budget_exceeded: 'The check stopped at its budget.' };

/** From run_started's `verify`, or (logs written before it existed) from the verdicts of a run without tasks. */
function verificationOf(events: readonly ActivityEvent[]): RunVerification | null {
  const started = events.find((e) => e.type === 'run_started');
  const verdicts = events.filter((e) => e.type === 'criterion_verdict');
  const spec = started?.type === 'run_started' && started.verify ? started.verify.spec : started?.type === 'run_started' && started.tasks.length ? null : verdicts[0]?.spec;
  if (!spec) return null;
  const task = started?.type === 'run_started' ? started.verify?.task : undefined;
  const count = (verdict: string) => verdicts.filter((v) => v.verdict === verdict).length;
  return { spec, ...(task !== undefined ? { task } : {}), pass: count('pass'), fail: count('fail'), unknown: count('unknown') };
}

/** "Verified task 2's criteria of todo-cli: 1 pass, 1 fail, 0 unknown." */
export function verificationText(v: RunVerification): string {
  const total = v.pass + v.fail + v.unknown;
  const scope = v.task !== undefined ? `task ${v.task}'s criteria` : 'the criteria';
  if (!total) return `Verification of ${scope} of ${v.spec}: no verdict yet.`;
  return `Verified ${scope} of ${v.spec}: ${v.pass} pass, ${v.fail} fail, ${v.unknown} unknown.`;
}

/** "verify: 2 pass, 1 fail, 0 unknown" or "verify task 2: …", for a runs list's column. */
export function verificationColumn(v: RunVerification): string {
  return `verify${v.task !== undefined ? ` task ${v.task}` : ''}: ${v.pass} pass, ${v.fail} fail, ${v.unknown} unknown`;
}
