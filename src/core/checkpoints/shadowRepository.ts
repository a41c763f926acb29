import { spawn } from 'node:child_process';
import { promises as fs, existsSync } from 'node:fs';
import * as path from 'node:path';
import type { SimpleGit } from 'simple-git';
import { shadowGit, shadowGitEnv } from './gitEnvironment';
import type { LostCheckpoint } from './types';

/** Never snapshotted, whatever the workspace's .gitignore says: VCS data, run state, dependencies, build output. */
export const defaultExcludes: readonly string[] = [
  '.git',
  '/.kiro/.specwright/',
  'node_modules/',
  'dist/',
  'out/',
  'build/',
  '.next/',
  'target/',
  '__pycache__/',
  '.venv/',
];

export const checkpointRefPrefix = 'refs/specwright/checkpoints/';
/** The last workspace state the store knows about (the newest checkpoint, or the result of a restore). */
export const baselineRef = 'refs/specwright/baseline';

/** Author and committer of every checkpoint commit (also in the repository's config, for git's own commands). */
export const checkpointIdentity = { name: 'Specwright', email: 'checkpoints@specwright.invalid' } as const;

/** Marks a folder as ours, so a damaged one may be deleted without risk of deleting someone else's data. */
const markerFile = 'specwright-checkpoints';

/**
 * The shadow repository on disk: its own git dir whose work tree is the workspace. It owns creation
 * (with the isolating config) and rebuilding after damage; it knows nothing about checkpoints' meaning.
 */
export class ShadowRepository {
  readonly git: SimpleGit;

  constructor(
    readonly gitDir: string,
    readonly workTree: string,
    private readonly excludes: readonly string[],
    private readonly timeoutMs: number,
  ) {
    this.git = shadowGit({ gitDir, workTree, timeoutMs });
  }

  /** Runs a git command in the shadow repository and returns its stdout untouched. */
  async run(args: string[]): Promise<string> {
    return await this.git.raw(args);
  }

  /**
   * Runs a git command that reads `input` on stdin (`update-index --stdin`): one process for any
   * number of paths, where arguments would need a process per 24 kB of paths. Same environment as
   * `run`; fails with git's stderr, so damage is recognised the same way. Killed after `timeoutMs`
   * (times `budget`, for silent commands with much to do) without output, like `run`. `indexFile`
   * replaces the shadow index for this command (GIT_INDEX_FILE).
   */
  runWithInput(args: string[], input: string, budget = 1, indexFile?: string): Promise<string> {
    const timeoutMs = this.timeoutMs * budget;
    const env = { ...shadowGitEnv(this), ...(indexFile ? { GIT_INDEX_FILE: indexFile } : {}) };
    return new Promise((resolve, reject) => {
      const child = spawn('git', args, { cwd: this.workTree, env, stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      let timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      const alive = () => {
        clearTimeout(timer);
        timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      };
      child.stdout.on('data', (chunk: Buffer) => (out.push(chunk), alive()));
      child.stderr.on('data', (chunk: Buffer) => (err.push(chunk), alive()));
      // git exits early on a bad path; the rest of the input then has nowhere to go.
      child.stdin.on('error', () => undefined);
      child.on('error', (error) => (clearTimeout(timer), reject(error)));
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        const stderr = Buffer.concat(err).toString('utf8').trim();
        if (code === 0) resolve(Buffer.concat(out).toString('utf8'));
        else reject(new Error(stderr || `git ${args[0]} ${signal ? `was stopped (${signal}) after ${timeoutMs} ms without output` : `exited with code ${code}`}`));
      });
      child.stdin.end(input);
    });
  }

  /** Folder for the store's own files (agent writes, lost list, scratch pathspecs). */
  get stateDir(): string {
    return path.join(this.gitDir, 'specwright');
  }

  get indexFile(): string {
    return path.join(this.gitDir, 'index');
  }

  exists(): boolean {
    return existsSync(path.join(this.gitDir, 'HEAD')) || existsSync(path.join(this.gitDir, markerFile));
  }

  /** Creates the repository if needed and (re)writes the exclude and attribute files. */
  async ensure(): Promise<void> {
    if (!existsSync(path.join(this.gitDir, markerFile))) {
      await fs.mkdir(this.gitDir, { recursive: true });
      await this.run(['init', '--quiet']);
      await fs.appendFile(path.join(this.gitDir, 'config'), isolatingConfig(path.join(this.gitDir, 'no-hooks')));
      await fs.mkdir(path.join(this.gitDir, 'no-hooks'), { recursive: true });
      await fs.mkdir(this.stateDir, { recursive: true });
      await fs.writeFile(path.join(this.gitDir, markerFile), 'Checkpoints of a Specwright workspace; safe to delete.\n');
    }
    await writeIfChanged(path.join(this.gitDir, 'info', 'exclude'), this.excludeFileText());
    // Highest-precedence attributes: store bytes exactly as they are on disk, whatever the workspace's
    // .gitattributes asks for (eol conversion, LFS or other filters), so a restore is byte-exact.
    await writeIfChanged(path.join(this.gitDir, 'info', 'attributes'), '* -text -eol -ident -filter -working-tree-encoding\n');
  }

  /**
   * Replaces a damaged repository with a new, empty one. Returns the ids of the checkpoints that were
   * in it, read from the ref files directly since git can no longer be trusted to read them.
   */
  async rebuild(reason: string, now: Date): Promise<LostCheckpoint[]> {
    const lost = [...(await this.readLost()), ...(await this.refIdsOnDisk()).map((id) => ({ id, lostAt: now.toISOString(), reason }))];
    const ours = existsSync(path.join(this.gitDir, markerFile));
    const aside = `${this.gitDir}.damaged-${now.getTime()}`;
    if (existsSync(this.gitDir)) await fs.rename(this.gitDir, aside);
    // Only delete what we know we made; anything else stays where the user can look at it.
    if (ours) await fs.rm(aside, { recursive: true, force: true });
    await this.ensure();
    await this.writeLost(lost);
    return lost;
  }

  /**
   * Asks git itself whether the repository is damaged (missing HEAD, objects or refs targets), so a
   * failure caused by something else (the workspace vanished, a lock) never costs the checkpoints.
   * fsck reports broken links on stdout with a non-zero exit, which simple-git does not treat as an error.
   */
  async isDamaged(): Promise<boolean> {
    if (!existsSync(this.workTree)) return false;
    try {
      return (await this.run(['fsck', '--connectivity-only', '--no-dangling', '--no-progress'])).trim() !== '';
    } catch {
      return true;
    }
  }

  async readLost(): Promise<LostCheckpoint[]> {
    try {
      const parsed: unknown = JSON.parse(await fs.readFile(path.join(this.stateDir, 'lost.json'), 'utf8'));
      return Array.isArray(parsed) ? (parsed as LostCheckpoint[]).filter((l) => typeof l?.id === 'string') : [];
    } catch {
      return [];
    }
  }

  async writeLost(lost: LostCheckpoint[]): Promise<void> {
    await fs.mkdir(this.stateDir, { recursive: true });
    await writeAtomically(path.join(this.stateDir, 'lost.json'), JSON.stringify(lost, null, 2) + '\n');
  }

  private excludeFileText(): string {
    const lines = ['# Written by Specwright: never snapshot these (the workspace .gitignore files apply as well).', ...this.excludes];
    const relative = path.relative(this.workTree, this.gitDir);
    if (relative && !relative.startsWith('..') && !path.isAbsolute(relative)) lines.push(`/${relative.split(path.sep).join('/')}/`);
    return lines.join('\n') + '\n';
  }

  private async refIdsOnDisk(): Promise<string[]> {
    const ids = new Set<string>();
    try {
      for (const name of await fs.readdir(path.join(this.gitDir, ...checkpointRefPrefix.split('/').filter(Boolean)))) ids.add(name);
    } catch {
      // No loose refs: nothing to report from here.
    }
    try {
      for (const line of (await fs.readFile(path.join(this.gitDir, 'packed-refs'), 'utf8')).split('\n')) {
        const ref = line.split(' ')[1];
        if (ref?.startsWith(checkpointRefPrefix)) ids.add(ref.slice(checkpointRefPrefix.length));
      }
    } catch {
      // No packed refs either.
    }
    return [...ids];
  }
}

/**
 * Appended to the new repository's config. Global and system config are already off (environment);
 * these make the repository itself inert: no hooks, no signing, no line-ending or fsmonitor magic,
 * no reflogs (so dropped checkpoints can really be pruned), no background gc outliving a command.
 */
function isolatingConfig(emptyHooksDir: string): string {
  const hooks = emptyHooksDir.replace(/\\/g, '/').replace(/"/g, '\\"');
  return [
    '[core]',
    `\thooksPath = "${hooks}"`,
    '\tautocrlf = false',
    '\tsafecrlf = false',
    '\tfsmonitor = false',
    '\tuntrackedCache = true',
    '\tlogAllRefUpdates = false',
    '\tquotePath = false',
    '\tbare = false',
    '[user]',
    `\tname = ${checkpointIdentity.name}`,
    `\temail = ${checkpointIdentity.email}`,
    '[commit]',
    '\tgpgSign = false',
    '[tag]',
    '\tgpgSign = false',
    '[gc]',
    '\tautoDetach = false',
    '[maintenance]',
    '\tauto = false',
    '',
  ].join('\n');
}

async function writeIfChanged(file: string, text: string): Promise<void> {
  try {
    if ((await fs.readFile(file, 'utf8')) === text) return;
  } catch {
    // Missing: write it.
  }
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, text);
}

export async function writeAtomically(file: string, text: string): Promise<void> {
  const temp = `${file}.${process.pid}.tmp`;
  await fs.writeFile(temp, text);
  await fs.rename(temp, file);
}
