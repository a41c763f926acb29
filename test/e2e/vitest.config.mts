import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Browser tests of the Agent Activity panel: the built bundle in Debian's headless Chromium
// (/usr/bin/chromium). Run from the repository root: npx vitest run --config test/e2e/vitest.config.mts
// The VS Code end-to-end suite (test/e2e/vscode) has its own config and global setup.
export default defineConfig({
  test: {
    root: fileURLToPath(new URL('../..', import.meta.url)),
    include: ['test/e2e/panel/**/*.e2e.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
