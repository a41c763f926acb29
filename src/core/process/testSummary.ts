/** Counts read from a test runner's closing summary. */
export interface TestSummary {
  runner: 'vitest' | 'jest' | 'node' | 'mocha' | 'pytest' | 'go' | 'cargo';
  passed: number;
  failed: number;
  skipped: number;
}

const ANSI = new RegExp('\\u001b(?:\\[[0-9;?]*[ -/]*[@-~]|\\][^\\u0007\\u001b]*(?:\\u0007|\\u001b\\\\))', 'g');

/** Removes terminal colour and cursor codes, which some tools print even when CI is set. */
export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

type Parser = (output: string) => TestSummary | null;

/**
 * Finds the summary a test runner prints at the end of its output (vitest, jest, node --test,
 * mocha, pytest, go test, cargo test); null when there is none. When a runner printed several
 * summaries (watch mode, reruns) the last one counts, except cargo and go, which print one per
 * test binary or package and are summed.
 */
export function parseTestSummary(output: string): TestSummary | null {
  const text = stripAnsi(output).replace(/\r\n?/g, '\n');
  for (const parse of PARSERS) {
    const summary = parse(text);
    if (summary) return summary;
  }
  return null;
}

const PARSERS: Parser[] = [
  (text) => {
    const results = [...text.matchAll(/test result: (?:ok|FAILED)\. (\d+) passed; (\d+) failed; (\d+) ignored/g)];
    if (!results.length) return null;
    const sum = (i: number) => results.reduce((total, m) => total + Number(m[i]), 0);
    return { runner: 'cargo', passed: sum(1), failed: sum(2), skipped: sum(3) };
  },
  (text) => {
    const line = lastMatch(text, /^\s*Tests\s+(\d+ (?:passed|failed|skipped|todo).*)$/gm);
    return line === null ? null : { runner: 'vitest', ...countWords(line) };
  },
  (text) => {
    const line = lastMatch(text, /^Tests:\s+(.*\d+ total.*)$/gm);
    return line === null ? null : { runner: 'jest', ...countWords(line) };
  },
  (text) => {
    const pass = lastMatch(text, /^(?:#|ℹ) pass (\d+)\s*$/gm);
    const fail = lastMatch(text, /^(?:#|ℹ) fail (\d+)\s*$/gm);
    if (pass === null || fail === null) return null;
    const skipped = Number(lastMatch(text, /^(?:#|ℹ) skipped (\d+)\s*$/gm) ?? 0) + Number(lastMatch(text, /^(?:#|ℹ) todo (\d+)\s*$/gm) ?? 0);
    return { runner: 'node', passed: Number(pass), failed: Number(fail), skipped };
  },
  (text) => {
    const passing = lastMatch(text, /^\s*(\d+) passing\b/gm);
    if (passing === null) return null;
    const failing = lastMatch(text, /^\s*(\d+) failing\b/gm) ?? 0;
    const pending = lastMatch(text, /^\s*(\d+) pending\b/gm) ?? 0;
    return { runner: 'mocha', passed: Number(passing), failed: Number(failing), skipped: Number(pending) };
  },
  (text) => {
    const line = lastMatch(text, /^[=\s]*(\d+ (?:passed|failed|skipped|errors?|xfailed|xpassed|deselected|warnings?)(?:, \d+ \w+)*) in [\d.]+s\b/gm);
    return line === null ? null : { runner: 'pytest', ...countWords(line) };
  },
  (text) => {
    const tests = [...text.matchAll(/^\s*--- (PASS|FAIL|SKIP): /gm)].map((m) => m[1]);
    const packagesOk = text.match(/^ok\s+\S+\s+(?:[\d.]+s|\(cached\))/gm)?.length ?? 0;
    const packagesFailed = text.match(/^FAIL\s+\S+\s+(?:[\d.]+s|\[)/gm)?.length ?? 0;
    if (tests.length) {
      const count = (status: string) => tests.filter((t) => t === status).length;
      return { runner: 'go', passed: count('PASS'), failed: count('FAIL'), skipped: count('SKIP') };
    }
    if (!packagesOk && !packagesFailed) return null;
    // Without -v, go test reports per package: those are the only counts there are.
    return { runner: 'go', passed: packagesOk, failed: packagesFailed, skipped: 0 };
  },
];

function lastMatch(text: string, pattern: RegExp): string | null {
  let last: string | null = null;
  for (const match of text.matchAll(pattern)) last = match[1] ?? null;
  return last;
}

function countWords(line: string): Omit<TestSummary, 'runner'> {
  const counts = { passed: 0, failed: 0, skipped: 0 };
  for (const [, n, word] of line.matchAll(/(\d+) (passed|failed|skipped|todo|pending|errors?|xfailed|xpassed)\b/g)) {
    const value = Number(n);
    if (word === 'passed' || word === 'xpassed') counts.passed += value;
    else if (word === 'failed' || word === 'error' || word === 'errors') counts.failed += value;
    else counts.skipped += value;
  }
  return counts;
}

const BEFORE = String.raw`(?:^|[\s;&|(/])`;
const AFTER = String.raw`(?=$|[\s;&|)])`;
const TEST_COMMANDS = [
  String.raw`(?:npm|pnpm|yarn|bun)\s+(?:run\s+)?test(?::[\w:-]+)?`,
  String.raw`npm\s+t`,
  String.raw`(?:vitest|jest|mocha|ava|pytest|tox|rspec|phpunit|ctest|nextest)`,
  String.raw`node\s+(?:\S+\s+)*--test`,
  String.raw`python3?\s+-m\s+(?:pytest|unittest)`,
  String.raw`(?:go|cargo|deno|bun|dotnet|mix|make|just)\s+test`,
  String.raw`playwright\s+test`,
  String.raw`(?:\./)?(?:gradlew|gradle|mvn|mvnw)\s+(?:\S+\s+)*test`,
];
const TEST_COMMAND = new RegExp(`${BEFORE}(?:${TEST_COMMANDS.join('|')})${AFTER}`);

/** True when `command` runs a test suite (so its exit code says whether the tests pass). */
export function looksLikeTestCommand(command: string): boolean {
  return TEST_COMMAND.test(command);
}
