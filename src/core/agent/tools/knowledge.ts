import { z } from 'zod';
import { capText } from '../../process';
import { isInsideWorkspace } from '../../fs';
import { findKnowledgeBase, knowledgeDisplayPath, knowledgeSourcePath, readKnowledgeBases, searchKnowledge, type KnowledgeBase } from '../../knowledge';
import { intLike, toInputSchema } from './schema';
import { ToolInputError, type AgentTool, type ToolContext } from './types';

const DEFAULT_LIMIT = 5;
const MAX_LIMIT = 20;
const DEFAULT_SNIPPET = 2_000;

/** Kiro CLI's knowledge commands; the agent may show and search, the user manages the bases. */
const COMMANDS = ['show', 'search', 'add', 'remove', 'update', 'clear', 'status', 'cancel'] as const;

const schema = z.object({
  command: z.enum(COMMANDS).describe('show: list the knowledge bases; search: find passages'),
  query: z.string().optional().describe('search: what to look for, in the user\'s words'),
  context_id: z.string().optional().describe('search one knowledge base (its id or name from show)'),
  name: z.string().optional(),
  limit: intLike.optional().describe(`results, default ${DEFAULT_LIMIT}`),
  offset: intLike.optional(),
  snippet_length: intLike.optional(),
});
export type KnowledgeInput = z.infer<typeof schema>;

function normalize(raw: unknown): unknown {
  if (!raw || typeof raw !== 'object') return raw;
  const input = raw as Record<string, unknown>;
  const command = typeof input.command === 'string' ? input.command.toLowerCase() : input.command;
  // A bare query is a search, whatever else the model forgot to say.
  return { ...input, command: command ?? (typeof input.query === 'string' ? 'search' : command) };
}

export interface KnowledgeToolOptions {
  /** The agent whose own knowledge bases (from its `resources`) are searched besides the workspace's. */
  agent?: string;
}

/**
 * The `knowledge` tool with Kiro CLI's name and input shape: `show` lists the knowledge bases,
 * `search` returns the best chunks with path, line range and score. Only bases inside the workspace
 * are searched by default (what the agent reads stays inside it); naming one outside asks the policy,
 * which denies it.
 */
export function createKnowledgeTool(options: KnowledgeToolOptions = {}): AgentTool<KnowledgeInput> {
  const agentOption = options.agent !== undefined ? { agent: options.agent } : {};
  const visible = async (workspace: string) => (await readKnowledgeBases(workspace)).filter((b) => b.agent === undefined || b.agent === options.agent);
  const target = async (input: KnowledgeInput, workspace: string): Promise<KnowledgeBase[]> => {
    const wanted = input.context_id ?? input.name;
    if (wanted) return [findKnowledgeBase(await readKnowledgeBases(workspace), wanted, agentOption)];
    return (await visible(workspace)).filter((b) => isInsideWorkspace(workspace, knowledgeSourcePath(workspace, b)));
  };

  return {
    name: 'knowledge',
    description:
      'Search the knowledge bases the user indexed (docs, code) for passages about a topic: command "search" with query (optionally context_id), or "show" to list them. ' +
      'Returns the best chunks with path, line range and score.',
    inputSchema: z.preprocess(normalize, schema),
    jsonSchema: toInputSchema(schema),

    summarize: (input) => (input.command === 'search' ? `Searching knowledge for "${input.query ?? ''}"` : input.command === 'show' ? 'Listing knowledge bases' : `knowledge ${input.command}`),

    async plan(input, ctx) {
      if (input.command === 'show') return [];
      if (input.command !== 'search') throw unavailable(input.command);
      if (!input.query?.trim()) throw new ToolInputError('search needs a query.');
      return (await target(input, ctx.workspace)).map((base) => ({ kind: 'read' as const, path: knowledgeDisplayPath(ctx.workspace, knowledgeSourcePath(ctx.workspace, base)) }));
    },

    async run(input, ctx) {
      if (input.command === 'show') return { content: await show(ctx, await visible(ctx.workspace)), isError: false };
      if (input.command !== 'search') throw unavailable(input.command);
      if (!input.query?.trim()) throw new ToolInputError('search needs a query.');
      const bases = await target(input, ctx.workspace);
      if (!bases.length) return { content: 'No knowledge base inside the workspace to search.', isError: false };
      const limit = Math.min(MAX_LIMIT, Math.max(1, input.limit ?? DEFAULT_LIMIT));
      const outcome = await searchKnowledge(ctx.workspace, { query: input.query, bases, top: limit, offset: Math.max(0, input.offset ?? 0) });
      const snippet = Math.max(200, input.snippet_length ?? DEFAULT_SNIPPET);
      const names = outcome.searched.map((b) => b.name).join(', ');
      const lines = [outcome.hits.length ? `${outcome.hits.length} result${outcome.hits.length === 1 ? '' : 's'} for "${input.query}" in ${names}:` : `Nothing in ${names} matches "${input.query}".`];
      outcome.hits.forEach((hit, i) => {
        const note = hit.stale ? ' (file changed since indexing; lines may have moved)' : '';
        const text = hit.text.length > snippet ? `${hit.text.slice(0, snippet)}\n… (cut at ${snippet} characters; read the file for the rest)` : hit.text;
        lines.push('', `[${i + 1}] ${hit.path}:${hit.startLine}-${hit.endLine} (score ${hit.score}, ${hit.base})${note}`, text);
      });
      if (outcome.unindexed.length) lines.push('', `Not indexed yet: ${outcome.unindexed.map((b) => b.name).join(', ')}.`);
      return { content: capText(lines.join('\n'), ctx.outputLimitChars), isError: false };
    },
  };
}

function unavailable(command: string): ToolInputError {
  return new ToolInputError(`The ${command} command is not available to the agent: the user manages knowledge bases (adds, updates and removes them). Use "show" or "search".`);
}

async function show(ctx: ToolContext, bases: KnowledgeBase[]): Promise<string> {
  if (!bases.length) return 'No knowledge bases.';
  return bases
    .map((b) => {
      const where = knowledgeDisplayPath(ctx.workspace, knowledgeSourcePath(ctx.workspace, b));
      const outside = isInsideWorkspace(ctx.workspace, knowledgeSourcePath(ctx.workspace, b)) ? '' : ' (outside the workspace: not searchable by the agent)';
      return `- ${b.name} (id ${b.id}, ${b.indexType}): ${where}, ${b.files} files, ${b.chunks} chunks${b.description ? ` — ${b.description}` : ''}${outside}`;
    })
    .join('\n');
}

/** The tool for agents without their own knowledge bases. */
export const knowledgeTool = createKnowledgeTool();
