import type { ContentBlockParam, MessageParam, TextBlockParam, Tool } from '@anthropic-ai/sdk/resources/messages';
import type { TurnRequest } from './turn';

/** The API accepts at most four cache_control breakpoints per request. */
export const MAX_CACHE_BREAKPOINTS = 4;

const EPHEMERAL = { type: 'ephemeral' } as const;

/** Blocks that may not carry cache_control. */
const UNCACHEABLE = new Set(['thinking', 'redacted_thinking']);

function withoutMarker<T extends object>(block: T): T {
  if (!('cache_control' in block)) return block;
  const { cache_control: _dropped, ...rest } = block as T & { cache_control?: unknown };
  return rest as T;
}

function marked<T extends object>(block: T): T {
  return { ...withoutMarker(block), cache_control: EPHEMERAL };
}

function canCarryMarker(block: ContentBlockParam): boolean {
  return !UNCACHEABLE.has(block.type) && !(block.type === 'text' && block.text === '');
}

/**
 * Always send content as blocks: a string that becomes a block only while it carries the rolling
 * breakpoint would change the bytes of that message, and so break the cached prefix, a step later.
 */
function messageBlocks(message: MessageParam): ContentBlockParam[] {
  return typeof message.content === 'string' ? [{ type: 'text', text: message.content }] : (message.content as ContentBlockParam[]);
}

function withRollingBreakpoint(message: MessageParam, isLatest: boolean): MessageParam {
  const blocks = messageBlocks(message).map(withoutMarker);
  if (isLatest) {
    const at = blocks.findLastIndex(canCarryMarker);
    if (at >= 0) blocks[at] = marked(blocks[at]!);
  }
  return { ...message, content: blocks } as MessageParam;
}

/**
 * Places cache breakpoints so the part of a request that repeats on every step of a task is read from
 * Anthropic's prompt cache instead of billed again. The API caches in the order tools → system →
 * messages, so the prefix stays byte-stable as long as tools and system do:
 *  1. the last tool definition (caches all tools);
 *  2. the first system block (the instructions, shared across tasks) when more blocks follow;
 *  3. the last system block (the end of the spec and steering context);
 *  4. the last cacheable block of the latest message, a rolling breakpoint that moves forward each
 *     step; the API finds the previous step's entry by looking back from it.
 * Markers already on the input are removed first, so the total never exceeds four.
 */
export function withPromptCaching<R extends TurnRequest>(request: R): R {
  const lastTool = request.tools.length - 1;
  const tools: Tool[] = request.tools.map((tool, i) => (i === lastTool ? marked(tool) : withoutMarker(tool)));
  const lastSystem = request.system.length - 1;
  const system: TextBlockParam[] = request.system.map((block, i) =>
    (i === lastSystem || (i === 0 && lastSystem > 0)) && block.text !== '' ? marked(block) : withoutMarker(block),
  );
  const lastMessage = request.messages.length - 1;
  const messages = request.messages.map((message, i) => withRollingBreakpoint(message, i === lastMessage));
  return { ...request, system, tools, messages };
}
