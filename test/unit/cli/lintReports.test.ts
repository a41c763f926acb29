import { describe, expect, it } from 'vitest';
import { lintJunit, lintSarif, type LintedSpec } from '../../../src/cli/lintReports';

const tool = { name: 'Specwright', version: '9.9.9', informationUri: 'https://example.invalid/specwright' };

const specs: LintedSpec[] = [
  {
    name: 'todo-cli',
    folder: '.kiro/specs/todo-cli',
    diagnostics: [
      {
        file: 'tasks.md',
        line: 6,
        column: 25,
        severity: 'error',
        code: 'unknown-reference',
        message: 'Task 2 references 7.7, which the spec does not define; "<fix>" & retry.',
        range: { start: { offset: 80, line: 6, column: 25 }, end: { offset: 83, line: 6, column: 28 } },
      },
      { file: 'requirements.md', line: 12, column: 4, severity: 'warning', code: 'not-ears', message: 'Criterion 1.2 is not in EARS form.' },
      { file: 'design.md', line: 30, column: 1, severity: 'info', code: 'property-without-test-task', message: 'Property 2 has no test task.' },
    ],
  },
  { name: 'clean', folder: '.kiro/specs/clean', diagnostics: [] },
];

describe('spec lint as SARIF 2.1.0', () => {
  const log = lintSarif(specs, tool);
  const run = log.runs[0]!;

  it('names the tool and one rule per diagnostic code, sorted', () => {
    expect(log.version).toBe('2.1.0');
    expect(run.tool.driver).toMatchObject({ name: 'Specwright', version: '9.9.9', informationUri: tool.informationUri });
    expect(run.tool.driver.rules!.map((r) => [r.id, r.name])).toEqual([
      ['not-ears', 'NotEars'],
      ['property-without-test-task', 'PropertyWithoutTestTask'],
      ['unknown-reference', 'UnknownReference'],
    ]);
  });

  it('places each finding on its line of its spec file, relative to the repository root, with SARIF levels', () => {
    expect(run.results!.map((r) => [r.ruleId, r.ruleIndex, r.level, r.locations![0]!.physicalLocation!.artifactLocation!.uri, r.locations![0]!.physicalLocation!.region])).toEqual([
      ['unknown-reference', 2, 'error', '.kiro/specs/todo-cli/tasks.md', { startLine: 6, startColumn: 25, endLine: 6, endColumn: 28 }],
      ['not-ears', 0, 'warning', '.kiro/specs/todo-cli/requirements.md', { startLine: 12, startColumn: 4 }],
      ['property-without-test-task', 1, 'note', '.kiro/specs/todo-cli/design.md', { startLine: 30, startColumn: 1 }],
    ]);
    expect(run.results![0]!.message.text).toBe(specs[0]!.diagnostics[0]!.message);
    expect(run.results![0]!.locations![0]!.physicalLocation!.artifactLocation!.uriBaseId).toBe('%SRCROOT%');
  });

  it('is an empty run when nothing was found', () => {
    const empty = lintSarif([{ name: 'clean', folder: '.kiro/specs/clean', diagnostics: [] }], tool).runs[0]!;
    expect([empty.results, empty.tool.driver.rules]).toEqual([[], []]);
  });
});

describe('spec lint as JUnit XML', () => {
  const files = (spec: LintedSpec) => (spec.name === 'clean' ? ['requirements.md'] : ['requirements.md', 'design.md', 'tasks.md']);
  const xml = lintJunit(specs, files);

  it('has a suite per spec and a case per file; errors fail the case, other findings go to its output', () => {
    expect(xml).toContain('<testsuites name="specwright spec lint" tests="4" failures="1" errors="0">');
    expect(xml).toContain('<testsuite name="todo-cli" tests="3" failures="1" errors="0" skipped="0">');
    expect(xml).toContain('<testsuite name="clean" tests="1" failures="0" errors="0" skipped="0">');
    expect(xml).toContain('<testcase classname="specs.clean" name="requirements.md" file=".kiro/specs/clean/requirements.md" />');
    expect(xml).toMatch(/<testcase classname="specs.todo-cli" name="tasks.md" file=".kiro\/specs\/todo-cli\/tasks.md">\n {6}<failure message="1 error: Task 2 references 7.7, which the spec does not define; &quot;&lt;fix&gt;&quot; &amp; retry." type="unknown-reference">/);
    expect(xml).toContain('<system-out>.kiro/specs/todo-cli/requirements.md:12:4 warning not-ears Criterion 1.2 is not in EARS form.</system-out>');
  });

  it('escapes what XML cannot hold as text', () => {
    const odd = lintJunit([{ name: 'a&b', folder: '.kiro/specs/a&b', diagnostics: [{ file: 'tasks.md', line: 1, column: 1, severity: 'error', code: 'x', message: 'bell \u0007 and ]]> end' }] }], () => []);
    expect(odd).toContain('<testsuite name="a&amp;b"');
    expect(odd).toContain('bell  and ]]&gt; end');
    expect(odd).not.toContain('\u0007');
  });
});
