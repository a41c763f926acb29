import { describe, expect, it } from 'vitest';
import { CappedOutput, capText } from '../../../src/core/process';
import { OutputBatcher } from '../../../src/core/process/outputBatcher';

const numberedLines = (count: number) => Array.from({ length: count }, (_, i) => `line ${i + 1}`).join('\n') + '\n';

describe('CappedOutput', () => {
  it('returns output within the limit unchanged', () => {
    expect(capText('short\noutput\n', 100)).toBe('short\noutput\n');
  });

  it('keeps whole lines from the head and the tail and counts the lines left out', () => {
    const text = capText(numberedLines(1000), 400);
    const [head, tail] = text.split(/… \d+ lines omitted …\n/);
    const kept = (head! + tail!).split('\n').filter(Boolean);
    const omitted = Number(/… (\d+) lines omitted …/.exec(text)![1]);
    expect(head!.startsWith('line 1\n')).toBe(true);
    expect(tail!.endsWith('line 1000\n')).toBe(true);
    expect(kept.length + omitted).toBe(1000);
  });

  it('counts characters instead of lines when a single huge line is cut', () => {
    expect(capText('x'.repeat(10_000), 100)).toMatch(/… 9900 characters omitted …/);
  });

  it('caps output appended in many small pieces the same way as all at once', () => {
    const whole = numberedLines(500);
    const streamed = new CappedOutput(300);
    for (const piece of whole.match(/[\s\S]{1,7}/g)!) streamed.append(piece);
    expect(streamed.text()).toBe(capText(whole, 300));
  });
});

describe('OutputBatcher', () => {
  it('delivers many small writes to one stream as one chunk', () => {
    const delivered: string[] = [];
    const batcher = new OutputBatcher((stream, text) => delivered.push(`${stream}:${text}`));
    for (let i = 0; i < 100; i++) batcher.push('stdout', `${i} `);
    batcher.flush();
    expect(delivered).toHaveLength(1);
    expect(delivered[0]).toBe(`stdout:${Array.from({ length: 100 }, (_, i) => `${i} `).join('')}`);
  });

  it('flushes when the stream changes, so stdout and stderr stay in order', () => {
    const delivered: string[] = [];
    const batcher = new OutputBatcher((stream, text) => delivered.push(`${stream}:${text}`));
    batcher.push('stdout', 'a');
    batcher.push('stderr', 'b');
    batcher.push('stdout', 'c');
    batcher.flush();
    expect(delivered).toEqual(['stdout:a', 'stderr:b', 'stdout:c']);
  });
});
