import { unsandboxed } from '../../../src/core/sandbox';
import { mkdtempSync, mkdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach } from 'vitest';
import type { ActivityEventInput } from '../../../src/core/activity';
import type { ToolContext } from '../../../src/core/agent/tools';

const created: string[] = [];
afterEach(() => {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
});

export interface TempWorkspace {
  /** The workspace root (real path). */
  root: string;
  /** A sibling folder outside the workspace, holding secret.txt. */
  outside: string;
  file(relative: string): string;
}

/** A real workspace in a temp folder with the given files, removed after the test. */
export function tempWorkspace(files: Record<string, string> = {}): TempWorkspace {
  const base = realpathSync(mkdtempSync(path.join(tmpdir(), 'specwright-tools-')));
  created.push(base);
  const root = path.join(base, 'workspace');
  const outside = path.join(base, 'outside');
  mkdirSync(root);
  mkdirSync(outside);
  writeFileSync(path.join(outside, 'secret.txt'), 'top secret\n');
  for (const [relative, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
    writeFileSync(path.join(root, relative), content);
  }
  return { root, outside, file: (relative) => path.join(root, relative) };
}

export interface RecordingContext extends ToolContext {
  events: ActivityEventInput[];
  abort: AbortController;
}

/** A tool context whose emitted events are kept for inspection. */
export function toolContext(root: string, overrides: Partial<Pick<ToolContext, 'commandTimeoutMs' | 'outputLimitChars' | 'sandbox'>> = {}): RecordingContext {
  const abort = new AbortController();
  const events: ActivityEventInput[] = [];
  return {
    workspace: root,
    signal: abort.signal,
    emit: (event) => events.push(event),
    commandTimeoutMs: overrides.commandTimeoutMs ?? 30_000,
    outputLimitChars: overrides.outputLimitChars ?? 30_000,
    // Tools are tested on their own here; the sandbox has its own tests (test/integration/sandbox).
    sandbox: overrides.sandbox ?? unsandboxed({ state: 'off', reason: 'tool unit tests', allowedDomains: [] }),
    events,
    abort,
  };
}

export function eventsOfType<T extends ActivityEventInput['type']>(events: ActivityEventInput[], type: T): Array<Extract<ActivityEventInput, { type: T }>> {
  return events.filter((e): e is Extract<ActivityEventInput, { type: T }> => e.type === type);
}
