import * as path from 'node:path';
import type { Log, ReportingDescriptor, Result } from 'sarif';
import type { Diagnostic, Severity } from '../core/spec';
import { cliDiagnosticText } from './remedyText';

/** One linted spec as the reports need it: its folder relative to the workspace, and its findings. */
export interface LintedSpec {
  name: string;
  /** `.kiro/specs/<name>`, forward slashes. */
  folder: string;
  diagnostics: ReadonlyArray<Pick<Diagnostic, 'file' | 'line' | 'column' | 'severity' | 'code' | 'message' | 'range'>>;
}

export interface ToolInfo {
  name: string;
  version: string;
  informationUri: string;
}

const SARIF_LEVEL: Record<Severity, Result.level> = { error: 'error', warning: 'warning', info: 'note' };

/**
 * SARIF 2.1.0: one run, one rule per diagnostic code, each finding placed on its line in its spec
 * file relative to the repository root (`%SRCROOT%`), so code-scanning views show it on the line.
 */
export function lintSarif(specs: readonly LintedSpec[], tool: ToolInfo): Log {
  const codes = [...new Set(specs.flatMap((s) => s.diagnostics.map((d) => d.code)))].sort();
  const ruleIndex = new Map(codes.map((code, i) => [code, i]));
  const rules: ReportingDescriptor[] = codes.map((code) => ({ id: code, name: ruleName(code), shortDescription: { text: code.replace(/-/g, ' ') } }));
  const results: Result[] = specs.flatMap((spec) =>
    spec.diagnostics.map((d): Result => {
      const region = d.range && (d.range.end.line > d.range.start.line || d.range.end.column > d.range.start.column)
        ? { startLine: d.line, startColumn: d.column, endLine: d.range.end.line, endColumn: d.range.end.column }
        : { startLine: d.line, startColumn: d.column };
      return {
        ruleId: d.code,
        ruleIndex: ruleIndex.get(d.code)!,
        level: SARIF_LEVEL[d.severity],
        message: { text: cliDiagnosticText(d) },
        locations: [{ physicalLocation: { artifactLocation: { uri: path.posix.join(spec.folder, d.file), uriBaseId: '%SRCROOT%' }, region } }],
        // Stable across runs while the finding stays on the same line with the same words.
        partialFingerprints: { specwrightFinding: `${spec.name}/${d.file}:${d.code}:${d.message}` },
      };
    }),
  );
  return {
    version: '2.1.0',
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    runs: [{ tool: { driver: { name: tool.name, version: tool.version, informationUri: tool.informationUri, rules } }, results, columnKind: 'unicodeCodePoints' }],
  };
}

/** `unknown-reference` → `UnknownReference` (SARIF's rule names are identifiers). */
function ruleName(code: string): string {
  return code.replace(/(^|-)([a-z0-9])/g, (_, _dash: string, c: string) => c.toUpperCase());
}

/**
 * JUnit XML: a test suite per spec and a test case per spec file; a file's errors make its case
 * fail (each error a line of the failure), warnings and notes go to its system-out. A spec file
 * without errors passes.
 */
export function lintJunit(specs: readonly LintedSpec[], files: (spec: LintedSpec) => readonly string[]): string {
  const suites = specs.map((spec) => {
    const names = [...new Set([...files(spec), ...spec.diagnostics.map((d) => d.file)])].sort();
    const cases = names.map((file) => {
      const found = spec.diagnostics.filter((d) => d.file === file);
      const errors = found.filter((d) => d.severity === 'error');
      const others = found.filter((d) => d.severity !== 'error');
      const line = (d: LintedSpec['diagnostics'][number]) => `${path.posix.join(spec.folder, d.file)}:${d.line}:${d.column} ${d.severity} ${d.code} ${cliDiagnosticText(d)}`;
      const failure = errors.length
        ? `\n      <failure message="${xml(`${errors.length} ${errors.length === 1 ? 'error' : 'errors'}: ${errors[0]!.message}`)}" type="${xml(errors[0]!.code)}">${xml(errors.map(line).join('\n'))}</failure>`
        : '';
      const out = others.length ? `\n      <system-out>${xml(others.map(line).join('\n'))}</system-out>` : '';
      const body = failure + out;
      return `    <testcase classname="${xml(`specs.${spec.name}`)}" name="${xml(file)}" file="${xml(path.posix.join(spec.folder, file))}"${body ? `>${body}\n    </testcase>` : ' />'}`;
    });
    const failures = names.filter((file) => spec.diagnostics.some((d) => d.file === file && d.severity === 'error')).length;
    return `  <testsuite name="${xml(spec.name)}" tests="${names.length}" failures="${failures}" errors="0" skipped="0">\n${cases.join('\n')}${cases.length ? '\n' : ''}  </testsuite>`;
  });
  const tests = specs.reduce((n, s) => n + [...new Set([...files(s), ...s.diagnostics.map((d) => d.file)])].length, 0);
  const failures = specs.reduce((n, s) => n + new Set(s.diagnostics.filter((d) => d.severity === 'error').map((d) => d.file)).size, 0);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="specwright spec lint" tests="${tests}" failures="${failures}" errors="0">\n${suites.join('\n')}${suites.length ? '\n' : ''}</testsuites>\n`;
}

/** Text and attribute values: the five XML entities, and characters XML 1.0 cannot hold dropped. */
function xml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
