import { promises as fs } from 'node:fs';
import type { WorkspacePath } from '../../fs';
import { ToolInputError } from './types';
import { displayPath, looksBinary, statExisting, walk } from './workspaceFiles';

const MAX_LISTED_ENTRIES = 1_000;
const MAX_SEARCH_MATCHES = 100;
/** Minified bundles and data files have lines of megabytes; one of them must not fill the whole result. */
const MAX_LINE_CHARS = 2_000;

function clipLine(line: string): string {
  return line.length > MAX_LINE_CHARS ? `${line.slice(0, MAX_LINE_CHARS)}… [line cut: ${line.length} characters]` : line;
}

/** A file's lines, without the empty "line" after a final newline and without \r. */
async function readTextLines(file: WorkspacePath): Promise<string[]> {
  const stat = await statExisting(file);
  if (stat.isDirectory()) throw new ToolInputError(`${displayPath(file.relative)} is a folder; use mode Directory to list it.`);
  const buffer = await fs.readFile(file.absolute);
  if (looksBinary(buffer)) throw new ToolInputError(`${displayPath(file.relative)} is a binary file (${buffer.length} bytes) and cannot be shown as text.`);
  const lines = buffer.toString('utf8').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
}

/** Kiro's convention: 1-based, and negative numbers count from the end (-1 is the last line). */
function lineIndex(requested: number, lineCount: number): number {
  return requested < 0 ? lineCount + requested + 1 : requested;
}

export async function readLines(file: WorkspacePath, startLine: number | undefined, endLine: number | undefined, limitChars: number): Promise<{ text: string; detail: string }> {
  const lines = await readTextLines(file);
  const name = displayPath(file.relative);
  if (!lines.length) return { text: `(${name} is empty)`, detail: 'empty' };
  const start = Math.max(1, lineIndex(startLine ?? 1, lines.length));
  const end = Math.min(lines.length, lineIndex(endLine ?? -1, lines.length));
  if (start > lines.length) throw new ToolInputError(`start_line ${startLine} is past the end of ${name}, which has ${lines.length} lines.`);
  if (end < start) throw new ToolInputError(`end_line ${endLine} comes before start_line ${startLine ?? 1} in ${name} (${lines.length} lines).`);

  const width = String(end).length;
  const out: string[] = [];
  let used = 0;
  let last = start - 1;
  for (let n = start; n <= end; n++) {
    const line = `${String(n).padStart(width)}\t${clipLine(lines[n - 1]!)}`;
    if (used + line.length > limitChars && out.length) break;
    out.push(line);
    used += line.length + 1;
    last = n;
  }
  if (last < end) out.push(`… output limit reached at line ${last} of ${lines.length}; continue with start_line ${last + 1}.`);
  else if (start > 1 || end < lines.length) out.push(`[lines ${start}-${end} of ${lines.length}]`);
  return { text: out.join('\n'), detail: `lines ${start}-${last}` };
}

export async function listDirectory(workspace: string, dir: WorkspacePath, depth: number, signal: AbortSignal, limitChars: number): Promise<string> {
  const stat = await statExisting(dir);
  if (!stat.isDirectory()) throw new ToolInputError(`${displayPath(dir.relative)} is a file; use mode Line to read it.`);
  const out: string[] = [];
  let used = 0;
  for await (const entry of walk(workspace, dir, { maxDepth: depth + 1, signal })) {
    const line = entry.isDirectory ? `${entry.relative}/${entry.notDescended ? ' (not listed)' : ''}` : entry.relative;
    if (out.length === MAX_LISTED_ENTRIES || used + line.length > limitChars) {
      out.push(`… stopped after ${out.length} entries; list a subfolder or use a smaller depth.`);
      break;
    }
    out.push(line);
    used += line.length + 1;
  }
  return out.length ? out.join('\n') : `(${displayPath(dir.relative)} is empty)`;
}

/** Case-insensitive substring search in one file, as Kiro's Search mode does; grep-style output. */
export async function searchFile(file: WorkspacePath, pattern: string, contextLines: number, limitChars: number): Promise<string> {
  const stat = await statExisting(file);
  if (stat.isDirectory()) throw new ToolInputError(`${displayPath(file.relative)} is a folder; use the grep tool to search a folder.`);
  const lines = await readTextLines(file);
  const needle = pattern.toLowerCase();
  const matches: number[] = [];
  for (let i = 0; i < lines.length && matches.length <= MAX_SEARCH_MATCHES; i++) {
    if (lines[i]!.toLowerCase().includes(needle)) matches.push(i);
  }
  if (!matches.length) return `No line in ${displayPath(file.relative)} contains "${pattern}".`;
  const more = matches.length > MAX_SEARCH_MATCHES;
  if (more) matches.pop();

  const isMatch = new Set(matches);
  const out: string[] = [];
  let printedUpTo = -1;
  for (const match of matches) {
    const from = Math.max(match - contextLines, printedUpTo + 1);
    const to = Math.min(match + contextLines, lines.length - 1);
    if (printedUpTo >= 0 && from > printedUpTo + 1) out.push('--');
    for (let i = from; i <= to; i++) out.push(`${i + 1}${isMatch.has(i) ? ':' : '-'}${clipLine(lines[i]!)}`);
    printedUpTo = Math.max(printedUpTo, to);
  }
  if (more) out.push(`… stopped at ${MAX_SEARCH_MATCHES} matches; use a more specific pattern.`);
  const text = out.join('\n');
  return text.length > limitChars ? `${text.slice(0, limitChars)}\n… output limit reached; use a more specific pattern.` : text;
}
