import { globMatches } from '../fs';
import { checkFileReference, fileReferencesIn } from './fileReferences';
import { readSteeringFile, splitFrontMatter, type SteeringFileInfo } from './frontMatter';

export interface SteeringDiagnostic {
  file: string;
  /** 1-based. */
  line: number;
  /** 0-based. */
  column: number;
  severity: 'error' | 'warning';
  /** `steering-front-matter`, `steering-pattern-unmatched`, `steering-file-reference`. */
  code: string;
  message: string;
}

export interface SteeringLintOptions {
  /** `#[[file:…]]` resolves inside it. */
  workspace: string;
  /** The workspace's files (workspace-relative): a fileMatch pattern that matches none is reported. Omit to skip that check. */
  files?: readonly string[];
}

/**
 * Lints one steering file as the language server and `steering lint` show it: what the loader warns
 * about (unknown inclusion, unknown keys, fileMatch without a pattern, auto without a description),
 * patterns that match no file in the workspace, and `#[[file:…]]` references that do not resolve.
 */
export async function lintSteeringFile(text: string, info: SteeringFileInfo, options: SteeringLintOptions): Promise<SteeringDiagnostic[]> {
  const { doc, warnings } = readSteeringFile(text, info);
  const diagnostics: SteeringDiagnostic[] = warnings.map((w) => ({
    file: info.source,
    line: w.line ?? 1,
    column: 0,
    severity: /inclusion must be one of|not valid YAML|not a list of key/.test(w.message) ? 'error' : 'warning',
    code: 'steering-front-matter',
    message: w.message,
  }));
  if (options.files && doc.inclusion === 'fileMatch') {
    const raw = splitFrontMatter(text).raw ?? '';
    for (const pattern of doc.fileMatchPatterns) {
      if (options.files.some((f) => globMatches(pattern, f))) continue;
      diagnostics.push({
        file: info.source,
        ...patternPosition(raw, pattern),
        severity: 'warning',
        code: 'steering-pattern-unmatched',
        message: `fileMatchPattern "${pattern}" matches no file in the workspace (what .gitignore ignores is not counted); check the folder names and extension.`,
      });
    }
  }
  for (const reference of fileReferencesIn(doc.body)) {
    const problem = await checkFileReference(options.workspace, reference.reference);
    if (!problem) continue;
    diagnostics.push({
      file: info.source,
      line: doc.bodyLine + reference.line - 1,
      column: reference.column,
      severity: 'warning',
      code: 'steering-file-reference',
      message: `#[[file:${reference.reference}]] ${problem}; the agent sees this note instead of the file.`,
    });
  }
  return diagnostics.sort((a, b) => a.line - b.line || a.column - b.column);
}

function patternPosition(raw: string, pattern: string): { line: number; column: number } {
  const lines = raw.split(/\r?\n/);
  const index = lines.findIndex((l) => l.includes(pattern));
  if (index >= 0) return { line: index + 2, column: lines[index]!.indexOf(pattern) };
  const key = lines.findIndex((l) => l.startsWith('fileMatchPattern'));
  return { line: key >= 0 ? key + 2 : 1, column: 0 };
}
