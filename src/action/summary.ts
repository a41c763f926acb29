import type { Log, Result } from 'sarif';
import type { ActivityEvent } from '../core/activity';

/** What a `run` did, added up from the ActivityEvents the CLI printed (`run --json`). */
export interface RunTally {
  runIds: string[];
  tasks: Array<{ id: string; title: string; status: 'done' | 'failed' | 'stopped' }>;
  /** The last test result of each task (what its verification saw), added up. */
  tests: { passed: number; failed: number; skipped: number };
  tokens: { input: number; output: number; cacheRead: number; cacheWrite: number };
  costUsd: number;
  outcome: string | null;
}

export function emptyTally(): RunTally {
  return { runIds: [], tasks: [], tests: { passed: 0, failed: 0, skipped: 0 }, tokens: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 }, costUsd: 0, outcome: null };
}

/** Adds one CLI run's events to the tally (several `tasks` groups run one after another). */
export function addRun(tally: RunTally, events: readonly ActivityEvent[]): RunTally {
  let lastTest: { passed: number; failed: number; skipped: number } | null = null;
  const taskEvents = events.filter((e) => !e.parentId?.startsWith('hook:'));
  for (const event of events) {
    // Every model call costs, a hook's included.
    if (event.type === 'usage') {
      tally.tokens.input += event.usage.inputTokens;
      tally.tokens.output += event.usage.outputTokens;
      tally.tokens.cacheRead += event.usage.cacheReadTokens;
      tally.tokens.cacheWrite += event.usage.cacheWriteTokens;
      tally.costUsd += event.usage.costUsd;
    }
  }
  for (const event of taskEvents) {
    if (event.type === 'run_started' && !tally.runIds.includes(event.runId)) tally.runIds.push(event.runId);
    if (event.type === 'task_started') lastTest = null;
    if (event.type === 'test_result') lastTest = { passed: event.passed, failed: event.failed, skipped: event.skipped };
    if (event.type === 'task_finished') {
      tally.tasks.push({ id: event.task.id, title: event.task.title, status: event.status });
      if (lastTest) {
        tally.tests.passed += lastTest.passed;
        tally.tests.failed += lastTest.failed;
        tally.tests.skipped += lastTest.skipped;
      }
      lastTest = null;
    }
    if (event.type === 'run_finished') tally.outcome = event.outcome;
  }
  return tally;
}

/** Lines of JSON the CLI printed; anything else (a warning on stdout) is skipped. */
export function parseEventLines(stdout: string): ActivityEvent[] {
  const out: ActivityEvent[] = [];
  for (const line of stdout.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      const event = JSON.parse(line) as ActivityEvent;
      if (typeof event.type === 'string') out.push(event);
    } catch {
      continue;
    }
  }
  return out;
}

const LEVEL_WORD: Record<NonNullable<Result.level>, string> = { error: 'error', warning: 'warning', note: 'info', none: 'info' };

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** The spec lint part of the job summary, from the SARIF log. */
export function lintSummary(log: Log): string {
  const results = log.runs.flatMap((r) => r.results ?? []);
  const count = (level: Result.level) => results.filter((r) => (r.level ?? 'warning') === level).length;
  const head = `### Spec lint\n\n${count('error')} errors, ${count('warning')} warnings, ${count('note')} info`;
  if (!results.length) return `${head}\n`;
  const shown = results.slice(0, 50).map((r) => {
    const location = r.locations?.[0]?.physicalLocation;
    const where = `${location?.artifactLocation?.uri ?? ''}:${location?.region?.startLine ?? ''}`;
    return `| ${cell(where)} | ${LEVEL_WORD[r.level ?? 'warning']} | ${cell(r.ruleId ?? '')} | ${cell(r.message.text ?? '')} |`;
  });
  const more = results.length > 50 ? `\n\n…and ${results.length - 50} more in the SARIF file.` : '';
  return `${head}\n\n| where | severity | code | message |\n|---|---|---|---|\n${shown.join('\n')}${more}\n`;
}

/** The run part of the job summary: tasks done, tests, tokens and cost. */
export function runSummary(spec: string, tally: RunTally): string {
  const done = tally.tasks.filter((t) => t.status === 'done').length;
  const tokens = tally.tokens.input + tally.tokens.output + tally.tokens.cacheRead + tally.tokens.cacheWrite;
  const lines = [
    `### Specwright run: ${spec}`,
    '',
    `| tasks done | tests | tokens | cost |`,
    `|---|---|---|---|`,
    `| ${done}/${tally.tasks.length} | ${tally.tests.passed} passed, ${tally.tests.failed} failed, ${tally.tests.skipped} skipped | ${tokens.toLocaleString('en-US')} (${tally.tokens.input.toLocaleString('en-US')} in, ${tally.tokens.output.toLocaleString('en-US')} out) | $${tally.costUsd.toFixed(4)} |`,
  ];
  if (tally.tasks.length) {
    lines.push('', '| task | status |', '|---|---|', ...tally.tasks.map((t) => `| ${cell(`${t.id} ${t.title}`)} | ${t.status} |`));
  }
  if (tally.outcome && tally.outcome !== 'completed') lines.push('', `The run ended: ${tally.outcome}.`);
  return lines.join('\n') + '\n';
}
