import { z } from 'zod';
import type { ModelImage } from '../../images';
import { checkImageCount, imagePaths, readImages, summarizeImages } from './imageMode';
import { intLike, toInputSchema } from './schema';
import { listDirectory, readLines, searchFile } from './readModes';
import { ToolInputError, type AgentTool, type ToolContext, type ToolResult } from './types';
import { displayPath, resolveToolPath } from './workspaceFiles';

const MODES = ['Line', 'Directory', 'Search', 'Image'] as const;

const operation = z.object({
  mode: z.enum(MODES),
  path: z.string().min(1).optional().describe('Line, Directory, Search: the file or folder'),
  image_paths: z.array(z.string().min(1)).optional().describe('Image: JPEG, PNG, GIF or WebP files'),
  start_line: intLike.optional(),
  end_line: intLike.optional(),
  pattern: z.string().optional().describe('Search: text to find'),
  context_lines: intLike.optional(),
  depth: intLike.optional(),
});
type Operation = z.infer<typeof operation>;

const canonical = z.object({ operations: z.array(operation).min(1) });
export type FsReadInput = z.infer<typeof canonical>;
export type FsReadOperation = Operation;

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
  const { mode, image_paths: images } = op as { mode: string; image_paths?: unknown };
  return {
    ...op,
    mode: MODES.find((m) => m.toLowerCase() === mode.toLowerCase()) ?? mode,
    // One image path given as a string instead of a list.
    ...(typeof images === 'string' ? { image_paths: [images] } : {}),
  };
}

export const fsReadTool: AgentTool<FsReadInput> = {
  name: 'fs_read',
  description:
    'Read files, folders and images; batch several in operations. Line: numbered lines start_line..end_line (1-based, negative counts from end; default all). ' +
    'Directory: list entries, depth levels deep (0 = entries only, default 1). Search: lines of one file containing pattern (case-insensitive), with context_lines (default 2). ' +
    'Image: look at image_paths (JPEG, PNG, GIF, WebP; up to 10 per call).',
  inputSchema: z.preprocess(normalize, canonical),
  jsonSchema: toInputSchema(canonical),

  summarize(input) {
    const [first, ...others] = input.operations;
    if (!first) return 'Reading';
    if (others.length) return `Reading ${input.operations.length} paths: ${input.operations.map(operationLabel).join(', ')}`.slice(0, 120);
    if (first.mode === 'Image') return summarizeImages(first.image_paths ?? []);
    if (first.mode === 'Directory') return `Listing ${first.path}`;
    if (first.mode === 'Search') return `Searching ${first.path} for "${first.pattern ?? ''}"`;
    return `Reading ${first.path}`;
  },

  async plan(input, ctx) {
    // Images are reads like any other: the policy sees each one (a secrets file asks, outside is denied).
    checkImageCount(input.operations);
    const requested = input.operations.flatMap((op) => (op.mode === 'Image' ? imagePaths(op) : [requirePath(op)]));
    const paths = new Set(requested.map((p) => displayPath(resolveToolPath(ctx.workspace, p).relative)));
    return [...paths].map((path) => ({ kind: 'read' as const, path }));
  },

  async run(input, ctx) {
    const ops = input.operations;
    checkImageCount(ops);
    // Share the output budget between the operations of one call.
    const budget = Math.max(1_000, Math.floor(ctx.outputLimitChars / ops.length));
    const images: ModelImage[] = [];
    if (ops.length === 1) return withImages({ content: await runOperation(ops[0]!, ctx, budget, images), isError: false }, images);
    const sections: string[] = [];
    let failures = 0;
    for (const op of ops) {
      let body: string;
      try {
        body = await runOperation(op, ctx, budget, images);
      } catch (error) {
        if (ctx.signal.aborted) throw error;
        failures++;
        body = `Error: ${(error as Error).message}`;
      }
      sections.push(`==> ${op.mode} ${operationLabel(op)} <==\n${body}`);
    }
    return withImages({ content: sections.join('\n\n'), isError: failures === ops.length }, images);
  },
};

function withImages(result: ToolResult, images: ModelImage[]): ToolResult {
  return images.length ? { ...result, images } : result;
}

function operationLabel(op: Operation): string {
  return op.mode === 'Image' ? (op.image_paths ?? []).join(', ') : (op.path ?? '');
}

function requirePath(op: Operation): string {
  if (!op.path) throw new ToolInputError(`${op.mode} mode needs a path.`);
  return op.path;
}

async function runOperation(op: Operation, ctx: ToolContext, limitChars: number, images: ModelImage[]): Promise<string> {
  if (op.mode === 'Image') {
    const read = await readImages(imagePaths(op), ctx);
    images.push(...read.images);
    return read.text;
  }
  const target = resolveToolPath(ctx.workspace, requirePath(op));
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
