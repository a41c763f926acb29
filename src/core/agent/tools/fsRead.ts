import { z } from 'zod';
import { intLike, toInputSchema } from './schema';
import { listDirectory, readLines, searchFile } from './readModes';
import { ToolInputError, type AgentTool, type ToolContext } from './types';
import { displayPath, resolveToolPath } from './workspaceFiles';

const MODES = ['Line', 'Directory', 'Search'] as const;

const operation = z.object({
  mode: z.enum(MODES),
  path: z.string().min(1),
  start_line: intLike.optional(),
  end_line: intLike.optional(),
  pattern: z.string().optional().describe('Search: text to find'),
  context_lines: intLike.optional(),
  depth: intLike.optional(),
});
type Operation = z.infer<typeof operation>;

const canonical = z.object({ operations: z.array(operation).min(1) });
export type FsReadInput = z.infer<typeof canonical>;

/**
 * Takes the shapes models actually send besides the canonical one: a single operation at the top
 * level, operations as a JSON string, and the mode in the wrong case.
 */
function normalize(raw: unknown): unknown {
  if (!raw || typeof raw !== 'object') return raw;
  let input = raw as Record<string, unknown>;
  if (typeof input.operations === 'string') {
    try {
      input = { ...input, operations: JSON.parse(input.operations) };
    } catch {
      return input; // Left for the schema to reject with a clear message.
    }
  }
  if (input.operations === undefined && 'mode' in input) input = { operations: [input] };
  if (!Array.isArray(input.operations)) return input;
  return { ...input, operations: input.operations.map(normalizeMode) };
}

function normalizeMode(op: unknown): unknown {
  if (!op || typeof op !== 'object' || typeof (op as { mode?: unknown }).mode !== 'string') return op;
  const mode = (op as { mode: string }).mode;
  return { ...op, mode: MODES.find((m) => m.toLowerCase() === mode.toLowerCase()) ?? mode };
}

export const fsReadTool: AgentTool<FsReadInput> = {
  name: 'fs_read',
  description:
    'Read files and folders; batch several in operations. Line: numbered lines start_line..end_line (1-based, negative counts from end; default all). ' +
    'Directory: list entries, depth levels deep (0 = entries only, default 1). Search: lines of one file containing pattern (case-insensitive), with context_lines (default 2).',
  inputSchema: z.preprocess(normalize, canonical),
  jsonSchema: toInputSchema(canonical),

  summarize(input) {
    const [first, ...others] = input.operations;
    if (!first) return 'Reading';
    if (others.length) return `Reading ${input.operations.length} paths: ${input.operations.map((op) => op.path).join(', ')}`.slice(0, 120);
    if (first.mode === 'Directory') return `Listing ${first.path}`;
    if (first.mode === 'Search') return `Searching ${first.path} for "${first.pattern ?? ''}"`;
    return `Reading ${first.path}`;
  },

  async plan(input, ctx) {
    const paths = new Set(input.operations.map((op) => displayPath(resolveToolPath(ctx.workspace, op.path).relative)));
    return [...paths].map((path) => ({ kind: 'read' as const, path }));
  },

  async run(input, ctx) {
    const ops = input.operations;
    // Share the output budget between the operations of one call.
    const budget = Math.max(1_000, Math.floor(ctx.outputLimitChars / ops.length));
    if (ops.length === 1) return { content: await runOperation(ops[0]!, ctx, budget), isError: false };
    const sections: string[] = [];
    let failures = 0;
    for (const op of ops) {
      let body: string;
      try {
        body = await runOperation(op, ctx, budget);
      } catch (error) {
        if (ctx.signal.aborted) throw error;
        failures++;
        body = `Error: ${(error as Error).message}`;
      }
      sections.push(`==> ${op.mode} ${op.path} <==\n${body}`);
    }
    return { content: sections.join('\n\n'), isError: failures === ops.length };
  },
};

async function runOperation(op: Operation, ctx: ToolContext, limitChars: number): Promise<string> {
  const target = resolveToolPath(ctx.workspace, op.path);
  const path = displayPath(target.relative);
  switch (op.mode) {
    case 'Line': {
      const { text, detail } = await readLines(target, op.start_line, op.end_line, limitChars);
      ctx.emit({ type: 'file_read', path, detail });
      return text;
    }
    case 'Directory': {
      if (op.depth !== undefined && op.depth < 0) throw new ToolInputError('depth must be 0 or more.');
      const text = await listDirectory(ctx.workspace, target, op.depth ?? 1, ctx.signal, limitChars);
      ctx.emit({ type: 'file_read', path, detail: 'listing' });
      return text;
    }
    case 'Search': {
      if (!op.pattern) throw new ToolInputError('Search mode needs a pattern.');
      const text = await searchFile(target, op.pattern, Math.max(0, op.context_lines ?? 2), limitChars);
      ctx.emit({ type: 'file_read', path, detail: `search "${op.pattern}"` });
      return text;
    }
  }
}
