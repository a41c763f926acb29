import type Anthropic from '@anthropic-ai/sdk';

type Block = Anthropic.ContentBlockParam;
type ToolResultContent = Anthropic.ToolResultBlockParam['content'];

export function blocksOf(message: Anthropic.MessageParam): Block[] {
  return typeof message.content === 'string' ? [{ type: 'text', text: message.content }] : [...message.content];
}

/** Head and tail of a long text, with how much was left out between them. */
export function clipMiddle(text: string, max: number): string {
  if (text.length <= max) return text;
  const head = Math.ceil(max * 0.6);
  const tail = max - head;
  return `${text.slice(0, head)}\n… ${text.length - max} characters left out …\n${tail > 0 ? text.slice(-tail) : ''}`;
}

export function toolResultText(content: ToolResultContent): string {
  if (content === undefined) return '';
  if (typeof content === 'string') return content;
  return content.map((b) => (b.type === 'text' ? b.text : `[${b.type}]`)).join('\n');
}

/**
 * The history as plain text for the summariser: what the agent said and did, and what came back,
 * each tool output cut to `toolOutputChars` (head and tail, where errors and test totals are).
 */
export function renderTranscript(messages: readonly Anthropic.MessageParam[], toolOutputChars: number): string[] {
  const toolNames = new Map<string, string>();
  const entries: string[] = [];
  for (const message of messages) {
    for (const block of blocksOf(message)) {
      switch (block.type) {
        case 'text':
          if (block.text.trim()) entries.push(`[${message.role}] ${message.role === 'user' ? clipMiddle(block.text, toolOutputChars * 2) : block.text}`);
          break;
        case 'tool_use':
          toolNames.set(block.id, block.name);
          entries.push(`[agent called ${block.name}] ${clipMiddle(JSON.stringify(block.input), Math.max(400, toolOutputChars / 2))}`);
          break;
        case 'tool_result': {
          const name = toolNames.get(block.tool_use_id) ?? 'tool';
          entries.push(`[${name} ${block.is_error ? 'failed' : 'returned'}] ${clipMiddle(toolResultText(block.content), toolOutputChars)}`);
          break;
        }
        case 'image':
          entries.push(`[${message.role} attached an image]`);
          break;
        default:
          // Thinking blocks are the model's scratchpad; the summary keeps what came of them.
          break;
      }
    }
  }
  return entries;
}

/**
 * The messages with every tool output replaced by a short note (images too): the cheapest way to
 * shrink a history, since outputs are most of it and the agent can run a tool again.
 * Returns the new messages and how many outputs were dropped.
 */
export function dropToolOutputs(messages: readonly Anthropic.MessageParam[], keepChars = 0): { messages: Anthropic.MessageParam[]; dropped: number } {
  let dropped = 0;
  const out = messages.map((message) => {
    if (typeof message.content === 'string' || !message.content.some((b) => b.type === 'tool_result')) return message;
    const content = message.content.map((block) => {
      if (block.type !== 'tool_result') return block;
      const text = toolResultText(block.content);
      const hasImage = Array.isArray(block.content) && block.content.some((b) => b.type !== 'text');
      if (text.length <= Math.max(keepChars, 200) && !hasImage) return block;
      dropped++;
      const kept = keepChars > 0 ? `${clipMiddle(text, keepChars)}\n` : '';
      const note = `[${kept ? 'Output shortened' : `Output of ${text.length} characters dropped`} to fit the context window${hasImage ? '; images dropped' : ''}. Run the tool again if you need it.]`;
      return { ...block, content: `${kept}${note}` };
    });
    return { ...message, content } as Anthropic.MessageParam;
  });
  return { messages: out, dropped };
}
