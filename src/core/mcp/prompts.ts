import type { GetPromptResult, Prompt } from '@modelcontextprotocol/sdk/types.js';
import type { McpHub } from './hub';

/** A server's prompt, filled in: its messages as text (what the panel's composer will insert). */
export interface FilledPrompt {
  server: string;
  name: string;
  description?: string;
  messages: Array<{ role: 'user' | 'assistant'; text: string }>;
}

/** The prompts a server offers (every page); none when it has no prompts capability. */
export async function listServerPrompts(hub: McpHub, server: string, signal?: AbortSignal): Promise<Prompt[]> {
  const connection = await hub.server(server, signal);
  await connection.tools();
  if (!connection.capabilities()?.prompts) return [];
  const prompts: Prompt[] = [];
  let cursor: string | undefined;
  const seen = new Set<string>();
  do {
    const page = await connection.request((client, options) => client.listPrompts(cursor === undefined ? {} : { cursor }, options), signal);
    prompts.push(...page.prompts);
    cursor = page.nextCursor;
    if (cursor !== undefined && seen.has(cursor)) break;
    if (cursor !== undefined) seen.add(cursor);
  } while (cursor !== undefined);
  return prompts;
}

/** `prompts/get` with the given arguments; a missing required argument is named before the server is asked. */
export async function getServerPrompt(hub: McpHub, server: string, name: string, args: Record<string, string>, signal?: AbortSignal): Promise<FilledPrompt> {
  const prompts = await listServerPrompts(hub, server, signal);
  const prompt = prompts.find((p) => p.name === name);
  if (!prompt) {
    throw new Error(`MCP server "${server}" has no prompt named "${name}"${prompts.length ? `; its prompts are ${prompts.map((p) => `"${p.name}"`).join(', ')}` : ' (it offers none)'}`);
  }
  const missing = (prompt.arguments ?? []).filter((a) => a.required && args[a.name] === undefined).map((a) => a.name);
  if (missing.length) throw new Error(`prompt "${name}" of "${server}" needs ${missing.map((m) => `"${m}"`).join(', ')} in its arguments`);
  const connection = await hub.server(server, signal);
  const result: GetPromptResult = await connection.request((client, options) => client.getPrompt({ name, arguments: args }, options), signal);
  return {
    server,
    name,
    ...(result.description ? { description: result.description } : {}),
    messages: result.messages.map((m) => ({ role: m.role, text: messageText(m.content) })),
  };
}

function messageText(content: GetPromptResult['messages'][number]['content']): string {
  switch (content.type) {
    case 'text':
      return content.text;
    case 'resource':
      return 'text' in content.resource && typeof content.resource.text === 'string' ? `[resource ${content.resource.uri}]\n${content.resource.text}` : `[resource ${content.resource.uri}: binary, not shown]`;
    case 'resource_link':
      return `[resource link ${content.uri}]`;
    default:
      return `[${content.type} not shown]`;
  }
}
