import type { CriterionTrace } from '../trace';

/** The tool the model gives each verdict with. */
export const VERDICT_TOOL = 'record_verdict';

/**
 * What `spec verify` asks of the model: check the code as it is now against each criterion, from
 * the files and tests the trace links to it, and record one verdict per criterion. It changes nothing.
 */
export function verifyPrompt(spec: string, criteria: readonly CriterionTrace[], task?: { id: string; title: string }): string {
  const scope = task ? `the criteria that task ${task.id} (${task.title}) of the spec "${spec}" implements` : `every acceptance criterion of the spec "${spec}"`;
  const lines = [
    `Verify ${scope} against the code in the workspace as it is now.`,
    '',
    'For each criterion below: read the code that implements it and the tests that cover it (the trace below lists what is known; search for more when it lists nothing), run the relevant tests with execute_bash when there are any, and decide:',
    '- pass: the code does what the criterion says, and you saw it (code you read, a test that passed);',
    '- fail: the code does not do it, or a test of it fails;',
    '- unknown: you cannot tell (nothing implements it yet counts as fail, not unknown).',
    `Record each verdict with ${VERDICT_TOOL}: the criterion id, the verdict, one or two sentences saying why, the files and lines you relied on, and the test commands you ran for it (exactly as you ran them).`,
    'Do not change any file: this is a check, not a fix. When every criterion has a verdict, answer with a one-line summary.',
    '',
    'Criteria:',
  ];
  for (const c of criteria) {
    lines.push('', `${c.id}: ${c.text}`);
    if (c.tasks.length) lines.push(`  tasks: ${c.tasks.map((t) => `${t.id} ${t.title} (${t.status})`).join('; ')}`);
    if (c.files.length) lines.push(`  files: ${c.files.map((f) => `${f.path}${f.lines ? `:${f.lines.start}-${f.lines.end}` : ''}`).join(', ')}`);
    if (c.tests.length) lines.push(`  tests: ${c.tests.map((t) => `${t.file}:${t.line} ${t.name}`).join('; ')}`);
    if (!c.tasks.length && !c.files.length && !c.tests.length) lines.push('  (nothing traced to it yet)');
  }
  return lines.join('\n');
}
