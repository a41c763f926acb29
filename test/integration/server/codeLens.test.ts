import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCodes, type CodeLens, type ResponseError } from 'vscode-languageserver-protocol';
import { lineOf, specFileUri, startServerWithFixture, type LspTestClient } from './lspClient';

describe('spec language server code lenses', () => {
  let client: LspTestClient;
  let cleanup: () => Promise<void>;
  let tasksUri: string;
  let tasksText: string;
  let workspace: string;

  const lensesOf = (uri: string) => client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
  const titlesOnLine = (lenses: CodeLens[], line: number) => lenses.filter((l) => l.range.start.line === line).map((l) => l.command!.title);

  beforeAll(async () => {
    ({ client, workspace, cleanup } = await startServerWithFixture());
    tasksUri = specFileUri(workspace, 'tasks.md');
    tasksText = readFileSync(new URL(tasksUri), 'utf8');
    await client.open(tasksUri, tasksText);
  });
  afterAll(() => cleanup());

  it('shows "Execute with Agent" above an open task, carrying the spec, task id and document', async () => {
    const lenses = await lensesOf(tasksUri);
    const execute = lenses.find((l) => l.range.start.line === lineOf(tasksText, '2.2 Return ids'));
    expect(execute!.command).toEqual({
      title: '▶ Execute with Agent',
      command: 'specwright.executeTask',
      arguments: [{ specName: 'notes-app', taskId: '2.2', uri: tasksUri }],
    });
  });

  it('shows "Run all tasks" and the progress at the top of tasks.md', async () => {
    const lenses = await lensesOf(tasksUri);
    expect(titlesOnLine(lenses, 0)).toEqual(['▶ Run all tasks', '1/6 tasks done']);
    expect(lenses.find((l) => l.command!.title === '▶ Run all tasks')!.command!.arguments).toEqual([{ specName: 'notes-app', uri: tasksUri }]);
  });

  it('offers "Run all in parallel" only once an open task says what it depends on (_Depends:_)', async () => {
    expect((await lensesOf(tasksUri)).map((l) => l.command!.title)).not.toContain('⇉ Run all in parallel');
    const withDepends = tasksText.replace(/(- \[ \] 2\.2 Return ids[^\n]*\n)/, '$1    - _Depends: 1_\n');
    expect(withDepends).not.toBe(tasksText);
    await client.replace(tasksUri, withDepends);
    try {
      const lenses = await lensesOf(tasksUri);
      expect(titlesOnLine(lenses, 0)).toEqual(['▶ Run all tasks', '⇉ Run all in parallel', '1/6 tasks done']);
      expect(lenses.find((l) => l.command!.title === '⇉ Run all in parallel')!.command).toEqual({ title: '⇉ Run all in parallel', command: 'specwright.runAllTasksParallel', arguments: [{ specName: 'notes-app', uri: tasksUri }] });
    } finally {
      await client.replace(tasksUri, tasksText);
    }
  });

  it('shows a status badge instead of Execute on done and in-progress tasks', async () => {
    const lenses = await lensesOf(tasksUri);
    expect(titlesOnLine(lenses, lineOf(tasksText, '1. Set up the project'))).toEqual(['✓ Done']);
    expect(titlesOnLine(lenses, lineOf(tasksText, '2.1 Write the note store'))).toEqual(['● In progress', 'Explain steering']);
  });

  it('offers Explain steering on every task not done yet, forwarded to the client with the task', async () => {
    const lenses = await lensesOf(tasksUri);
    const explain = lenses.filter((l) => l.command!.title === 'Explain steering');
    expect(explain.length).toBe(5);
    expect(explain.find((l) => l.range.start.line === lineOf(tasksText, '2.2 Return ids'))!.command!.arguments).toEqual([{ specName: 'notes-app', taskId: '2.2', uri: tasksUri }]);
    expect(explain.some((l) => l.range.start.line === lineOf(tasksText, '1. Set up the project'))).toBe(false);
    const args = { specName: 'notes-app', taskId: '2.2', uri: tasksUri };
    const before = client.runCommands.length;
    await client.request('workspace/executeCommand', { command: 'specwright.explainSteering', arguments: [args] });
    expect(client.runCommands.slice(before)).toEqual([{ command: 'specwright.explainSteering', args }]);
  });

  it('offers Retry and View run once the extension reports that a task run failed', async () => {
    const refreshed = client.nextLensRefresh();
    await client.connection.sendNotification('specwright/runState', { uri: tasksUri, taskId: '4', state: 'failed', runId: 'run-7' });
    await refreshed;
    const lenses = await lensesOf(tasksUri);
    const onTask = lenses.filter((l) => l.range.start.line === lineOf(tasksText, '4. Read notes back'));
    expect(onTask.map((l) => [l.command!.title, l.command!.command])).toEqual([
      ['↻ Retry', 'specwright.retryTask'],
      ['View run', 'specwright.viewRun'],
      ['Explain steering', 'specwright.explainSteering'],
    ]);
    expect(onTask[1]!.command!.arguments).toEqual([{ specName: 'notes-app', taskId: '4', uri: tasksUri, runId: 'run-7' }]);
  });

  it('shows the phase action at the top of requirements.md and design.md', async () => {
    const requirements = await lensesOf(specFileUri(workspace, 'requirements.md'));
    const design = await lensesOf(specFileUri(workspace, 'design.md'));
    expect(requirements.map((l) => l.command!.title)).toEqual(['Approve and generate design']);
    expect(design.map((l) => l.command!.title)).toEqual(['Approve and generate tasks']);
    expect(design[0]!.command!.arguments).toEqual([{ specName: 'notes-app', uri: specFileUri(workspace, 'design.md'), phase: 'design' }]);
  });

  it('forwards an executed lens command to the client as a specwright/runCommand request', async () => {
    const args = { specName: 'notes-app', taskId: '2.2', uri: tasksUri };
    const before = client.runCommands.length;
    await client.request('workspace/executeCommand', { command: 'specwright.executeTask', arguments: [args] });
    expect(client.runCommands.slice(before)).toEqual([{ command: 'specwright.executeTask', args }]);
  });

  it('refuses a lens command whose arguments are malformed, without bothering the client', async () => {
    const before = client.runCommands.length;
    const failure = await client.request('workspace/executeCommand', { command: 'specwright.executeTask', arguments: [{ taskId: '2.2' }] }).catch((e: ResponseError) => e);
    expect((failure as ResponseError).code).toBe(ErrorCodes.InvalidParams);
    expect(client.runCommands.length).toBe(before);
  });

  it('answers no lenses for Markdown outside .kiro/specs', async () => {
    const readme = pathToFileURL(path.join(workspace, 'README.md')).href;
    await client.open(readme, '- [ ] 1. Not a task\n');
    expect(await lensesOf(readme)).toEqual([]);
  });
});
