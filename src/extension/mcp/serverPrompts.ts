import { getServerPrompt, listServerPrompts, type FilledPrompt, type McpHub, type McpServerOverview } from '../../core/mcp';
import type { PromptChoice } from '../../shared/panelMessages';

export interface ComposerPrompts {
  prompts: PromptChoice[];
  problems: Array<{ server: string; message: string }>;
}

/**
 * The prompts the composer offers after `/`: those of the servers running now. A server waiting
 * for approval is not started from here (starting a workspace's program is the person's call, in
 * the MCP Servers view or a run's dialog); it and a failed server are said as problems instead.
 */
export async function composerPrompts(hub: McpHub, servers: readonly McpServerOverview[], signal?: AbortSignal): Promise<ComposerPrompts> {
  const listed = await Promise.all(
    servers.map(async (server): Promise<ComposerPrompts> => {
      if (server.state === 'needs-approval') return { prompts: [], problems: [{ server: server.name, message: `${server.name} needs approval before it starts: approve it in the MCP Servers view to use its prompts` }] };
      if (server.state === 'error') return { prompts: [], problems: [{ server: server.name, message: `${server.name} did not start: ${server.error ?? 'unknown error'}` }] };
      if (server.state !== 'running') return { prompts: [], problems: [] };
      try {
        const prompts = await listServerPrompts(hub, server.name, signal);
        return { prompts: prompts.map((p) => promptChoice(server.name, p)), problems: [] };
      } catch (error) {
        return { prompts: [], problems: [{ server: server.name, message: `${server.name}: its prompts could not be listed: ${messageOf(error)}` }] };
      }
    }),
  );
  return { prompts: listed.flatMap((l) => l.prompts), problems: listed.flatMap((l) => l.problems) };
}

/**
 * A running server's prompt filled in with `args` (empty optional ones left out), as the text of
 * the user's message. Throws, naming the server, when it is not running or the prompt fails.
 */
export async function fillComposerPrompt(hub: McpHub, servers: readonly McpServerOverview[], server: string, name: string, args: Record<string, string>, signal?: AbortSignal): Promise<string> {
  const overview = servers.find((s) => s.name === server);
  if (!overview) throw new Error(`there is no MCP server named "${server}"`);
  if (overview.state !== 'running') {
    const why = overview.state === 'needs-approval' ? 'it needs approval: approve it in the MCP Servers view' : overview.state === 'error' ? (overview.error ?? 'it failed') : `it is ${overview.state}`;
    throw new Error(`MCP server "${server}" is not running (${why})`);
  }
  const given = Object.fromEntries(Object.entries(args).filter(([, value]) => value !== ''));
  return promptText(await getServerPrompt(hub, server, name, given, signal));
}

/** A filled prompt as one message: its user messages as written, an assistant's marked as such. */
export function promptText(filled: FilledPrompt): string {
  return filled.messages
    .map((m) => (m.role === 'user' ? m.text : `(assistant) ${m.text}`))
    .join('\n\n')
    .trim();
}

function promptChoice(server: string, prompt: Awaited<ReturnType<typeof listServerPrompts>>[number]): PromptChoice {
  return {
    server,
    name: prompt.name,
    description: (prompt.description ?? prompt.title ?? '').trim().slice(0, 2000),
    arguments: (prompt.arguments ?? []).slice(0, 50).map((a) => ({ name: a.name, description: (a.description ?? '').slice(0, 2000), required: a.required === true })),
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
