import { createHash, type Hash } from 'node:crypto';
import { estimateTokens, type InputUsage } from './events';

interface Segment {
  text: string;
  breakpoint: boolean;
}

/** The API looks back this many blocks from a breakpoint for an earlier cache entry. */
const LOOKBACK_BLOCKS = 20;

function withoutCacheControl(block: unknown): { text: string; breakpoint: boolean } {
  if (typeof block !== 'object' || block === null) return { text: JSON.stringify(block), breakpoint: false };
  const { cache_control, ...rest } = block as Record<string, unknown>;
  return { text: JSON.stringify(rest, imageDigest), breakpoint: cache_control != null };
}

/**
 * Image data stands in the prefix as a digest: the cache still tells images apart, and a megabyte
 * of base64 does not count as a quarter of a million tokens (the API bills images by their pixels).
 */
function imageDigest(key: string, value: unknown): unknown {
  const source = value as { type?: unknown; data?: unknown } | null;
  if (key === 'source' && source && source.type === 'base64' && typeof source.data === 'string') {
    return { ...source, data: `sha256:${createHash('sha256').update(source.data).digest('hex')}` };
  }
  return value;
}

/**
 * The request in cache order (tools, then system, then messages), one segment per block. The
 * cache_control markers are not part of the content: moving a breakpoint keeps the prefix the same.
 */
function segmentsOf(body: Record<string, unknown>): Segment[] {
  const segments: Segment[] = [];
  for (const tool of (body.tools as unknown[] | undefined) ?? []) segments.push(withoutCacheControl(tool));
  const system = body.system;
  if (typeof system === 'string') segments.push({ text: JSON.stringify(system), breakpoint: false });
  else for (const block of (system as unknown[] | undefined) ?? []) segments.push(withoutCacheControl(block));
  for (const message of (body.messages as Array<{ role?: string; content?: unknown }> | undefined) ?? []) {
    const blocks = typeof message.content === 'string' ? [{ type: 'text', text: message.content }] : ((message.content as unknown[]) ?? []);
    for (const block of blocks) {
      const segment = withoutCacheControl(block);
      segments.push({ text: `${message.role}:${segment.text}`, breakpoint: segment.breakpoint });
    }
  }
  return segments;
}

/**
 * A simplified prompt cache: each breakpoint writes the prefix up to it; a later request reads the
 * longest written prefix found at or up to 20 blocks before one of its breakpoints. Unlike the real
 * API there is no minimum cacheable length, so small test prompts still show cache traffic.
 */
export class PromptCacheSimulator {
  private readonly written = new Set<string>();

  measure(body: Record<string, unknown>): InputUsage {
    const segments = segmentsOf(body);
    const hash: Hash = createHash('sha256').update(String(body.model));
    const prefixes: Array<{ key: string; chars: number }> = [];
    let chars = 0;
    for (const segment of segments) {
      hash.update(segment.text);
      chars += segment.text.length;
      prefixes.push({ key: hash.copy().digest('hex'), chars });
    }
    const breakpoints = segments.flatMap((s, i) => (s.breakpoint ? [i] : []));

    let readChars = 0;
    for (const b of breakpoints) {
      for (let j = b; j >= Math.max(0, b - LOOKBACK_BLOCKS + 1); j--) {
        const prefix = prefixes[j]!;
        if (this.written.has(prefix.key)) {
          readChars = Math.max(readChars, prefix.chars);
          break;
        }
      }
    }
    const last = breakpoints.at(-1);
    const lastChars = last === undefined ? 0 : prefixes[last]!.chars;
    for (const b of breakpoints) this.written.add(prefixes[b]!.key);

    const read = estimateTokens(readChars);
    const write = lastChars > readChars ? estimateTokens(lastChars) - read : 0;
    const total = Math.max(estimateTokens(chars), read + write + 1);
    return { input_tokens: total - read - write, cache_read_input_tokens: read, cache_creation_input_tokens: write };
  }
}

/** The input tokens of a request, as the fake counts them for usage. */
export function requestTokens(body: Record<string, unknown>): number {
  return estimateTokens(segmentsOf(body).reduce((sum, s) => sum + s.text.length, 0));
}

export function countCacheBreakpoints(body: Record<string, unknown>): number {
  return segmentsOf(body).filter((s) => s.breakpoint).length;
}
