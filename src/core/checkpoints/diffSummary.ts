/** Rough size of text in model tokens (about four characters each for code and English). */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

export interface DiffFileStat {
  path: string;
  added: number;
  removed: number;
  binary: boolean;
  /** The file's section of the unified diff. */
  text: string;
}

/** Splits a unified diff (`git diff` output) into per-file sections with line counts. */
export function parseUnifiedDiff(diff: string): DiffFileStat[] {
  const sections = diff.split(/^(?=diff --git )/m).filter((s) => s.startsWith('diff --git '));
  return sections.map((text) => {
    let added = 0;
    let removed = 0;
    let inHunk = false;
    for (const line of text.split('\n')) {
      if (line.startsWith('@@')) inHunk = true;
      else if (inHunk && line.startsWith('+')) added++;
      else if (inHunk && line.startsWith('-')) removed++;
    }
    return { path: pathOf(text), added, removed, binary: /^Binary files .* differ$/m.test(text), text };
  });
}

function pathOf(section: string): string {
  const plus = /^\+\+\+ (?:b\/)?(.+)$/m.exec(section)?.[1];
  if (plus && plus !== '/dev/null') return plus;
  const minus = /^--- (?:a\/)?(.+)$/m.exec(section)?.[1];
  if (minus && minus !== '/dev/null') return minus;
  const header = section.slice('diff --git '.length, section.indexOf('\n') === -1 ? undefined : section.indexOf('\n'));
  return header.slice(header.lastIndexOf(' b/') + 3) || header;
}

/**
 * The diff itself when it fits in `budgetTokens`; otherwise a stat line per file (largest changes
 * first) followed by the start of the biggest files' hunks, each cut at a line boundary, until the
 * budget is spent. The model sees everything that changed, and the detail of what changed most.
 */
export function summariseDiff(diff: string, budgetTokens: number): string {
  if (estimateTokens(diff) <= budgetTokens) return diff;
  const files = parseUnifiedDiff(diff).sort((a, b) => b.added + b.removed - (a.added + a.removed));
  const budgetChars = budgetTokens * 4;
  const totalAdded = files.reduce((n, f) => n + f.added, 0);
  const totalRemoved = files.reduce((n, f) => n + f.removed, 0);
  const statLines = [`${files.length} files changed, ${totalAdded} insertions(+), ${totalRemoved} deletions(-) (diff shortened to fit)`];
  // The stat table may take at most half the budget; the rest is for hunks.
  for (const [i, f] of files.entries()) {
    const line = ` ${f.path} | ${f.binary ? 'binary' : `+${f.added} -${f.removed}`}`;
    if (statLines.join('\n').length + line.length > budgetChars / 2) {
      statLines.push(` … and ${files.length - i} more files`);
      break;
    }
    statLines.push(line);
  }
  const parts = [statLines.join('\n')];
  let remaining = budgetChars - parts[0]!.length;
  const shown = files.filter((f) => !f.binary);
  for (const [i, f] of shown.entries()) {
    if (remaining < 200) break;
    // Share what is left evenly among the files still to show (at most five), biggest first.
    const share = Math.floor(remaining / Math.min(shown.length - i, 5));
    const excerpt = truncateAtLine(f.text, share);
    parts.push(excerpt);
    remaining -= excerpt.length;
  }
  return parts.join('\n\n');
}

function truncateAtLine(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const cut = text.lastIndexOf('\n', maxChars - 40);
  const kept = text.slice(0, cut > 0 ? cut : Math.max(0, maxChars - 40));
  const dropped = text.slice(kept.length).split('\n').length - 1;
  return `${kept}\n… (${dropped} more lines)`;
}
