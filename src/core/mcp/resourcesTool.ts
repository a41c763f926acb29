import type Anthropic from '@anthropic-ai/sdk';
import type { ReadResourceResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { ToolOutput } from '../agent/ports';
import type { ServerConnection } from './serverConnection';
import { formatCallResult } from './toolResults';

export const RESOURCES_TOOL = 'mcp_resources';

export const resourcesInputSchema = z.object({
  server: z.string().min(1),
  action: z.enum(['list', 'read']),
  uri: z.string().min(1).optional(),
  cursor: z.string().optional(),
});
export type ResourcesInput = z.infer<typeof resourcesInputSchema>;

/** The tool's definition, naming the servers that have resources. */
export function resourcesDefinition(servers: string[]): Anthropic.Tool {
  return {
    name: RESOURCES_TOOL,
    description:
      `List or read resources (files, documents, records) of the MCP servers that offer them: ${servers.join(', ')}. ` +
      'action "list" gives URIs (pass cursor for the next page); action "read" returns a resource by its uri.',
    input_schema: {
      type: 'object',
      properties: {
        server: { type: 'string', enum: servers },
        action: { type: 'string', enum: ['list', 'read'] },
        uri: { type: 'string', description: 'for read: the resource URI' },
        cursor: { type: 'string', description: 'for list: the cursor of the next page' },
      },
      required: ['server', 'action'],
    },
  };
}

/** A page of the server's resources, one line each: URI, name, type, description. */
export async function listResources(connection: ServerConnection, cursor: string | undefined, signal: AbortSignal): Promise<string> {
  const page = await connection.request((client, options) => client.listResources(cursor === undefined ? {} : { cursor }, options), signal);
  const lines = page.resources.map((r) => `${r.uri}${r.name ? `  ${r.name}` : ''}${r.mimeType ? ` (${r.mimeType})` : ''}${r.description ? ` — ${r.description}` : ''}`);
  if (page.nextCursor) lines.push(`(more: call again with cursor "${page.nextCursor}")`);
  return lines.length ? lines.join('\n') : '(this server lists no resources)';
}

/** A resource's contents as a tool result: text under its URI, images as images, other binaries named. */
export async function readResource(connection: ServerConnection, uri: string, label: string, limitChars: number, signal: AbortSignal): Promise<ToolOutput> {
  const result: ReadResourceResult = await connection.request((client, options) => client.readResource({ uri }, options), signal);
  const content = result.contents.map((c) => {
    if ('text' in c && typeof c.text === 'string') return { type: 'resource' as const, resource: { uri: c.uri, text: c.text, ...(c.mimeType ? { mimeType: c.mimeType } : {}) } };
    const blob = String((c as { blob?: unknown }).blob ?? '');
    if (c.mimeType?.startsWith('image/')) return { type: 'image' as const, data: blob, mimeType: c.mimeType };
    return { type: 'resource' as const, resource: { uri: c.uri, blob, ...(c.mimeType ? { mimeType: c.mimeType } : {}) } };
  });
  return formatCallResult(label, { content }, limitChars);
}
