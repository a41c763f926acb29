import type { Chunk } from '../types';
import { windows } from './lines';

const HEADING = /^ {0,3}(#{1,6})[ \t]+(.*?)[ \t#]*$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/**
 * Markdown cut at its headings (outside code fences): each section is a chunk titled with its
 * heading trail ("Install › Linux"), longer sections cut into windows under the same title.
 */
export function markdownChunks(lines: readonly string[]): Chunk[] {
  const starts: Array<{ line: number; title: string }> = [{ line: 0, title: '' }];
  const trail: string[] = [];
  let fence: string | null = null;
  lines.forEach((line, i) => {
    const fenceMark = FENCE.exec(line)?.[1];
    if (fenceMark) {
      if (fence === null) fence = fenceMark[0]!.repeat(fenceMark.length);
      else if (fenceMark.startsWith(fence)) fence = null;
      return;
    }
    if (fence !== null) return;
    const heading = HEADING.exec(line);
    if (!heading) return;
    const level = heading[1]!.length;
    trail.length = level - 1;
    trail[level - 1] = heading[2]!.trim();
    starts.push({ line: i, title: trail.filter(Boolean).join(' › ') });
  });
  const chunks: Chunk[] = [];
  starts.forEach((start, i) => {
    const end = starts[i + 1]?.line ?? lines.length;
    if (end > start.line) chunks.push(...windows(lines, start.line, end, start.title));
  });
  return chunks;
}
