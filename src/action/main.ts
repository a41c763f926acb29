/**
 * What the GitHub Action does (dist/action.js, from entry.ts; action.yml is a thin wrapper): runs
 * the Specwright CLI headless in the repository, writes the SARIF of the spec lint and the run logs
 * into a report folder the wrapper uploads as artifacts, writes the job summary (tasks done, tests,
 * tokens, cost) and the step outputs. Testable anywhere: it needs only `node`, the CLI beside it
 * and the variables a runner sets (`INPUT_*`, `GITHUB_STEP_SUMMARY`, `GITHUB_OUTPUT`, `RUNNER_TEMP`).
 */
import { spawn } from 'node:child_process';
import { appendFileSync, copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Log } from 'sarif';
import { ActionInputError, readInputs, type ActionInputs } from './inputs';
import { addRun, emptyTally, lintSummary, parseEventLines, runSummary } from './summary';
import { verifyStep } from './verify';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface ActionHost {
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Where the step's log goes (the runner shows stdout). */
  log: (text: string) => void;
  /** Runs the CLI with these arguments in the workspace. */
  runCli: (args: string[], workspace: string) => Promise<CliResult>;
}

/** Runs the action; the exit code is the step's: 0 ok, 1 lint errors or a task not done, 2 bad inputs or setup. */
export async function runAction(host: ActionHost): Promise<number> {
  let inputs: ActionInputs;
  try {
    inputs = readInputs(host.env, host.cwd);
  } catch (error) {
    if (!(error instanceof ActionInputError)) throw error;
    host.log(`::error title=Specwright::${error.message}\n`);
    return 2;
  }
  const reportDir = path.join(host.env.RUNNER_TEMP || os.tmpdir(), 'specwright-report');
  mkdirSync(reportDir, { recursive: true });
  const summary: string[] = [];
  const outputs: Record<string, string> = { 'report-dir': reportDir };
  let code = 0;

  if (inputs.command !== 'lint' && !host.env.ANTHROPIC_API_KEY) {
    host.log('::error title=Specwright::No Anthropic API key: set the action\'s "anthropic-api-key" input from a repository secret.\n');
    return 2;
  }
  if (inputs.command === 'verify') {
    const verified = await verifyStep(host, inputs, reportDir);
    if (verified.code === 2) return 2;
    code = verified.code;
    Object.assign(outputs, verified.outputs);
    summary.push(verified.summary);
  }
  if (inputs.command === 'run') {
    const tally = emptyTally();
    for (const selection of inputs.taskRuns) {
      const args = ['run', inputs.spec, ...selection, '--json', '--yes'];
      if (inputs.autonomy) args.push('--autonomy', inputs.autonomy);
      if (inputs.budget) args.push('--budget', inputs.budget);
      host.log(`specwright ${args.join(' ')}\n`);
      const result = await host.runCli(args, inputs.workspace);
      const events = parseEventLines(result.stdout);
      addRun(tally, events);
      if (result.stderr) host.log(result.stderr);
      for (const event of events) if (event.type === 'task_finished' && !event.parentId) host.log(`task ${event.task.id} ${event.status}: ${event.summary}\n`);
      if (result.code !== 0) {
        code = result.code;
        break;
      }
    }
    const logs = tally.runIds.map((id) => path.join(inputs.workspace, '.kiro', '.specwright', 'runs', `${id}.jsonl`)).filter((file) => existsSync(file));
    for (const file of logs) copyFileSync(file, path.join(reportDir, path.basename(file)));
    outputs['run-logs'] = logs.map((file) => path.join(reportDir, path.basename(file))).join('\n');
    outputs['tasks-done'] = String(tally.tasks.filter((t) => t.status === 'done').length);
    outputs['cost-usd'] = tally.costUsd.toFixed(4);
    summary.push(runSummary(inputs.spec, tally));
  }

  // Lint always: after a run it shows the spec as the run left it.
  const lintArgs = ['spec', 'lint', ...(inputs.spec ? [inputs.spec] : []), '--format', 'sarif'];
  const lint = await host.runCli(lintArgs, inputs.workspace);
  if (lint.code === 2 || !lint.stdout.trim().startsWith('{')) {
    host.log(`::error title=Specwright::spec lint could not run: ${lint.stderr.trim() || `exit code ${lint.code}`}\n`);
    return 2;
  }
  const sarifFile = path.join(reportDir, 'specwright.sarif');
  writeFileSync(sarifFile, lint.stdout);
  outputs.sarif = sarifFile;
  const log = JSON.parse(lint.stdout) as Log;
  summary.unshift(inputs.command === 'lint' ? `## Specwright spec lint${inputs.spec ? `: ${inputs.spec}` : ''}\n` : `## Specwright\n`);
  summary.push(lintSummary(log));
  const errors = log.runs.flatMap((r) => r.results ?? []).filter((r) => r.level === 'error').length;
  if (inputs.command === 'lint' && errors) code = 1;
  host.log(`spec lint: ${errors} errors; SARIF in ${sarifFile}\n`);

  if (host.env.GITHUB_STEP_SUMMARY) appendFileSync(host.env.GITHUB_STEP_SUMMARY, summary.join('\n') + '\n');
  if (host.env.GITHUB_OUTPUT) appendFileSync(host.env.GITHUB_OUTPUT, formatOutputs(outputs));
  return code;
}

/** `name=value` lines, and the heredoc form for values with line breaks (as the runner reads them). */
export function formatOutputs(outputs: Record<string, string>): string {
  return Object.entries(outputs)
    .map(([name, value]) => {
      if (!value.includes('\n')) return `${name}=${value}\n`;
      let marker = 'SPECWRIGHT_EOF';
      while (value.includes(marker)) marker += '_';
      return `${name}<<${marker}\n${value}\n${marker}\n`;
    })
    .join('');
}

/** The CLI bundle beside this one (dist/cli.js), run by the same node. */
export function spawnCli(cliFile: string, env: NodeJS.ProcessEnv): ActionHost['runCli'] {
  return (args, workspace) =>
    new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [cliFile, '--workspace', workspace, ...args], { cwd: workspace, env: { ...env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
    });
}
