import type Anthropic from '@anthropic-ai/sdk';
import { readFile } from 'node:fs/promises';
import { resolveInWorkspace } from '../fs';
import type { TokenGauge } from './tokens';

/** Files whose current content stays in view after a compaction, most recent first. */
export const MAX_PINNED_FILES = 5;
const MAX_FILE_CHARS = 12_000;
const MAX_FILES_CHARS = 40_000;

/** One part of what is never summarised, with its size: what a "does not fit" message names. */
export interface PinnedPart {
  label: string;
  tokens: number;
}

/**
 * The pinned parts of the system prompt, told apart by the tags the prompt builder writes
 * (`<steering … source="…">`, `<spec … file="…">`), so a message can say "the spec's design.md"
 * rather than "the system prompt".
 */
export function systemParts(system: readonly Anthropic.TextBlockParam[], gauge: TokenGauge): PinnedPart[] {
  const parts: PinnedPart[] = [];
  system.forEach((block, i) => {
    const sections = block.text.split(/\n\n(?=<(?:steering|spec)\b)/);
    for (const section of sections) {
      const steering = /^<steering\b[^>]*\bsource="([^"]*)"/.exec(section);
      const spec = /^<spec\b[^>]*\bfile="([^"]*)"/.exec(section);
      const label = steering ? `steering ${steering[1]}` : spec ? `the spec's ${spec[1]}` : i === 0 ? 'the system prompt' : 'the workspace context';
      parts.push({ label, tokens: gauge.tokensOf(section) });
    }
  });
  return parts;
}

/** Paths in the order they were last written; a path written again moves to the end. */
export class RecentFiles {
  private readonly order: string[] = [];

  touched(path: string): void {
    const at = this.order.indexOf(path);
    if (at >= 0) this.order.splice(at, 1);
    this.order.push(path);
  }

  /** Up to `count` paths, the most recently written first. */
  latest(count = MAX_PINNED_FILES): string[] {
    return this.order.slice(-count).reverse();
  }
}

/**
 * The current content of the files the agent changed most recently, as one text block, each file
 * and the whole bounded. Deleted files are named as deleted; a file now outside the workspace (a
 * symlink swapped in since) is left out.
 */
export async function recentFilesBlock(workspace: string, paths: readonly string[], budgetChars = MAX_FILES_CHARS): Promise<{ text: string; files: string[] } | null> {
  if (!paths.length || budgetChars <= 0) return null;
  const sections: string[] = [];
  const files: string[] = [];
  let left = budgetChars;
  for (const file of paths) {
    if (left <= 200) break;
    let body: string;
    try {
      const target = resolveInWorkspace(workspace, file);
      body = await readFile(target.absolute, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') continue;
      sections.push(`<file path="${file}" deleted="true"/>`);
      files.push(file);
      continue;
    }
    const limit = Math.min(MAX_FILE_CHARS, left);
    const shown = body.length > limit ? `${body.slice(0, limit)}\n… ${body.length - limit} more characters; read the file for the rest …` : body;
    sections.push(`<file path="${file}">\n${shown}\n</file>`);
    files.push(file);
    left -= shown.length;
  }
  if (!sections.length) return null;
  return {
    text: `<recent-files note="The current content of the files you changed most recently, read when the conversation was compacted.">\n${sections.join('\n')}\n</recent-files>`,
    files,
  };
}
