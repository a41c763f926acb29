import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HookDispatcher } from '../../../src/core/hooks';
import { PolicyEngine } from '../../../src/core/policy';
import { defaultSettings } from '../../../src/core/settings';
import { folderWith, hook, noSandbox, recorder } from '../hooks/fixtures';

/** Hook commands are judged with the values of the variables they run with: the saved files. */
const dispatchers: HookDispatcher[] = [];
afterEach(async () => {
  await Promise.all(dispatchers.splice(0).map((d) => d.dispose()));
});

describe('a hook command that names the saved file through KIRO_HOOK_PATHS', () => {
  it('runs for a source file, and is not run for a secrets file without someone to approve it', async () => {
    const workspace = folderWith({ 'src/a.ts': 'export const a = 1;\n', '.env': 'TOKEN=1\n' });
    const policy = await PolicyEngine.create({ settings: defaultSettings(), workspaceRoot: workspace, autonomyLevel: 'full' });
    const activity = recorder();
    const dispatcher = new HookDispatcher({
      workspace,
      trusted: true,
      debounceMs: 0,
      sandbox: noSandbox,
      commandPolicy: (command, cwd, env) => policy.evaluate({ kind: 'command', command, cwd, ...(env ? { env } : {}) }),
      emit: activity.emit,
      hooks: [hook({ name: 'count', action: { type: 'command', command: 'wc -c < "$KIRO_HOOK_PATHS" >> sizes.txt' } })],
    });
    dispatchers.push(dispatcher);
    dispatcher.notifyFileEvent({ kind: 'save', path: 'src/a.ts', source: 'user' });
    await dispatcher.whenIdle();
    expect(readFileSync(path.join(workspace, 'sizes.txt'), 'utf8').trim()).toBe('20');
    dispatcher.notifyFileEvent({ kind: 'save', path: '.env', source: 'user' });
    await dispatcher.whenIdle();
    expect(readFileSync(path.join(workspace, 'sizes.txt'), 'utf8').trim()).toBe('20');
    expect(activity.of('policy_denied').map((e) => e.reason)).toEqual([expect.stringContaining('.env, a secrets file')]);
  });
});
