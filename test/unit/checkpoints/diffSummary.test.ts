import { describe, expect, it } from 'vitest';
import { estimateTokens, parseUnifiedDiff, summariseDiff } from '../../../src/core/checkpoints';

function fileDiff(file: string, added: number, removed = 0): string {
  return [
    `diff --git a/${file} b/${file}`,
    `--- a/${file}`,
    `+++ b/${file}`,
    `@@ -1,${removed} +1,${added} @@`,
    ...Array.from({ length: removed }, (_, i) => `-old line ${i} of ${file}`),
    ...Array.from({ length: added }, (_, i) => `+new line ${i} of ${file}`),
    '',
  ].join('\n');
}

describe('parsing a unified diff', () => {
  it('splits it per file with lines added and removed', () => {
    const files = parseUnifiedDiff(fileDiff('a.ts', 3, 1) + fileDiff('b/c.ts', 0, 2));

    expect(files.map(({ path, added, removed, binary }) => ({ path, added, removed, binary }))).toEqual([
      { path: 'a.ts', added: 3, removed: 1, binary: false },
      { path: 'b/c.ts', added: 0, removed: 2, binary: false },
    ]);
  });

  it('recognises binary files and deletions', () => {
    const diff = 'diff --git a/img.png b/img.png\nBinary files a/img.png and b/img.png differ\n' + 'diff --git a/gone.ts b/gone.ts\n--- a/gone.ts\n+++ /dev/null\n@@ -1 +0,0 @@\n-bye\n';

    expect(parseUnifiedDiff(diff).map((f) => [f.path, f.binary, f.removed])).toEqual([
      ['img.png', true, 0],
      ['gone.ts', false, 1],
    ]);
  });
});

describe('summarising a diff for the prompt', () => {
  it('returns a diff that fits the budget unchanged', () => {
    const diff = fileDiff('a.ts', 5);

    expect(summariseDiff(diff, 10_000)).toBe(diff);
  });

  it('keeps a huge diff within the token budget', () => {
    const diff = Array.from({ length: 60 }, (_, i) => fileDiff(`src/file${i}.ts`, 50 + i, 10)).join('');

    const summary = summariseDiff(diff, 2_000);

    expect(estimateTokens(diff)).toBeGreaterThan(20_000);
    expect(estimateTokens(summary)).toBeLessThanOrEqual(2_000);
  });

  it('lists every file with its counts, biggest change first', () => {
    const diff = fileDiff('small.ts', 2) + fileDiff('big.ts', 400, 20) + fileDiff('medium.ts', 50);

    const summary = summariseDiff(diff, 1_000);

    expect(summary).toMatch(/^3 files changed, 452 insertions\(\+\), 20 deletions\(-\) \(diff shortened to fit\)\n big\.ts \| \+400 -20\n medium\.ts \| \+50 -0\n small\.ts \| \+2 -0/);
  });

  it('shows the start of the biggest file’s hunks, cut at a line boundary', () => {
    const diff = fileDiff('small.ts', 2) + fileDiff('big.ts', 400, 20);

    const summary = summariseDiff(diff, 1_000);

    expect(summary).toContain('diff --git a/big.ts b/big.ts\n--- a/big.ts\n+++ b/big.ts\n@@ -1,20 +1,400 @@\n-old line 0 of big.ts\n');
    expect(summary).toMatch(/\n… \(\d+ more lines\)/);
  });

  it('shortens the file list itself when there are too many files to list', () => {
    const diff = Array.from({ length: 500 }, (_, i) => fileDiff(`src/module${i}/index.ts`, 3)).join('');

    const summary = summariseDiff(diff, 1_000);

    expect(summary).toMatch(/ … and \d+ more files/);
    expect(estimateTokens(summary)).toBeLessThanOrEqual(1_000);
  });
});
