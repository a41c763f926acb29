/**
 * The VS Code face: activation time (require + activate() of dist/extension.js with a stub vscode
 * module, in fresh processes), next to the real-host figure the last `npm run test:e2e` recorded
 * (test-results/e2e/activation.json). Target: ≤ 50 ms. Bundle sizes are in bench/package.ts.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..');

export async function benchExtension(): Promise<void> {
  console.log('\n## VS Code extension');
  const runs: number[] = [];
  for (let i = 0; i < 7; i++) {
    const out = execFileSync(process.execPath, [path.join(root, 'bench/support/activateWithStubVscode.cjs'), path.join(root, 'examples/todo-app'), path.join(root, 'dist/extension.js'), mkdtempSync(path.join(os.tmpdir(), 'sw-act-'))], { encoding: 'utf8' });
    const { requireMs, activateMs } = JSON.parse(out.trim().split('\n').pop()!) as { requireMs: number; activateMs: number };
    runs.push(requireMs + activateMs);
  }
  const median = [...runs].sort((a, b) => a - b)[3]!;
  console.log(`activation (require + activate, stub vscode): median ${median.toFixed(1)} ms of 7 fresh processes, ${(median / 50).toFixed(2)}× the 50 ms target`);
  printRealHostActivation();
}

/** The activation time a real VS Code reported in the last e2e run, if there was one; a figure, not a fresh measurement. */
function printRealHostActivation(): void {
  const file = path.join(root, 'test-results/e2e/activation.json');
  if (!existsSync(file)) {
    console.log('activation (real VS Code host): no figure yet; `npm run test:e2e` records one in test-results/e2e/activation.json');
    return;
  }
  try {
    const { activationMs, source } = JSON.parse(readFileSync(file, 'utf8')) as { activationMs: number; source: string };
    if (typeof activationMs !== 'number') throw new Error('no activationMs');
    const date = statSync(file).mtime.toISOString().replace('T', ' ').slice(0, 16);
    console.log(`activation (real VS Code host, from the last e2e run, ${date} UTC): ${activationMs} ms, ${(activationMs / 50).toFixed(2)}× the 50 ms target — ${source}`);
  } catch (error) {
    console.log(`activation (real VS Code host): test-results/e2e/activation.json is unreadable (${(error as Error).message})`);
  }
}
