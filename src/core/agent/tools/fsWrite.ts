import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { FileChangedOnDiskError, writeFileAtomic } from '../../fs';
import type { ProposedAction } from '../../policy/types';
import { findNewElision } from './elision';
import { countLines, describeChange, type FileChange } from './fileDiff';
import { applyEdit, type EditCommand } from './textEdits';
import { intLike, toInputSchema } from './schema';
import { ToolInputError, type AgentTool, type ToolContext, type ToolResult } from './types';
import { displayPath, looksBinary, resolveToolPath } from './workspaceFiles';

const schema = z.object({
  command: z.enum(['create', 'str_replace', 'insert', 'append']),
  path: z.string().min(1),
  file_text: z.string().optional().describe('create: the whole file'),
  old_str: z.string().optional().describe('str_replace: exact text, must occur once'),
  new_str: z.string().optional().describe('str_replace/insert/append: new text'),
  insert_line: intLike.optional().describe('insert: after this line (0 = top)'),
  summary: z.string().optional(),
});
export type FsWriteInput = z.infer<typeof schema>;

/** A write worked out in full before anything touches the disk. */
interface PreparedWrite {
  absolute: string;
  relative: string;
  /** The file's text when it was read (null: it did not exist); the write is refused if it changed since. */
  before: string | null;
  after: string;
  change: FileChange;
  action: Extract<ProposedAction, { kind: 'write' }>;
}

/**
 * What plan() read and computed, by input object: run() writes exactly the change the policy (and
 * perhaps the user) approved, and refuses if the file was edited in the meantime.
 */
const planned = new WeakMap<FsWriteInput, PreparedWrite>();

export const fsWriteTool: AgentTool<FsWriteInput> = {
  name: 'fs_write',
  description:
    'Create or edit a file. create: file_text is the whole file (overwrites). str_replace: replace old_str, which must match exactly once, whitespace included, with new_str. ' +
    'insert: new_str after line insert_line. append: new_str at the end. Send complete text: placeholders like "// ... existing code ..." are refused.',
  inputSchema: schema,
  jsonSchema: toInputSchema(schema),

  summarize(input) {
    const verb = { create: 'Writing', str_replace: 'Editing', insert: 'Inserting into', append: 'Appending to' }[input.command];
    return `${verb} ${input.path}${input.summary ? `: ${input.summary}` : ''}`.slice(0, 160);
  },

  async plan(input, ctx) {
    const prepared = await prepareWrite(input, ctx);
    planned.set(input, prepared);
    return [prepared.action];
  },

  async run(input, ctx) {
    const prepared = planned.get(input) ?? (await prepareWrite(input, ctx));
    planned.delete(input);
    return applyWrite(prepared, ctx);
  },
};

async function prepareWrite(input: FsWriteInput, ctx: ToolContext): Promise<PreparedWrite> {
  const target = resolveToolPath(ctx.workspace, input.path);
  const relative = displayPath(target.relative);
  const before = await readIfExists(target.absolute, relative);
  const edit = toEdit(input, relative, before);
  const after = applyEdit(edit, before, relative);

  const marker = findNewElision(target.absolute, edit.newText, before ?? '');
  if (marker) {
    throw new ToolInputError(
      `Refused: line ${marker.line} of the new text for ${relative} is "${marker.text}", which stands for omitted code. ` +
        'fs_write writes exactly what you send, so that code would be deleted. Send the complete text, or use str_replace on just the lines that change.',
    );
  }
  const change = describeChange(relative, before ?? '', after);
  const operation = before === null ? 'create' : input.command === 'append' ? 'append' : 'modify';
  return {
    absolute: target.absolute,
    relative,
    before,
    after,
    change,
    action: { kind: 'write', path: relative, operation, linesChanged: change.added + change.removed, linesBefore: countLines(before ?? '') },
  };
}

function toEdit(input: FsWriteInput, relative: string, before: string | null): EditCommand {
  const text = (field: 'file_text' | 'new_str', alternative: 'file_text' | 'new_str') => {
    const value = input[field] ?? input[alternative];
    if (value === undefined) throw new ToolInputError(`${input.command} needs ${field}.`);
    return value;
  };
  switch (input.command) {
    case 'create':
      return { kind: 'create', newText: text('file_text', 'new_str') };
    case 'append':
      return { kind: 'append', newText: text('new_str', 'file_text') };
    case 'str_replace':
      if (before === null) throw new ToolInputError(`${relative} does not exist; use command create to make it.`);
      if (!input.old_str) throw new ToolInputError('str_replace needs a non-empty old_str.');
      if (input.new_str === undefined) throw new ToolInputError('str_replace needs new_str (use "" to delete old_str).');
      return { kind: 'replace', oldText: input.old_str, newText: input.new_str };
    case 'insert':
      if (before === null) throw new ToolInputError(`${relative} does not exist; use command create to make it.`);
      if (input.insert_line === undefined) throw new ToolInputError('insert needs insert_line (0 inserts at the top).');
      return { kind: 'insert', afterLine: input.insert_line, newText: text('new_str', 'file_text') };
  }
}

async function applyWrite(prepared: PreparedWrite, ctx: ToolContext): Promise<ToolResult> {
  const { absolute, relative, before, after, change } = prepared;
  if (before === after) return { content: `No change: ${relative} already has this content.`, isError: false };
  ctx.signal.throwIfAborted();
  try {
    if (before === null) await fs.mkdir(path.dirname(absolute), { recursive: true });
    await writeFileAtomic(absolute, after, { expectedContent: before });
  } catch (error) {
    if (error instanceof FileChangedOnDiskError) {
      return { content: `${relative} changed on disk after it was read (perhaps edited by the user); nothing was written. Read it again and redo the edit.`, isError: true };
    }
    throw error;
  }
  // Trust, but verify: a formatter, a watcher or text that cannot be stored as UTF-8 would show here.
  const written = await fs.readFile(absolute, 'utf8');
  if (written !== after) {
    return {
      content: `Wrote ${relative}, but reading it back gave different content (${written.length} characters instead of ${after.length}). Read the file to see what it holds now.`,
      isError: true,
    };
  }
  ctx.emit({ type: 'file_written', path: relative, change: before === null ? 'created' : 'modified', added: change.added, removed: change.removed, diff: change.diff });
  const content = before === null ? `Created ${relative} (+${change.added} lines).` : `Updated ${relative} (+${change.added} -${change.removed} lines).`;
  return { content, isError: false };
}

/** The file's text, or null when it does not exist. Files that are not UTF-8 text are refused: editing them as strings would corrupt them. */
async function readIfExists(file: string, relative: string): Promise<string | null> {
  let buffer: Buffer;
  try {
    if ((await fs.stat(file)).isDirectory()) throw new ToolInputError(`${relative} is a folder, not a file.`);
    buffer = await fs.readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const text = buffer.toString('utf8');
  if (looksBinary(buffer) || !Buffer.from(text, 'utf8').equals(buffer)) {
    throw new ToolInputError(`${relative} is not UTF-8 text; fs_write cannot edit it safely.`);
  }
  return text;
}
