import { DiagnosticSeverity, type Connection, type Diagnostic as LspDiagnostic } from 'vscode-languageserver';
import { lintSpec, type Diagnostic, type Severity, type SpecEvidence } from '../core/spec';
import { toLspRange } from './ranges';
import type { SpecIndex, SpecSnapshot } from './specIndex';
import type { SpecFileLocation } from './specPaths';
import type { WorkspaceTraces } from './traceEvidence';
import { remedyText } from '../shared/remedyText';

export const DIAGNOSTIC_SOURCE = 'specwright';
export const DEFAULT_DEBOUNCE_MS = 150;

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

/** Every diagnostic of a spec, grouped by the URI of the file it belongs to (files without any get []). */
export function diagnosticsBySpecFile(snapshot: SpecSnapshot, evidence?: SpecEvidence): Map<string, LspDiagnostic[]> {
  const found = lintSpec(snapshot, evidence);
  const byFile = new Map<string, LspDiagnostic[]>();
  const uriByFileName = new Map<string, string>();
  for (const file of snapshot.files) {
    byFile.set(file.uri, []);
    uriByFileName.set(file.doc.file, file.uri);
  }
  for (const d of found) {
    const uri = uriByFileName.get(d.file);
    if (uri) byFile.get(uri)!.push(toLspDiagnostic(d));
  }
  return byFile;
}

export function toLspDiagnostic(d: Diagnostic): LspDiagnostic {
  const range = d.range ? toLspRange(d.range) : { start: { line: d.line - 1, character: d.column - 1 }, end: { line: d.line, character: 0 } };
  // The remedy in the editor's words, and as data for the quick fix that carries it out.
  const message = d.remedy ? `${d.message} ${remedyText(d.remedy)}` : d.message;
  return { range, severity: SEVERITY[d.severity], code: d.code, source: DIAGNOSTIC_SOURCE, message, ...(d.remedy ? { data: { remedy: d.remedy } } : {}) };
}

/**
 * Re-lints a whole spec shortly after its files change and publishes the result for each file.
 * Edits within the debounce window coalesce into one lint; a lint overtaken by a newer edit is
 * dropped rather than published stale. Siblings are re-published only when their diagnostics
 * changed, the edited file always (so a client sees each edit acknowledged).
 */
export class DiagnosticsScheduler {
  private readonly pending = new Map<string, { timer: NodeJS.Timeout; touched: Set<string> }>();
  private readonly generation = new Map<string, number>();
  /** What each URI was last published with, to leave out a sibling whose diagnostics did not change. */
  private readonly published = new Map<string, LspDiagnostic[]>();
  /** Which URIs each spec published last time, to clear those of a file that went away. */
  private readonly publishedUris = new Map<string, Set<string>>();

  constructor(
    private readonly connection: Connection,
    private readonly index: SpecIndex,
    private readonly debounceMs: number,
    private readonly traces?: WorkspaceTraces,
  ) {}

  schedule(location: Pick<SpecFileLocation, 'dir' | 'specName'>, touchedUri?: string): void {
    const earlier = this.pending.get(location.dir);
    if (earlier) clearTimeout(earlier.timer);
    const touched = earlier?.touched ?? new Set<string>();
    if (touchedUri) touched.add(touchedUri);
    const timer = setTimeout(() => {
      this.pending.delete(location.dir);
      void this.lintNow(location, touched).catch((error: unknown) => this.connection.console.error(`Specwright could not lint ${location.dir}: ${String(error)}`));
    }, this.debounceMs);
    this.pending.set(location.dir, { timer, touched });
  }

  dispose(): void {
    for (const { timer } of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
  }

  private async lintNow(location: Pick<SpecFileLocation, 'dir' | 'specName'>, touched: Set<string>): Promise<void> {
    const generation = (this.generation.get(location.dir) ?? 0) + 1;
    this.generation.set(location.dir, generation);
    const snapshot = await this.index.snapshot(location);
    const evidence = await this.traces?.evidence(snapshot).catch((error: unknown) => {
      this.connection.console.warn(`Specwright linted ${location.dir} without the workspace's tests and run logs: ${String(error)}`);
      return undefined;
    });
    if (this.generation.get(location.dir) !== generation) return;
    const byFile = diagnosticsBySpecFile(snapshot, evidence);
    const before = this.publishedUris.get(location.dir) ?? new Set<string>();
    for (const uri of before) if (!byFile.has(uri)) byFile.set(uri, []);
    for (const [uri, diagnostics] of byFile) {
      const version = snapshot.files.find((f) => f.uri === uri)?.version ?? undefined;
      // Compared only for a sibling: the edited file is published anyway, and its list can be large.
      if (!touched.has(uri) && sameDiagnostics(this.published.get(uri), diagnostics)) continue;
      this.published.set(uri, diagnostics);
      await this.connection.sendDiagnostics({ uri, diagnostics, version });
    }
    this.publishedUris.set(location.dir, new Set(snapshot.files.map((f) => f.uri)));
  }
}

function sameDiagnostics(before: LspDiagnostic[] | undefined, now: LspDiagnostic[]): boolean {
  return before !== undefined && before.length === now.length && JSON.stringify(before) === JSON.stringify(now);
}
