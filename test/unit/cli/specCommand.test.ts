import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runSpecwright as run } from '../spec/cliRun';

const fixtureWorkspace = path.resolve(__dirname, '../../fixtures/specs/workspace');
const example = path.resolve(__dirname, '../../../examples/todo-app');

let workspace: string;
beforeEach(() => {
  workspace = mkdtempSync(path.join(tmpdir(), 'specwright-cli-'));
  cpSync(fixtureWorkspace, workspace, { recursive: true });
});
afterEach(() => rmSync(workspace, { recursive: true, force: true }));

describe('specwright spec list', () => {
  it('prints the specs as JSON with their type, files and task progress', async () => {
    const { code, stdout } = await run(['--workspace', workspace, 'spec', 'list', '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({
      specs: [
        { name: 'emoji-title', type: 'bugfix', files: ['bugfix.md', 'tasks.md'], tasks: { total: 2, done: 0 } },
        { name: 'notes', type: 'feature', files: ['requirements.md', 'design.md', 'tasks.md'], tasks: { total: 4, done: 1 } },
      ],
    });
  });

  it('prints an aligned table for people, without colour when stdout is not a terminal', async () => {
    const { stdout } = await run(['--workspace', workspace, 'spec', 'list']);
    expect(stdout).toBe('emoji-title  bugfix   bugfix, tasks                0/2 tasks done\nnotes        feature  requirements, design, tasks  1/4 tasks done\n');
  });

  it('colours the table when stdout is a terminal', async () => {
    const { stdout } = await run(['--workspace', workspace, 'spec', 'list'], { isTTY: true });
    expect(stdout).toContain('\u001b[1mnotes\u001b[0m');
  });

  it('says so when there are no specs', async () => {
    const { code, stdout } = await run(['--workspace', mkdtempSync(path.join(tmpdir(), 'specwright-none-')), 'spec', 'list']);
    expect([code, stdout]).toEqual([0, 'No specs in .kiro/specs/ yet.\n']);
  });
});

describe('specwright spec lint', () => {
  it('exits 1 and reports the documented JSON shape when a spec has errors', async () => {
    const { code, stdout } = await run(['--workspace', workspace, 'spec', 'lint', 'notes', '--json']);
    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    expect(report.specs).toHaveLength(1);
    expect(report.specs[0]).toMatchObject({
      name: 'notes',
      requirements: { count: 2, criteria: 5, earsConforming: 4 },
      tasks: { total: 4, done: 1, inProgress: 1, queued: 0, optional: 1 },
    });
    expect(report.specs[0].diagnostics).toContainEqual({
      file: 'tasks.md', line: 6, column: 25, severity: 'error', code: 'unknown-reference',
      message: 'Task 2 references 7.7, which the spec does not define; correct the id or add the missing criterion.',
    });
    for (const d of report.specs[0].diagnostics) expect(Object.keys(d)).toEqual(['file', 'line', 'column', 'severity', 'code', 'message']);
  });

  it('exits 0 for a spec with no errors', async () => {
    const { code, stdout } = await run(['--workspace', workspace, 'spec', 'lint', 'emoji-title', '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).specs[0].diagnostics).toEqual([]);
  });

  it('lints every spec when no name is given', async () => {
    const { code, stdout } = await run(['--workspace', workspace, 'spec', 'lint', '--json']);
    expect(code).toBe(1);
    expect(JSON.parse(stdout).specs.map((s: { name: string }) => s.name)).toEqual(['emoji-title', 'notes']);
  });

  it('prints each finding as file:line:column, severity, code and message for people', async () => {
    const { stdout } = await run(['--workspace', workspace, 'spec', 'lint', 'notes']);
    expect(stdout).toMatch(/^notes {2}2 requirements, 4\/5 criteria in EARS form, 1\/4 tasks done {2}3 errors, 6 warnings, 2 info\n/);
    expect(stdout).toMatch(/\n {2}tasks\.md:6:25 +error +unknown-reference +Task 2 references 7\.7/);
  });

  it('prints the same findings as SARIF 2.1.0 on their lines of the spec files, and as JUnit XML', async () => {
    const json = JSON.parse((await run(['--workspace', workspace, 'spec', 'lint', 'notes', '--json'])).stdout).specs[0].diagnostics as Array<{ file: string; line: number; code: string }>;
    const sarif = await run(['--workspace', workspace, 'spec', 'lint', 'notes', '--format', 'sarif']);
    expect(sarif.code).toBe(1);
    const log = JSON.parse(sarif.stdout);
    expect(log.version).toBe('2.1.0');
    expect(log.runs[0].tool.driver.name).toBe('Specwright');
    const placed = log.runs[0].results.map((r: { ruleId: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }> }) => `${r.locations[0]!.physicalLocation.artifactLocation.uri}:${r.locations[0]!.physicalLocation.region.startLine} ${r.ruleId}`);
    expect(placed).toEqual(json.map((d) => `.kiro/specs/notes/${d.file}:${d.line} ${d.code}`));
    const junit = await run(['--workspace', workspace, 'spec', 'lint', 'notes', '--format', 'junit']);
    expect(junit.code).toBe(1);
    expect(junit.stdout).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="specwright spec lint" tests="\d+" failures="\d+" errors="0">/);
    expect(junit.stdout).toContain('<testcase classname="specs.notes" name="tasks.md" file=".kiro/specs/notes/tasks.md">');
    const bad = await run(['--workspace', workspace, 'spec', 'lint', '--format', 'yaml']);
    expect([bad.code, bad.stderr]).toEqual([2, 'specwright: spec lint: --format must be one of text, json, sarif, junit (got "yaml")\n']);
  });

  it('lints the bundled example cleanly', async () => {
    const { code, stdout } = await run(['--workspace', example, 'spec', 'lint']);
    expect(code).toBe(0);
    expect(stdout).toContain('0 errors, 0 warnings');
  });

  it('exits 2 with one line naming the existing specs when the spec does not exist', async () => {
    const { code, stdout, stderr } = await run(['--workspace', workspace, 'spec', 'lint', 'nope']);
    expect([code, stdout]).toEqual([2, '']);
    expect(stderr).toBe('specwright: There is no spec "nope" in .kiro/specs/; the specs are: emoji-title, notes.\n');
  });

  it('exits 2 on an unknown option or subcommand', async () => {
    expect((await run(['--workspace', workspace, 'spec', 'lint', '--yaml'])).code).toBe(2);
    const { code, stderr } = await run(['--workspace', workspace, 'spec', 'frobnicate']);
    expect([code, stderr]).toEqual([2, 'specwright: unknown subcommand "spec frobnicate"; use "spec list", "spec lint", "spec trace", "spec drift", "spec link", "spec verify", "spec new", "spec next" or "spec status"\n']);
  });
});
