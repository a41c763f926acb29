import type { ScriptedBlock, ScriptedReply, ScriptedStopReason } from './script';

/** One server-sent event: `event: <name>` + `data: <json>`. */
export interface SseEvent {
  event: string;
  data: unknown;
}

export interface InputUsage {
  input_tokens: number;
  cache_read_input_tokens: number;
  cache_creation_input_tokens: number;
}

export interface TurnContext {
  model: string;
  messageId: string;
  usage: InputUsage;
  newToolId: () => string;
  signThinking: (thinking: string) => string;
}

export interface RenderedTurn {
  /** The SSE events of a streamed answer, in Anthropic's order. */
  events: SseEvent[];
  /** The same answer as one non-streaming Message body. */
  message: Record<string, unknown>;
  /** Index in `events` of the first input_json_delta of the first tool call, if any. */
  firstToolInputEvent: number | undefined;
}

/** ~4 characters per token: good enough to make usage plausible and proportional. */
export function estimateTokens(chars: number): number {
  return Math.ceil(chars / 4);
}

/** Splits text into word pairs so a client sees several deltas per block. */
function textChunks(text: string): string[] {
  const words = text.match(/\S+\s*|\s+/g) ?? [];
  const chunks: string[] = [];
  for (let i = 0; i < words.length; i += 2) chunks.push(words.slice(i, i + 2).join(''));
  return chunks.length ? chunks : [''];
}

/** Splits a JSON document into three pieces, none of which parses alone (the API streams it so). */
function jsonChunks(json: string): string[] {
  if (json.length < 3) return [json];
  const third = Math.ceil(json.length / 3);
  return [json.slice(0, third), json.slice(third, 2 * third), json.slice(2 * third)];
}

function defaultStopReason(content: ScriptedBlock[]): ScriptedStopReason {
  return content.some((b) => b.type === 'tool_use') ? 'tool_use' : 'end_turn';
}

function finalBlock(block: ScriptedBlock, ctx: TurnContext): Record<string, unknown> {
  switch (block.type) {
    case 'text':
      return { type: 'text', text: block.text, citations: null };
    case 'thinking':
      return { type: 'thinking', thinking: block.thinking, signature: ctx.signThinking(block.thinking) };
    case 'tool_use':
      return { type: 'tool_use', id: block.id ?? ctx.newToolId(), name: block.name, input: block.input, caller: { type: 'direct' } };
  }
}

function blockEvents(index: number, block: Record<string, unknown>): SseEvent[] {
  const delta = (d: Record<string, unknown>): SseEvent => ({ event: 'content_block_delta', data: { type: 'content_block_delta', index, delta: d } });
  const events: SseEvent[] = [];
  const start = (contentBlock: Record<string, unknown>) =>
    events.push({ event: 'content_block_start', data: { type: 'content_block_start', index, content_block: contentBlock } });
  if (block.type === 'text') {
    start({ type: 'text', text: '' });
    for (const text of textChunks(String(block.text))) events.push(delta({ type: 'text_delta', text }));
  } else if (block.type === 'thinking') {
    start({ type: 'thinking', thinking: '', signature: '' });
    for (const thinking of textChunks(String(block.thinking))) events.push(delta({ type: 'thinking_delta', thinking }));
    events.push(delta({ type: 'signature_delta', signature: block.signature }));
  } else {
    start({ type: 'tool_use', id: block.id, name: block.name, input: {}, caller: { type: 'direct' } });
    for (const partial_json of jsonChunks(JSON.stringify(block.input))) events.push(delta({ type: 'input_json_delta', partial_json }));
  }
  events.push({ event: 'content_block_stop', data: { type: 'content_block_stop', index } });
  return events;
}

export function renderTurn(reply: ScriptedReply, ctx: TurnContext): RenderedTurn {
  const content = reply.content.map((block) => finalBlock(block, ctx));
  const outputChars = reply.content.reduce((n, b) => n + JSON.stringify(b).length, 0);
  const usage = {
    ...ctx.usage,
    output_tokens: Math.max(1, estimateTokens(outputChars)),
    ...reply.usage,
  };
  const stopReason = reply.stopReason ?? defaultStopReason(reply.content);
  const fullUsage = {
    ...usage,
    cache_creation: { ephemeral_5m_input_tokens: usage.cache_creation_input_tokens, ephemeral_1h_input_tokens: 0 },
    inference_geo: null,
    output_tokens_details: null,
    server_tool_use: null,
    service_tier: 'standard',
    speed: null,
  };
  const envelope = { id: ctx.messageId, type: 'message', role: 'assistant', model: ctx.model, container: null, diagnostics: null, stop_details: null };

  const events: SseEvent[] = [
    { event: 'message_start', data: { type: 'message_start', message: { ...envelope, content: [], stop_reason: null, stop_sequence: null, usage: { ...fullUsage, output_tokens: 1 } } } },
    { event: 'ping', data: { type: 'ping' } },
  ];
  let firstToolInputEvent: number | undefined;
  content.forEach((block, index) => {
    const rendered = blockEvents(index, block);
    if (firstToolInputEvent === undefined && block.type === 'tool_use') {
      firstToolInputEvent = events.length + rendered.findIndex((e) => (e.data as { delta?: { type?: string } }).delta?.type === 'input_json_delta');
    }
    events.push(...rendered);
  });
  events.push(
    { event: 'message_delta', data: { type: 'message_delta', delta: { stop_reason: stopReason, stop_sequence: null, stop_details: null }, usage } },
    { event: 'message_stop', data: { type: 'message_stop' } },
  );

  const message = { ...envelope, content, stop_reason: stopReason, stop_sequence: null, usage: fullUsage };
  return { events, message, firstToolInputEvent };
}

export function encodeSse(event: SseEvent): string {
  return `event: ${event.event}\ndata: ${JSON.stringify(event.data)}\n\n`;
}
