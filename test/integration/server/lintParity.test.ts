import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiagnosticSeverity, type Diagnostic as LspDiagnostic } from 'vscode-languageserver-protocol';
import { lintWorkspaceSpecs, SPEC_FILE_NAMES } from '../../../src/core/spec';
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

    const linted = await lintWorkspaceSpecs(workspace);
    const fromCommand: Finding[] = linted.flatMap(({ spec, diagnostics }) =>
      diagnostics.map(({ file, line, column, severity, code, message }) => ({ spec: spec.name, file, line, column, severity, code, message })),
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
    expect(sorted(fromServer)).toEqual(sorted(fromCommand));
    // The comparison means something: the fixture yields errors, warnings and info of many kinds,
    // the heading-style task among them.
    const codes = new Set(fromCommand.map((f) => f.code));
    expect(codes).toContain('task-not-a-checkbox');
    expect(codes.size).toBeGreaterThanOrEqual(6);
    expect(new Set(fromCommand.map((f) => f.severity))).toEqual(new Set(['error', 'warning', 'info']));
    expect(fromCommand.find((f) => f.code === 'task-not-a-checkbox')).toMatchObject({ spec: 'notes-app', file: 'tasks.md', severity: 'warning' });
  });
});
