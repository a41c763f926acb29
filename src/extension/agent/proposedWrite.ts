import type { ActivityEvent } from '../../core/activity';
import { applyEdit, type EditCommand } from '../../core/agent';

/**
 * The text a pending fs_write would leave in its file, worked out from the tool call's input the
 * same way the tool does (textEdits.applyEdit), so a person can review the write before approving
 * it. Null when the input is not an fs_write edit that fits the file.
 */
export function proposedContent(input: unknown, before: string | null): string | null {
  const edit = editOf(input);
  if (!edit) return null;
  try {
    return applyEdit(edit, before, 'file');
  } catch {
    return null;
  }
}

/** The path an fs_write call writes, as the model wrote it. */
export function writeTargetOf(input: unknown): string | null {
  if (typeof input !== 'object' || input === null) return null;
  const path = (input as { path?: unknown }).path;
  return typeof path === 'string' && path ? path : null;
}

function editOf(input: unknown): EditCommand | null {
  if (typeof input !== 'object' || input === null) return null;
  const i = input as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  const newText = text(i.new_str) ?? text(i.file_text);
  switch (i.command) {
    case 'create': {
      const whole = text(i.file_text) ?? text(i.new_str);
      return whole === undefined ? null : { kind: 'create', newText: whole };
    }
    case 'append':
      return newText === undefined ? null : { kind: 'append', newText };
    case 'str_replace': {
      const oldText = text(i.old_str);
      const replacement = text(i.new_str);
      return oldText && replacement !== undefined ? { kind: 'replace', oldText, newText: replacement } : null;
    }
    case 'insert': {
      const line = typeof i.insert_line === 'number' ? i.insert_line : typeof i.insert_line === 'string' ? Number(i.insert_line) : NaN;
      return Number.isInteger(line) && newText !== undefined ? { kind: 'insert', afterLine: line, newText } : null;
    }
    default:
      return null;
  }
}

/**
 * Remembers the latest fs_write call of a run, so the approval that follows it (the policy asks
 * right after the call is planned) can be shown as a diff.
 */
export class PendingWriteTracker {
  private last: { input: unknown; path: string } | null = null;

  observe(event: ActivityEvent): void {
    if (event.type === 'tool_call' && event.tool === 'fs_write') {
      const path = writeTargetOf(event.input);
      this.last = path ? { input: event.input, path } : null;
    }
  }

  /** The input of the latest fs_write call to `relativePath` (as the policy names it), if any. */
  inputFor(relativePath: string): unknown | null {
    if (!this.last) return null;
    const normalise = (p: string) => p.replace(/\\/g, '/').replace(/^\.\//, '');
    const target = normalise(relativePath);
    const written = normalise(this.last.path);
    return written === target || written.endsWith(`/${target}`) ? this.last.input : null;
  }
}
