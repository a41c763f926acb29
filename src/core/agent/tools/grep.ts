import { promises as fs } from 'node:fs';
import { z } from 'zod';
import { capText } from '../../process';
import { globToRegExp } from '../../fs';
import { boolLike, toInputSchema } from './schema';
import { ToolInputError, type AgentTool } from './types';
import { displayPath, gitignoreForWalk, looksBinary, resolveToolPath, statExisting, walk } from './workspaceFiles';

const MAX_MATCHES = 200;
const MAX_LINE_CHARS = 300;
/** Bigger files are generated or data; searching them costs time and floods the result. */
const MAX_FILE_BYTES = 2_000_000;

const schema = z.object({
  pattern: z.string().min(1).describe('JavaScript regex'),
  path: z.string().optional().describe('file or folder; default workspace root'),
  include: z.string().optional().describe('glob filter, e.g. "*.ts" or "src/**/*.md"'),
  case_sensitive: boolLike.optional(),
});
export type GrepInput = z.infer<typeof schema>;

export const grepTool: AgentTool<GrepInput> = {
  name: 'grep',
  description:
    'Search file contents by regex; returns path:line:text. Case-insensitive unless case_sensitive. Skips binary files, node_modules, .git and what .gitignore files ignore, unless path is itself ignored.',
  inputSchema: schema,
  jsonSchema: toInputSchema(schema),

  summarize: (input) => `Searching for /${input.pattern}/${input.path ? ` in ${input.path}` : ''}`,

  async plan(input, ctx) {
    return [{ kind: 'read', path: displayPath(resolveToolPath(ctx.workspace, input.path ?? '.').relative) }];
  },

  async run(input, ctx) {
    const regex = compile(input.pattern, input.case_sensitive ?? false);
    const include = input.include ? includeFilter(input.include) : () => true;
    const target = resolveToolPath(ctx.workspace, input.path ?? '.');
    const stat = await statExisting(target);

    let ignored = 0;
    const files = stat.isDirectory() ? filesUnder(ctx.workspace, target, ctx.signal, () => ignored++) : single(target);
    const lines: string[] = [];
    let more = false;
    search: for await (const file of files) {
      if (stat.isDirectory() && !include(file.relative.slice(target.relative ? target.relative.length + 1 : 0))) continue;
      const content = await readSearchable(file.absolute);
      if (content === null) continue;
      const fileLines = content.split('\n');
      for (let i = 0; i < fileLines.length; i++) {
        const line = fileLines[i]!.replace(/\r$/, '');
        if (!regex.test(line)) continue;
        if (lines.length === MAX_MATCHES) {
          more = true;
          break search;
        }
        const shown = line.length > MAX_LINE_CHARS ? `${line.slice(0, MAX_LINE_CHARS)}…` : line;
        lines.push(`${file.relative}:${i + 1}:${shown}`);
      }
    }

    if (!lines.length) {
      const note = ignored ? ` ${ignored} ${ignored === 1 ? 'path ignored by .gitignore was' : 'paths ignored by .gitignore were'} not searched; give one as path to search it.` : '';
      return { content: `No matches for /${input.pattern}/ in ${target.relative || 'the workspace'}.${note}`, isError: false };
    }
    const note = more ? `\n… stopped at ${MAX_MATCHES} matches; narrow the pattern, path or include.` : '';
    return { content: capText(lines.join('\n'), ctx.outputLimitChars) + note, isError: false };
  },
};

function compile(pattern: string, caseSensitive: boolean): RegExp {
  try {
    return new RegExp(pattern, caseSensitive ? '' : 'i');
  } catch (error) {
    throw new ToolInputError(`Invalid regex /${pattern}/: ${(error as Error).message}. Escape special characters such as ( [ { . * + ? with a backslash.`);
  }
}

/** Like ripgrep's globs (and Specwright's dialect): a pattern without "/" matches file names at any depth. */
function includeFilter(glob: string): (relative: string) => boolean {
  const regex = globToRegExp(glob);
  return (relative) => regex.test(relative);
}

async function* filesUnder(workspace: string, dir: { absolute: string; relative: string }, signal: AbortSignal, onIgnored: () => void) {
  for await (const entry of walk(workspace, dir, { maxDepth: Infinity, signal, gitignore: gitignoreForWalk(workspace, dir), onIgnored })) {
    // walk() only yields symlinks whose target is inside the workspace, so reading through them is safe.
    if (!entry.isDirectory) yield entry;
  }
}

async function* single(file: { absolute: string; relative: string }) {
  yield file;
}

/** The file's text, or null for files not worth searching (binary, huge, unreadable). */
async function readSearchable(file: string): Promise<string | null> {
  try {
    if ((await fs.stat(file)).size > MAX_FILE_BYTES) return null;
    const buffer = await fs.readFile(file);
    return looksBinary(buffer) ? null : buffer.toString('utf8');
  } catch {
    return null;
  }
}
