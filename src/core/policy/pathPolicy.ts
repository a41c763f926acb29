import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { globToRegExp, PathOutsideWorkspaceError, resolveInWorkspace } from '../fs';

export type Location =
  | { inside: true; absolute: string; relative: string }
  | { inside: false; absolute: string }
  /** The file system would not say where it points (a symlink loop, no permission). */
  | { inside: null; absolute: string; problem: string };

/** Scripts larger than this are not read (they are treated like any program the policy cannot see into). */
const MAX_SCRIPT_BYTES = 256 * 1024;

/** Device files a command may always write to or read from. */
const HARMLESS_DEVICES = /^\/dev\/(null|zero|stdin|stdout|stderr|tty|fd\/\d+|random|urandom)$/;

/**
 * Where writes need a person's approval at every autonomy level, and why. Matched on the path relative
 * to the workspace, so `sub/.git/config` (a submodule) counts too.
 */
const PROTECTED_AREAS: Array<{ test: (segments: string[]) => boolean; what: string; why: string }> = [
  { test: (s) => s.includes('.git'), what: '.git/', why: 'it is git’s own data' },
  { test: (s) => s[0] === '.vscode', what: '.vscode/', why: 'editor settings and tasks can run programs' },
  { test: (s) => s[0] === '.kiro' && (s[1] === 'settings' || s[1] === 'settings.json'), what: '.kiro/settings', why: 'it holds the agent’s own permissions' },
  { test: (s) => s[0] === '.kiro' && (s[1] === 'hooks' || s[1] === 'agents'), what: `.kiro/hooks/ and .kiro/agents/`, why: 'hooks and agents run commands on their own' },
  { test: (s) => s[0] === '.kiro' && s[1] === '.specwright', what: '.kiro/.specwright/', why: 'it holds Specwright’s run logs and checkpoints' },
  { test: (s) => s[s.length - 1]?.toLowerCase() === 'mcp.json', what: 'mcp.json', why: 'MCP servers run programs with your credentials' },
  { test: (s) => s[0] === '.github' && s[1] === 'workflows', what: '.github/workflows/', why: 'CI workflows run with the repository’s secrets' },
  { test: (s) => s[0] === '.husky', what: '.husky/', why: 'git hooks run on every commit' },
];

/** File names that hold secrets: `.env*`, keys and certificates, package-registry and cloud credentials. */
const SECRET_NAMES = [
  /^\.env/i,
  /\.(pem|key|p12|pfx)$/i,
  /^id_(rsa|dsa|ecdsa|ed25519)/i,
  /^(\.npmrc|\.pypirc|\.netrc|\.git-credentials|\.yarnrc\.yml)$/i,
  /^credentials/i,
  /^secrets?\./i,
];

/**
 * Source code is not a secrets file, whatever its name: `src/auth/credentials.ts` is code that
 * handles credentials. (Keys and certificates are matched by extension, so they never end like this.)
 */
const SOURCE_CODE = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs|py|rb|go|rs|java|kt|kts|scala|cs|fs|swift|m|mm|c|cc|cpp|h|hpp|php|pl|pm|lua|dart|ex|exs|erl|clj|hs|ml|vue|svelte|astro|test\.\w+|spec\.\w+|snap|d\.ts|map|md|mdx|rst|adoc)$/i;

/** Names that would be secrets files, to tell whether a glob could match one (`cat *.json`, `cat .e*`). */
const SAMPLE_SECRET_NAMES = ['.env', '.env.local', '.env.production', 'id_rsa', 'id_ed25519', 'server.key', 'cert.pem', 'store.p12', 'cert.pfx', '.npmrc', '.pypirc', '.netrc', '.git-credentials', '.yarnrc.yml', 'credentials', 'credentials.json', 'credentials.yml', 'credentials.csv', 'secrets.json', 'secrets.yaml', 'secret.txt'];

/**
 * Test artifacts: output that test runs create and that deleting loses nothing — coverage/,
 * test-results/, playwright-report/, .nyc_output/, tmp/, .cache/ (at any depth) and *.log files.
 * Snapshots (__snapshots__) are not: they are checked-in expectations.
 */
const ARTIFACT_FOLDERS = new Set(['coverage', 'test-results', 'playwright-report', '.nyc_output', 'tmp', '.cache']);

/** Answers path questions for the policy: is it inside the workspace, protected, secret, disposable. */
export class PathPolicy {
  constructor(
    readonly workspaceRoot: string,
    readonly home: string,
  ) {}

  /** Where `requested` really points (symlinks followed), relative to `cwd` when it is relative. */
  locate(requested: string, cwd: string = this.workspaceRoot): Location {
    const expanded = requested === '~' || requested.startsWith('~/') ? this.home + requested.slice(1) : requested;
    const absolute = path.resolve(cwd, expanded);
    try {
      const found = resolveInWorkspace(this.workspaceRoot, absolute);
      return { inside: true, absolute: found.absolute, relative: found.relative };
    } catch (error) {
      if (error instanceof PathOutsideWorkspaceError) return { inside: false, absolute: error.resolved };
      return { inside: null, absolute, problem: (error as Error).message };
    }
  }

  isHarmlessDevice(absolute: string): boolean {
    return HARMLESS_DEVICES.test(absolute);
  }

  /** Why writing here needs approval, or null. */
  protectedArea(relative: string): { what: string; why: string } | null {
    const segments = relative.split('/');
    const area = PROTECTED_AREAS.find((a) => a.test(segments));
    return area ? { what: area.what, why: area.why } : null;
  }

  isSecret(relative: string): boolean {
    const name = relative.split('/').pop() ?? '';
    return SECRET_NAMES.some((pattern) => pattern.test(name)) && !SOURCE_CODE.test(name);
  }

  /** Whether a glob's last component could name a secrets file, as the shell matches it (`*` skips dotfiles). */
  couldMatchSecret(pattern: string): boolean {
    const base = path.basename(pattern);
    const regex = globToRegExp(base);
    return SAMPLE_SECRET_NAMES.some((name) => regex.test(name) && (base.startsWith('.') || !name.startsWith('.')));
  }

  isTestArtifact(relative: string): boolean {
    if (relative === '') return false;
    const segments = relative.split('/');
    return segments.some((s) => ARTIFACT_FOLDERS.has(s)) || /\.log$/i.test(segments[segments.length - 1]!);
  }

  isDirectory(absolute: string): boolean {
    try {
      return statSync(absolute).isDirectory();
    } catch {
      return false;
    }
  }

  isExistingFile(absolute: string): boolean {
    try {
      return statSync(absolute).isFile();
    } catch {
      return false;
    }
  }

  /** A script inside the workspace the policy should read before it runs; null if absent, outside or huge. */
  readScript(absolute: string): string | null {
    const where = this.locate(absolute);
    if (where.inside !== true) return null;
    try {
      const stat = statSync(where.absolute);
      if (!stat.isFile() || stat.size > MAX_SCRIPT_BYTES) return null;
      return readFileSync(where.absolute, 'utf8');
    } catch {
      return null;
    }
  }

  /**
   * A secrets file somewhere under `dir` (node_modules and .git left out), for a recursive search that
   * would read it; `undefined` when there are more files than are worth looking at (then assume one).
   */
  secretUnder(dir: string, limit = 20_000): string | null | undefined {
    const queue = [dir];
    let seen = 0;
    while (queue.length) {
      const current = queue.shift()!;
      let entries: import('node:fs').Dirent[];
      try {
        entries = readdirSync(current, { withFileTypes: true });
      } catch {
        continue;
      }
      for (const entry of entries) {
        if (++seen > limit) return undefined;
        const full = path.join(current, entry.name);
        if (entry.isDirectory()) {
          if (entry.name !== 'node_modules' && entry.name !== '.git') queue.push(full);
        } else if (this.isSecret(entry.name)) return path.relative(this.workspaceRoot, full) || entry.name;
      }
    }
    return null;
  }

  exists(absolute: string): boolean {
    return existsSync(absolute);
  }

  /**
   * The existing names a glob in the last path component matches, as the shell would expand it; null
   * when a folder component holds the glob (then which folders it walks is not worth guessing).
   */
  expandGlob(pattern: string, cwd: string): string[] | null {
    const dir = path.dirname(pattern);
    if (/[*?[]/.test(dir)) return null;
    const base = path.basename(pattern);
    const regex = globToRegExp(base);
    let names: string[];
    try {
      names = readdirSync(path.resolve(cwd, dir));
    } catch {
      return [];
    }
    return names.filter((n) => regex.test(n) && (base.startsWith('.') || !n.startsWith('.'))).map((n) => (dir === '.' && !pattern.startsWith('./') ? n : path.join(dir, n)));
  }
}
