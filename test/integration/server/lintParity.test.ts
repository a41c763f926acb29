import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiagnosticSeverity, type CodeAction, type Diagnostic as LspDiagnostic, type Hover, type MarkupContent } from 'vscode-languageserver-protocol';
import { lintWorkspaceSpecs, SPEC_FILE_NAMES } from '../../../src/core/spec';
import { evidenceSource, traceDirOf, workspaceTraceSources, writeTraceRecord } from '../../../src/core/trace';
import { fileRecord } from '../../../src/core/trace/recorder';
import { remedyText } from '../../../src/shared/remedyText';
import { runSpecwright } from '../../support/workspace';
import { buildServerBundle, copyFixtureWorkspace, LspTestClient } from './lspClient';

/** One diagnostic as all three faces can state it. */
type Finding = { spec: string; file: string; line: number; column: number; severity: string; code: string; message: string };

const severityName: Record<number, string> = { [DiagnosticSeverity.Error]: 'error', [DiagnosticSeverity.Warning]: 'warning', [DiagnosticSeverity.Information]: 'info' };
const key = (f: Finding) => `${f.spec}/${f.file}:${f.line}:${f.column} ${f.severity} ${f.code} ${f.message}`;
const sorted = (findings: Finding[]) => findings.map(key).sort();

const fixtures = path.resolve(__dirname, '../../fixtures/specs');

describe('lint means the same everywhere', () => {
  let temp: string;
  let workspace: string;
  let client: LspTestClient;

  beforeAll(async () => {
    temp = mkdtempSync(path.join(tmpdir(), 'specwright-lint-parity-'));
    const bundle = await buildServerBundle(temp);
    // The language server's fixture (a heading-style task, a dangling reference, an uncovered
    // criterion), the engine's example specs (a bugfix spec among them), and one of malformed files.
    workspace = copyFixtureWorkspace(temp);
    cpSync(path.join(fixtures, 'workspace/.kiro/specs'), path.join(workspace, '.kiro/specs'), { recursive: true });
    const messy = path.join(workspace, '.kiro/specs/messy');
    mkdirSync(messy, { recursive: true });
    cpSync(path.join(fixtures, 'tasks/malformed.md'), path.join(messy, 'tasks.md'));
    cpSync(path.join(fixtures, 'requirements/non-ears.md'), path.join(messy, 'requirements.md'));
    // Evidence from the workspace: a test naming criterion 1.1 of notes (so done task 1 is untested
    // for 1.3 only), and task 1's record of src/notes.js, whose line it wrote was changed since.
    mkdirSync(path.join(workspace, 'test'), { recursive: true });
    writeFileSync(path.join(workspace, 'test/notes.test.js'), "// notes: Requirement 1.1\ntest('stores a note', () => {});\n");
    mkdirSync(path.join(workspace, 'src'), { recursive: true });
    const written = 'export function store(note) {\n  return save(note);\n}\n';
    writeTraceRecord(traceDirOf(path.join(workspace, '.kiro/.specwright')), {
      version: 1, spec: 'notes', taskId: '1', title: 'Store notes', runId: 'r1', finishedAt: '2024-01-01T00:00:00.000Z',
      criteria: [{ id: '1.1', text: 'x' }], files: [fileRecord('src/notes.js', '', written)],
    });
    writeFileSync(path.join(workspace, 'src/notes.js'), written.replace('save(note)', 'save(note, { sync: true })'));
    client = await LspTestClient.start(bundle, workspace);
  });

  afterAll(async () => {
    await client?.stop();
    rmSync(temp, { recursive: true, force: true });
  });

  it('specwright spec lint, the Lint Specs function and the language server report the same diagnostics for the same files', async () => {
    const cli = await runSpecwright(['--workspace', workspace, 'spec', 'lint', '--json']);
    expect(cli.stderr).toBe('');
    const fromCli: Finding[] = (JSON.parse(cli.stdout) as { specs: Array<{ name: string; diagnostics: Omit<Finding, 'spec'>[] }> }).specs.flatMap((s) =>
      s.diagnostics.map((d) => ({ spec: s.name, ...d })),
    );

    const linted = await lintWorkspaceSpecs(workspace, undefined, { evidence: evidenceSource(workspaceTraceSources(workspace)) });
    const fromCommand: Finding[] = linted.flatMap(({ spec, diagnostics }) =>
      diagnostics.map(({ file, line, column, severity, code, message }) => ({ spec: spec.name, file, line, column, severity, code, message })),
    );
    // The editor says the same, then what to do in its own words.
    const inTheEditor: Finding[] = linted.flatMap(({ spec, diagnostics }) =>
      diagnostics.map(({ file, line, column, severity, code, message, remedy }) => ({ spec: spec.name, file, line, column, severity, code, message: remedy ? `${message} ${remedyText(remedy)}` : message })),
    );

    const fromServer: Finding[] = [];
    const specs = linted.map((r) => r.spec.name);
    expect(specs.sort()).toEqual(['emoji-title', 'messy', 'notes', 'notes-app']);
    for (const spec of specs) {
      const dir = path.join(workspace, '.kiro/specs', spec);
      const files = Object.values(SPEC_FILE_NAMES).filter((f) => existsSync(path.join(dir, f)));
      // Opening one file makes the server lint the whole spec and publish for each of its files.
      const opened = pathToFileURL(path.join(dir, files[0]!)).href;
      await client.open(opened, readFileSync(path.join(dir, files[0]!), 'utf8'));
      for (const file of files) {
        const published = await client.diagnosticsFor(pathToFileURL(path.join(dir, file)).href);
        fromServer.push(...published.diagnostics.map((d: LspDiagnostic) => ({
          spec,
          file,
          line: d.range.start.line + 1,
          column: d.range.start.character + 1,
          severity: severityName[d.severity!]!,
          code: String(d.code),
          message: String(d.message),
        })));
      }
    }

    expect(sorted(fromCli)).toEqual(sorted(fromCommand));
    expect(sorted(fromServer)).toEqual(sorted(inTheEditor));
    // The comparison means something: the fixture yields errors, warnings and info of many kinds,
    // the heading-style task among them.
    const codes = new Set(fromCommand.map((f) => f.code));
    expect(codes).toContain('task-not-a-checkbox');
    expect(codes).toContain('task-drifting');
    expect(fromCommand.find((f) => f.code === 'done-task-untested')).toMatchObject({ spec: 'notes', file: 'tasks.md', line: 3, message: expect.stringContaining('no test covers criterion 1.3;') });
    expect(codes.size).toBeGreaterThanOrEqual(6);
    expect(new Set(fromCommand.map((f) => f.severity))).toEqual(new Set(['error', 'warning', 'info']));
    expect(fromCommand.find((f) => f.code === 'task-not-a-checkbox')).toMatchObject({ spec: 'notes-app', file: 'tasks.md', severity: 'warning' });
  });

  it('shows on hover over a criterion its tasks, the files they changed and the tests that cover it, linked', async () => {
    const requirements = path.join(workspace, '.kiro/specs/notes/requirements.md');
    const text = readFileSync(requirements, 'utf8');
    const uri = pathToFileURL(requirements).href;
    await client.open(uri, text);
    const lineOf = (needle: string) => text.split('\n').findIndex((l) => l.includes(needle));
    const hoverAt = async (needle: string) => {
      const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: { line: lineOf(needle), character: 5 } });
      return (hover.contents as MarkupContent).value;
    };
    const covered = await hoverAt('WHEN a writer submits a note');
    expect(covered).toContain('**Status:** covered');
    expect(covered).toContain('1 ✓ Store notes');
    expect(covered).toContain(`[src/notes.js](${pathToFileURL(path.join(workspace, 'src/notes.js')).href}) (task 1)`);
    expect(covered).toContain(`[test/notes.test.js:2](${pathToFileURL(path.join(workspace, 'test/notes.test.js')).href}#L2) stores a note`);
    const untested = await hoverAt('IF the body exceeds 1 MB');
    expect(untested).toContain('**Status:** untested');
    expect(untested).not.toContain('**Tests:**');
    expect(await hoverAt('THE Note_Service SHALL respond fast')).toContain('**Status:** unimplemented');
  });

  it('offers a drifting task’s quick fix, which accepts it as it is now: the warning goes and the record takes the current file', async () => {
    const tasks = path.join(workspace, '.kiro/specs/notes/tasks.md');
    const uri = pathToFileURL(tasks).href;
    await client.open(uri, readFileSync(tasks, 'utf8'));
    const published = await client.diagnosticsFor(uri, (p) => p.diagnostics.some((d) => d.code === 'task-drifting'));
    const drifting = published.diagnostics.find((d) => d.code === 'task-drifting')!;
    expect(drifting.message).toContain('Task 1 is drifting');
    expect(drifting.message).toContain('quick fix "Accept drift of task 1"');
    expect(drifting.message).not.toContain('specwright spec drift');
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: drifting.range, context: { diagnostics: [drifting] } });
    const accept = actions.find((a) => a.title === 'Accept drift of task 1');
    expect(accept?.command).toMatchObject({ command: 'specwright.acceptTaskDrift', arguments: [{ uri, taskId: '1' }] });

    await client.request('workspace/executeCommand', { command: accept!.command!.command, arguments: accept!.command!.arguments });
    await client.diagnosticsFor(uri, (p) => !p.diagnostics.some((d) => d.code === 'task-drifting'));
    expect((await runSpecwright(['--workspace', workspace, 'spec', 'drift', 'notes'])).stdout).toBe('No task of notes is drifting.\n');
  });
});
