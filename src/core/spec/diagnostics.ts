import type { SourceText } from './sourceText';
import type { Diagnostic, Severity, SourceRange } from './types';

export function diagnosticAt(file: string, range: SourceRange, severity: Severity, code: string, message: string): Diagnostic {
  return { file, line: range.start.line, column: range.start.column, severity, code, message, range };
}

/**
 * The parsers are written never to throw; if one does anyway, the file is still returned whole (as
 * plain text) with this error, so a bug in Specwright never costs the user their document.
 */
export function internalErrorDiagnostic(file: string, source: SourceText, error: unknown): Diagnostic {
  const reason = error instanceof Error ? error.message : String(error);
  return diagnosticAt(file, source.linesRange(0, 0), 'error', 'parser-internal-error',
    `Specwright could not read the structure of ${file} (${reason}); the file is left untouched. Please report this with the file attached.`);
}

const severityRank: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** File, then line, then column, then severity: the order people read a report in. */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  // Nearly every pair is in one file: equal names need no collation.
  return (a.file === b.file ? 0 : a.file.localeCompare(b.file)) || a.line - b.line || a.column - b.column || severityRank[a.severity] - severityRank[b.severity];
}
