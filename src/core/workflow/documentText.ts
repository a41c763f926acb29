/** A fence line: ``` or ~~~ (3 or more), with an optional info string. */
const FENCE = /^\s{0,3}(`{3,}|~{3,})\s*([\w+-]*)\s*$/;
const MARKDOWN_INFO = new Set(['', 'markdown', 'md']);

/**
 * Takes the Markdown document out of a model's reply. Models sometimes wrap the document in a
 * ```markdown fence, or put a sentence before it ("Here is the updated design:") or after it;
 * none of that belongs in the file. Inner fences (mermaid, code) are kept.
 */
export function extractDocument(reply: string): string {
  const lines = reply.replace(/\r\n/g, '\n').split('\n');
  const body = unwrapFence(lines) ?? dropPreamble(lines);
  const text = body.join('\n').replace(/\s+$/, '');
  return text === '' ? '' : text + '\n';
}

/**
 * The lines inside a fence that holds the whole document: one opened as markdown (or bare) whose
 * content starts with a heading, closed by the last fence line of the reply.
 */
function unwrapFence(lines: string[]): string[] | null {
  const open = lines.findIndex((line) => {
    const m = FENCE.exec(line);
    return m !== null && MARKDOWN_INFO.has(m[2]!.toLowerCase());
  });
  if (open < 0) return null;
  const firstContent = lines.findIndex((line, i) => i > open && line.trim() !== '');
  if (firstContent < 0 || !/^#\s/.test(lines[firstContent]!)) return null;
  // Whatever precedes the opening fence must be chatter, not part of a document.
  if (lines.slice(0, open).some((line) => /^#{1,6}\s/.test(line))) return null;
  const marker = FENCE.exec(lines[open]!)![1]!;
  let close = -1;
  for (let i = lines.length - 1; i > open; i--) {
    const m = FENCE.exec(lines[i]!);
    if (m && m[1]![0] === marker[0] && m[1]!.length >= marker.length && m[2] === '') {
      close = i;
      break;
    }
  }
  return close < 0 ? lines.slice(open + 1) : lines.slice(open + 1, close);
}

/** Drops lines before the document's first top-level heading, when there is one. */
function dropPreamble(lines: string[]): string[] {
  const title = lines.findIndex((line) => /^#\s/.test(line));
  return title > 0 ? lines.slice(title) : lines;
}
