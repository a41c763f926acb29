import { promises as fs, type Dirent } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { globToRegExp, isInsideWorkspace, WorkspaceGitignore } from '../fs';
import { PathPolicy } from '../policy';

/**
 * The files a knowledge base indexes: Kiro's list of text, markdown, data, configuration and source
 * extensions, and the usual extension-less files. Anything else (binaries, images, archives) is
 * not text a search can show.
 */
const EXTENSIONS: ReadonlySet<string> = new Set(
  ('.txt .log .rtf .tex .rst .adoc .md .markdown .mdx .json .jsonc .json5 .ini .conf .cfg .properties .env .csv .tsv .svg ' +
    '.rs .py .pyi .js .jsx .mjs .cjs .ts .tsx .mts .cts .java .c .cc .cpp .cxx .h .hh .hpp .m .mm .go .rb .php .swift .kt .kts .cs ' +
    '.scala .dart .groovy .lua .r .jl .ex .exs .erl .hs .ml .clj .vue .svelte .astro .sh .bash .zsh .fish .ps1 .bat ' +
    '.html .htm .xml .css .scss .sass .less .sql .graphql .gql .proto .yaml .yml .toml .tf .hcl .gradle .cmake .nix')
    .split(' '),
);
const NAMES: ReadonlySet<string> = new Set(['dockerfile', 'makefile', 'license', 'licence', 'changelog', 'readme', 'notice', 'authors', 'contributing', 'gemfile', 'rakefile', 'procfile', 'justfile', 'cmakelists.txt']);

/** Never walked into: dependencies, VCS internals, and Specwright's own state (the indexes themselves). */
const SKIPPED_DIRS: ReadonlySet<string> = new Set(['node_modules', '.git', '.hg', '.svn']);
const STATE_DIR = ['.kiro', '.specwright'];

/** Larger files are generated data or bundles, not knowledge. */
export const MAX_FILE_BYTES = 2 * 1024 * 1024;

export interface KnowledgeFile {
  absolute: string;
  /** Relative to the knowledge base's root folder, forward slashes (the file's name when the base is one file). */
  relative: string;
  size: number;
  mtimeMs: number;
}

export interface DiscoveryOptions {
  workspace: string;
  include: readonly string[];
  exclude: readonly string[];
  signal?: AbortSignal;
  /** Secrets files and files over the size cap are left out and counted here. */
  onSkipped?: (reason: 'secret' | 'tooLarge', relative: string) => void;
}

export function isIndexableName(name: string): boolean {
  const lower = name.toLowerCase();
  return EXTENSIONS.has(path.extname(lower)) || NAMES.has(lower) || NAMES.has(lower.replace(/\.(md|txt|rst)$/, ''));
}

/**
 * Glob patterns as Kiro reads them: relative to the base's root; a pattern without a slash matches
 * a name at any depth (`*.rs` is `**\/*.rs`); `dir/**` also matches the folder itself.
 */
export function patternMatcher(patterns: readonly string[]): ((relative: string) => boolean) | null {
  if (!patterns.length) return null;
  const regexes = patterns.map((p) => globToRegExp(p.includes('/') ? p : `**/${p}`));
  return (relative) => regexes.some((r) => r.test(relative));
}

/**
 * Walks a knowledge base's source (a folder or one file) in name order. Skips what `.gitignore`
 * files ignore (the workspace's when the source is inside it, else the source's own), unless the
 * source itself is ignored (then it was named on purpose); dependencies and VCS folders; secrets
 * files (what the agent reads goes to the model, so they are never indexed); files over the size
 * cap; and, with include patterns, every file none of them matches. Symlinks are followed only to
 * files inside the source.
 */
export async function* knowledgeFiles(source: string, options: DiscoveryOptions): AsyncGenerator<KnowledgeFile> {
  const root = await fs.realpath(path.resolve(source));
  const stat = await fs.stat(root);
  const secrets = new PathPolicy(options.workspace, os.homedir());
  const include = patternMatcher(options.include);
  const exclude = patternMatcher(options.exclude);
  if (!stat.isDirectory()) {
    const name = path.basename(root);
    if (secrets.isSecret(name)) return options.onSkipped?.('secret', name);
    if (stat.size > MAX_FILE_BYTES) return options.onSkipped?.('tooLarge', name);
    yield { absolute: root, relative: name, size: stat.size, mtimeMs: stat.mtimeMs };
    return;
  }
  const ignores = await gitignoreFor(root, options.workspace);

  async function* walk(dir: string, relativeDir: string): AsyncGenerator<KnowledgeFile> {
    options.signal?.throwIfAborted();
    let entries: Dirent[];
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch {
      return; // Unreadable or vanished: the rest of the base still counts.
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const absolute = path.join(dir, entry.name);
      const relative = relativeDir ? `${relativeDir}/${entry.name}` : entry.name;
      let isDirectory = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        const target = await fs.realpath(absolute).catch(() => null);
        if (!target || !isInsideWorkspace(root, target)) continue;
        const targetStat = await fs.stat(target).catch(() => null);
        // Folders behind links are not followed: a link loop or a second copy of the tree would follow.
        if (!targetStat?.isFile()) continue;
        isFile = true;
        isDirectory = false;
      }
      if (isDirectory) {
        if (SKIPPED_DIRS.has(entry.name) || isStateDir(relativeDir, entry.name) || ignores?.(absolute, true) || exclude?.(relative)) continue;
        yield* walk(absolute, relative);
        continue;
      }
      if (!isFile || !isIndexableName(entry.name) || ignores?.(absolute, false) || exclude?.(relative)) continue;
      if (include && !include(relative)) continue;
      if (secrets.isSecret(relative)) {
        options.onSkipped?.('secret', relative);
        continue;
      }
      const fileStat = await fs.stat(absolute).catch(() => null);
      if (!fileStat) continue;
      if (fileStat.size > MAX_FILE_BYTES) {
        options.onSkipped?.('tooLarge', relative);
        continue;
      }
      yield { absolute, relative, size: fileStat.size, mtimeMs: fileStat.mtimeMs };
    }
  }
  yield* walk(root, '');
}

function isStateDir(relativeDir: string, name: string): boolean {
  return name === STATE_DIR[1] && (relativeDir === STATE_DIR[0] || relativeDir.endsWith(`/${STATE_DIR[0]}`));
}

/** Which .gitignore rules apply, as a test on absolute paths; null when none do. */
async function gitignoreFor(root: string, workspace: string): Promise<((absolute: string, isDirectory: boolean) => boolean) | null> {
  const realWorkspace = await fs.realpath(workspace).catch(() => path.resolve(workspace));
  const base = isInsideWorkspace(realWorkspace, root) ? realWorkspace : root;
  const rules = new WorkspaceGitignore(base);
  const rootRelative = path.relative(base, root).split(path.sep).join('/');
  if (rootRelative && rules.ignores(rootRelative, true)) return null;
  return (absolute, isDirectory) => rules.ignores(path.relative(base, absolute).split(path.sep).join('/'), isDirectory);
}
