import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/** `#[[file:relative/path]]` as Kiro writes it in steering and spec documents. */
export const FILE_REFERENCE = /#\[\[file:([^\]\n]+)\]\]/g;

export interface ExpandOptions {
  /** Where references resolve from and must stay inside (symlinks resolved). */
  root: string;
  /** Per referenced file; the rest is cut with a note. */
  maxFileBytes?: number;
  /** Nesting depth of references inside referenced files. */
  maxDepth?: number;
}

export interface ExpandedText {
  text: string;
  /** References that could not be expanded: what, and why (also said in place in the text). */
  problems: Array<{ reference: string; message: string }>;
}

const DEFAULT_MAX_FILE_BYTES = 64 * 1024;
const DEFAULT_MAX_DEPTH = 4;

/**
 * Replaces every `#[[file:…]]` with that file's content, as the document is included: the path is
 * relative to the root (the workspace), must resolve (symlinks too) to a file inside it, is cut at a
 * size cap with a note, and a file that refers back to one being expanded is not expanded again. A
 * problem is reported in place, so the model and the person reading the prompt both see it.
 */
export async function expandFileReferences(text: string, options: ExpandOptions, seen: readonly string[] = []): Promise<ExpandedText> {
  const problems: ExpandedText['problems'] = [];
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  const root = await fs.realpath(options.root).catch(() => path.resolve(options.root));
  let out = '';
  let last = 0;
  for (const match of text.matchAll(FILE_REFERENCE)) {
    out += text.slice(last, match.index);
    last = match.index + match[0].length;
    const reference = match[1]!.trim();
    const resolved = await resolveReference(root, reference);
    if ('problem' in resolved) {
      problems.push({ reference, message: resolved.problem });
      out += `[${match[0]}: ${resolved.problem}]`;
      continue;
    }
    if (seen.includes(resolved.file) || seen.length >= maxDepth) {
      const why = seen.includes(resolved.file) ? 'refers back to a file already being included' : `nested deeper than ${maxDepth} references`;
      problems.push({ reference, message: why });
      out += `[${match[0]}: not expanded, ${why}]`;
      continue;
    }
    const buffer = await fs.readFile(resolved.file);
    let content = buffer.subarray(0, maxFileBytes).toString('utf8');
    const cut = buffer.length > maxFileBytes ? `\n[… ${buffer.length - maxFileBytes} more bytes of ${reference} not included]` : '';
    const inner = await expandFileReferences(content, options, [...seen, resolved.file]);
    problems.push(...inner.problems);
    content = inner.text;
    out += `<file path="${reference}">\n${content.trimEnd()}${cut}\n</file>`;
  }
  return { text: out + text.slice(last), problems };
}

async function resolveReference(root: string, reference: string): Promise<{ file: string } | { problem: string }> {
  if (!reference || path.isAbsolute(reference) || /^[a-zA-Z]:[\\/]/.test(reference)) return { problem: 'must be a path relative to the workspace' };
  const lexical = path.resolve(root, reference);
  if (!isInside(root, lexical)) return { problem: 'is outside the workspace' };
  let real: string;
  try {
    real = await fs.realpath(lexical);
  } catch {
    return { problem: 'file not found' };
  }
  if (!isInside(root, real)) return { problem: 'leads outside the workspace (through a symbolic link)' };
  const stat = await fs.stat(real);
  if (!stat.isFile()) return { problem: 'is not a file' };
  return { file: real };
}

function isInside(root: string, target: string): boolean {
  const relative = path.relative(root, target);
  return relative === '' ? false : !relative.startsWith('..') && !path.isAbsolute(relative);
}

/** The references in a text, with their line (1-based) and column, for lint. */
export function fileReferencesIn(text: string): Array<{ reference: string; line: number; column: number; length: number }> {
  const found: Array<{ reference: string; line: number; column: number; length: number }> = [];
  for (const match of text.matchAll(FILE_REFERENCE)) {
    const before = text.slice(0, match.index);
    const line = before.split('\n').length;
    const column = match.index - (before.lastIndexOf('\n') + 1);
    found.push({ reference: match[1]!.trim(), line, column, length: match[0].length });
  }
  return found;
}

/** Whether a reference resolves to a readable file inside root (for lint). */
export async function checkFileReference(root: string, reference: string): Promise<string | null> {
  const realRoot = await fs.realpath(root).catch(() => path.resolve(root));
  const resolved = await resolveReference(realRoot, reference);
  return 'problem' in resolved ? resolved.problem : null;
}
