import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { SPEC_FILE_NAMES, type SpecFileKind } from '../core/spec';

/** One of the four files of a spec, located on disk. */
export interface SpecFileLocation {
  /** Absolute path of the spec folder, `<root>/.kiro/specs/<name>`. */
  dir: string;
  /** The spec's folder name. */
  specName: string;
  kind: SpecFileKind;
  /** Absolute path of the file. */
  path: string;
}

const KIND_BY_FILE_NAME = new Map(Object.entries(SPEC_FILE_NAMES).map(([kind, name]) => [name, kind as SpecFileKind]));
export const SPEC_FILE_KINDS = Object.keys(SPEC_FILE_NAMES) as SpecFileKind[];

/**
 * Which spec file a URI names, or null for anything the server should ignore: other schemes,
 * other Markdown, and notes kept beside the spec files (`.kiro/specs/x/notes.md`).
 */
export function specFileOfUri(uri: string): SpecFileLocation | null {
  const file = filePathOfUri(uri);
  return file === null ? null : specFileOfPath(file);
}

/** The local path a `file:` URI names, or null for other schemes and malformed URIs. */
export function filePathOfUri(uri: string): string | null {
  if (!uri.startsWith('file:')) return null;
  try {
    return fileURLToPath(uri);
  } catch {
    return null;
  }
}

export function specFileOfPath(file: string): SpecFileLocation | null {
  const kind = KIND_BY_FILE_NAME.get(path.basename(file));
  if (!kind) return null;
  const dir = path.dirname(file);
  const specs = path.dirname(dir);
  if (path.basename(specs) !== 'specs' || path.basename(path.dirname(specs)) !== '.kiro') return null;
  return { dir, specName: path.basename(dir), kind, path: file };
}

export function siblingPath(dir: string, kind: SpecFileKind): string {
  return path.join(dir, SPEC_FILE_NAMES[kind]);
}

export function uriOfPath(file: string): string {
  return pathToFileURL(file).href;
}
