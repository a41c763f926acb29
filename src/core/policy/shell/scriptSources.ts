import * as path from 'node:path';
import { parseArgs } from '../commandLine';
import type { CwdState } from './scriptWalker';
import type { StaticWord, WordValue } from './words';

/** Reads a script the command would run; null when it is missing, too large, or outside the workspace. */
export type ReadScript = (absolutePath: string) => string | null;

/** Script text a command runs that the policy can read, and where it came from (for messages). */
export interface ScriptSource {
  origin: string;
  text: string;
}

export const SHELL_SHEBANG = /^#!\s*\S*\b(env\s+)?(ba|z|da|k|mk|a)?sh\b/;

/** The shell script at `file` (relative to cwd), when it exists in the workspace and is shell code. */
export function shellScript(file: string, cwd: CwdState, read: ReadScript, requireShebang: boolean): ScriptSource | null {
  if (!path.isAbsolute(file) && !cwd.known) return null;
  const absolute = path.resolve(cwd.known ? cwd.dir : '/', file);
  const text = read(absolute);
  if (text === null) return null;
  const shebang = text.startsWith('#!');
  if (requireShebang && !(shebang ? SHELL_SHEBANG.test(text) : /\.(sh|bash)$/.test(file))) return null;
  return { origin: file, text };
}

const NPM_SCRIPT_COMMANDS: Record<string, string> = { test: 'test', t: 'test', tst: 'test', start: 'start', stop: 'stop', restart: 'restart' };
const RUN_WORDS = new Set(['run', 'run-script', 'rum', 'urn']);

/**
 * package.json scripts that `npm test`, `npm run build`, `yarn build`, `pnpm lint`, `bun run x` would
 * run, with their pre- and post- scripts: npm runs each through `sh -c`, so they are shell code.
 */
export function packageScripts(name: string, args: WordValue[], cwd: CwdState, read: ReadScript): ScriptSource[] {
  if (!['npm', 'yarn', 'pnpm', 'bun'].includes(name) || !cwd.known) return [];
  const words = parseArgs(args, { longValue: ['prefix', 'workspace', 'cwd', 'dir', 'filter'] }).positionals;
  const first = words[0];
  if (first?.kind !== 'static') return [];
  const second = words[1];
  let script: string | null = null;
  if (RUN_WORDS.has(first.value)) script = second?.kind === 'static' ? second.value : null;
  else if (NPM_SCRIPT_COMMANDS[first.value] && !(name === 'bun' && first.value === 'test')) script = NPM_SCRIPT_COMMANDS[first.value]!;
  else if (name === 'yarn' || name === 'pnpm') script = first.value;
  if (!script) return [];
  const found = findPackageJson(cwd.dir, read);
  if (!found) return [];
  const sources: ScriptSource[] = [];
  for (const key of [`pre${script}`, script, `post${script}`]) {
    const text = found.scripts[key];
    if (typeof text === 'string') sources.push({ origin: `${found.file} script "${key}"`, text });
  }
  return sources;
}

function findPackageJson(dir: string, read: ReadScript): { file: string; scripts: Record<string, unknown> } | null {
  for (let current = dir; ; current = path.dirname(current)) {
    const text = read(path.join(current, 'package.json'));
    if (text !== null) {
      try {
        const json = JSON.parse(text) as { scripts?: Record<string, unknown> };
        return { file: 'package.json', scripts: json.scripts && typeof json.scripts === 'object' ? json.scripts : {} };
      } catch {
        return null;
      }
    }
    if (path.dirname(current) === current) return null;
  }
}

/** `/dev/stdin` and friends: "run the script on standard input". */
export function isStdinPath(word: StaticWord): boolean {
  return /^\/(dev\/(stdin|fd\/0)|proc\/[^/]+\/fd\/0)$/.test(word.value);
}
