import * as path from 'node:path';

/**
 * Models sometimes "edit" by sending a shortened file with a marker where code used to be
 * ("// ... existing code ..."). Written as is, that deletes the code. These checks find such
 * markers; a marker that was already in the file is left alone (the file may document one).
 */

export interface ElisionMarker {
  /** 1-based line in the new text. */
  line: number;
  text: string;
}

/** Returns the first placeholder line in newText that oldText does not already contain, or null. */
export function findNewElision(filePath: string, newText: string, oldText: string): ElisionMarker | null {
  const existing = new Set(oldText.split('\n').map((line) => line.trim()));
  const bareEllipsisIsCode = !PROSE_OR_ELLIPSIS_SYNTAX.has(path.extname(filePath).toLowerCase());
  const lines = newText.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i]!.trim();
    if (!text || existing.has(text)) continue;
    if (isElisionMarker(text, bareEllipsisIsCode)) return { line: i + 1, text };
  }
  return null;
}

/** Where a line of just "..." is legitimate: prose, and Python (Ellipsis as a stub body). */
const PROSE_OR_ELLIPSIS_SYNTAX = new Set(['.md', '.markdown', '.mdx', '.txt', '.rst', '.adoc', '.py', '.pyi', '.log', '']);

const COMMENT_BODY = [
  /^\/\/+\s*(.*?)\s*$/, // // comment
  /^\{?\s*\/\*+\s*(.*?)\s*\*+\/\s*\}?$/, // /* comment */ and JSX {/* comment */}
  /^<!--\s*(.*?)\s*-->$/, // <!-- comment -->
  /^#+\s*(.*?)\s*$/, // # comment
  /^--\s*(.*?)\s*$/, // -- comment (SQL, Lua, Haskell)
  /^;+\s*(.*?)\s*$/, // ; comment (Lisp, ini)
];

const ELLIPSIS = /\.{3,}|…/g;

/** With an ellipsis, these words mark omitted code: "// ... existing code ...", "# ... rest of file". */
const ELIDED_WORDS = /\b(?:existing|unchanged|rest of|remaining|remainder|omitted|as before|same as)\b/i;
/** With an ellipsis, a bare noun does too: "// ... code ...", "# ... other methods ...". */
const FILLER = /^(?:(?:more|other|your|the|old|original)\s+)?(?:code|content|implementation|logic|methods?|functions?|tests?|imports?|styles?|props|fields|config)(?:\s+(?:here|goes here))?$/i;
/** Without an ellipsis, only short comments that say it outright: "// rest unchanged", "// existing code". */
const OUTRIGHT = new RegExp(
  [
    String.raw`^unchanged\b`,
    String.raw`\b(?:rest|everything else|remainder|remaining \w+|other \w+|code|content|file|same)\s+(?:is |are |stays? |remains? )?unchanged\b`,
    String.raw`\b(?:the )?rest of (?:the )?(?:file|code|class|function|module|component|implementation|methods|tests|content)\b`,
    String.raw`^(?:keep )?(?:the )?existing (?:code|content|imports|methods|functions|logic|implementation|tests|styles|props)\b`,
    String.raw`\b(?:same as before|remains? the same|omitted for brevity)\b`,
  ].join('|'),
  'i',
);
const MAX_OUTRIGHT_WORDS = 6;

function isElisionMarker(line: string, bareEllipsisIsCode: boolean): boolean {
  if (/^(?:\.{3,}|…)$/.test(line)) return bareEllipsisIsCode;
  const body = commentBody(line);
  if (body === null) return false;
  const hasEllipsis = body.search(ELLIPSIS) !== -1;
  const words = body.replace(ELLIPSIS, ' ').replace(/\s+/g, ' ').trim();
  if (hasEllipsis) return words === '' || ELIDED_WORDS.test(words) || FILLER.test(words);
  return words.split(' ').length <= MAX_OUTRIGHT_WORDS && OUTRIGHT.test(words);
}

function commentBody(line: string): string | null {
  for (const pattern of COMMENT_BODY) {
    const match = pattern.exec(line);
    if (match) return match[1] ?? '';
  }
  return null;
}
