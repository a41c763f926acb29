import { unsandboxed } from '../../../src/core/sandbox';
import { mkdirSync, mkdtempSync, readFileSync, existsSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ActivityEvent, ActivityEventInput } from '../../../src/core/activity';
import { ActivityStream } from '../../../src/core/activity';
import type { CommandPolicy, Hook } from '../../../src/core/hooks';

/** A temp folder holding `files` (paths relative to it). */
export function folderWith(files: Record<string, string> = {}, prefix = 'sw-hooks-'): string {
  const root = mkdtempSync(path.join(os.tmpdir(), prefix));
  for (const [name, text] of Object.entries(files)) writeFile(root, name, text);
  return root;
}

export function writeFile(root: string, name: string, text: string): void {
  mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
  writeFileSync(path.join(root, name), text);
}

/** `{"version":"v1","hooks":[...]}` as text. */
export function v1File(...hooks: object[]): string {
  return JSON.stringify({ version: 'v1', hooks }, null, 2);
}

/** A normalised hook for dispatcher tests; a command hook on PostFileSave of every file unless told otherwise. */
export function hook(overrides: Partial<Hook> & { name: string }): Hook {
  return {
    id: `.kiro/hooks/test.json#${overrides.name}`,
    file: '.kiro/hooks/test.json',
    scope: 'workspace',
    format: 'v1',
    trigger: 'PostFileSave',
    matcher: { kind: 'all' },
    action: { type: 'command', command: 'true' },
    timeoutMs: 60_000,
    enabled: true,
    source: 'both',
    ...overrides,
  };
}

export const allowAll: CommandPolicy = () => ({ decision: 'allow', reason: 'allowed in tests' });

/**
 * Dispatch tests check which hooks run and with what, writing to folders outside the workspace; the
 * sandbox they run in for real has its own tests (test/integration/sandbox, the CLI's hooks run).
 */
export const noSandbox = unsandboxed({ state: 'off', reason: 'hook dispatch tests', allowedDomains: [] });

/** Collects emitted activity, stamped the way a real run stamps it. */
export function recorder() {
  const stream = new ActivityStream('test');
  const events: ActivityEvent[] = [];
  stream.subscribe((e) => events.push(e));
  return {
    events,
    emit: (e: ActivityEventInput) => void stream.emit(e),
    of<T extends ActivityEvent['type']>(type: T): Array<Extract<ActivityEvent, { type: T }>> {
      return events.filter((e): e is Extract<ActivityEvent, { type: T }> => e.type === type);
    },
  };
}

/** Polls until `check` holds; fails with `what` after a generous timeout (no timing is asserted). */
export async function waitFor(check: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Lines of a log file the hook commands append to (empty when it does not exist yet). */
export function logLines(file: string): string[] {
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
}
