import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { build } from 'esbuild';
import type { Log } from 'sarif';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { BUNDLE_OPTIONS, RUNTIME_ASSETS } from '../../../scripts/bundleOptions.mjs';
import { startFakeAnthropic, type FakeAnthropic, type ScriptedTurn } from '../../support/fakeAnthropic';
import { mathsFiles, WORKING_SUM } from '../../support/mathsProject';
import { makeWorkspace } from '../../support/workspace';

const repoRoot = path.resolve(__dirname, '../../..');
const API_KEY = 'sk-ant-test-action-9f8e7d';

let temp: string;
let actionJs: string;
let fake: FakeAnthropic | undefined;

/** dist/action.js and dist/cli.js side by side with the CLI's runtime files, built the way esbuild.config.mjs builds them. */
beforeAll(async () => {
  temp = mkdtempSync(path.join(tmpdir(), 'specwright-action-'));
  const options = { ...BUNDLE_OPTIONS, platform: 'node' as const, target: 'node20', format: 'cjs' as const, outdir: temp, sourcemap: false };
  await build({ ...options, entryPoints: { action: path.join(repoRoot, 'src/action/entry.ts'), cli: path.join(repoRoot, 'src/cli/main.ts') } });
  for (const { from, to } of RUNTIME_ASSETS) copyFileSync(path.join(repoRoot, from), path.join(temp, to));
  actionJs = path.join(temp, 'action.js');
}, 120_000);

afterAll(() => rmSync(temp, { recursive: true, force: true }));
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

interface StepRun {
  code: number;
  stdout: string;
  summary: string;
  outputs: Record<string, string>;
  reportDir: string;
}

/** Runs `node action.js` as a runner would: inputs as INPUT_* variables, summary and output files. */
async function runStep(workspace: string, inputs: Record<string, string>, env: NodeJS.ProcessEnv = {}): Promise<StepRun> {
  const runner = mkdtempSync(path.join(temp, 'runner-'));
  const summaryFile = path.join(runner, 'summary.md');
  const outputFile = path.join(runner, 'output.txt');
  writeFileSync(summaryFile, '');
  writeFileSync(outputFile, '');
  const inputEnv = Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v]));
  const { code, stdout } = await new Promise<{ code: number; stdout: string }>((resolve) => {
    execFile(
      process.execPath,
      [actionJs],
      { cwd: workspace, env: { PATH: process.env.PATH, HOME: runner, GITHUB_WORKSPACE: workspace, RUNNER_TEMP: runner, GITHUB_STEP_SUMMARY: summaryFile, GITHUB_OUTPUT: outputFile, ...inputEnv, ...env }, timeout: 120_000 },
      (error, out, err) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : 99) : 0, stdout: out + err }),
    );
  });
  return { code, stdout, summary: readFileSync(summaryFile, 'utf8'), outputs: readOutputs(readFileSync(outputFile, 'utf8')), reportDir: path.join(runner, 'specwright-report') };
}

function readOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const heredoc = /^([\w-]+)<<(\w+)$/.exec(lines[i]!);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2]!, i + 1);
      out[heredoc[1]!] = lines.slice(i + 1, end).join('\n');
      i = end;
    } else if (lines[i]!.includes('=')) {
      out[lines[i]!.slice(0, lines[i]!.indexOf('='))] = lines[i]!.slice(lines[i]!.indexOf('=') + 1);
    }
  }
  return out;
}

const write = (file: string, text: string): ScriptedTurn => ({ content: [{ type: 'tool_use', name: 'fs_write', input: { command: 'create', path: file, file_text: text } }] });
const bash = (command: string): ScriptedTurn => ({ content: [{ type: 'tool_use', name: 'execute_bash', input: { command, summary: 'run tests' } }] });
const say = (text: string): ScriptedTurn => ({ content: [{ type: 'text', text }] });

describe('the GitHub Action entry script', () => {
  it('runs a task headless with the key from the environment, writes the job summary, the outputs, the run log and the SARIF', async () => {
    const ws = makeWorkspace(mathsFiles(), { git: true });
    fake = await startFakeAnthropic([write('src/sum.js', WORKING_SUM), bash('npm test'), say('Implemented sum.')], { apiKey: API_KEY });
    const step = await runStep(ws, { command: 'run', spec: 'maths', tasks: '1', budget: '1.00' }, { ANTHROPIC_API_KEY: API_KEY, ANTHROPIC_BASE_URL: fake.url });
    expect(step.code, step.stdout).toBe(0);
    expect(step.stdout).toContain('specwright run maths --task 1 --json --yes --budget 1.00');
    expect(step.stdout).toContain('task 1 done');
    expect(step.stdout).not.toContain(API_KEY);

    expect(step.summary).toMatch(/### Specwright run: maths\n\n\| tasks done \| tests \| tokens \| cost \|\n\|---\|---\|---\|---\|\n\| 1\/1 \| 1 passed, 0 failed, 0 skipped \| [\d,]+ \([\d,]+ in, [\d,]+ out\) \| \$\d+\.\d{4} \|/);
    expect(step.summary).toContain('| 1 Implement sum | done |');
    expect(step.summary).toContain('### Spec lint');
    expect(fake.requests.length).toBe(3);

    expect(step.outputs['tasks-done']).toBe('1');
    expect(Number(step.outputs['cost-usd'])).toBeGreaterThan(0);
    expect(step.outputs.sarif).toBe(path.join(step.reportDir, 'specwright.sarif'));
    const logs = step.outputs['run-logs']!.split('\n');
    expect(logs).toHaveLength(1);
    expect(readdirSync(step.reportDir).sort()).toEqual([path.basename(logs[0]!), 'specwright.sarif'].sort());
    const events = readFileSync(logs[0]!, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { type: string });
    expect(events.at(-1)!.type).toBe('run_finished');
    const sarif = JSON.parse(readFileSync(step.outputs.sarif!, 'utf8')) as Log;
    expect(sarif.version).toBe('2.1.0');
    expect(readFileSync(path.join(ws, '.kiro/specs/maths/tasks.md'), 'utf8')).toContain('- [x] 1. Implement sum');
  });

  it('fails the step on a spec with lint errors, naming them in the summary and the SARIF', async () => {
    const ws = makeWorkspace(mathsFiles({ '.kiro/specs/maths/tasks.md': '# Implementation Plan\n\n- [ ] 1. Implement sum\n  - _Requirements: 1.1, 9.9_\n' }));
    const step = await runStep(ws, { command: 'lint' });
    expect(step.code).toBe(1);
    expect(step.summary).toContain('## Specwright spec lint\n');
    expect(step.summary).toMatch(/\| \.kiro\/specs\/maths\/tasks\.md:4 \| error \| unknown-reference \| Task 1 references 9\.9/);
    const sarif = JSON.parse(readFileSync(step.outputs.sarif!, 'utf8')) as Log;
    expect(sarif.runs[0]!.results!.find((r) => r.ruleId === 'unknown-reference')!.locations![0]!.physicalLocation).toMatchObject({
      artifactLocation: { uri: '.kiro/specs/maths/tasks.md', uriBaseId: '%SRCROOT%' },
      region: { startLine: 4 },
    });
  });

  it('verifies a spec: the verdicts as the job summary checklist, an annotation per failed criterion, the log as an artifact, exit 1', async () => {
    const ws = makeWorkspace(mathsFiles({ 'src/sum.js': WORKING_SUM }), { git: true });
    const verdict = (verdict: string, summary: string): ScriptedTurn => ({ content: [{ type: 'tool_use', name: 'record_verdict', input: { criterion: '1.1', verdict, summary, files: [{ path: 'src/sum.js', start_line: 2 }], test_commands: ['npm test'] } }] });
    fake = await startFakeAnthropic([bash('npm test'), verdict('fail', 'sum(0.1, 0.2) is not 0.3 | rounding'), say('1.1 fails.')], { apiKey: API_KEY });
    const step = await runStep(ws, { command: 'verify', spec: 'maths', tasks: '1', budget: '2.00' }, { ANTHROPIC_API_KEY: API_KEY, ANTHROPIC_BASE_URL: fake.url });
    expect(step.code, step.stdout).toBe(1);
    expect(step.stdout).toContain('specwright spec verify maths --task 1 --json --yes --budget 2.00');
    expect(step.stdout).toContain('::error title=Specwright: criterion 1.1 fails::sum(0.1, 0.2) is not 0.3 | rounding');
    expect(step.summary).toContain('### Specwright verify: maths (task 1)\n\n0 pass, 1 fail, 0 unknown');
    expect(step.summary).toContain('| 1.1 WHEN sum is called with two numbers, THE library SHALL return their sum. | ❌ fail | sum(0.1, 0.2) is not 0.3 \\| rounding | src/sum.js:2-2, `npm test` exit 0 |');
    expect(step.summary).toContain('### Spec lint');
    expect(step.outputs['criteria-failed']).toBe('1');
    expect(Number(step.outputs['cost-usd'])).toBeGreaterThan(0);
    const events = readFileSync(step.outputs['run-logs']!, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { type: string });
    expect(events.filter((e) => e.type === 'criterion_verdict')).toHaveLength(1);
    const noSpec = await runStep(ws, { command: 'verify' }, { ANTHROPIC_API_KEY: API_KEY });
    expect(noSpec.stdout).toContain('input "spec" is required when command is verify');
  });

  it('refuses bad inputs, and a run without a key, before anything runs', async () => {
    const ws = makeWorkspace(mathsFiles());
    const bad = await runStep(ws, { command: 'deploy' });
    expect([bad.code, bad.stdout]).toEqual([2, '::error title=Specwright::input "command": "deploy" is not one of lint, run, verify.\n']);
    const tasks = await runStep(ws, { command: 'run', spec: 'maths', tasks: '1; rm -rf /' });
    expect(tasks.code).toBe(2);
    expect(tasks.stdout).toContain('input "tasks": "1; rm -rf /" is not a task id');
    const noKey = await runStep(ws, { command: 'run', spec: 'maths', tasks: '1' });
    expect(noKey.code).toBe(2);
    expect(noKey.stdout).toContain('No Anthropic API key');
    expect(readFileSync(path.join(ws, '.kiro/specs/maths/tasks.md'), 'utf8')).toContain('- [ ] 1. Implement sum');
  });
});

describe('action.yml', () => {
  const action = parseYaml(readFileSync(path.join(repoRoot, 'action.yml'), 'utf8')) as {
    inputs: Record<string, { description: string }>;
    runs: { using: string; steps: Array<{ id?: string; run?: string; env?: Record<string, string>; uses?: string; with?: Record<string, string> }> };
  };
  const step = action.runs.steps.find((s) => s.id === 'specwright')!;

  it('hands every input to the entry script as the INPUT_ variable it reads, and the key only as ANTHROPIC_API_KEY', () => {
    expect(step.run).toContain('dist/action.js');
    for (const name of Object.keys(action.inputs).filter((n) => n !== 'anthropic-api-key' && n !== 'artifact-name')) {
      expect(step.env![`INPUT_${name.toUpperCase()}`], name).toBe(`\${{ inputs.${name} }}`);
    }
    expect(step.env!.ANTHROPIC_API_KEY).toBe('${{ inputs.anthropic-api-key }}');
    expect(Object.keys(action.inputs)).toEqual(expect.arrayContaining(['command', 'spec', 'tasks', 'autonomy', 'budget']));
  });

  it('uploads the report folder the entry script writes as an artifact, even when the step failed', () => {
    const upload = action.runs.steps.find((s) => s.uses?.startsWith('actions/upload-artifact'))!;
    expect(upload.with!.path).toBe('${{ runner.temp }}/specwright-report');
    expect(existsSync(path.join(repoRoot, 'src/action/entry.ts'))).toBe(true);
    expect((upload as { if?: string }).if).toBe('always()');
  });
});
