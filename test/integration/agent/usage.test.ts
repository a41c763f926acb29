import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeAnthropic, type FakeAnthropic, type ScriptedTurn } from '../../support/fakeAnthropic';
import { runSpecwright } from '../../support/workspace';
import { REQUIREMENTS } from '../workflow/specDocuments';
import { mathsWorkspace, WORKING_SUM } from './fixture';

const API_KEY = 'sk-ant-test-usage-31f0';
const fakes: FakeAnthropic[] = [];
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((f) => f.close()));
});

async function env(script: ScriptedTurn[]) {
  const fake = await startFakeAnthropic(script, { apiKey: API_KEY });
  fakes.push(fake);
  return { ANTHROPIC_API_KEY: API_KEY, ANTHROPIC_BASE_URL: fake.url };
}

type Figures = { calls: number; inputTokens: number; cacheReadTokens: number; cacheWriteTokens: number; outputTokens: number; costUsd: number };

describe('specwright usage', () => {
  it('adds up agent runs and spec-workflow calls, split into fresh input, cache reads, cache writes and output', async () => {
    const ws = mathsWorkspace();
    const run = await runSpecwright(['--workspace', ws, 'run', 'maths', '--task', '1', '--json'], {
      env: await env([
        { content: [{ type: 'tool_use', name: 'fs_write', input: { command: 'create', path: 'src/sum.js', file_text: WORKING_SUM } }] },
        { content: [{ type: 'tool_use', name: 'execute_bash', input: { command: 'npm test' } }] },
        { content: [{ type: 'text', text: 'Done.' }] },
      ]),
    });
    expect(run.code).toBe(0);
    const steps = run.stdout.trim().split('\n').map((l) => JSON.parse(l)).filter((e) => e.type === 'usage').map((e) => e.usage);
    expect(steps).toHaveLength(3);

    const spec = await runSpecwright(['--workspace', ws, 'spec', 'new', 'todo-cli', '--idea', 'A todo list'], { env: await env([{ content: [{ type: 'text', text: REQUIREMENTS }] }]) });
    expect(spec.code).toBe(0);
    const ledger = readFileSync(path.join(ws, '.kiro/.specwright/usage.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(ledger).toEqual([expect.objectContaining({ source: 'spec', spec: 'todo-cli', model: 'claude-sonnet-5-5' })]);

    const bySpec = JSON.parse((await runSpecwright(['--workspace', ws, 'usage', '--by', 'spec', '--json'])).stdout) as { rows: Array<Figures & { key: string }>; total: Figures };
    const sum = (field: keyof Figures) => steps.reduce((n: number, s: Record<string, number>) => n + s[field]!, 0);
    const maths = bySpec.rows.find((r) => r.key === 'maths')!;
    expect(maths).toMatchObject({ calls: 3, inputTokens: sum('inputTokens'), cacheReadTokens: sum('cacheReadTokens'), cacheWriteTokens: sum('cacheWriteTokens'), outputTokens: sum('outputTokens') });
    expect(maths.cacheReadTokens).toBeGreaterThan(0);
    expect(maths.costUsd).toBeCloseTo(sum('costUsd'), 6);
    expect(bySpec.rows.find((r) => r.key === 'todo-cli')).toMatchObject({ calls: 1, inputTokens: ledger[0].usage.inputTokens, outputTokens: ledger[0].usage.outputTokens });
    expect(bySpec.total.calls).toBe(4);

    const byTask = JSON.parse((await runSpecwright(['--workspace', ws, 'usage', '--by', 'task', '--json'])).stdout) as { rows: Array<{ label: string; calls: number }> };
    expect(byTask.rows.map((r) => [r.label, r.calls]).sort()).toEqual([['maths 1 Implement sum', 3], ['todo-cli: spec workflow', 1]]);

    const table = (await runSpecwright(['--workspace', ws, 'usage', '--since', '1d'])).stdout;
    expect(table.split('\n')[0]).toMatch(/^DAY\s+CALLS\s+INPUT\s+CACHE READ\s+CACHE WRITE\s+OUTPUT\s+TOKENS\s+COST$/);
    expect(table).toMatch(/\ntotal\s+4\s/);
  });

  it('records a commit message written by the model', async () => {
    const ws = mathsWorkspace();
    writeFileSync(path.join(ws, 'src/sum.js'), WORKING_SUM);
    execFileSync('git', ['add', 'src/sum.js'], { cwd: ws });
    const result = await runSpecwright(['--workspace', ws, 'commit-message'], { env: await env([{ content: [{ type: 'text', text: 'feat(sum): add sum' }] }]) });
    expect(result).toMatchObject({ code: 0, stdout: 'feat(sum): add sum\n' });
    const byTask = JSON.parse((await runSpecwright(['--workspace', ws, 'usage', '--by', 'task', '--json'])).stdout) as { rows: Array<{ label: string; calls: number }> };
    expect(byTask.rows.map((r) => [r.label, r.calls])).toEqual([['(commit messages)', 1]]);
  });

  it('refuses a --by or --since it cannot read, naming the accepted values', async () => {
    const ws = mathsWorkspace();
    expect((await runSpecwright(['--workspace', ws, 'usage', '--by', 'week'])).stderr).toBe('specwright: --by must be one of task, spec, day, model (got "week")\n');
    expect((await runSpecwright(['--workspace', ws, 'usage', '--since', 'yesterday'])).stderr).toBe('specwright: --since takes a duration such as 24h, 7d or 2w, or a date such as 2026-03-01 (got "yesterday")\n');
    expect((await runSpecwright(['--workspace', ws, 'usage'])).stdout).toBe('No model calls on record yet.\n');
  });
});
