import * as path from 'node:path';
import { z } from 'zod';
import { capText } from '../../process';
import { globToRegExp, normalizeGlob } from '../../fs';
import { globDepth, literalPrefix } from './globPattern';
import { toInputSchema } from './schema';
import { ToolInputError, type AgentTool } from './types';
import { displayPath, gitignoreForWalk, resolveToolPath, statExisting, walk } from './workspaceFiles';

const MAX_RESULTS = 500;
/** Ignored paths that matched, named in a note so the model knows they exist. */
const MAX_IGNORED_NAMED = 5;

const schema = z.object({
  pattern: z.string().min(1).describe('e.g. "src/**/*.ts"'),
  path: z.string().optional().describe('folder to search from; default workspace root'),
});
export type GlobInput = z.infer<typeof schema>;

export const globTool: AgentTool<GlobInput> = {
  name: 'glob',
  description:
    'Find files and folders by glob (** any folders, * ? [ab] {a,b}), relative to path. Skips node_modules, .git and what .gitignore files ignore, unless path (or the pattern\'s folder) is itself ignored.',
  inputSchema: schema,
  jsonSchema: toInputSchema(schema),

  summarize: (input) => `Finding ${input.pattern}${input.path ? ` in ${input.path}` : ''}`,

  async plan(input, ctx) {
    return [{ kind: 'read', path: displayPath(resolveToolPath(ctx.workspace, input.path ?? '.').relative) }];
  },

  async run(input, ctx) {
    const base = resolveToolPath(ctx.workspace, input.path ?? '.');
    if (!(await statExisting(base)).isDirectory()) throw new ToolInputError(`${displayPath(base.relative)} is a file; give a folder as path.`);
    const pattern = relativePattern(input.pattern, base.absolute);
    // A glob the model gives is relative to the folder searched, as in a shell: `*.ts` is its own files.
    const matcher = globToRegExp(pattern, { anchored: true });
    // Walk only the part of the tree the pattern can reach.
    const { prefix, rest } = literalPrefix(pattern);
    const start = prefix ? resolveToolPath(ctx.workspace, path.join(base.absolute, prefix)) : base;
    const baseRelative = (relative: string) => (base.relative ? relative.slice(base.relative.length + 1) : relative);

    const matches: string[] = [];
    const ignoredMatches: string[] = [];
    let more = false;
    const startStat = await statExisting(start).catch(() => null);
    if (startStat?.isDirectory()) {
      const onIgnored = (entry: { relative: string; isDirectory: boolean }) => {
        if (matcher.test(baseRelative(entry.relative))) ignoredMatches.push(entry.isDirectory ? `${entry.relative}/` : entry.relative);
      };
      const options = { maxDepth: globDepth(rest), signal: ctx.signal, gitignore: gitignoreForWalk(ctx.workspace, start), onIgnored };
      for await (const entry of walk(ctx.workspace, start, options)) {
        if (!matcher.test(baseRelative(entry.relative))) continue;
        if (matches.length === MAX_RESULTS) {
          more = true;
          break;
        }
        matches.push(entry.isDirectory ? `${entry.relative}/` : entry.relative);
      }
    } else if (startStat && matcher.test(baseRelative(start.relative))) {
      matches.push(start.relative);
    }

    const ignoredNote = ignoredMatches.length ? ignoredNoteFor(ignoredMatches) : '';
    if (!matches.length) return { content: `No files match ${input.pattern} in ${base.relative || 'the workspace'}.${ignoredNote}`, isError: false };
    const note = more ? `\n… stopped at ${MAX_RESULTS} matches; use a narrower pattern or path.` : '';
    return { content: capText(matches.join('\n'), ctx.outputLimitChars) + note + ignoredNote, isError: false };
  },
};

function ignoredNoteFor(paths: string[]): string {
  const named = paths.slice(0, MAX_IGNORED_NAMED).join(', ');
  const others = paths.length > MAX_IGNORED_NAMED ? ` and ${paths.length - MAX_IGNORED_NAMED} more` : '';
  return `\nAlso matching, but ignored by .gitignore: ${named}${others}. Give an ignored folder as path to look inside it.`;
}

/** Accepts a pattern written as an absolute path inside the search folder, as models sometimes do. */
function relativePattern(pattern: string, baseAbsolute: string): string {
  if (!path.isAbsolute(pattern)) return normalizeGlob(pattern);
  const relative = path.relative(baseAbsolute, pattern);
  if (relative.startsWith('..') || path.isAbsolute(relative)) throw new ToolInputError(`Pattern ${pattern} is outside the folder being searched; use a relative pattern.`);
  return normalizeGlob(relative.split(path.sep).join('/'));
}
