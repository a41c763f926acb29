import { ToolInputError } from './types';

/** One fs_write edit, in terms of text only. `newText` is what the model wrote (checked for elisions). */
export type EditCommand =
  | { kind: 'create'; newText: string }
  | { kind: 'append'; newText: string }
  | { kind: 'replace'; oldText: string; newText: string }
  | { kind: 'insert'; afterLine: number; newText: string };

/** The file's text after the edit; throws ToolInputError when the edit does not fit the file. */
export function applyEdit(edit: EditCommand, before: string | null, file: string): string {
  const current = before ?? '';
  const eol = current.includes('\r\n') ? '\r\n' : '\n';
  switch (edit.kind) {
    case 'create':
      return edit.newText;
    case 'append': {
      const separator = current && !current.endsWith('\n') ? eol : '';
      return current + separator + edit.newText;
    }
    case 'replace':
      return replaceOnce(current, edit.oldText, edit.newText, eol, file);
    case 'insert':
      return insertAfterLine(current, edit.afterLine, edit.newText, eol, file);
  }
}

function replaceOnce(text: string, oldText: string, newText: string, eol: string, file: string): string {
  if (oldText === newText) throw new ToolInputError('old_str and new_str are identical; there is nothing to change.');
  let search = oldText;
  let replacement = newText;
  let count = occurrences(text, search);
  // Models write "\n"; a CRLF file needs "\r\n" to match, and should keep its line endings.
  if (count === 0 && eol === '\r\n' && !oldText.includes('\r\n')) {
    search = oldText.replace(/\n/g, '\r\n');
    replacement = newText.replace(/\r?\n/g, '\r\n');
    count = occurrences(text, search);
  }
  if (count === 0) {
    throw new ToolInputError(`old_str was not found in ${file}. Read the file again and copy the exact text, including indentation and line breaks.`);
  }
  if (count > 1) {
    throw new ToolInputError(`old_str occurs ${count} times in ${file}; it must occur exactly once. Include more surrounding lines to make it unique.`);
  }
  const at = text.indexOf(search);
  // Slicing, not String.replace: "$&" and friends in new_str must be written literally.
  return text.slice(0, at) + replacement + text.slice(at + search.length);
}

function insertAfterLine(text: string, afterLine: number, newText: string, eol: string, file: string): string {
  const lines = text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  if (afterLine < 0 || afterLine > lines.length) {
    throw new ToolInputError(`insert_line ${afterLine} is outside ${file}, which has ${lines.length} lines (use 0 to ${lines.length}).`);
  }
  let head = lines.slice(0, afterLine).join('');
  const tail = lines.slice(afterLine).join('');
  if (head && !head.endsWith('\n')) head += eol;
  const inserted = tail && !newText.endsWith('\n') ? newText + eol : newText;
  return head + inserted + tail;
}

function occurrences(text: string, search: string): number {
  let count = 0;
  for (let at = text.indexOf(search); at !== -1; at = text.indexOf(search, at + search.length)) count++;
  return count;
}
