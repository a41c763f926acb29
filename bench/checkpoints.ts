/**
 * Checkpoint benchmark: a 10,000-file workspace in which 10 files change between checkpoints.
 * Figures, printed (not asserted; timing is not a test):
 * 1. the first checkpoint (hashes every file; paid once per workspace),
 * 2. a checkpoint with 10 changed files, median of 7 runs, target ≤ 300 ms,
 * 3. a restore of 10 changed files (plan, safety checkpoint, write, new baseline), median of 7 runs.
 * Run alone: `npx esbuild bench/checkpoints.ts --bundle --platform=node --outfile=/tmp/bc.js && node /tmp/bc.js`.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CheckpointStore } from '../src/core/checkpoints';

const FILES = 10_000;
const FOLDERS = 100;
const CHANGED = 10;
const RUNS = 7;
const TARGET_MS = 300;

export async function benchCheckpoints(): Promise<void> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'sw-bench-checkpoints-'));
  const workspace = path.join(root, 'workspace');
  try {
    generateWorkspace(workspace);
    const store = new CheckpointStore({ workspace, gitDir: path.join(root, 'store') });
    console.log(`checkpoints: ${FILES.toLocaleString('en-US')}-file workspace, ${CHANGED} files changed per step (real git ${gitVersion()})`);

    const first = await timed(() => store.create({ task: 'first', reason: 'before-task' }));
    console.log(`  first checkpoint (hashes every file):   ${first.ms.toFixed(0)} ms`);

    let round = 0;
    const creates: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      changeFiles(workspace, ++round);
      creates.push((await timed(() => store.create({ task: `step ${i}`, reason: 'before-approval' }))).ms);
    }
    const createMedian = median(creates);
    console.log(
      `  checkpoint, ${CHANGED} changed files:           median ${createMedian.toFixed(0)} ms over ${RUNS} runs ` +
        `(${(createMedian / TARGET_MS).toFixed(2)}× the ${TARGET_MS} ms target; min ${Math.min(...creates).toFixed(0)}, max ${Math.max(...creates).toFixed(0)})`,
    );

    const restores: number[] = [];
    const plans: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const checkpoint = await store.create({ task: `before restore ${i}`, reason: 'before-task' });
      changeFiles(workspace, ++round);
      await store.recordAgentStep();
      plans.push((await timed(() => store.restore(checkpoint.id, { dryRun: true }))).ms);
      const { ms, value } = await timed(() => store.restore(checkpoint.id));
      if (value.outcome !== 'restored' || value.changes.length !== CHANGED) throw new Error(`restore did not restore ${CHANGED} files: ${value.outcome}`);
      restores.push(ms);
    }
    console.log(`  restore plan (dry run), ${CHANGED} files:      median ${median(plans).toFixed(0)} ms over ${RUNS} runs`);
    console.log(`  restore, ${CHANGED} files:                     median ${median(restores).toFixed(0)} ms over ${RUNS} runs`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

function generateWorkspace(workspace: string): void {
  for (let d = 0; d < FOLDERS; d++) {
    const dir = path.join(workspace, 'src', `module${d}`);
    mkdirSync(dir, { recursive: true });
    for (let f = 0; f < FILES / FOLDERS; f++) {
      writeFileSync(path.join(dir, `file${f}.ts`), `// module ${d}, file ${f}\nexport const value${f} = ${d * 1000 + f};\n`.repeat(3));
    }
  }
  writeFileSync(path.join(workspace, '.gitignore'), 'node_modules/\n*.log\n');
}

/** Rewrites CHANGED files spread over the tree, with content unique to this round. */
function changeFiles(workspace: string, round: number): void {
  for (let i = 0; i < CHANGED; i++) {
    const d = (round * 7 + i * 13) % FOLDERS;
    const f = (round * 11 + i * 17) % (FILES / FOLDERS);
    writeFileSync(path.join(workspace, 'src', `module${d}`, `file${f}.ts`), `// round ${round}\nexport const value${f} = ${round};\n`);
  }
}

async function timed<T>(operation: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await operation();
  return { ms: performance.now() - start, value };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function gitVersion(): string {
  try {
    return execFileSync('git', ['--version'], { encoding: 'utf8' }).trim().replace(/^git version /, '');
  } catch {
    return 'unknown';
  }
}

// Run directly (a bundle of this file alone); in a bundle of bench/main.ts every module is "main".
