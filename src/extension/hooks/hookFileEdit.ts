import { applyEdits, findNodeAtLocation, modify, parseTree, type FormattingOptions, type JSONPath } from 'jsonc-parser';

/**
 * Turns a hook on or off by editing its file in place (jsonc-parser's `modify`): only the `enabled`
 * value changes, or one property is added first in the hook, so comments, order and formatting stay
 * as the person wrote them.
 */

export interface HookLocation {
  format: 'v1' | 'legacy';
  /** For v1 files: the hook's index in the `hooks` list (the `#N` of its id). */
  index: number;
}

/** The index part of a hook id (`.kiro/hooks/lint.json#2` → 2). */
export function hookIndexOf(hookId: string): number {
  const n = Number(hookId.slice(hookId.lastIndexOf('#') + 1));
  return Number.isInteger(n) && n >= 0 ? n : 0;
}

export function setHookEnabled(text: string, location: HookLocation, enabled: boolean): string {
  const hookPath: JSONPath = location.format === 'v1' ? ['hooks', location.index] : [];
  const root = parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
  const hook = root && (hookPath.length ? findNodeAtLocation(root, hookPath) : root);
  if (!hook || hook.type !== 'object') throw new Error(`could not find hook #${location.index} in the file; edit "enabled" by hand`);
  // A hook written on one line stays on one line: formatting would spread it over several.
  const oneLine = !/\n/.test(text.slice(hook.offset, hook.offset + hook.length));
  const edits = modify(text, [...hookPath, 'enabled'], enabled, {
    ...(oneLine ? {} : { formattingOptions: formattingOf(text) }),
    // A new "enabled" goes first, where Kiro writes it and where a reader looks for it.
    getInsertionIndex: () => 0,
  });
  return applyEdits(text, edits);
}

/** The file's own indentation and line ends, so an added line looks like its neighbours. */
function formattingOf(text: string): FormattingOptions {
  const indent = /^([ \t]+)\S/m.exec(text)?.[1] ?? '  ';
  return { insertSpaces: !indent.startsWith('\t'), tabSize: indent.startsWith('\t') ? 1 : indent.length, eol: text.includes('\r\n') ? '\r\n' : '\n' };
}
