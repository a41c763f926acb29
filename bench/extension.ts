/**
 * The VS Code face: bundle sizes and activation time (require + activate() of dist/extension.js with
 * a stub vscode module, in fresh processes). Targets: ≤ 1.5 MB extension bundle, ≤ 50 ms activation.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, statSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..');
const MB = 1024 * 1024;

export async function benchExtension(): Promise<void> {
  console.log('\n## VS Code extension');
  for (const file of ['extension.js', 'hostRuntime.js', 'agentRuntime.js', 'server.js', 'cli.js', 'webview/panel.js']) {
    const size = statSync(path.join(root, 'dist', file)).size;
    const note = file === 'extension.js' ? ` (${(size / (1.5 * MB)).toFixed(2)}× the 1.5 MB budget; loaded at activation)` : '';
    console.log(`bundle dist/${file}: ${(size / 1024).toFixed(0)} KB${note}`);
  }
  const runs: number[] = [];
  for (let i = 0; i < 7; i++) {
    const out = execFileSync(process.execPath, [path.join(root, 'bench/support/activateWithStubVscode.cjs'), path.join(root, 'examples/todo-app'), path.join(root, 'dist/extension.js'), mkdtempSync(path.join(os.tmpdir(), 'sw-act-'))], { encoding: 'utf8' });
    const { requireMs, activateMs } = JSON.parse(out.trim().split('\n').pop()!) as { requireMs: number; activateMs: number };
    runs.push(requireMs + activateMs);
  }
  const median = [...runs].sort((a, b) => a - b)[3]!;
  console.log(`activation (require + activate, stub vscode): median ${median.toFixed(1)} ms of 7 fresh processes, ${(median / 50).toFixed(2)}× the 50 ms target`);
}
