import { describe, expect, it } from 'vitest';
import { looksLikeTestCommand, parseTestSummary } from '../../../src/core/process';

describe('parseTestSummary', () => {
  it('reads a vitest summary, ignoring the Test Files line', () => {
    const output = ' Test Files  1 failed | 2 passed (3)\n      Tests  1 failed | 3 passed | 2 skipped (6)\n   Duration  1.2s';
    expect(parseTestSummary(output)).toEqual({ runner: 'vitest', passed: 3, failed: 1, skipped: 2 });
  });

  it('reads a vitest summary printed with colours', () => {
    const output = '\u001b[2m      Tests \u001b[22m \u001b[1m\u001b[32m3 passed\u001b[39m\u001b[22m\u001b[90m (3)\u001b[39m';
    expect(parseTestSummary(output)).toEqual({ runner: 'vitest', passed: 3, failed: 0, skipped: 0 });
  });

  it('reads a jest summary', () => {
    const output = 'Test Suites: 1 failed, 1 passed, 2 total\nTests:       1 failed, 1 skipped, 3 passed, 5 total\nSnapshots:   0 total';
    expect(parseTestSummary(output)).toEqual({ runner: 'jest', passed: 3, failed: 1, skipped: 1 });
  });

  it('reads a node --test TAP summary', () => {
    const output = '# tests 5\n# suites 0\n# pass 3\n# fail 1\n# cancelled 0\n# skipped 1\n# todo 0\n# duration_ms 40';
    expect(parseTestSummary(output)).toEqual({ runner: 'node', passed: 3, failed: 1, skipped: 1 });
  });

  it('reads a node --test spec-reporter summary', () => {
    const output = 'ℹ tests 4\nℹ pass 4\nℹ fail 0\nℹ skipped 0\nℹ todo 0';
    expect(parseTestSummary(output)).toEqual({ runner: 'node', passed: 4, failed: 0, skipped: 0 });
  });

  it('reads a mocha summary', () => {
    const output = '  3 passing (12ms)\n  2 pending\n  1 failing\n\n  1) adds:\n     AssertionError';
    expect(parseTestSummary(output)).toEqual({ runner: 'mocha', passed: 3, failed: 1, skipped: 2 });
  });

  it('reads a pytest summary, counting errors as failures', () => {
    const output = 'FAILED test_x.py::test_b\n==== 1 failed, 3 passed, 1 skipped, 1 error in 0.12s ====';
    expect(parseTestSummary(output)).toEqual({ runner: 'pytest', passed: 3, failed: 2, skipped: 1 });
  });

  it('reads go test -v results per test', () => {
    const output = '=== RUN   TestA\n--- PASS: TestA (0.00s)\n=== RUN   TestB\n--- FAIL: TestB (0.00s)\n--- SKIP: TestC (0.00s)\nFAIL\nFAIL\texample.com/m\t0.003s';
    expect(parseTestSummary(output)).toEqual({ runner: 'go', passed: 1, failed: 1, skipped: 1 });
  });

  it('reads go test results per package without -v', () => {
    const output = 'ok  \texample.com/m/a\t0.002s\nok  \texample.com/m/b\t(cached)\nFAIL\texample.com/m/c\t0.004s\n?   \texample.com/m/d\t[no test files]';
    expect(parseTestSummary(output)).toEqual({ runner: 'go', passed: 2, failed: 1, skipped: 0 });
  });

  it('adds up the cargo test results of every test binary', () => {
    const output =
      'test result: ok. 3 passed; 0 failed; 1 ignored; 0 measured; 0 filtered out; finished in 0.00s\n' +
      'test result: FAILED. 2 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.01s';
    expect(parseTestSummary(output)).toEqual({ runner: 'cargo', passed: 5, failed: 1, skipped: 1 });
  });

  it('uses the last summary when a runner printed several', () => {
    const output = '      Tests  2 failed (2)\n...rerun...\n      Tests  2 passed (2)';
    expect(parseTestSummary(output)).toEqual({ runner: 'vitest', passed: 2, failed: 0, skipped: 0 });
  });

  it('returns null for output without a test summary', () => {
    expect(parseTestSummary('Compiled 12 files.\nDone in 0.4s\nok')).toBeNull();
  });
});

describe('looksLikeTestCommand', () => {
  it.each([
    'npm test',
    'npm run test:unit',
    'pnpm test -- --run',
    'yarn test',
    'npx vitest run',
    'npx jest src',
    'node --test test/',
    'python -m pytest -q',
    'pytest tests/test_x.py',
    'go test ./...',
    'cargo test',
    'cd app && npm test',
    './gradlew clean test',
  ])('recognises %s', (command) => {
    expect(looksLikeTestCommand(command)).toBe(true);
  });

  it.each(['npm install', 'cat jest.config.js', 'ls tests/', 'node scripts/build.js', 'git commit -m "test"', 'echo testing'])('does not take %s for a test run', (command) => {
    expect(looksLikeTestCommand(command)).toBe(false);
  });
});
