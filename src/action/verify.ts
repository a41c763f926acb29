import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { ActionInputs } from './inputs';
import type { ActionHost } from './main';
import { addRun, emptyTally, parseEventLines } from './summary';

/** `spec verify --json` as the CLI prints it (see its usage). */
interface VerifyJson {
  runId: string;
  logFile: string;
  outcome: string;
  criteria: Array<{ id: string; text: string; verdict: 'pass' | 'fail' | 'unknown'; summary: string; evidence: { files: Array<{ path: string; lines?: { start: number; end: number } }>; tests: Array<{ command: string; exitCode: number | null }> } }>;
}

export interface VerifyStep {
  /** 0 every criterion holds (or is unknown), 1 one fails or the check did not finish, 2 it could not run. */
  code: number;
  summary: string;
  outputs: Record<string, string>;
}

const MARK = { pass: '✅ pass', fail: '❌ fail', unknown: '❔ unknown' } as const;

/** A workflow command's text: line breaks and `%` escaped as the runner reads them. */
function annotation(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** `command: verify`: the model checks the code against the spec's criteria; the verdicts become the job summary's checklist. */
export async function verifyStep(host: ActionHost, inputs: ActionInputs, reportDir: string): Promise<VerifyStep> {
  const args = ['spec', 'verify', inputs.spec, ...(inputs.verifyTask ? ['--task', inputs.verifyTask] : []), '--json', '--yes'];
  if (inputs.autonomy) args.push('--autonomy', inputs.autonomy);
  if (inputs.budget) args.push('--budget', inputs.budget);
  host.log(`specwright ${args.join(' ')}\n`);
  const result = await host.runCli(args, inputs.workspace);
  if (result.stderr) host.log(result.stderr);
  let body: VerifyJson;
  try {
    body = JSON.parse(result.stdout) as VerifyJson;
  } catch {
    host.log(`::error title=Specwright::spec verify could not run: ${result.stderr.trim() || `exit code ${result.code}`}\n`);
    return { code: 2, summary: '', outputs: {} };
  }
  const outputs: Record<string, string> = {};
  const tally = emptyTally();
  if (existsSync(body.logFile)) {
    const copy = path.join(reportDir, path.basename(body.logFile));
    copyFileSync(body.logFile, copy);
    outputs['run-logs'] = copy;
    addRun(tally, parseEventLines(readFileSync(body.logFile, 'utf8')));
  }
  const failed = body.criteria.filter((c) => c.verdict === 'fail');
  for (const c of failed) host.log(`::error title=Specwright: criterion ${annotation(c.id)} fails::${annotation(c.summary)}\n`);
  outputs['criteria-failed'] = String(failed.length);
  outputs['cost-usd'] = tally.costUsd.toFixed(4);
  const lines = [
    `### Specwright verify: ${inputs.spec}${inputs.verifyTask ? ` (task ${inputs.verifyTask})` : ''}`,
    '',
    `${body.criteria.filter((c) => c.verdict === 'pass').length} pass, ${failed.length} fail, ${body.criteria.filter((c) => c.verdict === 'unknown').length} unknown · $${tally.costUsd.toFixed(4)}`,
    '',
    '| criterion | verdict | why | evidence |',
    '|---|---|---|---|',
    ...body.criteria.map((c) => {
      const evidence = [...c.evidence.files.map((f) => `${f.path}${f.lines ? `:${f.lines.start}-${f.lines.end}` : ''}`), ...c.evidence.tests.map((t) => `\`${t.command}\` exit ${t.exitCode ?? '?'}`)].join(', ');
      return `| ${cell(`${c.id} ${c.text}`)} | ${MARK[c.verdict]} | ${cell(c.summary)} | ${cell(evidence)} |`;
    }),
  ];
  if (body.outcome !== 'completed') lines.push('', `The check ended: ${body.outcome}.`);
  return { code: result.code === 0 ? 0 : result.code === 2 ? 2 : 1, summary: lines.join('\n') + '\n', outputs };
}
