import * as path from 'node:path';
import type { CriterionVerdict } from '../activity';
import { writeFileAtomic, type OwnWriteRecorder } from '../fs';
import { loadSpec, SPEC_FILE_NAMES, SpecFileMissingError } from '../spec';

export interface AddedTask {
  /** The new task's number in tasks.md. */
  id: string;
  criterion: string;
  title: string;
}

const TITLE_LIMIT = 100;

/**
 * Appends one open task per failed criterion to the spec's tasks.md, numbered after the last
 * top-level task and citing the criterion (`_Requirements: 1.2_`), with what the verdict found. One
 * atomic write that refuses when tasks.md changed since it was read, recorded as Specwright's own;
 * the user's text above is left byte for byte, line endings included.
 */
export async function addCriterionTasks(workspace: string, specName: string, failed: readonly CriterionVerdict[], options: { ownWrites?: OwnWriteRecorder } = {}): Promise<AddedTask[]> {
  const targets = failed.filter((v) => v.verdict === 'fail');
  if (!targets.length) return [];
  const spec = await loadSpec(workspace, specName);
  const file = spec.files.tasks;
  if (!file || !spec.tasks) throw new SpecFileMissingError(specName, SPEC_FILE_NAMES.tasks);
  const before = file.text;
  const eol = before.includes('\r\n') ? '\r\n' : '\n';
  let next = Math.max(0, ...spec.tasks.tasks.map((t) => (/^\d+$/.test(t.id) ? Number(t.id) : 0))) + 1;
  const added: AddedTask[] = [];
  const blocks: string[] = [];
  for (const verdict of targets) {
    const id = String(next++);
    const title = `Make criterion ${verdict.criterion} hold: ${oneLine(verdict.text, TITLE_LIMIT)}`;
    const lines = [`- [ ] ${id}. ${title}`, `  - Found by spec verify: ${oneLine(verdict.summary, 300)}`];
    for (const f of verdict.evidence.files.slice(0, 5)) lines.push(`  - See ${f.path}${f.lines ? `:${f.lines.start}-${f.lines.end}` : ''}`);
    lines.push(`  - _Requirements: ${verdict.criterion}_`);
    blocks.push(lines.join(eol));
    added.push({ id, criterion: verdict.criterion, title });
  }
  const trimmed = before.replace(/(\r?\n)*$/, '');
  const text = `${trimmed}${trimmed ? eol + eol : ''}${blocks.join(eol + eol)}${eol}`;
  await writeFileAtomic(path.resolve(file.path), text, { expectedContent: before, ...(options.ownWrites ? { ownWrites: options.ownWrites } : {}) });
  return added;
}

/** Text on one line, without the Markdown that would end a task's title early, cut at `limit`. */
function oneLine(text: string, limit: number): string {
  const flat = text.replace(/\s+/g, ' ').replace(/_Requirements:/gi, 'Requirements:').trim();
  return flat.length > limit ? `${flat.slice(0, limit - 1)}…` : flat;
}
