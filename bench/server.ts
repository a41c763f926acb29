/**
 * Language server latency: time from a one-character edit (textDocument/didChange) in a
 * 5,000-task tasks.md to textDocument/publishDiagnostics for that version arriving, measured over
 * stdio against the built server (dist/server.js) exactly as an editor drives it. Run once with
 * the debounce at 0 (what the server itself costs) and once at the default 150 ms.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';

const TASKS = 5_000;
const EDITS = 20;
const WARMUP_EDITS = 5;
const TARGET_MS = 50;
const DEFAULT_DEBOUNCE_MS = 150;

export async function benchServer(): Promise<void> {
  const server = findServerBundle();
  const temp = mkdtempSync(path.join(tmpdir(), 'specwright-bench-lsp-'));
  try {
    const { tasksFile, tasksText } = writeSpec(temp);
    console.log(`language server: one-character edit in a ${TASKS}-task tasks.md (${(tasksText.length / 1024).toFixed(0)} KiB) → publishDiagnostics, median of ${EDITS}`);
    for (const debounceMs of [0, DEFAULT_DEBOUNCE_MS]) {
      const median = await measure(server, temp, tasksFile, tasksText, debounceMs);
      const beyond = median - debounceMs;
      console.log(
        `  debounce ${String(debounceMs).padStart(3)} ms: median ${median.toFixed(1)} ms` +
          (debounceMs ? ` (${beyond.toFixed(1)} ms beyond the debounce)` : '') +
          ` · target ≤ ${TARGET_MS} ms beyond the debounce · ratio ${(beyond / TARGET_MS).toFixed(2)}`,
      );
    }
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

/** dist/server.mjs next to the bench bundle (dist/bench.js), or under the working directory. */
function findServerBundle(): string {
  const candidates = [path.join(__dirname, 'server.mjs'), path.join(__dirname, '..', 'dist', 'server.mjs'), path.join(process.cwd(), 'dist', 'server.mjs')];
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`The server bundle was not found (looked for ${candidates.join(', ')}); run "npm run build" first.`);
  return found;
}

function writeSpec(root: string): { tasksFile: string; tasksText: string } {
  const dir = path.join(root, '.kiro', 'specs', 'bench');
  mkdirSync(dir, { recursive: true });
  let requirements = '# Requirements Document\n\n## Requirements\n\n';
  for (let r = 1; r <= 100; r++) {
    requirements += `### Requirement ${r}: Capability ${r}\n\n**User Story:** As a user, I want capability ${r}, so that I can work.\n\n#### Acceptance Criteria\n\n`;
    for (let c = 1; c <= 5; c++) requirements += `${c}. WHEN event ${c} occurs, THE System SHALL record outcome ${c} of capability ${r}.\n`;
    requirements += '\n';
  }
  let tasks = '# Implementation Plan\n\n';
  let count = 0;
  for (let group = 1; count < TASKS; group++) {
    tasks += `- [ ] ${group}. Build area ${group}\n`;
    count++;
    for (let sub = 1; sub <= 4 && count < TASKS; sub++, count++) {
      tasks += `  - [${sub % 2 ? 'x' : ' '}] ${group}.${sub} Implement step ${sub} of area ${group}\n    - Write the code and its tests\n    - _Requirements: ${(group % 100) + 1}.${sub}_\n`;
    }
    tasks += '\n';
  }
  writeFileSync(path.join(dir, 'requirements.md'), requirements);
  const tasksFile = path.join(dir, 'tasks.md');
  writeFileSync(tasksFile, tasks);
  return { tasksFile, tasksText: tasks };
}

async function measure(server: string, workspace: string, tasksFile: string, tasksText: string, debounceMs: number): Promise<number> {
  const child = spawn(process.execPath, [server, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const uri = pathToFileURL(tasksFile).href;
  const arrivals = new Map<number, () => void>();
  connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    if (p.uri === uri && p.version !== undefined) arrivals.get(p.version)?.();
  });
  connection.listen();
  try {
    await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(workspace).href,
      capabilities: { textDocument: { publishDiagnostics: { versionSupport: true } } },
      initializationOptions: { diagnosticsDebounceMs: debounceMs },
    });
    await connection.sendNotification('initialized', {});
    const published = (version: number) => new Promise<void>((resolve) => arrivals.set(version, resolve));
    let version = 1;
    const opened = published(version);
    await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version, text: tasksText } });
    await opened;
    // Edits land in task titles spread over the file, as typing would; line 2 is task 1's title.
    const lineCount = tasksText.split('\n').length;
    const samples: number[] = [];
    for (let k = 0; k < WARMUP_EDITS + EDITS; k++) {
      version++;
      const line = 2 + ((k * 997) % (lineCount - 3));
      const arrived = published(version);
      const start = performance.now();
      await connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version },
        contentChanges: [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: ' ' }],
      });
      await arrived;
      if (k >= WARMUP_EDITS) samples.push(performance.now() - start);
    }
    await connection.sendRequest('shutdown');
    await connection.sendNotification('exit');
    return median(samples);
  } finally {
    connection.dispose();
    child.kill();
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
