import { parseArgs } from 'node:util';
import { formatDuration } from '../../core/activity';
import {
  addKnowledgeBase,
  INDEX_TYPES,
  KnowledgeError,
  knowledgeBaseProblem,
  type KnowledgeBaseProblem,
  type KnowledgeRemedy,
  readKnowledgeBases,
  removeKnowledgeBase,
  searchKnowledge,
  showKnowledgeBase,
  updateKnowledgeBase,
  type IndexedBase,
  type IndexType,
  type KnowledgeBase,
} from '../../core/knowledge';
import { ExitCode, formatTable, painter, UsageError, type CliContext, type CommandDefinition } from '../io';

const usage = `Usage:
  specwright knowledge add PATH [--name N] [--include GLOB]... [--exclude GLOB]... [--index fast|best] [--json]
      index a folder or file (PATH relative to the workspace, or absolute) as a knowledge base
  specwright knowledge list [--json]              the knowledge bases, with their files and chunks
  specwright knowledge show NAME [--json]         one base and the files its index holds
  specwright knowledge update [NAME] [--json]     re-index changed files (every base without NAME)
  specwright knowledge remove NAME [--json]       delete a base and its index (never your files)
  specwright knowledge search "QUERY" [--name N] [--top K] [--json]
      the best passages, with path, line range and score

Markdown, text, data and source files are indexed; .gitignore is respected; secrets files (.env*,
keys, credentials) never are. fast (default): BM25 over windows of lines. best: BM25 over sections
and code symbols (functions, classes), with headings and symbol names weighing more. Patterns are
relative to PATH; one without a slash matches at any depth ("*.md"). Indexes live in
.kiro/.specwright/knowledge/ (git-ignored). The agent searches them with its knowledge tool.

JSON shapes:
  add, update  {"bases":[{"name","id","path","indexType","files","chunks","bytes","added","changed","removed","unchanged","skipped":{"tooLarge","binary","secret"},"seconds"}]}
  list         {"bases":[{"name","id","path","indexType","include","exclude","files","chunks","bytes","updatedAt","agent","problem"}]}
               problem: null, or {"code":"source_missing"|"index_unreadable","message"} (the base cannot be searched)
  show         {"base":{…as in list},"indexBytes","files":[{"path","chunks","bytes"}]}
  remove       {"removed":"NAME"}
  search       {"results":[{"path","startLine","endLine","score","text"}]}

Exit codes: 0 ok (a search with no results too, a list with a base that has a problem too), 2 usage
error or an unknown base.`;

const OPTIONS = {
  json: { type: 'boolean' },
  name: { type: 'string' },
  include: { type: 'string', multiple: true },
  exclude: { type: 'string', multiple: true },
  index: { type: 'string' },
  top: { type: 'string' },
} as const;

type Flag = keyof typeof OPTIONS;

export const knowledgeCommand: CommandDefinition = {
  name: 'knowledge',
  summary: 'index folders as knowledge bases and search them',
  usage,
  run: async (args, ctx) => {
    const [sub, ...rest] = args;
    try {
      switch (sub) {
        case 'add':
          return await add(rest, ctx);
        case 'list':
          return await list(rest, ctx);
        case 'show':
          return await show(rest, ctx);
        case 'update':
          return await update(rest, ctx);
        case 'remove':
          return await remove(rest, ctx);
        case 'search':
          return await search(rest, ctx);
        default:
          throw new UsageError(sub ? `unknown subcommand "knowledge ${sub}"; use add, list, show, update, remove or search` : 'knowledge needs a subcommand: add, list, show, update, remove or search');
      }
    } catch (error) {
      if (error instanceof KnowledgeError) throw new UsageError([error.message, error.remedy ? knowledgeRemedyText(error.remedy) : ''].filter(Boolean).join(' '));
      throw error;
    }
  },
};

function parse(args: string[], allowed: Flag[], command: string) {
  const options = Object.fromEntries(allowed.map((flag) => [flag, OPTIONS[flag]]));
  try {
    const { values, positionals } = parseArgs({ args, options, allowPositionals: true, strict: true });
    return { values: values as { json?: boolean; name?: string; include?: string[]; exclude?: string[]; index?: string; top?: string }, positionals };
  } catch (error) {
    throw new UsageError(`${command}: ${(error as Error).message.split('\n')[0]}`);
  }
}

function one(positionals: string[], what: string, command: string): string {
  const [value, extra] = positionals;
  if (!value) throw new UsageError(`${command} needs ${what}`);
  if (extra !== undefined) throw new UsageError(`${command} takes one ${what.replace(/^an? /, '')} (got also "${extra}"); quote values with spaces`);
  return value;
}

async function add(args: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parse(args, ['json', 'name', 'include', 'exclude', 'index'], 'knowledge add');
  const source = one(positionals, 'a PATH to index', 'knowledge add');
  const indexType = (values.index ?? 'fast').toLowerCase();
  if (!INDEX_TYPES.includes(indexType as IndexType)) throw new UsageError(`--index must be fast or best (got "${values.index}")`);
  const indexed = await addKnowledgeBase(
    ctx.workspace,
    { path: source, indexType: indexType as IndexType, include: values.include ?? [], exclude: values.exclude ?? [], ...(values.name !== undefined ? { name: values.name } : {}) },
    { signal: ctx.signal },
  );
  report(ctx, [indexed], !!values.json, 'Indexed');
  return ExitCode.ok;
}

async function update(args: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parse(args, ['json'], 'knowledge update');
  if (positionals.length > 1) throw new UsageError(`knowledge update takes at most one NAME (got also "${positionals[1]}")`);
  const names = positionals.length ? positionals : (await readKnowledgeBases(ctx.workspace)).map((b) => b.id);
  if (!names.length && !values.json) ctx.stdout('No knowledge bases yet. Add one with: specwright knowledge add PATH\n');
  const updated: IndexedBase[] = [];
  for (const name of names) updated.push(await updateKnowledgeBase(ctx.workspace, name, { signal: ctx.signal }));
  report(ctx, updated, !!values.json, 'Updated');
  return ExitCode.ok;
}

function report(ctx: CliContext, indexed: IndexedBase[], json: boolean, verb: string): void {
  if (json) {
    const bases = indexed.map(({ base, summary }) => ({
      ...listed(base),
      added: summary.added,
      changed: summary.changed,
      removed: summary.removed,
      unchanged: summary.unchanged,
      skipped: summary.skipped,
      seconds: Math.round(summary.durationMs) / 1000,
    }));
    ctx.stdout(JSON.stringify({ bases }) + '\n');
    return;
  }
  const paint = painter(ctx);
  for (const { base, summary, indexBytes } of indexed) {
    const changes = verb === 'Indexed' ? '' : `: ${summary.added} added, ${summary.changed} changed, ${summary.removed} removed, ${summary.unchanged} unchanged`;
    ctx.stdout(`${verb} ${paint('bold', base.name)} (${base.indexType}, ${base.source})${changes}; ${count(base.files, 'file')}, ${count(base.chunks, 'chunk')}, ${size(base.bytes)} in ${formatDuration(summary.durationMs)}; index ${size(indexBytes)}\n`);
    const skipped = Object.entries(summary.skipped).filter(([, n]) => n > 0).map(([why, n]) => `${n} ${why === 'tooLarge' ? 'too large' : why}`);
    if (skipped.length) ctx.stdout(paint('gray', `  left out: ${skipped.join(', ')}`) + '\n');
  }
}

async function list(args: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parse(args, ['json'], 'knowledge list');
  if (positionals.length) throw new UsageError(`knowledge list takes no arguments (got "${positionals[0]}")`);
  const bases = await readKnowledgeBases(ctx.workspace);
  const problems = await Promise.all(bases.map((base) => knowledgeBaseProblem(ctx.workspace, base)));
  if (values.json) {
    ctx.stdout(JSON.stringify({ bases: bases.map((base, i) => ({ ...listed(base), problem: problemJson(problems[i]!) })) }) + '\n');
    return ExitCode.ok;
  }
  if (!bases.length) {
    ctx.stdout('No knowledge bases yet. Add one with: specwright knowledge add PATH [--name N]\n');
    return ExitCode.ok;
  }
  const paint = painter(ctx);
  const updated = (b: KnowledgeBase, problem: KnowledgeBaseProblem | null) =>
    problem ? paint('yellow', `! ${PROBLEM_MARK[problem.code]}`) : paint('dim', b.agent ? `agent ${b.agent}` : b.updatedAt.slice(0, 16).replace('T', ' '));
  const rows = bases.map((b, i) => [b.name, b.indexType, b.source, count(b.files, 'file'), count(b.chunks, 'chunk'), size(b.bytes), updated(b, problems[i]!)]);
  ctx.stdout(formatTable([['NAME', 'INDEX', 'PATH', 'FILES', 'CHUNKS', 'SIZE', 'UPDATED'].map((c) => paint('bold', c)), ...rows]) + '\n');
  for (const problem of problems) if (problem) ctx.stdout(paint('yellow', `! ${problemText(problem)}`) + '\n');
  return ExitCode.ok;
}

/** The short mark a base with a problem gets in the list, where its update time would be. */
const PROBLEM_MARK: Record<KnowledgeBaseProblem['code'], string> = { source_missing: 'folder missing', index_unreadable: 'index unreadable' };

/** A problem and its fix as a terminal user carries it out. */
function problemText(problem: KnowledgeBaseProblem): string {
  const { remedy } = problem;
  const fix = remedy.action === 'update' ? `Run \`specwright knowledge update ${remedy.name}\`.` : knowledgeRemedyText(remedy);
  return fix ? `${problem.message} ${fix}` : problem.message;
}

async function show(args: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parse(args, ['json'], 'knowledge show');
  const details = await showKnowledgeBase(ctx.workspace, one(positionals, 'a NAME', 'knowledge show'));
  const { base } = details;
  const problem = await knowledgeBaseProblem(ctx.workspace, base);
  if (values.json) {
    ctx.stdout(JSON.stringify({ base: { ...listed(base), problem: problemJson(problem) }, indexBytes: details.indexBytes, files: details.files }) + '\n');
    return ExitCode.ok;
  }
  const lines = [
    ...(problem ? [painter(ctx)('yellow', `! ${problemText(problem)}`)] : []),
    `${base.name} (id ${base.id}), ${base.indexType} index of ${details.root}${base.agent ? `, from agent ${base.agent}` : ''}`,
    ...(base.description ? [`  ${base.description}`] : []),
    `  ${count(base.files, 'file')}, ${count(base.chunks, 'chunk')}, ${size(base.bytes)}; index ${size(details.indexBytes)}; updated ${base.updatedAt}`,
    ...(base.include.length ? [`  include: ${base.include.join(', ')}`] : []),
    ...(base.exclude.length ? [`  exclude: ${base.exclude.join(', ')}`] : []),
    ...details.files.map((f) => `  ${f.path} (${count(f.chunks, 'chunk')})`),
  ];
  ctx.stdout(lines.join('\n') + '\n');
  return ExitCode.ok;
}

async function remove(args: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parse(args, ['json'], 'knowledge remove');
  const removed = await removeKnowledgeBase(ctx.workspace, one(positionals, 'a NAME', 'knowledge remove'));
  ctx.stdout(values.json ? JSON.stringify({ removed: removed.name }) + '\n' : `Removed knowledge base ${removed.name} and its index; ${removed.source} was not touched.\n`);
  return ExitCode.ok;
}

async function search(args: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parse(args, ['json', 'name', 'top'], 'knowledge search');
  const query = one(positionals, 'a "QUERY"', 'knowledge search');
  const top = values.top === undefined ? 5 : Number(values.top);
  if (!Number.isInteger(top) || top < 1) throw new UsageError(`--top must be a whole number of results, 1 or more (got "${values.top}")`);
  const outcome = await searchKnowledge(ctx.workspace, { query, top, ...(values.name !== undefined ? { name: values.name } : {}) });
  if (values.json) {
    const results = outcome.hits.map(({ path, startLine, endLine, score, text }) => ({ path, startLine, endLine, score, text }));
    ctx.stdout(JSON.stringify({ results }) + '\n');
    return ExitCode.ok;
  }
  const paint = painter(ctx);
  if (!outcome.searched.length) ctx.stdout('No knowledge bases yet. Add one with: specwright knowledge add PATH\n');
  else if (!outcome.hits.length) ctx.stdout(`Nothing in ${outcome.searched.map((b) => b.name).join(', ')} matches "${query}".\n`);
  for (const hit of outcome.hits) {
    ctx.stdout(`${paint('cyan', `${hit.path}:${hit.startLine}-${hit.endLine}`)} ${paint('gray', `score ${hit.score} · ${hit.base}${hit.stale ? ' · changed since indexed' : ''}`)}\n`);
    ctx.stdout(hit.text.split('\n').map((line) => `  ${line}`).join('\n') + '\n\n');
  }
  if (outcome.unindexed.length) ctx.stderr(paint('yellow', `! not indexed: ${outcome.unindexed.map((b) => b.name).join(', ')}; run specwright knowledge update`) + '\n');
  return ExitCode.ok;
}

function listed(base: KnowledgeBase) {
  return {
    name: base.name,
    id: base.id,
    path: base.source,
    indexType: base.indexType,
    include: base.include,
    exclude: base.exclude,
    files: base.files,
    chunks: base.chunks,
    bytes: base.bytes,
    updatedAt: base.updatedAt,
    agent: base.agent ?? null,
  };
}

const problemJson = (problem: KnowledgeBaseProblem | null) => (problem ? { code: problem.code, message: problem.message } : null);

const count = (n: number, noun: string) => `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;
const size = (bytes: number) => (bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`);

/** What to do about a knowledge-base error, as a terminal user does it. */
function knowledgeRemedyText(remedy: KnowledgeRemedy): string {
  switch (remedy.action) {
    case 'add':
      return `Add one with \`specwright knowledge add PATH --name ${remedy.name ?? 'NAME'}\`.`;
    case 'update':
      return `Re-index it with \`specwright knowledge update ${remedy.name}\`, or choose another --name.`;
    case 'rename':
      return 'Use --name with a short name.';
    case 'remove':
      return `Remove the base with \`specwright knowledge remove ${remedy.name}\`.`;
    case 'allow-outside':
      // The message says it: the source is indexed once allowed, outside the repository.
      return '';
  }
}
