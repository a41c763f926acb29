import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// End-to-end tests in a real VS Code host (code-server) driven through headless Chromium.
// From the repository root: npm run test:e2e (installs code-server if needed, builds, then runs this).
export default defineConfig({
  test: {
    root: fileURLToPath(new URL('../../..', import.meta.url)),
    include: ['test/e2e/vscode/**/*.e2e.test.ts'],
    globalSetup: ['test/e2e/vscode/globalSetup.ts'],
    setupFiles: ['test/e2e/vscode/setup.ts'],
    // One VS Code at a time: each test owns a code-server, an extension host and a browser.
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 120_000,
    teardownTimeout: 60_000,
  },
});
