import { promises as fs } from 'node:fs';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import {
  parseBugfix,
  parseDesign,
  parseRequirements,
  parseTasks,
  reparseTasks,
  SPEC_FILE_NAMES,
  type BugfixDocument,
  type DesignDocument,
  type RequirementsDocument,
  type SpecDocument,
  type SpecFileKind,
  type TasksDocument,
} from '../core/spec';
import { SPEC_FILE_KINDS, siblingPath, specFileOfUri, uriOfPath, type SpecFileLocation } from './specPaths';

/** One file of a spec as the server currently sees it. */
export interface SpecFileState {
  kind: SpecFileKind;
  path: string;
  /** The URI diagnostics are published under: the open document's own URI when it is open. */
  uri: string;
  /** The open document's version; null when the text was read from disk. */
  version: number | null;
  doc: SpecDocument;
}

/** Every file of one spec at one moment. Documents are shared between snapshots until they change. */
export interface SpecSnapshot {
  dir: string;
  specName: string;
  files: SpecFileState[];
  requirements?: RequirementsDocument;
  design?: DesignDocument;
  tasks?: TasksDocument;
  bugfix?: BugfixDocument;
}

/** What the index needs from the server's open-document store (TextDocuments satisfies it). */
export interface OpenDocumentStore {
  get(uri: string): TextDocument | undefined;
}

interface CachedParse {
  /** `open:<uri>:<version>` or `disk:<mtime>:<size>`: when it differs, the file is parsed again. */
  key: string;
  uri: string;
  version: number | null;
  doc: SpecDocument;
}

/**
 * A per-file cache of parsed spec documents. Open documents are read from the editor's buffer,
 * the others from disk (re-read only when their mtime or size changes), and only a file whose
 * text changed is parsed again: an edit in tasks.md re-parses tasks.md alone, while the lint that
 * follows still sees the whole spec, since its diagnostics cross files.
 */
export class SpecIndex {
  private readonly parsed = new Map<string, CachedParse>();
  /** Open spec documents by file path, so that siblings are found under the URI the client used. */
  private readonly openUriByPath = new Map<string, string>();

  constructor(private readonly documents: OpenDocumentStore) {}

  noteOpened(uri: string): void {
    const location = specFileOfUri(uri);
    if (location) this.openUriByPath.set(location.path, uri);
  }

  noteClosed(uri: string): void {
    const location = specFileOfUri(uri);
    if (location && this.openUriByPath.get(location.path) === uri) this.openUriByPath.delete(location.path);
  }

  /** The URI a spec file is known by: the open document's, else one made from its path. */
  uriOf(file: string): string {
    return this.openUriByPath.get(file) ?? uriOfPath(file);
  }

  async snapshot(location: Pick<SpecFileLocation, 'dir' | 'specName'>): Promise<SpecSnapshot> {
    const snapshot: SpecSnapshot = { dir: location.dir, specName: location.specName, files: [] };
    const states = await Promise.all(SPEC_FILE_KINDS.map((kind) => this.fileState(location.dir, kind)));
    for (const state of states) {
      if (!state) continue;
      snapshot.files.push(state);
      const doc = state.doc;
      if (doc.kind === 'requirements') snapshot.requirements = doc;
      else if (doc.kind === 'design') snapshot.design = doc;
      else if (doc.kind === 'tasks') snapshot.tasks = doc;
      else snapshot.bugfix = doc;
    }
    return snapshot;
  }

  private async fileState(dir: string, kind: SpecFileKind): Promise<SpecFileState | null> {
    const file = siblingPath(dir, kind);
    const openUri = this.openUriByPath.get(file);
    const open = openUri ? this.documents.get(openUri) : undefined;
    if (open) return this.parsedFile(file, kind, `open:${open.uri}:${open.version}`, open.uri, open.version, () => open.getText());
    let stat;
    try {
      stat = await fs.stat(file);
    } catch {
      this.parsed.delete(file);
      return null;
    }
    if (!stat.isFile()) return null;
    const key = `disk:${stat.mtimeMs}:${stat.size}`;
    const cached = this.parsed.get(file);
    if (cached?.key === key) return { kind, path: file, uri: cached.uri, version: null, doc: cached.doc };
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch {
      return null;
    }
    return this.parsedFile(file, kind, key, uriOfPath(file), null, () => text);
  }

  private parsedFile(file: string, kind: SpecFileKind, key: string, uri: string, version: number | null, text: () => string): SpecFileState {
    let cached = this.parsed.get(file);
    if (cached?.key !== key) {
      cached = { key, uri, version, doc: parseSpecFile(kind, text(), cached?.doc) };
      this.parsed.set(file, cached);
    }
    return { kind, path: file, uri: cached.uri, version: cached.version, doc: cached.doc };
  }
}

/** With the file's previous parse, tasks.md is read again only where its text changed (see reparseTasks). */
export function parseSpecFile(kind: SpecFileKind, text: string, previous?: SpecDocument): SpecDocument {
  const options = { file: SPEC_FILE_NAMES[kind] };
  if (kind === 'requirements') return parseRequirements(text, options);
  if (kind === 'design') return parseDesign(text, options);
  if (kind === 'tasks') return previous?.kind === 'tasks' && previous.file === options.file ? reparseTasks(previous, text) : parseTasks(text, options);
  return parseBugfix(text, options);
}

/** The snapshot's state of the file a request is about. */
export function fileOf(snapshot: SpecSnapshot, kind: SpecFileKind): SpecFileState | undefined {
  return snapshot.files.find((f) => f.kind === kind);
}
