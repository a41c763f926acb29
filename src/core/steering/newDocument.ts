import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { FileChangedOnDiskError, writeFileAtomic, type OwnWriteRecorder } from '../fs';
import type { InclusionMode } from './types';

export interface NewSteeringDocument {
  /** The file name without `.md`: lower case letters, digits, `-` and `_` (what `#name` can mention). */
  name: string;
  inclusion: InclusionMode;
  /** For `fileMatch`: the glob, or several. */
  fileMatchPatterns?: readonly string[];
  /** For `auto`: what the model reads to decide whether to load it. */
  description?: string;
}

/** Why `name` cannot name a steering document, or null when it can. */
export function steeringNameProblem(name: string): string | null {
  if (!name.trim()) return 'Give the document a name, such as api-style.';
  if (!/^[a-z0-9][a-z0-9_-]*$/.test(name)) return 'Use lower-case letters, digits, - and _ (it becomes the file name and the #name prompts mention).';
  if (name.length > 64) return 'Keep the name to 64 characters.';
  return null;
}

/**
 * A new steering file's text, front matter exactly as Kiro writes it: `inclusion` first, then
 * `fileMatchPattern` (a double-quoted string, or a YAML list for several) or `name` and `description`
 * for auto; then a heading and a line saying what belongs there.
 */
export function steeringDocumentText(doc: NewSteeringDocument): string {
  const lines = ['---', `inclusion: ${doc.inclusion}`];
  if (doc.inclusion === 'fileMatch') {
    const patterns = (doc.fileMatchPatterns ?? []).map((p) => p.trim()).filter(Boolean);
    if (patterns.length === 1) lines.push(`fileMatchPattern: ${quoted(patterns[0]!)}`);
    else lines.push('fileMatchPattern:', ...patterns.map((p) => `  - ${quoted(p)}`));
  }
  if (doc.inclusion === 'auto') {
    lines.push(`name: ${doc.name}`, `description: ${quoted(oneLine(doc.description ?? ''))}`);
  }
  lines.push('---', '', `# ${title(doc.name)}`, '', whatBelongs(doc.inclusion), '');
  return lines.join('\n');
}

/**
 * Writes the new document to `.kiro/steering/<name>.md` of `workspace` and returns its path. Never
 * over a file that is there (one that appeared since the name was checked is refused, nothing
 * written). Specwright's own write: recorded with `ownWrites`, so a checkpoint restore does not
 * take the new file for a person's.
 */
export async function writeSteeringDocument(workspace: string, doc: NewSteeringDocument, ownWrites?: OwnWriteRecorder): Promise<string> {
  const problem = steeringNameProblem(doc.name);
  if (problem) throw new Error(`${doc.name}: ${problem}`);
  const folder = path.join(workspace, '.kiro', 'steering');
  const file = path.join(folder, `${doc.name}.md`);
  await fs.mkdir(folder, { recursive: true });
  try {
    await writeFileAtomic(file, steeringDocumentText(doc), { expectedContent: null, ...(ownWrites ? { ownWrites } : {}) });
  } catch (error) {
    if (error instanceof FileChangedOnDiskError) throw new Error(`.kiro/steering/${doc.name}.md exists already; pick another name (nothing was written)`);
    throw error;
  }
  return file;
}

function quoted(text: string): string {
  return JSON.stringify(text);
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function title(name: string): string {
  const words = name.replace(/[-_]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function whatBelongs(inclusion: InclusionMode): string {
  switch (inclusion) {
    case 'always':
      return 'Rules the agent follows in every task and prompt of this workspace.';
    case 'fileMatch':
      return 'Rules for the files the pattern matches; the agent gets them once its work touches one.';
    case 'manual':
      return 'Rules the agent gets when a prompt or task names this document with #name.';
    case 'auto':
      return 'Guidance the agent loads when the description says it applies to the work.';
  }
}
