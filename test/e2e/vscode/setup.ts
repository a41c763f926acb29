import * as path from 'node:path';
import { afterEach } from 'vitest';
import { finishSessions } from './session';

// Runs before each test file: whatever a test started is photographed and stopped when it ends,
// pass, fail or timeout, so no code-server or Chromium outlives its test.
afterEach(async (context) => {
  const file = path.basename(context.task.file.name).replace(/\.e2e\.test\.ts$/, '');
  const test = context.task.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 80);
  await finishSessions(`${file}--${test}`, context.task.result?.state === 'fail');
});
