import { devNull } from 'node:os';
import { simpleGit, type SimpleGit } from 'simple-git';

/**
 * Variables that would redirect git at another repository, index or config (GIT_DIR, GIT_INDEX_FILE
 * from a surrounding hook, GIT_CONFIG_*), or start a program (EDITOR, PAGER, SSH_ASKPASS). simple-git
 * also refuses to run when some of them are set, so they are dropped before anything else is added.
 */
const droppedVariables = new Set(['editor', 'visual', 'pager', 'ssh_askpass', 'prefix']);

/** The caller's environment without anything that could make git act on something else. */
export function sanitizedEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(base)) {
    const lower = key.toLowerCase();
    if (value === undefined || lower.startsWith('git_') || droppedVariables.has(lower)) continue;
    env[key] = value;
  }
  // English messages, so a damaged repository can be recognised from git's stderr.
  env.LC_ALL = 'C';
  env.GIT_TERMINAL_PROMPT = '0';
  return env;
}

/**
 * Finish a command when its output streams close. simple-git's default also waits 50 ms after the
 * exit event, which made most short commands take 50 ms; git leaves no child holding the streams open.
 */
const promptCompletion = { onClose: true, onExit: false } as const;

export interface ShadowGitLocation {
  gitDir: string;
  workTree: string;
  timeoutMs: number;
}

/**
 * A simple-git instance bound to the shadow repository through GIT_DIR / GIT_WORK_TREE, so no
 * command can reach the user's `.git`, and with global and system config switched off so the user's
 * hooks, signing, filters and aliases never run on our commits.
 */
export function shadowGit({ gitDir, workTree, timeoutMs }: ShadowGitLocation): SimpleGit {
  return simpleGit({
    baseDir: workTree,
    timeout: { block: timeoutMs },
    completion: promptCompletion,
    // GIT_CONFIG_GLOBAL is a "config path" to simple-git; ours points at nothing, which is the point.
    // GIT_CONFIG_COUNT is ours too (the caller's GIT_* variables are all dropped): see below.
    unsafe: { allowUnsafeConfigPaths: true, allowUnsafeConfigEnvCount: true },
  }).env(shadowGitEnv({ gitDir, workTree }));
}

/** The environment of every shadow-repository git command (also those fed on stdin, which simple-git cannot do). */
export function shadowGitEnv({ gitDir, workTree }: Pick<ShadowGitLocation, 'gitDir' | 'workTree'>): NodeJS.ProcessEnv {
  return {
    ...sanitizedEnv(),
    GIT_DIR: gitDir,
    GIT_WORK_TREE: workTree,
    GIT_CONFIG_GLOBAL: devNull,
    GIT_CONFIG_NOSYSTEM: '1',
    // Without a global config git still reads ~/.config/git/ignore: snapshots would then depend on
    // the machine, and disagree with what the hooks and the agent's tools ignore (src/core/fs/gitignore.ts).
    GIT_CONFIG_COUNT: '1',
    GIT_CONFIG_KEY_0: 'core.excludesFile',
    GIT_CONFIG_VALUE_0: devNull,
    ...keepFreedMemory,
  };
}

/**
 * git deflates every object it stores with a fresh zlib stream (~270 kB of state, allocated and
 * freed per object). glibc gives freed memory at the top of the heap back to the system beyond
 * 128 kB, so each object costs a shrink and a regrow of the heap and ~17 page faults: two thirds of
 * the time to store 10,000 small files (1.0 s → 0.25 s with this). A command keeps up to 8 MB
 * instead; only glibc reads this variable (mallopt(3)), and every command here is short-lived.
 */
const keepFreedMemory = { MALLOC_TRIM_THRESHOLD_: String(8 * 1024 * 1024) } as const;

/**
 * A simple-git instance for read-only questions about the user's own repository (HEAD, branch,
 * staged diff). It keeps the user's config (safe.directory lives there) but takes no optional locks,
 * so even `git diff` never rewrites their index.
 */
export function userRepoGit(workspace: string, timeoutMs: number): SimpleGit {
  return simpleGit({ baseDir: workspace, timeout: { block: timeoutMs }, completion: promptCompletion }).env({ ...sanitizedEnv(), GIT_OPTIONAL_LOCKS: '0' });
}

/** Git error text, whatever simple-git wrapped it in. */
export function gitErrorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
