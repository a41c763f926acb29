import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeAnthropic, type FakeAnthropic, type ScriptedTurn } from '../../support/fakeAnthropic';
import { runSpecwright } from '../../support/workspace';
import { testAgentService } from '../../support/agentHost';
import { mathsWorkspace, TASKS, WORKING_SUM } from './fixture';

const API_KEY = 'sk-ant-test-budgets-41b0';
let fake: FakeAnthropic | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

type LoggedEvent = { type: string; [k: string]: unknown };
const events = (stdout: string) => stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as LoggedEvent);
/** Every step costs exactly $1: 1,000 fresh input tokens at $1,000 per million, nothing else billed. */
const DOLLAR = { input_tokens: 1_000, output_tokens: 1, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 };
const PRICES = { 'claude-sonnet-5-5': { inputPerMTok: 1_000, outputPerMTok: 0, cacheReadPerMTok: 0, cacheWritePerMTok: 0 } };
const step = (content: ScriptedTurn & { content: unknown }): ScriptedTurn => ({ ...content, usage: DOLLAR });
const write = step({ content: [{ type: 'tool_use', name: 'fs_write', input: { command: 'create', path: 'src/sum.js', file_text: WORKING_SUM } }] });
const test = step({ content: [{ type: 'tool_use', name: 'execute_bash', input: { command: 'npm test' } }] });
const read = step({ content: [{ type: 'tool_use', name: 'fs_read', input: { operations: [{ mode: 'Line', path: 'src/sum.js' }] } }] });
const done = step({ content: [{ type: 'text', text: 'Done.' }] });

async function run(workspace: string, script: ScriptedTurn[], args: string[]) {
  fake = await startFakeAnthropic(script, { apiKey: API_KEY });
  return runSpecwright(['--workspace', workspace, 'run', 'maths', ...args, '--json', '--yes'], {
    env: { ANTHROPIC_API_KEY: API_KEY, ANTHROPIC_BASE_URL: fake.url, SPECWRIGHT_MODEL: 'claude-sonnet-5-5' },
  });
}
const tasksMd = (ws: string) => readFileSync(path.join(ws, '.kiro/specs/maths/tasks.md'), 'utf8');

describe('budgets beyond one task', () => {
  it('stops the run before the step that would pass agent.budget.maxCostUsdPerRun, across tasks', async () => {
    const ws = mathsWorkspace({ '.kiro/settings.json': JSON.stringify({ agent: { budget: { maxCostUsdPerRun: 4.5 } }, model: { prices: PRICES } }) });
    const result = await run(ws, [write, test, done, read, read, done], ['--all']);
    const log = events(result.stdout);
    expect(log.filter((e) => e.type === 'task_finished').map((e) => [(e.task as { id: string }).id, e.status])).toEqual([['1', 'done'], ['2', 'failed']]);
    expect(String(log.filter((e) => e.type === 'task_finished')[1]!.summary)).toMatch(/^Run budget reached: \$4\.0000 of \$4\.50 spent in this run/);
    expect(log.at(-1)).toMatchObject({ type: 'run_finished', outcome: 'budget_exceeded' });
    // Warned once, at the first step that reached 80% of the limit ($3.60): the fourth.
    const warnings = log.filter((e) => e.type === 'budget_warning');
    expect(warnings).toEqual([expect.objectContaining({ limit: 'run', spentUsd: 4, limitUsd: 4.5, setting: 'agent.budget.maxCostUsdPerRun' })]);
    const at = log.findIndex((e) => e.type === 'budget_warning');
    expect(log[at - 1]).toMatchObject({ type: 'usage' });
    expect(log.slice(0, at).filter((e) => e.type === 'usage' && !e.parentId)).toHaveLength(4);
    // Task 2 made one request; the second would have passed the limit.
    expect(fake!.requests.filter((r) => r.path === '/v1/messages')).toHaveLength(4);
    expect(tasksMd(ws)).toBe(TASKS.replace('- [ ] 1. Implement sum', '- [x] 1. Implement sum'));
  });

  it('counts what today already cost (the usage ledger and earlier runs) against agent.budget.maxCostUsdPerDay', async () => {
    const ws = mathsWorkspace({ '.kiro/settings.json': JSON.stringify({ agent: { budget: { maxCostUsdPerDay: 10 } }, model: { prices: PRICES } }) });
    mkdirSync(path.join(ws, '.kiro/.specwright'), { recursive: true });
    const spent = (time: string, costUsd: number) =>
      JSON.stringify({ v: 1, time, source: 'spec', model: 'claude-sonnet-5-5', spec: 'maths', task: null, hook: null, usage: { inputTokens: 1, outputTokens: 1, cacheReadTokens: 0, cacheWriteTokens: 0, costUsd } });
    // Yesterday's spending does not count; today's does.
    writeFileSync(path.join(ws, '.kiro/.specwright/usage.jsonl'), `${spent('2001-01-01T10:00:00Z', 50)}\n${spent(new Date().toISOString(), 7.5)}\n`);
    const result = await run(ws, [write, test, done], ['--task', '1']);
    const log = events(result.stdout);
    const finished = log.find((e) => e.type === 'task_finished')!;
    expect(finished.status).toBe('failed');
    expect(String(finished.summary)).toMatch(/^Daily budget reached: \$9\.5000 of \$10\.00 spent today/);
    // $7.50 before the run, $8.50 after its first step: past 80% of $10.
    expect(log.filter((e) => e.type === 'budget_warning')).toEqual([expect.objectContaining({ limit: 'day', spentUsd: 8.5, limitUsd: 10 })]);
    expect(fake!.requests.filter((r) => r.path === '/v1/messages')).toHaveLength(2);
    expect(log.at(-1)).toMatchObject({ type: 'run_finished', outcome: 'budget_exceeded' });
  });

  it('prints one warning line at the terminal when a run passes 80% of its budget', async () => {
    const ws = mathsWorkspace({ '.kiro/settings.json': JSON.stringify({ agent: { budget: { maxCostUsdPerRun: 3.5 } }, model: { prices: PRICES } }) });
    fake = await startFakeAnthropic([write, test, done, read, done], { apiKey: API_KEY });
    const result = await runSpecwright(['--workspace', ws, 'run', 'maths', '--all', '--yes'], {
      env: { ANTHROPIC_API_KEY: API_KEY, ANTHROPIC_BASE_URL: fake.url, SPECWRIGHT_MODEL: 'claude-sonnet-5-5' },
    });
    const lines = result.stdout.split('\n').filter((line) => /budget spent/.test(line));
    expect(lines).toEqual(['! 85% of this run’s budget spent: $3.00 of $3.50 (agent.budget.maxCostUsdPerRun). The run stops before a step that would pass it.']);
    expect(result.stdout).toMatch(/Run budget reached: \$3\.0000 of \$3\.50/);
  });

  it('reads the day from the host’s own storage (the extension’s folder, not the workspace’s) with the host’s limit', async () => {
    const ws = mathsWorkspace({ '.kiro/settings.json': JSON.stringify({ model: { prices: PRICES } }) });
    const storage = mkdtempSync(path.join(tmpdir(), 'sw-budget-storage-'));
    const ledger = (time: string, costUsd: number) =>
      JSON.stringify({ v: 1, time, source: 'commit', model: 'claude-sonnet-5-5', spec: null, task: null, hook: null, usage: { inputTokens: 1, outputTokens: 1, cacheReadTokens: 0, cacheWriteTokens: 0, costUsd } });
    writeFileSync(path.join(storage, 'usage.jsonl'), `${ledger(new Date().toISOString(), 2)}\n`);
    // An earlier run of this host today: its steps count too.
    mkdirSync(path.join(storage, 'runs'));
    const earlier = [
      { type: 'run_started', runId: 'r0', time: new Date().toISOString(), model: 'claude-sonnet-5-5', tasks: [{ spec: 'maths', id: '1', title: 'x' }] },
      { type: 'usage', runId: 'r0', time: new Date().toISOString(), step: 1, usage: { inputTokens: 1, outputTokens: 1, cacheReadTokens: 0, cacheWriteTokens: 0, costUsd: 5 }, total: { inputTokens: 1, outputTokens: 1, cacheReadTokens: 0, cacheWriteTokens: 0, costUsd: 5 } },
    ];
    writeFileSync(path.join(storage, 'runs', 'r0.jsonl'), earlier.map((e) => JSON.stringify(e)).join('\n') + '\n');
    // What the CLI spent in the workspace's own state folder is another host's record.
    mkdirSync(path.join(ws, '.kiro/.specwright'), { recursive: true });
    writeFileSync(path.join(ws, '.kiro/.specwright/usage.jsonl'), `${ledger(new Date().toISOString(), 100)}\n`);
    fake = await startFakeAnthropic([write, test, done], { apiKey: API_KEY });
    const agent = testAgentService({
      env: { ANTHROPIC_API_KEY: API_KEY, ANTHROPIC_BASE_URL: fake.url, SPECWRIGHT_MODEL: 'claude-sonnet-5-5' },
      home: mkdtempSync(path.join(tmpdir(), 'sw-budget-home-')),
      runsDir: path.join(storage, 'runs'),
      ledgerDir: storage,
      preferences: { budget: { maxCostUsdPerDay: 9.5 } },
    });
    const result = await agent.start(await agent.prepare({ workspace: ws }), { spec: 'maths', selection: { kind: 'task', id: '1' } }).finished;
    expect(result.outcome).toBe('budget_exceeded');
    expect(result.results[0]!.result.summary).toMatch(/^Daily budget reached: \$9\.0000 of \$9\.50 spent today/);
    expect(fake!.requests.filter((r) => r.path === '/v1/messages')).toHaveLength(2);
  });
});
