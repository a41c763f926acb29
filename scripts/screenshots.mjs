// Regenerates the README's pictures (docs/images/*.png) from screenshots the VS Code end-to-end suite
// takes in a real VS Code: the agent flow (CodeLens, approval, a finished run) and the walkthrough
// (first run, Specs view). Run: npm run screenshots
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const results = path.join(root, 'test-results', 'e2e');
const images = path.join(root, 'docs', 'images');

/** docs/images name → the screenshot the suite saves under test-results/e2e. */
const PICTURES = {
  'codelens.png': 'agentFlow--codelens.png',
  'approval.png': 'agentFlow--approval.png',
  'activity-panel.png': 'walkthrough--task-done.png',
  'specs-view.png': 'walkthrough--specs-view.png',
  'walkthrough.png': 'walkthrough--done.png',
};

const run = (command, args) => execFileSync(command, args, { cwd: root, stdio: 'inherit' });
run('bash', ['scripts/e2e/install-code-server.sh']);
run('node', ['esbuild.config.mjs', '--production']);
run('npx', ['vitest', 'run', '--config', 'test/e2e/vscode/vitest.config.mts', 'agentFlow', 'walkthrough']);

mkdirSync(images, { recursive: true });
for (const [name, shot] of Object.entries(PICTURES)) {
  const from = path.join(results, shot);
  if (!existsSync(from)) throw new Error(`The e2e suite took no screenshot ${shot}; has the test that takes it changed?`);
  copyFileSync(from, path.join(images, name));
  console.log(`docs/images/${name} ← test-results/e2e/${shot}`);
}
