import * as path from 'node:path';
import { filePathOfUri } from './specPaths';
import { DiagnosticSeverity, type Connection, type Diagnostic as LspDiagnostic } from 'vscode-languageserver';
import { lintSteeringFile, walkWorkspace, type SteeringDiagnostic, type SteeringFileInfo } from '../core/steering';
import { DIAGNOSTIC_SOURCE } from './diagnostics';

/** A workspace steering file, `<workspace>/.kiro/steering/<name>.md`, as the linter needs it. */
export interface SteeringFileLocation {
  workspace: string;
  info: SteeringFileInfo;
}

/** Which steering file a URI names, or null (other schemes, other Markdown, files in sub-folders of steering/). */
export function steeringFileOfUri(uri: string): SteeringFileLocation | null {
  const file = filePathOfUri(uri);
  if (file === null || path.extname(file).toLowerCase() !== '.md') return null;
  const steering = path.dirname(file);
  const kiro = path.dirname(steering);
  if (path.basename(steering) !== 'steering' || path.basename(kiro) !== '.kiro') return null;
  const workspace = path.dirname(kiro);
  return { workspace, info: { source: `.kiro/steering/${path.basename(file)}`, absolutePath: file, scope: 'workspace', origin: 'steering' } };
}

/** How long the list of the workspace's files (for "this pattern matches no file") is reused. */
const FILE_LIST_TTL_MS = 10_000;

/**
 * Lints steering files as they are edited: the front matter (unknown inclusion or keys, fileMatch
 * without a pattern, auto without a description), patterns that match no file of the workspace, and
 * `#[[file:…]]` references that do not resolve. Edits within the debounce window coalesce; a lint
 * overtaken by a newer edit is dropped.
 */
export class SteeringDiagnostics {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly generation = new Map<string, number>();
  private readonly fileLists = new Map<string, { at: number; files: Promise<string[]> }>();

  constructor(
    private readonly connection: Connection,
    /** The open document's text and version; undefined once it is closed. */
    private readonly documentOf: (uri: string) => { getText(): string; version: number } | undefined,
    private readonly debounceMs: number,
  ) {}

  /** True when `uri` is a steering file (and a lint is scheduled). */
  schedule(uri: string): boolean {
    const location = steeringFileOfUri(uri);
    if (!location) return false;
    clearTimeout(this.timers.get(uri));
    const generation = (this.generation.get(uri) ?? 0) + 1;
    this.generation.set(uri, generation);
    this.timers.set(
      uri,
      setTimeout(() => {
        this.timers.delete(uri);
        void this.lintNow(uri, location, generation).catch((error: unknown) => this.connection.console.error(`Specwright could not lint ${location.info.source}: ${String(error)}`));
      }, this.debounceMs),
    );
    return true;
  }

  /** A closed steering file's problems go with it: they are the editor's, and the CLI's `steering lint` reports the rest. */
  clear(uri: string): void {
    if (!steeringFileOfUri(uri)) return;
    clearTimeout(this.timers.get(uri));
    this.timers.delete(uri);
    this.generation.set(uri, (this.generation.get(uri) ?? 0) + 1);
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private async lintNow(uri: string, location: SteeringFileLocation, generation: number): Promise<void> {
    const document = this.documentOf(uri);
    if (!document) return;
    const text = document.getText();
    const files = await this.filesOf(location.workspace);
    const found = await lintSteeringFile(text, location.info, { workspace: location.workspace, files });
    if (this.generation.get(uri) !== generation) return;
    await this.connection.sendDiagnostics({ uri, version: document.version, diagnostics: found.map((d) => toLspDiagnostic(d, text)) });
  }

  private filesOf(workspace: string): Promise<string[]> {
    const cached = this.fileLists.get(workspace);
    if (cached && Date.now() - cached.at < FILE_LIST_TTL_MS) return cached.files;
    const files: string[] = [];
    const listing = walkWorkspace(workspace, (file) => files.push(file)).then(() => files);
    this.fileLists.set(workspace, { at: Date.now(), files: listing });
    return listing;
  }
}

/** One steering diagnostic on its line, from its column to the end of that line. */
export function toLspDiagnostic(d: SteeringDiagnostic, text: string): LspDiagnostic {
  const line = Math.max(0, d.line - 1);
  const lineText = text.split(/\r?\n/)[line] ?? '';
  const start = Math.min(d.column, lineText.length);
  return {
    range: { start: { line, character: start }, end: { line, character: Math.max(start, lineText.length) } },
    severity: d.severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
    code: d.code,
    source: DIAGNOSTIC_SOURCE,
    message: d.message,
  };
}
