#!/usr/bin/env node
// The main job for a newcomer: lint the example spec, list its tasks, and execute task 1 with the
// agent, in a temporary copy of examples/todo-app so the bundled files never change.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist', 'cli.js');
const replay = join(root, 'examples', 'replays', 'todo-cli-task-1.json');
const useClaude = Boolean(process.env.ANTHROPIC_API_KEY);

if (!useClaude) {
  console.log('No ANTHROPIC_API_KEY is set: task 1 runs against a recorded replay of the model (no model is called, nothing is billed).');
}
const workspace = mkdtempSync(join(tmpdir(), 'specwright-demo-'));
cpSync(join(root, 'examples', 'todo-app'), workspace, { recursive: true });
console.log(`Example workspace copied to ${workspace}\n`);

const steps = [
  ['spec', 'lint'],
  ['tasks', 'list', 'todo-cli'],
  ['run', 'todo-cli', '--task', '1', ...(useClaude ? [] : ['--replay', replay])],
  ['tasks', 'list', 'todo-cli'],
];
for (const args of steps) {
  console.log(`$ specwright ${args.map((a) => (a === replay ? 'examples/replays/todo-cli-task-1.json' : a)).join(' ')}`);
  const result = spawnSync(process.execPath, [cli, '--workspace', workspace, ...args], { stdio: 'inherit' });
  console.log('');
  if (result.status !== 0) {
    console.error(`specwright ${args[0]} exited with ${result.status}`);
    process.exit(result.status ?? 1);
  }
}
