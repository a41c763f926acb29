import { afterAll, describe, expect, it } from 'vitest';
import { createWorkspace, engineFor } from './fixtures';

/**
 * A hook's command runs with variables whose values are known when it is judged (KIRO_HOOK_PATHS…):
 * the policy uses them, so `"$KIRO_HOOK_PATHS"` is judged as the files it names, and stays unknown
 * when the command sets the variable itself or when the shell would split the value.
 */
const ws = createWorkspace();
afterAll(() => ws.cleanup());

const decide = (command: string, env?: Record<string, string>) =>
  engineFor(ws, { level: 'full' }).evaluate({ kind: 'command', command, cwd: ws.root, ...(env ? { env } : {}) });

describe('variables with known values', () => {
  it('judges a hook variable as the file it names', () => {
    expect(decide('prettier --write "$KIRO_HOOK_PATHS"', { KIRO_HOOK_PATHS: 'src/a.ts' }).decision).toBe('allow');
    expect(decide('cat "$KIRO_HOOK_PATHS"', { KIRO_HOOK_PATHS: '.env' })).toMatchObject({ decision: 'ask', rule: 'secret-file' });
    expect(decide('cat "$KIRO_HOOK_PATHS"', { KIRO_HOOK_PATHS: '/etc/hosts' })).toMatchObject({ decision: 'deny', rule: 'outside-workspace' });
  });

  it('knows nothing of a variable it was not given', () => {
    expect(decide('prettier --write "$KIRO_HOOK_PATHS"')).toMatchObject({ decision: 'ask', rule: 'unknown-command' });
  });

  it('does not use a value the command itself may change', () => {
    for (const command of ['KIRO_HOOK_PATHS=.env; cat "$KIRO_HOOK_PATHS"', 'read KIRO_HOOK_PATHS; cat "$KIRO_HOOK_PATHS"', 'for KIRO_HOOK_PATHS in a b; do cat "$KIRO_HOOK_PATHS"; done']) {
      expect(decide(command, { KIRO_HOOK_PATHS: 'src/a.ts' }).decision, command).toBe('ask');
    }
  });

  it('does not use a value the shell would split or glob, unquoted', () => {
    expect(decide('cat $KIRO_HOOK_PATHS', { KIRO_HOOK_PATHS: 'src/a.ts .env' }).decision).toBe('ask');
    expect(decide('cat "$KIRO_HOOK_PATHS"', { KIRO_HOOK_PATHS: 'src/a.ts' }).decision).toBe('allow');
  });

  it('judges a command held in a known variable as a command', () => {
    expect(decide('sh -c "$USER_PROMPT"', { USER_PROMPT: 'rm -rf ~' })).toMatchObject({ decision: 'deny', rule: 'outside-workspace' });
  });
});
