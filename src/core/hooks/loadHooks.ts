import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseHookFile } from './hookFile';
import type { Hook } from './model';

/** Workspace-relative folder of the workspace's hooks (and, under the home folder, the user's). */
export const HOOKS_DIR = '.kiro/hooks';

export interface HookFileError {
  /** `.kiro/hooks/lint.kiro.hook` or `~/.kiro/hooks/lint.json`. */
  file: string;
  /** One line: the file, the field or line, what is wrong. */
  message: string;
  /** Where in the file, when known (a JSON syntax error). */
  line?: number;
}

export interface LoadedHooks {
  /** Every hook that parsed, disabled ones included (check `enabled`). */
  hooks: Hook[];
  errors: HookFileError[];
}

export interface LoadHooksOptions {
  /** The user's home folder (for `~/.kiro/hooks`); injectable for tests. */
  home?: string;
}

/**
 * Reads `.kiro/hooks/*.json` and `*.kiro.hook` in the workspace and in the user's home. A broken
 * file costs only itself: it becomes one error and every other hook loads. A workspace hook shadows
 * a user hook of the same name, so a project can override a personal default.
 */
export async function loadHooks(workspace: string, options: LoadHooksOptions = {}): Promise<LoadedHooks> {
  const home = options.home ?? os.homedir();
  const errors: HookFileError[] = [];
  const workspaceHooks = await readHooksFolder(path.join(workspace, HOOKS_DIR), HOOKS_DIR, 'workspace', errors);
  const userHooks = home && path.resolve(home) !== path.resolve(workspace)
    ? await readHooksFolder(path.join(home, HOOKS_DIR), `~/${HOOKS_DIR}`, 'user', errors)
    : [];
  const shadowed = new Set(workspaceHooks.map((h) => h.name));
  return { hooks: [...workspaceHooks, ...userHooks.filter((h) => !shadowed.has(h.name))], errors };
}

/** True for the file names read as hook files. */
export function isHookFileName(name: string): boolean {
  return /\.kiro\.hook$/i.test(name) || /\.json$/i.test(name);
}

async function readHooksFolder(dir: string, shownAs: string, scope: Hook['scope'], errors: HookFileError[]): Promise<Hook[]> {
  let names: string[];
  try {
    names = (await fs.readdir(dir)).filter(isHookFileName).sort();
  } catch {
    return [];
  }
  const hooks: Hook[] = [];
  for (const name of names) {
    const file = `${shownAs}/${name}`;
    let text: string;
    try {
      text = await fs.readFile(path.join(dir, name), 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EISDIR' || code === 'ENOENT') continue;
      errors.push({ file, message: `${file}: cannot be read (${(error as Error).message})` });
      continue;
    }
    const parsed = parseHookFile(text, file, scope);
    hooks.push(...parsed.hooks);
    if (parsed.error) errors.push({ file, message: parsed.error, ...(parsed.errorLine ? { line: parsed.errorLine } : {}) });
  }
  return hooks;
}
