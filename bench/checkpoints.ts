/**
 * Checkpoint benchmark, side by side with the way Cline and Roo take one: a plain shadow git
 * repository (`git add -A . && git commit`, GIT_DIR outside the workspace), run on the same
 * workspace in the same process, so both see the same machine load. Figures, printed (not asserted):
 * 1. the first checkpoint of a workspace (hashes every file), median over fresh stores,
 * 2. a checkpoint with 10 changed files, median over rounds (each round: change files, ours, theirs),
 * both for 10,000 and 100,000 files, each with the ratio ours / plain shadow git (goal ≤ 1.0×);
 * 3. on 10,000 files, a restore of 10 changed files (plan, safety checkpoint, write, new baseline).
 * The baseline gets the same isolation as ours (no global or system config) and `gc.auto=0`, so no
 * detached gc of its own runs behind the next measurement: the peer at its best.
 * Run alone: `node esbuild.config.mjs --production && node dist/bench.js checkpoints`.
 * SPECWRIGHT_BENCH_CHECKPOINT_KEEP=<folder> keeps the generated workspaces there and reuses them in
 * later runs (writing 100,000 files takes longer than the benchmark itself); the files a run changed
 * are put back first, so every run starts from the same workspace.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { CheckpointStore } from '../src/core/checkpoints';

const run = promisify(execFile);

const FOLDERS = 100;
const CHANGED = 10;

interface Size {
  files: number;
  /** Fresh stores whose first checkpoint is timed. */
  firstRuns: number;
  /** Rounds of "change 10 files, checkpoint". */
  rounds: number;
  restore: boolean;
}

const sizes: Size[] = [
  { files: 10_000, firstRuns: 3, rounds: 9, restore: true },
  // Three first checkpoints each: the plain shadow git's loose objects take 4 s to 30 s on the same machine.
  { files: 100_000, firstRuns: 3, rounds: 7, restore: false },
];

export async function benchCheckpoints(): Promise<void> {
  // SPECWRIGHT_BENCH_CHECKPOINT_FILES=10000 runs one size only (the 100,000-file one takes minutes).
  const only = Number(process.env.SPECWRIGHT_BENCH_CHECKPOINT_FILES) || undefined;
  console.log(`checkpoints: ours vs a plain shadow git (git add -A . && git commit), ${CHANGED} files changed per step (real git ${gitVersion()})`);
  for (const size of sizes) if (!only || size.files === only) await benchSize(size);
}

async function benchSize(size: Size): Promise<void> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'sw-bench-checkpoints-'));
  const keep = process.env.SPECWRIGHT_BENCH_CHECKPOINT_KEEP;
  const workspace = keep ? path.resolve(keep, `workspace-${size.files}`) : path.join(root, 'workspace');
  const label = `${size.files.toLocaleString('en-US')} files`;
  try {
    if (keep) reuseWorkspace(workspace, size.files);
    else generateWorkspace(workspace, size.files);
    const options = { workspace, maxFiles: size.files * 2 };

    const firstOurs: number[] = [];
    const firstPlain: number[] = [];
    let store: CheckpointStore | undefined;
    let plain: PlainShadowGit | undefined;
    for (let i = 0; i < size.firstRuns; i++) {
      // Alternate who goes first, so neither always meets a warmer page cache.
      const ours = async () => {
        store = new CheckpointStore({ ...options, gitDir: path.join(root, `store-${i}`) });
        const s = store;
        firstOurs.push((await timed(() => s.create({ task: 'first', reason: 'before-task' }))).ms);
      };
      const theirs = async () => {
        plain = await PlainShadowGit.init(path.join(root, `plain-${i}`), workspace);
        const p = plain;
        firstPlain.push((await timed(() => p.checkpoint('first'))).ms);
      };
      if (i % 2 === 0) await ours().then(theirs);
      else await theirs().then(ours);
    }
    printRow(`${label}, first checkpoint`, firstOurs, firstPlain);

    const ours: number[] = [];
    const theirs: number[] = [];
    let oursCpu: number | null = 0;
    let theirsCpu: number | null = 0;
    for (let round = 1; round <= size.rounds; round++) {
      changeFiles(workspace, size.files, round);
      const s = store!;
      const p = plain!;
      const runOurs = async () => {
        const cpu = await cpuOf(async () => ours.push((await timed(() => s.create({ task: `step ${round}`, reason: 'before-approval' }))).ms));
        oursCpu = cpu === null || oursCpu === null ? null : oursCpu + cpu;
      };
      const runTheirs = async () => {
        const cpu = await cpuOf(async () => theirs.push((await timed(() => p.checkpoint(`step ${round}`))).ms));
        theirsCpu = cpu === null || theirsCpu === null ? null : theirsCpu + cpu;
      };
      if (round % 2) await runOurs().then(runTheirs);
      else await runTheirs().then(runOurs);
    }
    printRow(`${label}, ${CHANGED} changed`, ours, theirs);
    if (oursCpu !== null && theirsCpu !== null) {
      const a = oursCpu / size.rounds;
      const b = theirsCpu / size.rounds;
      console.log(`  ${`${label}, ${CHANGED} changed, CPU`.padEnd(34)} ours ${ms(a)}  plain shadow git ${ms(b)}  ratio ${(a / b).toFixed(2)}× (mean CPU time of node and git per checkpoint)`);
    }

    if (size.restore) await benchRestore(store!, workspace, size.files, size.rounds);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

async function benchRestore(store: CheckpointStore, workspace: string, files: number, roundsSoFar: number): Promise<void> {
  const restores: number[] = [];
  const plans: number[] = [];
  let round = roundsSoFar;
  for (let i = 0; i < 7; i++) {
    const checkpoint = await store.create({ task: `before restore ${i}`, reason: 'before-task' });
    changeFiles(workspace, files, ++round);
    await store.recordAgentStep();
    plans.push((await timed(() => store.restore(checkpoint.id, { dryRun: true }))).ms);
    const { ms, value } = await timed(() => store.restore(checkpoint.id));
    if (value.outcome !== 'restored' || value.changes.length !== CHANGED) throw new Error(`restore did not restore ${CHANGED} files: ${value.outcome}`);
    restores.push(ms);
  }
  console.log(`  restore plan (dry run), ${CHANGED} files:        median ${median(plans).toFixed(0)} ms over ${plans.length} runs`);
  console.log(`  restore, ${CHANGED} files:                       median ${median(restores).toFixed(0)} ms over ${restores.length} runs`);
}

function printRow(what: string, ours: number[], theirs: number[]): void {
  const a = median(ours);
  const b = median(theirs);
  console.log(
    `  ${what.padEnd(34)} ours ${ms(a)}  plain shadow git ${ms(b)}  ratio ${(a / b).toFixed(2)}× (goal ≤ 1.00×; medians of ${ours.length}; ` +
      `ours ${ms(Math.min(...ours))}–${ms(Math.max(...ours))}, theirs ${ms(Math.min(...theirs))}–${ms(Math.max(...theirs))})`,
  );
}

/** What Cline and Roo do: a shadow repository whose work tree is the workspace, `git add` and `git commit`. */
class PlainShadowGit {
  private constructor(private readonly env: NodeJS.ProcessEnv) {}

  static async init(gitDir: string, workspace: string): Promise<PlainShadowGit> {
    const env: NodeJS.ProcessEnv = { ...process.env, GIT_DIR: gitDir, GIT_WORK_TREE: workspace, GIT_CONFIG_GLOBAL: os.devNull, GIT_CONFIG_NOSYSTEM: '1' };
    for (const key of Object.keys(env)) if (key.startsWith('GIT_CONFIG_') && !['GIT_CONFIG_GLOBAL', 'GIT_CONFIG_NOSYSTEM'].includes(key)) delete env[key];
    await run('git', ['init', '--quiet'], { env, cwd: workspace });
    for (const [key, value] of [
      ['user.name', 'bench'],
      ['user.email', 'bench@example.invalid'],
      ['commit.gpgSign', 'false'],
      ['gc.auto', '0'],
    ]) {
      await run('git', ['config', key!, value!], { env, cwd: workspace });
    }
    return new PlainShadowGit(env);
  }

  async checkpoint(message: string): Promise<void> {
    await run('git', ['add', '-A', '.'], { env: this.env, cwd: this.env.GIT_WORK_TREE, maxBuffer: 64 * 1024 * 1024 });
    await run('git', ['commit', '--quiet', '--allow-empty', '--no-verify', '-m', message], { env: this.env, cwd: this.env.GIT_WORK_TREE });
  }
}

function generateWorkspace(workspace: string, files: number): void {
  for (let d = 0; d < FOLDERS; d++) {
    const dir = path.join(workspace, 'src', `module${d}`);
    mkdirSync(dir, { recursive: true });
    for (let f = 0; f < files / FOLDERS; f++) writeFileSync(path.join(dir, `file${f}.ts`), generatedContent(d, f));
  }
  writeFileSync(path.join(workspace, '.gitignore'), 'node_modules/\n*.log\n');
}

function generatedContent(folder: number, file: number): string {
  return `// module ${folder}, file ${file}\nexport const value${file} = ${folder * 1000 + file};\n`.repeat(3);
}

/** Beside a kept workspace once it is complete: one cut short by an interrupted run is generated again. */
function generatedMarker(workspace: string): string {
  return `${workspace}.complete`;
}

/** A kept workspace from an earlier run with the files its rounds changed put back, or a new one. */
function reuseWorkspace(workspace: string, files: number): void {
  if (!existsSync(generatedMarker(workspace))) {
    rmSync(workspace, { recursive: true, force: true });
    generateWorkspace(workspace, files);
    writeFileSync(generatedMarker(workspace), '');
    return;
  }
  // Every round any run can reach (changes, then the restores after them).
  for (let round = 1; round <= 64; round++) {
    for (const { folder, file } of changedFiles(files, round)) {
      writeFileSync(path.join(workspace, 'src', `module${folder}`, `file${file}.ts`), generatedContent(folder, file));
    }
  }
}

/** The CHANGED files a round rewrites, spread over the tree. */
function changedFiles(files: number, round: number): Array<{ folder: number; file: number }> {
  return Array.from({ length: CHANGED }, (_, i) => ({ folder: (round * 7 + i * 13) % FOLDERS, file: (round * 11 + i * 17) % (files / FOLDERS) }));
}

/** Rewrites CHANGED files spread over the tree, with content unique to this round. */
function changeFiles(workspace: string, files: number, round: number): void {
  for (const { folder, file } of changedFiles(files, round)) {
    writeFileSync(path.join(workspace, 'src', `module${folder}`, `file${file}.ts`), `// round ${round}\nexport const value${file} = ${round};\n`);
  }
}

async function timed<T>(operation: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await operation();
  return { ms: performance.now() - start, value };
}

/**
 * CPU time (this process and the git processes it waited for) spent in `operation`: steadier than
 * wall time on a shared machine. Children's time comes from /proc in clock ticks (Linux only; null
 * elsewhere), so it is summed over a series rather than taken per run.
 */
async function cpuOf(operation: () => Promise<unknown>): Promise<number | null> {
  const children = () => {
    try {
      const fields = readFileSync('/proc/self/stat', 'utf8').replace(/^.*\) /s, '').split(' ');
      return ((Number(fields[13]) + Number(fields[14])) * 1000) / 100;
    } catch {
      return null;
    }
  };
  const ownBefore = process.cpuUsage();
  const childrenBefore = children();
  await operation();
  const own = process.cpuUsage(ownBefore);
  const childrenAfter = children();
  if (childrenBefore === null || childrenAfter === null) return null;
  return (own.user + own.system) / 1000 + childrenAfter - childrenBefore;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function ms(value: number): string {
  return `${value.toFixed(0)} ms`;
}

function gitVersion(): string {
  try {
    return execFileSync('git', ['--version'], { encoding: 'utf8' }).trim().replace(/^git version /, '');
  } catch {
    return 'unknown';
  }
}
