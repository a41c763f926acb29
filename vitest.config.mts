import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/unit/**/*.test.tsx', 'test/integration/**/*.test.ts'],
    globalSetup: ['test/support/thirdPartyNotice.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Most files wait on child processes, git and local servers rather than compute: more files at
    // once than cores keeps the suite's wall time down (one at a time on a 2-core machine otherwise).
    maxWorkers: 4,
  },
});
